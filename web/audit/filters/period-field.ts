/**
 * Period filters as auditors write dates: dd/MM/yyyy for a day, MM/yyyy for a month, in a text
 * field with its format beside the label. The browser's own date and month pickers follow the
 * browser's language (mm/dd/yyyy, English month names), which is not what the issue asks.
 * The API still receives ISO (yyyy-MM-dd, yyyy-MM); a value that does not parse is refused with
 * a message naming the field, next to it and in the field's description.
 */
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { displayOf, isoOf, type PeriodKind } from '../../shared/period-format.ts';

export interface PeriodField {
  readonly root: HTMLElement;
  readonly input: HTMLInputElement;
  /** the ISO value ('' when empty), or undefined (and the error shown) when it does not parse */
  read(): string | undefined;
}

export function periodField(id: string, label: string, kind: PeriodKind, iso: string): PeriodField {
  const format = t(`audit.period.format.${kind}`);
  const hint = h('span', { id: `${id}-hint`, class: 'hint' }, format);
  const error = h('span', { id: `${id}-error`, class: 'error', role: 'alert' });
  const input = h('input', {
    id, type: 'text', inputmode: 'numeric', autocomplete: 'off', size: kind === 'day' ? 10 : 7,
    value: displayOf(kind, iso), 'aria-describedby': `${id}-hint ${id}-error`,
  });
  const root = h('div', { class: 'field' }, h('label', { for: id }, label), hint, input, error);
  return {
    root,
    input,
    read() {
      const text = input.value.trim();
      const value = text === '' ? '' : isoOf(kind, text);
      if (value === undefined) {
        input.setAttribute('aria-invalid', 'true');
        replace(error, t('audit.period.invalid', { field: label, format }));
      } else {
        input.removeAttribute('aria-invalid');
        replace(error);
      }
      return value;
    },
  };
}

/**
 * Reads every field: their ISO values by field, or undefined when one does not parse (each
 * wrong field says so; the first takes the focus).
 */
export function readPeriod(fields: readonly PeriodField[]): string[] | undefined {
  const values = fields.map((field) => field.read());
  const wrong = fields.find((_, i) => values[i] === undefined);
  if (!wrong) return values as string[];
  wrong.input.focus();
  return undefined;
}
