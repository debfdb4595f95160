/**
 * The analyst modeler: the catalog (#/), a procedure's editor (#/procedures/<code>[/<version>])
 * and the comparison of two versions (#/procedures/<code>/compare/<a>/<b>).
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import './modeler.css';
import { h, replace } from '../../web/shared/dom.ts';
import { t } from '../../web/shared/i18n.ts';
import { notifyError } from '../../web/shared/notify.ts';
import { mountShell, type Shell } from '../../web/shared/shell.ts';
import { renderCatalog } from './catalog/catalog-view.ts';
import { renderCompare } from './compare/compare-view.ts';
import { EditorView } from './editor/editor-view.ts';
import { UnsavedGuard } from './editor/unsaved-guard.ts';
import { parseRoute } from './route.ts';

function start({ session, main }: Shell): void {
  const guard = new UnsavedGuard();
  const show = (): void => {
    const route = parseRoute(location.hash);
    const done = (promise: Promise<void>) => promise.catch((err: unknown) => {
      replace(main, h('h1', {}, t('modeler.openFailed')), h('p', {}, err instanceof Error ? err.message : String(err)),
        h('p', {}, h('a', { href: '#/' }, t('modeler.backToCatalog'))));
      notifyError(err);
    });
    main.classList.toggle('wide', route.view !== 'catalog');
    if (route.view === 'catalog') renderCatalog(main);
    else if (route.view === 'compare') void done(renderCompare(main, route.code, route.from, route.to));
    else void done(new EditorView(main, session, guard).open(route.code, route.version));
  };
  window.addEventListener('hashchange', () => {
    if (guard.allowNavigation()) show();
  });
  show();
}

const shell = mountShell({ app: 'modeler', roles: ['ANALYST'], titleKey: 'shell.app.modeler' });
if (shell) start(shell);
