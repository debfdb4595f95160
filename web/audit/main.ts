/**
 * The auditor app (`/audit/`): hash routes `#/` (dossier search), `#/dossiers/<code>`,
 * `#/versions/<procedure>/<version>` (heatmap, time lost) and `#/dashboard` (QĐ 766). Read-only.
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import './audit.css';
import { h, replace } from '../shared/dom.ts';
import { t } from '../shared/i18n.ts';
import { mountShell } from '../shared/shell.ts';
import { renderDashboard } from './dashboard/dashboard-view.ts';
import { renderDossier } from './dossier/dossier-view.ts';
import { renderSearch } from './search/search-view.ts';
import { renderVersion } from './version/heatmap-view.ts';

const shell = mountShell({ app: 'audit', roles: ['AUDITOR', 'ADMIN'], titleKey: 'audit.title' });

function route(main: HTMLElement): void {
  const [path = '', search = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'dossiers' && parts[1]) void renderDossier(main, parts[1]);
  else if (parts[0] === 'versions' && parts[1] && parts[2]) void renderVersion(main, parts[1], Number(parts[2]), params);
  else if (parts[0] === 'dashboard') renderDashboard(main, params);
  else renderSearch(main, params);
  main.focus();
}

if (shell) {
  replace(shell.toolbar, h('nav', { 'aria-label': t('audit.nav') }, h('ul', { class: 'audit-nav' },
    h('li', {}, h('a', { href: '#/' }, t('audit.nav.search'))),
    h('li', {}, h('a', { href: '#/dashboard' }, t('audit.nav.dashboard'))))));
  window.addEventListener('hashchange', () => route(shell.main));
  route(shell.main);
}
