/**
 * Two published versions side by side, the older on the left: what a re-engineering removed
 * (left), added (right), changed (both, with the properties before → after) and moved, marked
 * on the diagrams by bpmn-js-differ and listed; a click on an item shows the element in both.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer.js';
import { diff } from 'bpmn-js-differ';
import { api, seg } from '../../../web/shared/api.ts';
import { h, replace } from '../../../web/shared/dom.ts';
import { t } from '../../../web/shared/i18n.ts';
import { notifyError } from '../../../web/shared/notify.ts';
import type { VersionDetail } from '../api-types.ts';
import { procedureHref } from '../catalog/catalog-view.ts';
import { moddleExtensions } from '../editor/create-modeler.ts';
import { ElementMarks, revealElement } from '../editor/overlays.ts';

interface Named { id?: string; name?: string; $type?: string }
type Kind = 'added' | 'removed' | 'changed' | 'layout';

const show = (value: unknown): string => {
  if (value === undefined || value === null || value === '') return '∅';
  if (typeof value === 'object') return (value as Named).id ?? JSON.stringify(value);
  return String(value);
};

export async function renderCompare(main: HTMLElement, code: string, from: number, to: number): Promise<void> {
  const left = h('div', { class: 'compare-canvas' });
  const right = h('div', { class: 'compare-canvas' });
  const list = h('div', { class: 'compare-list' });
  replace(main,
    h('h1', {}, t('modeler.compare.title', { code, from, to })),
    h('p', {}, h('a', { href: procedureHref(code) }, t('modeler.compare.back'))),
    h('ul', { class: 'legend' },
      h('li', {}, h('span', { class: 'mark-badge diff-added' }, '+'), ' ', t('modeler.compare.added')),
      h('li', {}, h('span', { class: 'mark-badge diff-removed' }, '−'), ' ', t('modeler.compare.removed')),
      h('li', {}, h('span', { class: 'mark-badge diff-changed' }, '~'), ' ', t('modeler.compare.changed')),
      h('li', {}, h('span', { class: 'mark-badge diff-layout' }, '↔'), ' ', t('modeler.compare.layout'))),
    h('div', { class: 'compare-panes' },
      h('section', { 'aria-labelledby': 'compare-old' }, h('h2', { id: 'compare-old' }, t('modeler.compare.old', { version: from })), left),
      h('section', { 'aria-labelledby': 'compare-new' }, h('h2', { id: 'compare-new' }, t('modeler.compare.new', { version: to })), right)),
    list);
  try {
    const [a, b] = await Promise.all([from, to].map((v) => api.get<VersionDetail>(`/api/v1/procedures/${seg(code)}/versions/${v}`)));
    const oldViewer = new NavigatedViewer({ container: left, moddleExtensions });
    const newViewer = new NavigatedViewer({ container: right, moddleExtensions });
    await oldViewer.importXML(a!.xml);
    await newViewer.importXML(b!.xml);
    for (const viewer of [oldViewer, newViewer]) (viewer.get('canvas') as { zoom(v: string): void }).zoom('fit-viewport');
    const changes = diff(oldViewer.getDefinitions(), newViewer.getDefinitions());
    const oldMarks = new ElementMarks(oldViewer, 'diff');
    const newMarks = new ElementMarks(newViewer, 'diff');
    const rows: HTMLElement[] = [];
    const row = (kind: Kind, id: string, element: Named, details: string[]) => {
      const reveal = h('button', { type: 'button', class: 'link' }, id);
      reveal.addEventListener('click', () => { revealElement(oldViewer, id); revealElement(newViewer, id); });
      rows.push(h('li', { class: `diff-${kind}` },
        h('span', { class: `badge diff-${kind}` }, t(`modeler.compare.${kind}`)), ' ', reveal, ' ', element.name ?? '', ' ',
        h('span', { class: 'hint' }, element.$type ?? ''),
        details.length ? h('ul', {}, ...details.map((d) => h('li', {}, d))) : null));
    };
    for (const [id, element] of Object.entries(changes._removed)) {
      oldMarks.mark(id, 'diff-removed', '−');
      row('removed', id, element as Named, []);
    }
    for (const [id, element] of Object.entries(changes._added)) {
      newMarks.mark(id, 'diff-added', '+');
      row('added', id, element as Named, []);
    }
    for (const [id, change] of Object.entries(changes._changed)) {
      oldMarks.mark(id, 'diff-changed', '~');
      newMarks.mark(id, 'diff-changed', '~');
      // bpmn-js-differ 3 hands jsondiffpatch's [before, after] to changed(model, key, newValue, oldValue):
      // its `newValue` holds the older version's value
      row('changed', id, change.model, Object.entries(change.attrs).map(([name, v]) => `${name}: ${show(v.newValue)} → ${show(v.oldValue)}`));
    }
    for (const [id, element] of Object.entries(changes._layoutChanged)) {
      if (changes._changed[id]) continue;
      newMarks.mark(id, 'diff-layout', '↔');
      row('layout', id, element as Named, []);
    }
    replace(list,
      h('h2', {}, t('modeler.compare.list', { count: rows.length })),
      rows.length ? h('ul', { class: 'diff-list' }, ...rows) : h('p', {}, t('modeler.compare.none')));
  } catch (err) {
    notifyError(err);
  }
}
