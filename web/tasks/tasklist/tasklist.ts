/**
 * The tasklist: four views with their counts, sorted by due date (the server's order), filters by
 * procedure and step, search by dossier code; rows appear and disappear live.
 */
import { api, withQuery } from '../../shared/api.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { notifyError } from '../../shared/notify.ts';
import { dueBadge } from '../due.ts';
import { formatDate } from '../format.ts';
import type { TaskPage, TaskRow } from '../model.ts';
import { watchTasks } from './events.ts';

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
  const procedure = h('input', { id: 'task-procedure', type: 'text', value: params.get('procedure') ?? '' });
  const step = h('input', { id: 'task-step', type: 'text', value: params.get('step') ?? '' });
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
    location.hash = withQuery('#/', { view, q: search.value.trim(), procedure: procedure.value.trim(), step: step.value.trim() });
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
  load().catch(notifyError);
  let pending: ReturnType<typeof setTimeout> | undefined;
  const stop = watchTasks(() => {
    // a burst of events (a step completed creates the next) reloads once
    clearTimeout(pending);
    pending = setTimeout(() => load().catch(notifyError), 150);
  }, () => { live.textContent = t('tasks.list.live'); });
  return () => { clearTimeout(pending); stop(); };
}
