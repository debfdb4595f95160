/** A dossier at the desk, found by its code: receive the supplement, hand the result over, print its slips. */
import { api, seg } from '../../shared/api.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { notify, notifyError } from '../../shared/notify.ts';
import { formatDate } from '../format.ts';
import type { DossierDetail } from '../model.ts';
import { refusalText } from '../refusal.ts';
import { dossierPanel } from '../task/dossier-panel.ts';

const DESK_ACTIONS = ['supplement', 'return'] as const;

export async function showDeskDossier(main: HTMLElement, code: string): Promise<void> {
  const lookup = h('form', { class: 'filters', role: 'search' },
    h('div', { class: 'field' }, h('label', { for: 'desk-code' }, t('tasks.desk.findCode')), h('input', { id: 'desk-code', type: 'search', value: code, size: 26 })),
    h('button', { type: 'submit' }, t('tasks.desk.find')));
  lookup.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (lookup.querySelector('input') as HTMLInputElement).value.trim();
    if (value) location.hash = `#/desk/${encodeURIComponent(value)}`;
  });
  if (!code) {
    replace(main, h('h1', {}, t('tasks.desk.dossierTitle')), lookup);
    return;
  }
  const dossier = await api.get<DossierDetail>(`/api/v1/dossiers/${seg(code)}`);
  const buttons = h('div', { class: 'actions' });
  for (const action of DESK_ACTIONS) {
    const option = dossier.actions.find((o) => o.action === action);
    const button = h('button', { type: 'button', disabled: !option?.allowed, title: option && !option.allowed ? refusalText(option) : null }, t(`tasks.desk.${action}`));
    button.addEventListener('click', () => {
      button.disabled = true;
      api.post<DossierDetail>(`/api/v1/dossiers/${seg(code)}/${action}`, {}).then((after) => {
        notify(t(`tasks.desk.${action}Done`, { status: after.statusLabel, due: formatDate(after.dueAt) }), 'success');
        return showDeskDossier(main, code);
      }).catch((err: unknown) => { button.disabled = false; notifyError(err); });
    });
    buttons.appendChild(button);
  }
  const reasons = DESK_ACTIONS.map((a) => dossier.actions.find((o) => o.action === a)).filter((o) => o && !o.allowed && o.reason);
  replace(main, h('h1', {}, t('tasks.desk.dossierTitle')), lookup, dossierPanel(dossier), buttons,
    reasons.length ? h('ul', { class: 'hint' }, ...reasons.map((o) => h('li', {}, `${t(`tasks.desk.${o!.action}`)}: ${refusalText(o!)}`))) : null);
}
