/**
 * One task: its dossier, the step's form and only the actions its diagram allows now. A claim
 * lost to another officer says who holds the task.
 */
import { api, ApiProblem, seg } from '../../shared/api.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { notify, notifyError } from '../../shared/notify.ts';
import { dueBadge } from '../due.ts';
import { formatDate, idempotencyKey } from '../format.ts';
import type { TaskDetail } from '../model.ts';
import { askActionBody, SLIP_OF } from './action-dialogs.ts';
import { refusalText } from '../refusal.ts';
import { dossierPanel } from './dossier-panel.ts';
import type { StepForm } from './task-form.ts';

const DOSSIER_ACTIONS = ['supplement-request', 'refuse', 'extend', 'stop', 'withdraw', 'return'];

export async function showTask(main: HTMLElement, id: string): Promise<void> {
  const task = await api.get<TaskDetail>(`/api/v1/tasks/${seg(id)}`);
  const dossier = task.dossierDetail;
  const formBox = h('div', { class: 'form-box' });
  const buttons = h('div', { class: 'actions', role: 'group', 'aria-label': t('tasks.task.actions') });
  const refresh = () => showTask(main, id).catch(notifyError);
  let stepForm: StepForm | undefined;

  const claim = async (path: 'claim' | 'unclaim') => {
    try {
      await api.post(`/api/v1/tasks/${seg(id)}/${path}`);
      notify(t(`tasks.task.${path}ed`), 'success');
      await refresh();
    } catch (err) {
      if (!(err instanceof ApiProblem && err.code === 'TASK_CLAIMED')) return notifyError(err);
      // the page is drawn again with the holder, then says who was first (the message outlives the redraw)
      await refresh();
      notify(t('tasks.task.claimedBy', { assignee: String(err.body.assignee ?? '?') }), 'error');
    }
  };
  const key = idempotencyKey();
  const complete = async () => {
    const data = stepForm ? stepForm.values() : {};
    if (!data) return;
    try {
      await api.post(`/api/v1/tasks/${seg(id)}/complete`, { data }, { headers: { 'idempotency-key': key } });
      notify(t('tasks.task.completed'), 'success');
      location.hash = '#/';
    } catch (err) {
      if (err instanceof ApiProblem && err.code === 'FORM_INVALID' && stepForm) stepForm.showProblems(err.problems);
      else notifyError(err);
    }
  };
  const dossierAction = async (action: string) => {
    if (!dossier) return;
    const body = await askActionBody(action, dossier);
    if (!body) return;
    try {
      await api.post(`/api/v1/dossiers/${seg(dossier.code)}/${action}`, { ...body, ...(action === 'supplement-request' || action === 'refuse' ? { taskId: id } : {}) });
      notify(t('tasks.action.done', { action: t(`tasks.action.${action}`) }), 'success');
      const slip = SLIP_OF[action];
      location.hash = slip ? `#/slip/${encodeURIComponent(dossier.code)}/${slip}` : '#/';
    } catch (err) {
      notifyError(err);
    }
  };

  const button = (label: string, run: () => void, tone = '') => {
    const b = h('button', { type: 'button', class: tone }, label);
    b.addEventListener('click', run);
    return b;
  };
  for (const action of task.actions) {
    if (action === 'claim' || action === 'unclaim') buttons.appendChild(button(t(`tasks.task.${action}`), () => void claim(action), action === 'unclaim' ? 'secondary' : ''));
    else if (action === 'complete') buttons.appendChild(button(t('tasks.task.complete'), () => void complete()));
    else if (DOSSIER_ACTIONS.includes(action)) buttons.appendChild(button(t(`tasks.action.${action}`), () => void dossierAction(action), 'secondary'));
  }
  const refused = task.actionOptions.filter((option) => !option.allowed && option.reason);

  replace(main,
    h('p', {}, h('a', { href: '#/' }, `← ${t('tasks.task.back')}`)),
    h('h1', {}, `${task.name ?? task.elementId}`),
    h('p', { class: 'task-meta' },
      t('tasks.task.meta', { process: task.processKey, key: task.businessKey ?? '—', assignee: task.assignee ?? t('tasks.list.unassigned') }), ' · ',
      t('tasks.col.due'), ': ', formatDate(task.dueAt), ' ', dueBadge(task.dueState, task.remainingWorkingDays)),
    h('div', { class: 'task-layout' },
      dossier ? dossierPanel(dossier) : h('p', {}, t('tasks.task.noDossier')),
      h('section', { class: 'task-work', 'aria-labelledby': 'work-title' },
        h('h2', { id: 'work-title' }, t('tasks.task.form')),
        formBox,
        buttons,
        refused.length ? h('details', {}, h('summary', {}, t('tasks.task.refused')),
          h('ul', {}, ...refused.map((o) => h('li', {}, `${t(`tasks.action.${o.action}`)}: ${refusalText(o)}`)))) : null)));

  const form = await api.get<{ schema: object | null; data: Record<string, unknown> }>(`/api/v1/tasks/${seg(id)}/form`);
  if (form.schema) {
    const { mountStepForm } = await import('./task-form.ts');
    stepForm = await mountStepForm(formBox, form.schema, form.data);
  }
  else replace(formBox, h('p', {}, t('tasks.task.noForm')));
}
