/**
 * The step's form, drawn by the form-js viewer with the task's current data; the server's field
 * errors shown beside it. Loaded only when a task opens (the tasklist needs none of form-js);
 * its stylesheet is bundled by main.ts, since a lazily loaded chunk's CSS would not be linked.
 */
import { Form } from '@bpmn-io/form-js-viewer';
import type { ProblemItem } from '../../shared/api.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';

export interface StepForm {
  /** the values, or null when the viewer found errors (it shows them by the field) */
  values(): Record<string, unknown> | null;
  /** shows the server's problems (`field` is `data.<key>`) by their fields */
  showProblems(problems: ProblemItem[]): void;
}

export async function mountStepForm(container: HTMLElement, schema: object, data: Record<string, unknown>): Promise<StepForm> {
  const host = h('div', { class: 'step-form' });
  const errors = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  replace(container, errors, host);
  const form = new Form({ container: host });
  await form.importSchema(schema as never, data);
  return {
    values() {
      const { data: values, errors: found } = form.submit() as { data: Record<string, unknown>; errors: Record<string, unknown> };
      return Object.keys(found).length ? null : values;
    },
    showProblems(problems) {
      for (const input of host.querySelectorAll('[aria-invalid="true"]')) input.removeAttribute('aria-invalid');
      const items = problems.map((problem) => {
        const key = (problem.field ?? '').replace(/^data\./, '');
        const input = host.querySelector<HTMLElement>(`[name="${CSS.escape(key)}"], [id$="-${CSS.escape(key)}"]`);
        input?.setAttribute('aria-invalid', 'true');
        const label = input?.id ? host.querySelector(`label[for="${CSS.escape(input.id)}"]`)?.textContent : undefined;
        return h('li', {}, `${label ?? key}: ${problem.message ?? problem.code ?? ''}`);
      });
      replace(errors, h('h2', {}, t('tasks.form.invalid')), h('ul', {}, ...items));
      errors.hidden = false;
      errors.focus();
    },
  };
}
