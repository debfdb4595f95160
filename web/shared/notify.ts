/**
 * Status and error messages in one live region, so screen readers announce them and sighted
 * users see them in the same place on every screen.
 */
import { h, replace } from './dom.ts';
import { t } from './i18n.ts';

let region: HTMLElement | null = null;

/** The live region; the shell places it under the header. */
export function notificationRegion(): HTMLElement {
  region ??= h('div', { class: 'notify', role: 'status', 'aria-live': 'polite' });
  return region;
}

export type Tone = 'info' | 'success' | 'error';

export function notify(message: string, tone: Tone = 'info'): void {
  const box = notificationRegion();
  const close = h('button', { type: 'button', class: 'link', 'aria-label': t('shell.dismiss') }, '×');
  const item = h('p', { class: `notify-item notify-${tone}` }, h('span', {}, message), close);
  close.addEventListener('click', () => item.remove());
  replace(box, item);
}

/** Shows an error thrown by anything (an ApiProblem carries a translated message). */
export function notifyError(err: unknown): void {
  notify(err instanceof Error ? err.message : String(err), 'error');
}
