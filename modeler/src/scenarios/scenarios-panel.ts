/**
 * The "Scenarios" tab: the draft's scenarios (the `motcua test` format) edited as YAML, run on
 * the server, each result listed; a scenario's path and where it stopped shown on the diagram.
 */
import { h, replace } from '../../../web/shared/dom.ts';
import { t } from '../../../web/shared/i18n.ts';
import type { Scenario, ScenarioResult, TestAnswer } from '../api-types.ts';
import { ElementMarks, revealElement, type DiagramServices } from '../editor/overlays.ts';
import { pickFiles } from '../files/files.ts';

const HELP_KEYS = ['name', 'bpmn', 'calendar', 'start', 'steps', 'complete', 'message', 'signal', 'advance', 'at', 'fail', 'expect'];

function template(name: string, processFile: string): string {
  return `name: "${name}"
bpmn: ./${processFile}
calendar: vn
start:
  at: "2026-03-03T08:00:00+07:00"
steps:
  - expect:
      active: []
`;
}

export class ScenariosPanel {
  readonly element = h('section', { class: 'scenarios', 'aria-labelledby': 'scenarios-title' });
  private readonly list = h('ol', { class: 'scenario-list' });
  private readonly results = h('div', { class: 'scenario-results', role: 'status' });
  private readonly marks: ElementMarks;
  private scenarios: Scenario[] = [];

  constructor(
    private readonly diagram: DiagramServices,
    private readonly processFile: string,
    private readonly onChange: () => void,
    onRun: () => void,
  ) {
    this.marks = new ElementMarks(diagram, 'scenario');
    const add = h('button', { type: 'button', class: 'secondary' }, t('modeler.scenarios.add'));
    add.addEventListener('click', () => {
      this.scenarios.push({ name: t('modeler.scenarios.newName'), yaml: template(t('modeler.scenarios.newName'), this.processFile) });
      this.render();
      this.onChange();
    });
    const load = h('button', { type: 'button', class: 'secondary', id: 'import-scenarios' }, t('modeler.scenarios.import'));
    load.addEventListener('click', () => { void this.importFiles(); });
    const run = h('button', { type: 'button', id: 'run-scenarios' }, t('modeler.scenarios.run'));
    run.addEventListener('click', onRun);
    replace(this.element,
      h('h2', { id: 'scenarios-title' }, t('modeler.scenarios.title')),
      h('div', { class: 'row' }, run, add, load),
      this.results,
      this.list,
      h('details', { class: 'help' },
        h('summary', {}, t('modeler.scenarios.help')),
        h('p', {}, t('modeler.scenarios.helpText')),
        h('p', {}, h('code', {}, HELP_KEYS.join(', ')))));
  }

  /** Adds `.scenario.yaml` files (e.g. the ones beside a diagram under processes/), named after the file. */
  private async importFiles(): Promise<void> {
    const files = await pickFiles('.yaml,.yml,.json', true);
    for (const file of files) {
      this.scenarios.push({ name: file.name.replace(/\.scenario\.(ya?ml|json)$|\.(ya?ml|json)$/, ''), yaml: await file.text() });
    }
    if (files.length === 0) return;
    this.render();
    this.onChange();
  }

  get value(): Scenario[] {
    return this.scenarios.map((s) => ({ ...s }));
  }

  set value(scenarios: Scenario[]) {
    this.scenarios = scenarios.map((s) => ({ ...s }));
    this.render();
  }

  private render(): void {
    replace(this.list, ...this.scenarios.map((scenario, i) => {
      const nameId = `scenario-name-${i}`;
      const yamlId = `scenario-yaml-${i}`;
      const name = h('input', { id: nameId, type: 'text', value: scenario.name });
      const yaml = h('textarea', { id: yamlId, rows: 10, spellcheck: 'false', class: 'code' });
      yaml.value = scenario.yaml;
      name.addEventListener('input', () => { scenario.name = name.value; this.onChange(); });
      yaml.addEventListener('input', () => { scenario.yaml = yaml.value; this.onChange(); });
      const remove = h('button', { type: 'button', class: 'link' }, t('modeler.scenarios.remove', { name: scenario.name }));
      remove.addEventListener('click', () => {
        this.scenarios.splice(i, 1);
        this.render();
        this.onChange();
      });
      return h('li', { class: 'scenario' },
        h('div', { class: 'field' }, h('label', { for: nameId }, t('modeler.scenarios.name')), name),
        h('div', { class: 'field' }, h('label', { for: yamlId }, t('modeler.scenarios.yaml')), yaml),
        remove);
    }));
  }

  show(answer: TestAnswer): void {
    this.marks.clear();
    replace(this.results,
      h('p', { class: 'scenario-summary' }, t('modeler.scenarios.summary', { passed: answer.passed, failed: answer.failed })),
      h('ul', {}, ...answer.scenarios.map((result) => this.resultItem(result))));
    const firstFailure = answer.scenarios.find((s) => !s.ok);
    if (firstFailure) this.showOnDiagram(firstFailure);
  }

  private resultItem(result: ScenarioResult): HTMLElement {
    const show = h('button', { type: 'button', class: 'link' }, t('modeler.scenarios.showPath'));
    show.addEventListener('click', () => this.showOnDiagram(result));
    return h('li', { class: `scenario-result ${result.ok ? 'ok' : 'failed'}` },
      h('span', { class: `badge ${result.ok ? 'ok' : 'error'}` }, result.ok ? t('modeler.scenarios.passed') : t('modeler.scenarios.failed')),
      ' ', result.name, ' ', show,
      result.failures.length ? h('ul', { class: 'failures' }, ...result.failures.map((f) => h('li', {}, f))) : null);
  }

  /** Numbers the visited elements in order and marks where the scenario stopped. */
  showOnDiagram(result: ScenarioResult): void {
    this.marks.clear();
    const order = new Map<string, number>();
    result.path.forEach((elementId, i) => { if (!order.has(elementId)) order.set(elementId, i + 1); });
    for (const [elementId, n] of order) {
      if (!result.active.includes(elementId)) this.marks.mark(elementId, 'mark-path', String(n), t('modeler.scenarios.visited', { n }));
    }
    for (const elementId of result.active) {
      this.marks.mark(elementId, 'mark-stopped', t('modeler.scenarios.stopped'), t('modeler.scenarios.stoppedTitle', { name: result.name }));
    }
    const focus = result.active[0] ?? result.path[result.path.length - 1];
    if (focus) revealElement(this.diagram, focus);
  }

  clearMarks(): void {
    this.marks.clear();
  }
}
