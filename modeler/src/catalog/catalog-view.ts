/**
 * The catalog screen: search procedures by code or name, filter by level, sector and agency,
 * open one in the editor.
 */
import { api, withQuery } from '../../../web/shared/api.ts';
import { h, replace } from '../../../web/shared/dom.ts';
import { t } from '../../../web/shared/i18n.ts';
import { notifyError } from '../../../web/shared/notify.ts';
import type { ProcedureSummary } from '../api-types.ts';

const LEVELS = ['BO_NGANH', 'TINH', 'XA', 'HUYEN'];

const sectorName = (p: ProcedureSummary): string => (typeof p.sector === 'string' ? p.sector : p.sector?.name ?? '');
const agencyText = (p: ProcedureSummary): string =>
  typeof p.agencies === 'string' ? p.agencies : Array.isArray(p.agencies) ? p.agencies.join(', ') : p.agencies?.executing ?? '';

export function procedureHref(code: string, version?: number): string {
  return `#/procedures/${encodeURIComponent(code)}${version !== undefined ? `/${version}` : ''}`;
}

export function renderCatalog(main: HTMLElement): void {
  const q = h('input', { id: 'catalog-q', type: 'search', name: 'q' });
  const level = h('select', { id: 'catalog-level', name: 'level' },
    h('option', { value: '' }, t('modeler.catalog.anyLevel')),
    ...LEVELS.map((code) => h('option', { value: code }, t(`level.${code}`))));
  const sector = h('input', { id: 'catalog-sector', type: 'text', name: 'sector' });
  const agency = h('input', { id: 'catalog-agency', type: 'text', name: 'agency' });
  const status = h('p', { role: 'status', class: 'hint' });
  const results = h('div', { class: 'catalog-results' });
  const form = h('form', { class: 'catalog-search', role: 'search' },
    h('div', { class: 'field' }, h('label', { for: 'catalog-q' }, t('modeler.catalog.q')), h('span', { class: 'hint' }, t('modeler.catalog.qHint')), q),
    h('div', { class: 'field' }, h('label', { for: 'catalog-level' }, t('modeler.catalog.level')), level),
    h('div', { class: 'field' }, h('label', { for: 'catalog-sector' }, t('modeler.catalog.sector')), sector),
    h('div', { class: 'field' }, h('label', { for: 'catalog-agency' }, t('modeler.catalog.agency')), agency),
    h('button', { type: 'submit' }, t('modeler.catalog.search')));

  const search = (): void => {
    status.textContent = t('modeler.loading');
    api.get<{ items: ProcedureSummary[]; total: number }>(withQuery('/api/v1/procedures', {
      q: q.value.trim(), level: level.value, sector: sector.value.trim(), agency: agency.value.trim(), limit: 50,
    })).then((answer) => {
      status.textContent = t('modeler.catalog.found', { total: answer.total });
      replace(results, answer.items.length === 0 ? null : h('table', {},
        h('caption', { class: 'visually-hidden' }, t('modeler.catalog.title')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('modeler.catalog.code')),
          h('th', { scope: 'col' }, t('modeler.catalog.name')),
          h('th', { scope: 'col' }, t('modeler.catalog.level')),
          h('th', { scope: 'col' }, t('modeler.catalog.sector')),
          h('th', { scope: 'col' }, t('modeler.catalog.agency')),
          h('th', { scope: 'col' }, t('modeler.catalog.version')))),
        h('tbody', {}, ...answer.items.map((p) => h('tr', {},
          h('td', {}, p.code),
          h('td', {}, h('a', { href: procedureHref(p.code) }, p.name)),
          h('td', {}, t(`level.${p.level}`)),
          h('td', {}, sectorName(p)),
          h('td', {}, agencyText(p)),
          h('td', {}, String(p.version)))))));
    }, (err: unknown) => {
      status.textContent = '';
      notifyError(err);
    });
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); search(); });
  replace(main, h('h1', {}, t('modeler.catalog.title')), form, status, results);
  search();
}
