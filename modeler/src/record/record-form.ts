/**
 * The "Catalog record" tab: a form for procedure.json — name, dates, deadline per channel with
 * its unit and fee, cut-off time, supplement and payment-wait policies, extensions, components,
 * legal basis. Fields it does not show are kept as they are. The server's schema problems
 * (each naming its field) appear next to the field and in a summary linking to it.
 */
import { h, replace } from '../../../web/shared/dom.ts';
import { t } from '../../../web/shared/i18n.ts';
import type { ProcedureRecord } from '../api-types.ts';
import { BUDGET_UNITS } from '../motcua-properties/MotcuaPropertiesProvider.ts';
import { getPath, setPath } from './record-path.ts';

export interface FieldProblem { field: string; message: string }

type Kind = 'text' | 'number' | 'date' | 'lines' | 'checkbox' | { options: { value: string; label: string }[] };

const idOf = (path: string): string => `rec-${path.replace(/[^\w]+/g, '-')}`;

export class RecordForm {
  readonly element = h('section', { class: 'record', 'aria-labelledby': 'record-title' });
  private record: ProcedureRecord = { code: '', version: 1, name: '' };
  private problems: FieldProblem[] = [];

  constructor(private readonly onChange: () => void) {}

  get value(): ProcedureRecord {
    return structuredClone(this.record);
  }

  set value(record: ProcedureRecord) {
    this.record = structuredClone(record);
    this.render();
  }

  /** Shows the record's problems; null or [] clears them. */
  showProblems(problems: FieldProblem[]): void {
    this.problems = problems;
    this.render();
  }

  private change(path: string, value: unknown, rerender = false): void {
    setPath(this.record, path, value);
    this.onChange();
    if (rerender) this.render();
  }

  private field(path: string, label: string, kind: Kind, hint?: string): HTMLElement {
    const id = idOf(path);
    const current = getPath(this.record, path);
    const problem = this.problems.find((p) => p.field === path);
    const errorId = `${id}-error`;
    const described = problem ? errorId : null;
    let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    if (typeof kind === 'object') {
      input = h('select', { id, 'aria-describedby': described },
        ...kind.options.map((o) => h('option', { value: o.value, selected: String(current ?? '') === o.value }, o.label)));
      input.addEventListener('change', () => this.change(path, input.value === '' ? undefined : /^\d+$/.test(input.value) && path.endsWith('channel') ? Number(input.value) : input.value));
    } else if (kind === 'lines') {
      input = h('textarea', { id, rows: 4, 'aria-describedby': described });
      input.value = Array.isArray(current) ? current.join('\n') : '';
      input.addEventListener('change', () => this.change(path, input.value.split('\n').map((s) => s.trim()).filter(Boolean)));
    } else if (kind === 'checkbox') {
      input = h('input', { id, type: 'checkbox', checked: current === true, 'aria-describedby': described });
      input.addEventListener('change', () => this.change(path, (input as HTMLInputElement).checked));
    } else {
      input = h('input', { id, type: kind, value: current === undefined ? '' : String(current), 'aria-describedby': described, step: kind === 'number' ? 'any' : null });
      input.addEventListener('change', () => {
        const raw = input.value.trim();
        this.change(path, raw === '' ? undefined : kind === 'number' ? Number(raw) : raw);
      });
    }
    return h('div', { class: `field${problem ? ' has-error' : ''}`, 'data-field': path },
      h('label', { for: id }, label),
      hint ? h('span', { class: 'hint' }, hint) : null,
      problem ? h('span', { class: 'field-error', id: errorId }, problem.message) : null,
      input);
  }

  private list(path: string, title: string, blank: () => unknown, row: (base: string, i: number) => HTMLElement[]): HTMLElement {
    const items = (getPath(this.record, path) as unknown[] | undefined) ?? [];
    const add = h('button', { type: 'button', class: 'secondary' }, t('modeler.record.add', { what: title }));
    add.addEventListener('click', () => this.change(`${path}[${items.length}]`, blank(), true));
    return h('fieldset', { class: 'record-list' },
      h('legend', {}, title),
      ...items.map((_, i) => {
        const remove = h('button', { type: 'button', class: 'link' }, t('modeler.record.remove', { n: i + 1 }));
        remove.addEventListener('click', () => {
          items.splice(i, 1);
          this.change(path, items, true);
        });
        return h('div', { class: 'record-row' }, ...row(`${path}[${i}]`, i), remove);
      }),
      add);
  }

  private render(): void {
    const units = { options: BUDGET_UNITS.map((u) => ({ value: u, label: t(`unit.${u}`) })) };
    const channels = { options: [1, 2, 3].map((c) => ({ value: String(c), label: t(`channel.${c}`) })) };
    const summary = this.problems.length ? h('div', { class: 'error-summary', role: 'alert' },
      h('h3', {}, t('modeler.record.problems')),
      h('ul', {}, ...this.problems.map((p) => h('li', {}, h('a', { href: `#${idOf(p.field)}`, onclick: ((e: Event) => {
        e.preventDefault();
        document.getElementById(idOf(p.field))?.focus();
      }) as EventListener }, `${p.field}: ${p.message}`))))) : null;
    replace(this.element,
      h('h2', { id: 'record-title' }, t('modeler.record.title')),
      h('p', { class: 'hint' }, t('modeler.record.intro', { code: this.record.code, version: this.record.version })),
      summary,
      this.field('name', t('modeler.record.name'), 'text'),
      this.field('effectiveFrom', t('modeler.record.effectiveFrom'), 'date'),
      this.field('effectiveTo', t('modeler.record.effectiveTo'), 'date'),
      this.list('ways', t('modeler.record.ways'), () => ({ channel: 1, deadline: { value: 1, unit: 'WORKING_DAYS' } }), (base) => [
        this.field(`${base}.channel`, t('modeler.record.channel'), channels),
        this.field(`${base}.deadline.value`, t('modeler.record.deadline'), 'number'),
        this.field(`${base}.deadline.unit`, t('modeler.record.unit'), units),
        this.field(`${base}.fee.amount`, t('modeler.record.fee'), 'number'),
      ]),
      this.field('cutoffTime', t('modeler.record.cutoff'), 'text', t('modeler.record.cutoffHint')),
      this.field('supplementPolicy', t('modeler.record.supplement'), { options: [
        { value: '', label: t('modeler.record.default') },
        { value: 'PAUSE', label: t('policy.supplement.PAUSE') },
        { value: 'RESET', label: t('policy.supplement.RESET') },
      ] }),
      this.field('paymentWaitPolicy', t('modeler.record.paymentWait'), { options: [
        { value: '', label: t('modeler.record.default') },
        { value: 'PAUSE', label: t('policy.payment.PAUSE') },
        { value: 'RUN', label: t('policy.payment.RUN') },
      ] }),
      this.list('extensions', t('modeler.record.extensions'), () => ({ cause: '', max: { value: 1, unit: 'WORKING_DAYS' } }), (base) => [
        this.field(`${base}.cause`, t('modeler.record.cause'), 'text'),
        this.field(`${base}.max.value`, t('modeler.record.max'), 'number'),
        this.field(`${base}.max.unit`, t('modeler.record.unit'), units),
      ]),
      this.list('components', t('modeler.record.components'), () => ({ name: '', required: true }), (base) => [
        this.field(`${base}.name`, t('modeler.record.componentName'), 'text'),
        this.field(`${base}.required`, t('modeler.record.required'), 'checkbox'),
      ]),
      this.field('legalBasis', t('modeler.record.legalBasis'), 'lines', t('modeler.record.linesHint')));
  }
}
