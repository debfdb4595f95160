/**
 * A procedure version as a heatmap (`#/versions/<procedure>/<version>`): per element the
 * dossiers that passed, average and p90 time, share late and open incidents, coloured in
 * buckets by share late with a legend, the numbers written on the element, the flows taken with
 * their counts; a period and agency filter; then "where time is lost".
 */
import { api, seg, withQuery } from '../../shared/api.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import type { ElementStats, TimeLost, VersionStats } from '../api-types.ts';
import { openViewer } from '../dossier/path-diagram.ts';
import { fill, section } from '../dossier/section.ts';
import { periodField, readPeriod } from '../filters/period-field.ts';
import { formatDuration, percent } from '../format.ts';
import { timeLostTable } from './time-lost.ts';

export const versionHref = (procedure: string, version: number): string => `#/versions/${encodeURIComponent(procedure)}/${version}`;

/** Colour buckets by share of late passages: the bucket's number is the legend's. */
export const BUCKETS = [
  { max: 0, cls: 'heat-0' },
  { max: 0.1, cls: 'heat-1' },
  { max: 0.25, cls: 'heat-2' },
  { max: 0.5, cls: 'heat-3' },
  { max: 1, cls: 'heat-4' },
] as const;

export const bucketOf = (share: number | null): string => share === null ? 'heat-none' : (BUCKETS.find((b) => share <= b.max) ?? BUCKETS[BUCKETS.length - 1]!).cls;

function legend(): HTMLElement {
  const labels = ['0%', '≤ 10%', '≤ 25%', '≤ 50%', '> 50%'];
  return h('ul', { class: 'legend', 'aria-label': t('audit.heatmap.legend') },
    ...BUCKETS.map((b, i) => h('li', {}, h('span', { class: `swatch ${b.cls}` }), `${t('audit.heatmap.late')} ${labels[i]}`)));
}

/**
 * The numbers written on an element, in two short lines: passages and share late, then average
 * and p90 wait; open incidents. Untimed elements (events, gateways) carry their count only.
 */
function elementLabel(s: ElementStats): HTMLElement {
  const timed = s.timed > 0;
  const first = `${s.count}${timed ? ` · ${t('audit.heatmap.lateShort')} ${percent(s.lateShare)}` : ''}${s.openIncidents ? ` · ⚠ ${s.openIncidents}` : ''}`;
  const timing = timed ? h('span', {}, `${formatDuration(s.avgMs)} · p90 ${formatDuration(s.p90Ms)}`) : null;
  return h('span', { class: 'overlay heat-label' }, h('span', {}, first), timing);
}

/**
 * Overlays keep at least their CSS size when the diagram is fitted small (bpmn-js scales them
 * with the zoom otherwise, down to unreadable), and never grow past it.
 */
const READABLE = { min: 1, max: 1 };

export async function renderVersion(main: HTMLElement, procedure: string, version: number, params: URLSearchParams): Promise<void> {
  const from = periodField('v-from', t('audit.period.fromMonth'), 'month', params.get('from') ?? '');
  const to = periodField('v-to', t('audit.period.toMonth'), 'month', params.get('to') ?? '');
  const agency = h('input', { type: 'text', id: 'v-agency', value: params.get('agency') ?? '' });
  const form = h('form', { class: 'search-form' },
    from.root,
    to.root,
    h('div', { class: 'field' }, h('label', { for: 'v-agency' }, t('audit.kpi.agency')), agency),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('audit.heatmap.apply'))));
  const query = () => {
    const period = readPeriod([from, to]);
    return period && { from: period[0]!, to: period[1]!, agency: agency.value.trim() };
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = query();
    if (q) location.hash = withQuery(versionHref(procedure, version), q);
  });
  const canvas = h('div', { class: 'diagram heatmap', role: 'region', 'aria-label': t('audit.heatmap.diagram') });
  const table = h('div', {});
  const heat = section('sec-heat', t('audit.heatmap.title', { procedure, version }), form, legend());
  replace(heat.body, canvas, table);
  const lost = section('sec-lost', t('audit.lost.title'));
  replace(main, h('p', {}, h('a', { href: '#/' }, t('audit.back'))), h('h1', {}, t('audit.heatmap.heading', { procedure, version })), heat.root, lost.root);
  type Version = { xml: string; processKey: string; processVersion: number };
  let detail: Version;
  try {
    detail = await api.get<Version>(`/api/v1/procedures/${seg(procedure)}/versions/${version}`);
  } catch (err) {
    await fill(heat.body, () => Promise.reject(err));
    await fill(lost.body, () => Promise.reject(err));
    return;
  }
  const statsBase = `/api/v1/audit/versions/${seg(detail.processKey)}/${detail.processVersion}`;
  const filter = query() ?? {};
  await Promise.all([
    fill(heat.body, async () => {
      const stats = await api.get<VersionStats>(withQuery(`${statsBase}/stats`, filter));
      const { canvas: c, overlays, registry } = await openViewer(canvas, detail.xml);
      const nameOf = (id: string) => registry.get(id)?.businessObject?.name ?? id;
      for (const s of stats.elements.filter((e) => registry.get(e.elementId))) {
        c.addMarker(s.elementId, bucketOf(s.lateShare));
        overlays.add(s.elementId, { position: { bottom: -4, left: 0 }, html: elementLabel(s), scale: READABLE });
      }
      for (const f of stats.flows.filter((x) => registry.get(x.flowId) && x.count > 0)) {
        c.addMarker(f.flowId, 'path-flow');
        overlays.add(f.flowId, { position: { top: -10, left: 0 }, html: h('span', { class: 'overlay flow-count' }, String(f.count)), scale: READABLE });
      }
      replace(table,
        h('p', {}, t('audit.heatmap.dossiers', { count: stats.dossiers })),
        h('table', { class: 'data' },
          h('caption', {}, t('audit.heatmap.table')),
          h('thead', {}, h('tr', {}, ...['step', 'count', 'avg', 'p90', 'late', 'incidents', 'budget'].map((k) => h('th', { scope: 'col' }, t(`audit.heatmap.col.${k}`))))),
          h('tbody', {}, ...stats.elements.map((s) => h('tr', {},
            h('th', { scope: 'row' }, s.name ?? nameOf(s.elementId)),
            h('td', {}, s.count), h('td', {}, formatDuration(s.avgMs)), h('td', {}, formatDuration(s.p90Ms)),
            h('td', {}, percent(s.lateShare)), h('td', {}, s.openIncidents), h('td', {}, formatDuration(s.budgetMs)))))),
        h('table', { class: 'data' },
          h('caption', {}, t('audit.heatmap.flows')),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('audit.heatmap.col.flow')), h('th', { scope: 'col' }, t('audit.heatmap.col.count')))),
          h('tbody', {}, ...stats.flows.map((f) => h('tr', {}, h('th', { scope: 'row' }, nameOf(f.flowId)), h('td', {}, f.count))))));
    }),
    fill(lost.body, async () => {
      const lostSteps = await api.get<TimeLost>(withQuery(`${statsBase}/time-lost`, filter));
      replace(lost.body, timeLostTable(lostSteps));
    }),
  ]);
}
