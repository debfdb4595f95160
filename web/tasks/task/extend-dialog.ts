/**
 * The extension and apology (slip 04): the cause chosen among the procedure's own extension
 * causes (each with what is left of its maximum), then the new appointment date (dd/MM/yyyy) or
 * the number of days; both empty asks for all that is left. The server turns a date into days on
 * the agency's calendar and refuses a date no extension reaches.
 */
import { ask } from '../../shared/dialog.ts';
import { dateField } from '../../shared/date-field.ts';
import { h } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import type { DossierDetail } from '../model.ts';

export async function askExtension(dossier: DossierDetail): Promise<Record<string, unknown> | null> {
  const causes = (dossier.allowedExtensions ?? []).map(({ cause, max }) => {
    const granted = (dossier.extensions ?? []).filter((e) => e.cause === cause).reduce((sum, e) => sum + e.period.value, 0);
    return { cause, unit: max.unit, left: Math.max(0, max.value - granted) };
  });
  const cause = h('select', { id: 'action-cause', required: true, 'aria-describedby': 'action-cause-error' },
    causes.length === 1 ? null : h('option', { value: '' }, t('tasks.extend.pickCause')),
    ...causes.map((c) => h('option', { value: c.cause, disabled: c.left === 0 }, `${c.cause} — ${t('tasks.extend.left', { n: c.left, unit: t(`tasks.unit.${c.unit}`) })}`)));
  const causeError = h('p', { id: 'action-cause-error', class: 'field-error', 'aria-live': 'polite' });
  const date = dateField({ id: 'action-newDueDate', label: t('tasks.extend.newDueDate') });
  const days = h('input', { id: 'action-value', type: 'number', min: 1, step: 1, inputmode: 'numeric', 'aria-describedby': 'action-value-error' });
  const daysError = h('p', { id: 'action-value-error', class: 'field-error', 'aria-live': 'polite' });
  const check = (): boolean => {
    causeError.textContent = cause.value ? '' : t('tasks.extend.causeMissing');
    const iso = date.value();
    daysError.textContent = iso && days.value ? t('tasks.extend.dateOrDays') : '';
    return Boolean(cause.value) && iso !== null && !daysError.textContent;
  };
  const answer = await ask(t('tasks.action.extend'), [
    t('tasks.action.extend.hint'),
    h('div', { class: 'field' }, h('label', { for: 'action-cause' }, t('tasks.action.cause')), cause, causeError),
    date.node,
    h('div', { class: 'field' }, h('label', { for: 'action-value' }, t('tasks.action.extraDays')), days, daysError),
  ], [{ id: 'ok', label: t('tasks.action.extend') }], check);
  if (answer !== 'ok') return null;
  const newDueDate = date.value();
  return { cause: cause.value, ...(newDueDate ? { newDueDate } : days.value ? { value: Number(days.value) } : {}) };
}
