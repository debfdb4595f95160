/**
 * Downloads a file the API answers (CSV, history export) with the session's bearer token: a
 * plain link cannot carry the header, so the file is fetched and handed to the browser.
 */
import { api } from '../../shared/api.ts';
import { h } from '../../shared/dom.ts';
import { notifyError } from '../../shared/notify.ts';

export async function download(path: string, filename: string): Promise<void> {
  const blob = await api.get<Blob>(path, { as: 'blob' });
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A button that downloads `path()` as `filename`; errors are said in the live region. No path
 * means the form's filters are wrong (and already say so): nothing is fetched.
 */
export function downloadButton(label: string, path: () => string | undefined, filename: string): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary' }, label);
  button.addEventListener('click', () => {
    const target = path();
    if (target !== undefined) download(target, filename).catch(notifyError);
  });
  return button;
}
