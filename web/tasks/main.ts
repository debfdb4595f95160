/**
 * The officers' app at /tasks/: the tasklist, one task, the desk (reception, supplements,
 * results) and the slips, routed by the URL hash so every screen has its own address.
 */
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import './tasks.css';
import { h, replace } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';
import { notifyError } from '../shared/notify.ts';
import { mountShell } from '../shared/shell.ts';
import { showDeskDossier } from './reception/desk-dossier.ts';
import { showReception } from './reception/reception.ts';
import { showSlip } from './slips/slip-view.ts';
import { showTask } from './task/task-page.ts';
import { showTasklist } from './tasklist/tasklist.ts';

const shell = mountShell({ app: 'tasks', roles: ['OFFICER'], titleKey: 'tasks.title' });

if (shell) {
  const { main, toolbar } = shell;
  replace(toolbar, h('nav', { class: 'sections', 'aria-label': t('tasks.sections') }, h('ul', {},
    h('li', {}, h('a', { href: '#/' }, t('tasks.section.list'))),
    h('li', {}, h('a', { href: '#/desk' }, t('tasks.section.desk'))),
    h('li', {}, h('a', { href: '#/desk/' }, t('tasks.section.dossier'))))));
  let leave: (() => void) | undefined;
  const route = () => {
    leave?.();
    leave = undefined;
    const [path = '', query = ''] = location.hash.replace(/^#/, '').split('?');
    const params = new URLSearchParams(query);
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const done = (p: Promise<void>) => p.catch(notifyError);
    if (parts[0] === 'task' && parts[1]) void done(showTask(main, parts[1]));
    else if (parts[0] === 'desk' && parts.length === 1 && !path.endsWith('/')) showReception(main);
    else if (parts[0] === 'desk') void done(showDeskDossier(main, parts[1] ?? ''));
    else if (parts[0] === 'slip' && parts[1] && parts[2]) void done(showSlip(main, parts[1], parts[2], params.get('href') ?? undefined));
    else leave = showTasklist(main, params);
    main.focus();
  };
  window.addEventListener('hashchange', route);
  route();
}
