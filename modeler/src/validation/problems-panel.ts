/**
 * The "Checks" tab: the engine's validation of the draft and bpmnlint's hints while drawing,
 * each problem marked on its element and listed; a click on an item selects the element. The
 * budget-versus-legal-time warning marks the whole path it concerns.
 */
import { h, replace } from '../../../web/shared/dom.ts';
import { t } from '../../../web/shared/i18n.ts';
import type { DiagramProblem, ValidationAnswer } from '../api-types.ts';
import { ElementMarks, revealElement, type DiagramServices } from '../editor/overlays.ts';

interface LintIssue { id: string; message: string; category: 'error' | 'warn' | 'info' | 'rule-error' }
interface EventBus { on(event: string, fn: (event: { issues: Record<string, LintIssue[]> }) => void): void }

export class ProblemsPanel {
  readonly element = h('section', { class: 'problems', 'aria-labelledby': 'problems-title' });
  private readonly engineMarks: ElementMarks;
  private readonly budgetMarks: ElementMarks;
  private readonly engineList = h('div', { class: 'problem-list' });
  private readonly lintList = h('div', { class: 'problem-list' });
  private readonly summary = h('p', { class: 'problem-summary', role: 'status' }, t('modeler.checks.notRun'));

  constructor(private readonly diagram: DiagramServices, onCheck: () => void) {
    this.engineMarks = new ElementMarks(diagram, 'problems');
    this.budgetMarks = new ElementMarks(diagram, 'budget');
    const check = h('button', { type: 'button', id: 'check-draft' }, t('modeler.checks.run'));
    check.addEventListener('click', onCheck);
    replace(this.element,
      h('h2', { id: 'problems-title' }, t('modeler.checks.title')),
      check,
      this.summary,
      this.engineList,
      h('h3', {}, t('modeler.checks.lintTitle')),
      h('p', { class: 'hint' }, t('modeler.checks.lintHint')),
      this.lintList);
    diagram.get<EventBus>('eventBus').on('linting.completed', ({ issues }) => this.showLint(issues));
  }

  private item(problem: { elementId?: string; message: string; severity: 'error' | 'warning'; code?: string }, path?: string[]): HTMLElement {
    const label = problem.severity === 'error' ? t('modeler.checks.error') : t('modeler.checks.warning');
    const text = h('span', {}, problem.code ? `${problem.code}: ${problem.message}` : problem.message);
    const target = problem.elementId
      ? h('button', { type: 'button', class: 'link', 'data-element-id': problem.elementId }, problem.elementId)
      : null;
    target?.addEventListener('click', () => revealElement(this.diagram, problem.elementId!));
    return h('li', { class: `problem problem-${problem.severity}` },
      h('span', { class: `badge ${problem.severity === 'error' ? 'error' : 'warning'}` }, label), ' ', target, target ? ' ' : null, text,
      path ? this.pathButton(path) : null);
  }

  /** Shows the path a budget warning concerns: its elements are marked, the first is selected. */
  private pathButton(path: string[]): HTMLElement {
    const show = h('button', { type: 'button', class: 'link' }, t('modeler.checks.showPath'));
    show.addEventListener('click', () => { if (path[0]) revealElement(this.diagram, path[0]); });
    return h('span', {}, ' ', h('span', { class: 'hint' }, path.join(' → ')), ' ', show);
  }

  /** Shows the engine's answer: marks replace the previous ones. */
  show(answer: ValidationAnswer): void {
    this.engineMarks.clear();
    this.budgetMarks.clear();
    const byElement = new Map<string, DiagramProblem[]>();
    for (const problem of answer.problems) {
      if (!problem.elementId) continue;
      byElement.set(problem.elementId, [...(byElement.get(problem.elementId) ?? []), problem]);
    }
    for (const [elementId, problems] of byElement) {
      const worst = problems.some((p) => p.severity === 'error') ? 'error' : 'warning';
      this.engineMarks.mark(elementId, `mark-${worst}`, `${worst === 'error' ? '✖' : '!'} ${problems.length}`, problems.map((p) => p.message).join('\n'));
    }
    for (const warning of answer.budgetWarnings) {
      for (const elementId of warning.path) this.budgetMarks.mark(elementId, 'mark-budget');
    }
    const errors = answer.problems.filter((p) => p.severity === 'error').length;
    const warnings = answer.problems.length - errors + answer.budgetWarnings.length;
    this.summary.textContent = answer.ok && answer.problems.length === 0 && answer.budgetWarnings.length === 0
      ? t('modeler.checks.ok')
      : t('modeler.checks.counts', { errors, warnings });
    // a budget warning usually repeats a problem's message: the problem item gets its path
    const pathOf = (message: string) => answer.budgetWarnings.find((w) => w.message === message)?.path;
    const unmatched = answer.budgetWarnings.filter((w) => !answer.problems.some((p) => p.message === w.message));
    replace(this.engineList,
      answer.problems.length || unmatched.length
        ? h('ul', {},
          ...answer.problems.map((p) => this.item(p, pathOf(p.message))),
          ...unmatched.map((w) => this.item({ code: t('modeler.checks.budget'), message: w.message, severity: 'warning', ...(w.path[0] ? { elementId: w.path[0] } : {}) }, w.path)))
        : null);
  }

  private showLint(issues: Record<string, LintIssue[]>): void {
    const items = Object.entries(issues).flatMap(([elementId, list]) => list.map((issue) => this.item({
      elementId: elementId === issue.id ? elementId : issue.id,
      message: issue.message,
      severity: issue.category === 'warn' || issue.category === 'info' ? 'warning' : 'error',
    })));
    replace(this.lintList, items.length ? h('ul', {}, ...items) : h('p', {}, t('modeler.checks.lintNone')));
  }
}
