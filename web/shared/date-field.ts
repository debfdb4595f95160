/**
 * A date typed as dd/MM/yyyy, the way agencies write dates. The native date input shows the
 * browser's own format (mm/dd/yyyy in an English browser), so this is a text input with a hint,
 * checked when it loses focus and when read; the error names the field, beside it.
 */
import { h } from './dom.ts';
import { t } from './i18n.ts';
import { isoOf } from './period-format.ts';

export interface DateField {
  /** the labelled field: label, hint, input and its error line */
  readonly node: HTMLElement;
  readonly input: HTMLInputElement;
  /** the ISO date (YYYY-MM-DD); '' when left empty and not required; null when wrong (the error is shown) */
  value(): string | null;
}

export function dateField(options: { id: string; label: string; required?: boolean }): DateField {
  const hintId = `${options.id}-hint`;
  const errorId = `${options.id}-error`;
  const input = h('input', {
    id: options.id, type: 'text', inputmode: 'numeric', autocomplete: 'off', placeholder: 'dd/mm/yyyy',
    pattern: '\\d{1,2}/\\d{1,2}/\\d{4}', required: options.required, 'aria-describedby': `${hintId} ${errorId}`,
  });
  const error = h('p', { id: errorId, class: 'field-error', 'aria-live': 'polite' });
  const node = h('div', { class: 'field' }, h('label', { for: options.id }, options.label), h('span', { id: hintId, class: 'hint' }, t('date.hint')), input, error);
  const value = (): string | null => {
    const text = input.value.trim();
    const iso = text ? (isoOf('day', text) ?? null) : '';
    const problem = iso === null ? 'date.invalid' : !iso && options.required ? 'date.required' : '';
    error.textContent = problem ? t(problem, { field: options.label }) : '';
    node.classList.toggle('has-error', Boolean(problem));
    input.setAttribute('aria-invalid', problem ? 'true' : 'false');
    return problem ? null : iso;
  };
  input.addEventListener('blur', () => value());
  return { node, input, value };
}
