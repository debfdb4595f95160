/**
 * The tasklist: four views with their counts, sorted by due date (the server's order), filters by
 * procedure and step (chosen from the catalog), search by dossier code; rows appear and disappear
 * live. The first page is drawn before anything else is asked for: the filter choices and the
 * live stream follow it.
 */
import { api, withQuery } from '../../shared/api.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { notifyError } from '../../shared/notify.ts';
import { dueBadge } from '../due.ts';
import { formatDate } from '../format.ts';
import type { TaskPage, TaskRow } from '../model.ts';
import { watchTasks } from './events.ts';
import { type Choice, procedureChoices, stepChoices } from './filters.ts';

const VIEWS = [
  { id: 'mine', count: 'mine' },
  { id: 'group', count: 'group' },
  { id: 'due-soon', count: 'dueSoon' },
  { id: 'overdue', count: 'overdue' },
] as const;

function row(task: TaskRow): HTMLElement {
  const link = h('a', { href: `#/task/${encodeURIComponent(task.id)}` }, task.dossier?.code ?? task.businessKey ?? task.instanceId);
  return h('tr', { 'data-task': task.id },
    h('th', { scope: 'row' }, link),
    h('td', {}, task.dossier?.procedureName ?? task.processKey),
    h('td', {}, task.name ?? task.elementId),
    h('td', {}, task.dossier?.applicantName ?? '—'),
    h('td', {}, formatDate(task.dossier?.receivedAt ?? task.createdAt)),
    h('td', {}, formatDate(task.dueAt)),
    h('td', {}, dueBadge(task.dueState, task.remainingWorkingDays)),
    h('td', {}, task.assignee ?? t('tasks.list.unassigned')));
}

export function showTasklist(main: HTMLElement, params: URLSearchParams): () => void {
  const view = VIEWS.some((v) => v.id === params.get('view')) ? params.get('view')! : 'group';
  const search = h('input', { id: 'task-search', type: 'search', value: params.get('q') ?? '', placeholder: 'UBNDXA-MAU-…' });
  const procedure = h('select', { id: 'task-procedure' });
  const step = h('select', { id: 'task-step' });
  const fill = (select: HTMLSelectElement, all: string, choices: Choice[], picked: string | null) => {
    // a value from the address that the catalog does not list (a process without a dossier) stays chosen
    const listed = !picked || choices.some((c) => c.value === picked) ? choices : [{ value: picked, label: picked }, ...choices];
    replace(select, h('option', { value: '' }, t(all)), ...listed.map((c) => h('option', { value: c.value, selected: c.value === picked }, c.label)));
  };
  fill(procedure, 'tasks.list.allProcedures', [], params.get('procedure'));
  const allSteps = () => (procedure.value ? 'tasks.list.allSteps' : 'tasks.list.stepsAfterProcedure');
  fill(step, allSteps(), [], params.get('step'));
  step.disabled = !procedure.value;
  const loadSteps = async (): Promise<void> => {
    step.disabled = !procedure.value;
    fill(step, allSteps(), procedure.value ? await stepChoices(procedure.value) : [], procedure.value === params.get('procedure') ? params.get('step') : null);
  };
  procedure.addEventListener('change', () => loadSteps().catch(notifyError));
  const tabs = h('ul', { class: 'views', role: 'list' });
  const body = h('tbody', {});
  const summary = h('p', { class: 'list-total', 'aria-live': 'polite' });
  const live = h('span', { class: 'live-state' }, t('tasks.list.connecting'));

  const filters = h('form', { class: 'filters', role: 'search' },
    h('div', { class: 'field' }, h('label', { for: 'task-search' }, t('tasks.list.search')), search),
    h('div', { class: 'field' }, h('label', { for: 'task-procedure' }, t('tasks.list.procedure')), procedure),
    h('div', { class: 'field' }, h('label', { for: 'task-step' }, t('tasks.list.step')), step),
    h('button', { type: 'submit' }, t('tasks.list.apply')));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = withQuery('#/', { view, q: search.value.trim(), procedure: procedure.value, step: step.value });
  });

  const load = async (): Promise<void> => {
    const page = await api.get<TaskPage>(withQuery('/api/v1/tasks', { view, q: params.get('q'), procedure: params.get('procedure'), step: params.get('step'), limit: 50 }));
    replace(tabs, ...VIEWS.map((v) => h('li', {}, h('a', {
      href: withQuery('#/', { view: v.id }), 'aria-current': v.id === view ? 'page' : null,
    }, t(`tasks.view.${v.id}`), ' ', h('span', { class: 'count' }, page.counts[v.count])))));
    replace(body, ...(page.items.length ? page.items.map(row) : [h('tr', {}, h('td', { colspan: 8 }, t('tasks.list.empty')))]));
    summary.textContent = t('tasks.list.total', { n: page.total });
  };

  replace(main,
    h('div', { class: 'page-head' }, h('h1', {}, t(`tasks.view.${view}`)), live),
    h('nav', { 'aria-label': t('tasks.list.views') }, tabs),
    filters,
    summary,
    h('div', { class: 'table-wrap' }, h('table', { class: 'tasklist' },
      h('caption', { class: 'visually-hidden' }, t(`tasks.view.${view}`)),
      h('thead', {}, h('tr', {}, ...['code', 'procedure', 'step', 'applicant', 'received', 'due', 'state', 'assignee'].map((col) => h('th', { scope: 'col' }, t(`tasks.col.${col}`))))),
      body)));
  let pending: ReturnType<typeof setTimeout> | undefined;
  let stop: (() => void) | undefined;
  let left = false;
  const reload = () => {
    // a burst of events (a step completed creates the next) reloads once
    clearTimeout(pending);
    pending = setTimeout(() => load().catch(notifyError), 150);
  };
  load().catch(notifyError).finally(() => {
    if (left) return;
    // what changed before the stream (re)started is caught by one reload once it is ready
    stop = watchTasks(reload, () => {
      reload();
      live.textContent = t('tasks.list.live');
    });
    procedureChoices().then((choices) => fill(procedure, 'tasks.list.allProcedures', choices, params.get('procedure'))).then(loadSteps).catch(notifyError);
  });
  return () => { left = true; clearTimeout(pending); stop?.(); };
}
