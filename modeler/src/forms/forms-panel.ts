/**
 * The "Forms" tab: the form of the selected user task, designed with the form-js editor (loaded
 * only when opened). A form is saved with the draft as `<file>.form` and linked the way Camunda 7
 * links deployed forms: `camunda:formKey="camunda-forms:deployment:<file>.form"`.
 */
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil.js';
import type { Element } from 'bpmn-js/lib/model/Types.js';
import { h, replace } from '../../../web/shared/dom.ts';
import { t } from '../../../web/shared/i18n.ts';
import { notifyError } from '../../../web/shared/notify.ts';
import type { FormSchema } from '../api-types.ts';
import type { DiagramServices } from '../editor/overlays.ts';

export const DEPLOYMENT_FORM_PREFIX = 'camunda-forms:deployment:';

interface Modeling { updateProperties(element: Element, properties: Record<string, unknown>): void }
interface EventBus { on(event: string, fn: (event: { newSelection: Element[] }) => void): void }

export function formFileOf(task: Element): string {
  const key = getBusinessObject(task).get('camunda:formKey');
  if (typeof key === 'string' && key.startsWith(DEPLOYMENT_FORM_PREFIX)) return key.slice(DEPLOYMENT_FORM_PREFIX.length);
  return `${task.id}.form`;
}

export class FormsPanel {
  readonly element = h('section', { class: 'forms', 'aria-labelledby': 'forms-title' });
  private readonly body = h('div', {});
  private forms: Record<string, FormSchema> = {};
  private selected: Element | null = null;

  constructor(private readonly diagram: DiagramServices, private readonly onChange: () => void) {
    replace(this.element, h('h2', { id: 'forms-title' }, t('modeler.forms.title')), this.body);
    diagram.get<EventBus>('eventBus').on('selection.changed', ({ newSelection }) => {
      this.selected = newSelection.length === 1 ? newSelection[0]! : null;
      this.render();
    });
  }

  get value(): Record<string, FormSchema> {
    return structuredClone(this.forms);
  }

  set value(forms: Record<string, FormSchema>) {
    this.forms = structuredClone(forms);
    this.render();
  }

  private render(): void {
    const files = Object.keys(this.forms).sort();
    const task = this.selected && is(this.selected, 'bpmn:UserTask') ? this.selected : null;
    let current: HTMLElement;
    if (!task) {
      current = h('p', { class: 'hint' }, t('modeler.forms.select'));
    } else {
      const file = formFileOf(task);
      const open = h('button', { type: 'button', id: 'design-form' }, this.forms[file] ? t('modeler.forms.edit') : t('modeler.forms.create'));
      open.addEventListener('click', () => { this.design(task, file).catch(notifyError); });
      current = h('div', {},
        h('p', {}, t('modeler.forms.task', { name: getBusinessObject(task).get('name') ?? task.id, file })),
        open);
    }
    replace(this.body, current,
      h('h3', {}, t('modeler.forms.inDraft')),
      files.length ? h('ul', {}, ...files.map((f) => h('li', {}, h('code', {}, f)))) : h('p', { class: 'hint' }, t('modeler.forms.none')));
  }

  /** Opens the form-js editor in a dialog; every change is kept in the draft's forms. */
  private async design(task: Element, file: string): Promise<void> {
    const { FormEditor } = await import('@bpmn-io/form-js');
    const key = `${DEPLOYMENT_FORM_PREFIX}${file}`;
    if (getBusinessObject(task).get('camunda:formKey') !== key) {
      this.diagram.get<Modeling>('modeling').updateProperties(task, { 'camunda:formKey': key });
    }
    const schema = this.forms[file] ?? { type: 'default', id: file.replace(/\.form$/, ''), components: [] };
    const container = h('div', { class: 'form-editor' });
    const close = h('button', { type: 'button', class: 'secondary' }, t('modeler.forms.close'));
    const dialog = h('dialog', { class: 'dialog form-dialog', 'aria-labelledby': 'form-dialog-title' },
      h('div', { class: 'form-dialog-head' }, h('h2', { id: 'form-dialog-title' }, t('modeler.forms.designing', { file })), close),
      container);
    document.body.appendChild(dialog);
    dialog.showModal();
    const editor = new FormEditor({ container });
    await editor.importSchema(schema);
    editor.on('changed', () => {
      this.forms[file] = editor.saveSchema() as FormSchema;
      this.onChange();
    });
    close.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      this.forms[file] = editor.saveSchema() as FormSchema;
      editor.destroy();
      dialog.remove();
      this.render();
    });
  }
}
