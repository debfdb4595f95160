/** A dossier's header, components checklist and history so far (status, pauses), shared by the task page and the desk. */
import { h } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { dueBadge } from '../due.ts';
import { formatDate } from '../format.ts';
import type { DossierDetail } from '../model.ts';

function item(label: string, value: string | Node): HTMLElement[] {
  return [h('dt', {}, t(label)), h('dd', {}, value)];
}

export function dossierPanel(dossier: DossierDetail): HTMLElement {
  const paused = dossier.paused
    ? t('tasks.dossier.pausedWhy', { reason: dossier.pauses.at(-1)?.reason ?? '—' })
    : t('tasks.dossier.notPaused');
  const components = dossier.components ?? [];
  return h('section', { class: 'dossier-panel', 'aria-labelledby': 'dossier-title' },
    h('h2', { id: 'dossier-title' }, `${dossier.code} — ${dossier.procedure.name}`),
    h('dl', { class: 'facts' },
      ...item('tasks.dossier.procedure', `${dossier.procedure.code} (${t('tasks.dossier.version', { v: dossier.procedure.version })})`),
      ...item('tasks.dossier.channel', dossier.channelLabel ?? String(dossier.channel)),
      ...item('tasks.dossier.applicant', dossier.applicant.name),
      ...item('tasks.dossier.status', h('strong', { class: 'status' }, dossier.statusLabel)),
      ...item('tasks.dossier.acceptedAt', formatDate(dossier.acceptedAt ?? dossier.receivedAt)),
      ...item('tasks.dossier.dueAt', formatDate(dossier.dueAt)),
      ...item('tasks.dossier.remaining', dueBadge(dossier.dueState, dossier.remainingWorkingDays)),
      ...item('tasks.dossier.paused', paused)),
    h('h3', {}, t('tasks.dossier.components')),
    components.length
      ? h('ul', { class: 'checklist' }, ...components.map((c) => h('li', {}, h('span', { 'aria-hidden': 'true' }, '☑ '), c.name, c.quantity ? ` (×${c.quantity})` : '')))
      : h('p', {}, t('tasks.dossier.noComponents')),
    h('h3', {}, t('tasks.dossier.history')),
    h('ol', { class: 'timeline' },
      h('li', {}, `${formatDate(dossier.receivedAt)} — ${t('tasks.dossier.received')}`),
      ...dossier.pauses.map((p) => h('li', {}, `${formatDate(p.from)} — ${t('tasks.dossier.pause', { reason: p.reason ?? '—' })}${p.to ? ` · ${t('tasks.dossier.resumed', { at: formatDate(p.to) })}` : ''}`)),
      h('li', {}, t('tasks.dossier.now', { status: dossier.statusLabel }))),
    dossier.slips.length
      ? h('p', { class: 'slips' }, `${t('tasks.dossier.slips')}: `, ...dossier.slips.map((slip) => h('a', { class: 'slip-link', href: `#/slip/${encodeURIComponent(dossier.code)}/${slip.form}` }, `${slip.form} — ${slip.title}`)))
      : null);
}
