/**
 * The QĐ 766 dashboard (`#/dashboard`): the indicators by agency, procedure, channel and period,
 * grouped by month, channel or procedure; charts (Chart.js) of the on-time share (a trend when
 * grouped by month), of the early / on-time / late buckets and, for a procedure, of the on-time
 * share by step, each followed by its data table; the indicators' CSV export and register 07.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { api, withQuery } from '../../shared/api.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import type { KpiReport } from '../api-types.ts';
import { fill, section } from '../dossier/section.ts';
import { downloadButton } from '../exports/download.ts';
import { periodField, readPeriod } from '../filters/period-field.ts';
import { oneDecimal, percent } from '../format.ts';
import { chartFigure } from './chart-figure.ts';
import { drawStepChart } from './step-chart.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

const GROUPS = ['month', 'channel', 'procedure'] as const;
const BUCKETS = [
  { metric: 'finishedEarly', key: 'EARLY', color: '#1b7a3a' },
  { metric: 'finishedOnTime', key: 'ONTIME', color: '#2d6cb5' },
  { metric: 'finishedLate', key: 'LATE', color: '#b3261e' },
] as const;

function monthsAgo(n: number): string {
  const d = new Date();
  d.setMonth(d.getMonth() - n);
  return d.toISOString().slice(0, 7);
}

function labelOf(groupBy: string, key: string, label?: string): string {
  if (label) return label;
  return groupBy === 'channel' ? t(`audit.channel.${key}`) : key;
}

export function renderDashboard(main: HTMLElement, params: URLSearchParams): void {
  const input = (id: string, type: string, value: string) => h('input', { id, type, value });
  const from = periodField('k-from', t('audit.period.fromMonth'), 'month', params.get('from') ?? monthsAgo(11));
  const to = periodField('k-to', t('audit.period.toMonth'), 'month', params.get('to') ?? monthsAgo(0));
  const agency = input('k-agency', 'text', params.get('agency') ?? '');
  const procedure = input('k-procedure', 'text', params.get('procedure') ?? '');
  const channel = h('select', { id: 'k-channel' }, h('option', { value: '' }, t('audit.search.any')),
    ...['1', '2', '3'].map((c) => h('option', { value: c, selected: params.get('channel') === c }, t(`audit.channel.${c}`))));
  const groupBy = h('select', { id: 'k-group' }, ...GROUPS.map((g) => h('option', { value: g, selected: (params.get('groupBy') ?? 'month') === g }, t(`audit.kpi.by.${g}`))));
  /** the filters as query parameters; undefined when a month field is wrong (it says so) */
  const query = () => {
    const period = readPeriod([from, to]);
    if (!period) return undefined;
    return { from: period[0]!, to: period[1]!, agency: agency.value.trim(), procedure: procedure.value.trim(), channel: channel.value, groupBy: groupBy.value };
  };
  const field = (id: string, key: string, control: HTMLElement) => h('div', { class: 'field' }, h('label', { for: id }, t(key)), control);
  const form = h('form', { class: 'search-form' },
    from.root, to.root, field('k-agency', 'audit.kpi.agency', agency),
    field('k-procedure', 'audit.search.procedure', procedure), field('k-channel', 'audit.kpi.channel', channel), field('k-group', 'audit.kpi.groupBy', groupBy),
    h('div', { class: 'actions' },
      h('button', { type: 'submit' }, t('audit.heatmap.apply')),
      downloadButton(t('audit.kpi.exportCsv'), () => { const q = query(); return q && withQuery('/api/v1/exports/kpi.csv', q); }, 'chi-so.csv'),
      downloadButton(t('audit.kpi.register'), () => { const q = query(); return q && withQuery('/api/v1/exports/register.csv', { from: q.from && `${q.from}-01`, to: lastDay(q.to) }); }, 'so-theo-doi-07.csv')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = query();
    if (q) location.hash = withQuery('#/dashboard', q);
  });
  const body = section('sec-kpi', t('audit.kpi.indicators'));
  const steps = section('sec-steps', t('audit.kpi.steps.title'));
  replace(main, h('h1', {}, t('audit.kpi.title')), form, body.root, steps.root);
  const q = query();
  if (!q) {
    replace(body.body);
    replace(steps.body);
    return;
  }
  void fill(body.body, async () => {
    const report = await api.get<KpiReport>(withQuery('/api/v1/kpi', q));
    drawReport(body.body, report);
  });
  void fill(steps.body, () => drawStepChart(steps.body, q));
}

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return '';
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

function drawReport(target: HTMLElement, report: KpiReport): void {
  const labels = report.groups.map((g) => labelOf(report.groupBy, g.key, g.label));
  const shares = report.groups.map((g) => g.indicators.onTimeRate ?? null);
  const shareTable = h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t(`audit.kpi.by.${report.groupBy}`)), h('th', { scope: 'col' }, t('audit.kpi.onTime')),
      h('th', { scope: 'col' }, t('audit.kpi.late')), h('th', { scope: 'col' }, t('audit.kpi.online')), h('th', { scope: 'col' }, t('audit.kpi.days')))),
    h('tbody', {}, ...report.groups.map((g, i) => h('tr', {}, h('th', { scope: 'row' }, labels[i]!),
      h('td', {}, percent(g.indicators.onTimeRate)), h('td', {}, percent(g.indicators.lateRate)), h('td', {}, percent(g.indicators.onlineRate)),
      h('td', {}, g.indicators.averageProcessingTime ? oneDecimal(g.indicators.averageProcessingTime.workingDays) : '—')))));
  const bucketTable = h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t(`audit.kpi.by.${report.groupBy}`)), ...BUCKETS.map((b) => h('th', { scope: 'col' }, t(`audit.result.${b.key}`))))),
    h('tbody', {}, ...report.groups.map((g, i) => h('tr', {}, h('th', { scope: 'row' }, labels[i]!), ...BUCKETS.map((b) => h('td', {}, g.indicators.tally[b.metric] ?? 0))))));
  const share = chartFigure('chart-share', t('audit.kpi.shareChart'), shareTable);
  const buckets = chartFigure('chart-buckets', t('audit.kpi.bucketChart'), bucketTable);
  replace(target, share.figure, buckets.figure);
  new Chart(share.canvas, {
    type: report.groupBy === 'month' ? 'line' : 'bar',
    data: { labels, datasets: [{ label: t('audit.kpi.onTime'), data: shares.map((s) => (s === null ? null : Math.round(s * 1000) / 10)), borderColor: '#2d6cb5', backgroundColor: '#2d6cb5' }] },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } } } },
  });
  new Chart(buckets.canvas, {
    type: 'bar',
    data: { labels, datasets: BUCKETS.map((b) => ({ label: t(`audit.result.${b.key}`), data: report.groups.map((g) => g.indicators.tally[b.metric] ?? 0), backgroundColor: b.color })) },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });
}
