/**
 * The "Versions" tab: every published version (in force from, published when and by whom,
 * dossiers running and finished), a link to open each, and the choice of two to compare.
 */
import { h } from '../../../web/shared/dom.ts';
import { t } from '../../../web/shared/i18n.ts';
import type { VersionInfo } from '../api-types.ts';
import { procedureHref } from '../catalog/catalog-view.ts';

export function compareHref(code: string, from: number, to: number): string {
  return `#/procedures/${encodeURIComponent(code)}/compare/${from}/${to}`;
}

const when = (iso?: string): string => (iso ? new Date(iso).toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'vi-VN') : '—');

export function versionsPanel(code: string, versions: VersionInfo[]): HTMLElement {
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const options = (selected?: number) => sorted.map((v) => h('option', { value: v.version, selected: v.version === selected }, t('modeler.versions.label', { version: v.version })));
  const from = h('select', { id: 'compare-from' }, ...options(sorted[1]?.version ?? sorted[0]?.version));
  const to = h('select', { id: 'compare-to' }, ...options(sorted[0]?.version));
  const compare = h('button', { type: 'button', id: 'compare-versions', disabled: sorted.length < 2 }, t('modeler.versions.compare'));
  compare.addEventListener('click', () => { location.hash = compareHref(code, Number(from.value), Number(to.value)); });
  return h('section', { class: 'versions', 'aria-labelledby': 'versions-title' },
    h('h2', { id: 'versions-title' }, t('modeler.versions.title')),
    h('table', {},
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('modeler.versions.version')),
        h('th', { scope: 'col' }, t('modeler.versions.effective')),
        h('th', { scope: 'col' }, t('modeler.versions.published')),
        h('th', { scope: 'col' }, t('modeler.versions.dossiers')))),
      h('tbody', {}, ...sorted.map((v) => h('tr', {},
        h('td', {}, h('a', { href: procedureHref(code, v.version) }, t('modeler.versions.label', { version: v.version }))),
        h('td', {}, `${v.effectiveFrom ?? '—'}${v.effectiveTo ? ` → ${v.effectiveTo}` : ''}`),
        h('td', {}, `${when(v.publishedAt)}${v.publishedBy ? ` (${v.publishedBy})` : ''}`),
        h('td', {}, t('modeler.versions.counts', { running: v.running ?? 0, finished: v.finished ?? 0 })))))),
    h('div', { class: 'compare-choice' },
      h('div', { class: 'field' }, h('label', { for: 'compare-from' }, t('modeler.versions.from')), from),
      h('div', { class: 'field' }, h('label', { for: 'compare-to' }, t('modeler.versions.to')), to),
      compare));
}
