/** A slip (phiếu) rendered by the server as printable HTML, fetched with the token and shown in a print view. */
import { api, seg } from '../../shared/api.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';

export async function showSlip(main: HTMLElement, code: string, form: string, href?: string): Promise<void> {
  const html = await api.get<string>(href ?? `/api/v1/dossiers/${seg(code)}/slips/${seg(form)}`, { as: 'text' });
  const frame = h('iframe', { class: 'slip-frame', title: t('tasks.slip.title', { form, code }) });
  frame.srcdoc = html;
  const print = h('button', { type: 'button' }, t('tasks.slip.print'));
  print.addEventListener('click', () => frame.contentWindow?.print());
  replace(main,
    h('p', {}, h('a', { href: `#/desk/${encodeURIComponent(code)}` }, `← ${t('tasks.slip.toDossier')}`), ' · ', h('a', { href: '#/' }, t('tasks.task.back'))),
    h('div', { class: 'page-head' }, h('h1', {}, t('tasks.slip.title', { form, code })), print),
    frame);
}
