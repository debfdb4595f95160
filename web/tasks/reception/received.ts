/** What the desk sees once a dossier is received: its code, appointment, the lookup secret and slip 01 to print. */
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { formatDate } from '../format.ts';
import type { DossierDetail } from '../model.ts';

export function showSlipAfterReception(main: HTMLElement, dossier: DossierDetail): void {
  const slip01 = dossier.slips.find((slip) => slip.form === '01');
  replace(main,
    h('h1', {}, t('tasks.desk.received')),
    h('dl', { class: 'facts received' },
      h('dt', {}, t('tasks.desk.code')), h('dd', { class: 'dossier-code' }, dossier.code),
      h('dt', {}, t('tasks.desk.appointment')), h('dd', {}, formatDate(dossier.appointmentAt ?? dossier.dueAt)),
      h('dt', {}, t('tasks.dossier.status')), h('dd', {}, dossier.statusLabel),
      h('dt', {}, t('tasks.desk.secret')), h('dd', { class: 'secret' }, dossier.lookupSecret ?? '—')),
    h('p', { class: 'actions' },
      slip01 ? h('a', { class: 'button', href: `#/slip/${encodeURIComponent(dossier.code)}/01?href=${encodeURIComponent(slip01.href)}` }, t('tasks.desk.printSlip01')) : null,
      h('a', { class: 'button secondary', href: '#/desk' }, t('tasks.desk.another'))));
}
