/**
 * Dossier search: code, procedure, status, result, received period; paged; each row links to the
 * dossier's deep link. The agency is the auditor's own (the server scopes every search to it).
 */
import { api, withQuery } from '../../shared/api.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import { notifyError } from '../../shared/notify.ts';
import type { DossierSummary } from '../api-types.ts';
import { downloadButton } from '../exports/download.ts';
import { periodField, readPeriod } from '../filters/period-field.ts';
import { formatDate } from '../format.ts';

const PAGE = 20;
const STATUSES = ['MOI_DANG_KY', 'DA_TIEP_NHAN', 'KHONG_TIEP_NHAN', 'DANG_XU_LY', 'CHO_BO_SUNG', 'CHO_NGHIA_VU_TAI_CHINH', 'YEU_CAU_RUT', 'DUNG_XU_LY', 'DA_XU_LY_XONG', 'DA_TRA_KET_QUA'];
const RESULTS = ['EARLY', 'ONTIME', 'LATE'];

export const dossierHref = (code: string): string => `#/dossiers/${encodeURIComponent(code)}`;

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

function select(values: string[], prefix: string, selected: string): HTMLSelectElement {
  return h('select', {}, h('option', { value: '' }, t('audit.search.any')),
    ...values.map((v) => h('option', { value: v, selected: v === selected }, t(`${prefix}.${v}`))));
}

export function renderSearch(main: HTMLElement, params: URLSearchParams): void {
  const code = h('input', { type: 'search', value: params.get('code') ?? '' });
  const procedure = h('input', { type: 'text', value: params.get('procedure') ?? '' });
  const status = select(STATUSES, 'audit.status', params.get('status') ?? '');
  const result = select(RESULTS, 'audit.result', params.get('result') ?? '');
  const from = periodField('s-from', t('audit.search.from'), 'day', params.get('from') ?? '');
  const to = periodField('s-to', t('audit.search.to'), 'day', params.get('to') ?? '');
  const offset = Number(params.get('offset') ?? 0) || 0;
  /** the search as query parameters; undefined when a period field is wrong (it says so) */
  const query = (extra: Record<string, string | number> = {}) => {
    const period = readPeriod([from, to]);
    if (!period) return undefined;
    return { code: code.value.trim(), procedure: procedure.value.trim(), status: status.value, result: result.value, from: period[0]!, to: period[1]!, ...extra };
  };
  const results = h('div', { class: 'search-results' });
  const form = h('form', { class: 'search-form', role: 'search', 'aria-label': t('audit.search.title') },
    field('s-code', t('audit.search.code'), code),
    field('s-procedure', t('audit.search.procedure'), procedure),
    field('s-status', t('audit.search.status'), status),
    field('s-result', t('audit.search.result'), result),
    from.root,
    to.root,
    h('div', { class: 'actions' },
      h('button', { type: 'submit' }, t('audit.search.submit')),
      downloadButton(t('audit.search.exportCsv'), () => { const q = query(); return q && withQuery('/api/v1/exports/dossiers.csv', q); }, 'ho-so.csv')));
  const go = (extra: Record<string, string | number> = {}) => {
    const q = query(extra);
    if (q) location.hash = withQuery('#/', q);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go();
  });
  replace(main, h('h1', {}, t('audit.search.title')), form, results);
  const first = query({ offset, limit: PAGE });
  if (first) void load(results, first, offset, (next) => go({ offset: next }));
  else replace(results);
}

async function load(target: HTMLElement, query: Record<string, string | number>, offset: number, go: (offset: number) => void): Promise<void> {
  replace(target, h('p', { 'aria-busy': 'true' }, t('audit.loading')));
  try {
    const page = await api.get<{ items: DossierSummary[]; total: number }>(withQuery('/api/v1/dossiers', query));
    const prev = h('button', { type: 'button', class: 'secondary', disabled: offset <= 0 }, t('audit.search.prev'));
    const next = h('button', { type: 'button', class: 'secondary', disabled: offset + PAGE >= page.total }, t('audit.search.next'));
    prev.addEventListener('click', () => go(Math.max(0, offset - PAGE)));
    next.addEventListener('click', () => go(offset + PAGE));
    replace(target,
      h('p', { role: 'status' }, t('audit.search.count', { total: page.total, from: page.total ? offset + 1 : 0, to: offset + page.items.length })),
      h('table', { class: 'data' },
        h('caption', { class: 'visually-hidden' }, t('audit.search.title')),
        h('thead', {}, h('tr', {}, ...['code', 'procedure', 'applicant', 'received', 'due', 'status', 'result'].map((c) => h('th', { scope: 'col' }, t(`audit.col.${c}`))))),
        h('tbody', {}, ...page.items.map((d) => h('tr', { class: d.result === 'LATE' ? 'late' : null },
          h('td', {}, h('a', { href: dossierHref(d.code) }, d.code)),
          h('td', {}, `${d.procedure.code} — ${d.procedure.name}`),
          h('td', {}, d.applicant?.name ?? ''),
          h('td', {}, formatDate(d.receivedAt)),
          h('td', {}, formatDate(d.dueAt)),
          h('td', {}, d.statusLabel),
          h('td', {}, d.result ? t(`audit.result.${d.result}`) : '—'))))),
      h('nav', { class: 'pager', 'aria-label': t('audit.search.pages') }, prev, next));
  } catch (err) {
    replace(target);
    notifyError(err);
  }
}
