/**
 * The editor screen of one procedure: the diagram (bpmn-js) with its properties panel, and the
 * tabs for checks, scenarios, the catalog record, forms and versions. Saving, checking, running
 * scenarios and publishing all work on the draft saved on the server.
 */
import type Modeler from 'bpmn-js/lib/Modeler.js';
import { api, ApiProblem, seg } from '../../../web/shared/api.ts';
import { ask } from '../../../web/shared/dialog.ts';
import { h, replace } from '../../../web/shared/dom.ts';
import { t } from '../../../web/shared/i18n.ts';
import { notify, notifyError } from '../../../web/shared/notify.ts';
import type { Session } from '../../../web/shared/session.ts';
import type { AgencyGroup, DiagramProblem, PublishAnswer, TestAnswer, ValidationAnswer } from '../api-types.ts';
import { procedureHref } from '../catalog/catalog-view.ts';
import { versionsPanel } from '../compare/versions-panel.ts';
import { download, exportBpmn, exportPng, exportSvg, pickBpmnFile } from '../files/files.ts';
import { FormsPanel } from '../forms/forms-panel.ts';
import { RecordForm } from '../record/record-form.ts';
import { ScenariosPanel } from '../scenarios/scenarios-panel.ts';
import { ProblemsPanel } from '../validation/problems-panel.ts';
import { createModeler } from './create-modeler.ts';
import { DraftConflict, DraftSession, type DraftContent } from './draft-session.ts';
import { Tabs } from './tabs.ts';
import type { UnsavedGuard } from './unsaved-guard.ts';

interface CommandStack { canUndo(): boolean }

export class EditorView {
  private modeler!: Modeler;
  private session!: DraftSession;
  private problems!: ProblemsPanel;
  private scenarios!: ScenariosPanel;
  private record!: RecordForm;
  private forms!: FormsPanel;
  private tabs!: Tabs;
  private readonly state = h('p', { class: 'draft-state', role: 'status' });
  private busy = false;

  constructor(private readonly main: HTMLElement, private readonly user: Session, private readonly guard: UnsavedGuard) {}

  async open(code: string, version?: number): Promise<void> {
    replace(this.main, h('p', { role: 'status' }, t('modeler.loading')));
    const [session, groups] = await Promise.all([
      DraftSession.open(code, version),
      api.get<{ groups: AgencyGroup[] }>(`/api/v1/agencies/${seg(this.user.agency)}/groups`).then((a) => a.groups, () => []),
    ]);
    this.session = session;
    this.layout(groups);
    await this.load(session.content);
    this.showState();
    this.guard.markClean();
  }

  private layout(groups: AgencyGroup[]): void {
    const canvas = h('div', { class: 'canvas', id: 'canvas' });
    const panel = h('div', { class: 'properties', id: 'properties' });
    this.modeler = createModeler(canvas, panel, groups);
    const dirty = () => { this.guard.markDirty(); this.showState(); };
    this.modeler.on('commandStack.changed', () => {
      if ((this.modeler.get('commandStack') as CommandStack).canUndo()) dirty();
    });
    const processKey = (this.session.content.record.process as { key?: string } | undefined)?.key;
    const processFile = this.session.content.diagramName ?? `${processKey ?? this.session.code}.bpmn`;
    this.problems = new ProblemsPanel(this.modeler, () => { this.run(() => this.check()); });
    this.scenarios = new ScenariosPanel(this.modeler, processFile, dirty, () => { this.run(() => this.test()); });
    this.record = new RecordForm(dirty);
    this.forms = new FormsPanel(this.modeler, dirty);
    this.tabs = new Tabs(t('modeler.tabs.label'), [
      { id: 'properties', label: t('modeler.tabs.properties'), panel },
      { id: 'checks', label: t('modeler.tabs.checks'), panel: this.problems.element },
      { id: 'scenarios', label: t('modeler.tabs.scenarios'), panel: this.scenarios.element },
      { id: 'record', label: t('modeler.tabs.record'), panel: this.record.element },
      { id: 'forms', label: t('modeler.tabs.forms'), panel: this.forms.element },
      { id: 'versions', label: t('modeler.tabs.versions'), panel: versionsPanel(this.session.code, this.session.procedure.versions) },
    ]);
    replace(this.main,
      h('div', { class: 'editor-head' },
        h('h1', {}, this.session.procedure.name, ' ', h('span', { class: 'code' }, this.session.code)),
        this.state,
        this.toolbar()),
      h('div', { class: 'editor-body' },
        h('section', { class: 'diagram', 'aria-label': t('modeler.diagram') }, canvas),
        h('aside', { class: 'side' }, this.tabs.element)));
  }

  private button(id: string, label: string, action: () => Promise<void>, tone = ''): HTMLButtonElement {
    const button = h('button', { type: 'button', id, class: tone }, label);
    button.addEventListener('click', () => this.run(action));
    return button;
  }

  private toolbar(): HTMLElement {
    const base = `${this.session.code}-v${this.session.baseVersion ?? 'nhap'}`;
    return h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': t('modeler.toolbar') },
      this.button('save-draft', t('modeler.save'), () => this.save()),
      this.button('check', t('modeler.check'), () => this.check(), 'secondary'),
      this.button('test', t('modeler.runScenarios'), () => this.test(), 'secondary'),
      this.button('publish', t('modeler.publish'), () => this.publish()),
      this.button('simulate', t('modeler.simulate'), async () => {
        (this.modeler.get('toggleMode') as { toggleMode(): void }).toggleMode();
      }, 'secondary'),
      this.button('import-bpmn', t('modeler.importBpmn'), () => this.importFile(), 'secondary'),
      this.button('export-bpmn', t('modeler.exportBpmn'), () => exportBpmn(this.modeler, base), 'secondary'),
      this.button('export-svg', t('modeler.exportSvg'), () => exportSvg(this.modeler, base), 'secondary'),
      this.button('export-png', t('modeler.exportPng'), () => exportPng(this.modeler, base), 'secondary'));
  }

  /** One action at a time; its error lands in the live region. */
  private run(action: () => Promise<void>): void {
    if (this.busy) return;
    this.busy = true;
    this.main.setAttribute('aria-busy', 'true');
    action().catch(notifyError).finally(() => {
      this.busy = false;
      this.main.removeAttribute('aria-busy');
    });
  }

  private async load(content: DraftContent): Promise<void> {
    const result = await this.modeler.importXML(content.xml);
    if (result.warnings.length) notify(t('modeler.importWarnings', { count: result.warnings.length }));
    (this.modeler.get('canvas') as { zoom(v: string): void }).zoom('fit-viewport');
    this.scenarios.value = content.scenarios;
    this.record.value = content.record;
    this.forms.value = content.forms;
  }

  private showState(): void {
    const s = this.session;
    const where = s.revision > 0
      ? t('modeler.state.draft', { revision: s.revision, base: s.baseVersion ?? '—' })
      : t('modeler.state.version', { version: s.baseVersion ?? '—' });
    this.state.textContent = `${where}${this.guard.isDirty ? ` — ${t('modeler.state.unsaved')}` : ''}`;
  }

  private async content(): Promise<DraftContent> {
    const { xml } = await this.modeler.saveXML({ format: true });
    const { diagramName } = this.session.content;
    return { ...(diagramName ? { diagramName } : {}), xml: xml ?? '', record: this.record.value, scenarios: this.scenarios.value, forms: this.forms.value };
  }

  /** Saves the draft; a second analyst's save in between is asked about, nothing is lost. */
  private async save(): Promise<void> {
    const content = await this.content();
    try {
      await this.session.save(content);
    } catch (err) {
      if (!(err instanceof DraftConflict)) throw err;
      await this.resolveConflict(err, content);
      return;
    }
    this.guard.markClean();
    this.showState();
    notify(t('modeler.saved', { revision: this.session.revision }), 'success');
  }

  private async resolveConflict(conflict: DraftConflict, mine: DraftContent): Promise<void> {
    const { savedBy, savedAt, revision } = conflict.problem.body as { savedBy?: string; savedAt?: string; revision?: number };
    const who = savedBy && savedAt
      ? t('modeler.conflict.who', { savedBy, savedAt: new Date(savedAt).toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'vi-VN'), revision: revision ?? '?' })
      : conflict.message;
    const answer = await ask(t('modeler.conflict.title'), [who, t('modeler.conflict.explain')], [
      { id: 'theirs', label: t('modeler.conflict.theirs') },
      { id: 'mine', label: t('modeler.conflict.mine'), tone: 'warning' },
    ]);
    if (answer === 'theirs') {
      download(`${this.session.code}-ban-cua-toi.bpmn`, new Blob([mine.xml], { type: 'application/xml' }));
      await this.session.reloadTheirs();
      await this.load(this.session.content);
      this.guard.markClean();
      notify(t('modeler.conflict.loaded'), 'success');
    } else if (answer === 'mine') {
      await this.session.overwrite(mine);
      this.guard.markClean();
      notify(t('modeler.saved', { revision: this.session.revision }), 'success');
    }
    this.showState();
  }

  /** The server checks the saved draft, so unsaved changes are saved first. */
  private async saveIfNeeded(): Promise<void> {
    if (this.guard.isDirty || this.session.revision === 0) await this.save();
    if (this.guard.isDirty) throw new Error(t('modeler.notSaved'));
  }

  private async check(): Promise<void> {
    await this.saveIfNeeded();
    this.showValidation(await api.post<ValidationAnswer>(`/api/v1/drafts/${seg(this.session.code)}/validate`, {}));
  }

  private showValidation(answer: ValidationAnswer): void {
    this.problems.show(answer);
    // the server names record fields `record.<path>`; the form knows them by `<path>`
    this.record.showProblems(answer.problems
      .filter((p): p is DiagramProblem & { field: string } => typeof p.field === 'string' && p.field.startsWith('record') && !p.elementId)
      .map((p) => ({ field: p.field.replace(/^record\.?/, ''), message: p.message })));
    this.tabs.select('checks');
  }

  private async test(): Promise<void> {
    await this.saveIfNeeded();
    const answer = await api.post<TestAnswer>(`/api/v1/drafts/${seg(this.session.code)}/test`, {});
    this.scenarios.show(answer);
    this.tabs.select('scenarios');
  }

  private async publish(): Promise<void> {
    await this.saveIfNeeded();
    const path = `/api/v1/drafts/${seg(this.session.code)}/publish`;
    let answer: PublishAnswer;
    try {
      answer = await api.post<PublishAnswer>(path, {});
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 422) {
        this.showValidation({ ok: false, problems: err.problems as DiagramProblem[], budgetWarnings: [] });
        throw err;
      }
      if (!(err instanceof ApiProblem && err.code === 'SCENARIOS_FAILING')) throw err;
      const report = err.body.report as TestAnswer | undefined;
      if (report) {
        this.scenarios.show(report);
        this.tabs.select('scenarios');
      }
      const go = await ask(t('modeler.publishFailing.title'), [err.message, t('modeler.publishFailing.explain')], [
        { id: 'publish', label: t('modeler.publishFailing.confirm'), tone: 'warning' },
      ]);
      if (go !== 'publish') return;
      answer = await api.post<PublishAnswer>(path, { acceptFailingScenarios: true });
    }
    this.guard.markClean();
    notify(t('modeler.published', { version: answer.version, processKey: answer.processKey, processVersion: answer.processVersion }), 'success');
    location.hash = procedureHref(this.session.code, answer.version);
  }

  private async importFile(): Promise<void> {
    const xml = await pickBpmnFile();
    if (xml === null) return;
    const result = await this.modeler.importXML(xml);
    (this.modeler.get('canvas') as { zoom(v: string): void }).zoom('fit-viewport');
    this.guard.markDirty();
    this.showState();
    notify(t('modeler.imported', { warnings: result.warnings.length }), 'success');
  }
}
