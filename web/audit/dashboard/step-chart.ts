/**
 * The on-time share by step: for the chosen procedure, every version's element statistics over the
 * period (counters, one request per version), summed per step — the share of a step's timed
 * completions that ended within its budget — as a bar chart with its data table. Steps have no
 * channel dimension: the chart counts every channel, and says so.
 */
import { Chart } from 'chart.js';
import { api, seg, withQuery } from '../../shared/api.ts';
import { h, replace } from '../../shared/dom.ts';
import { t } from '../../shared/i18n.ts';
import type { ProcedureVersions, VersionStats } from '../api-types.ts';
import { percent } from '../format.ts';
import { chartFigure } from './chart-figure.ts';

export interface StepFilter {
  readonly procedure: string;
  /** `YYYY-MM` */
  readonly from: string;
  readonly to: string;
  readonly agency: string;
}

interface StepTally { name: string; timed: number; late: number }

/** The steps of every version of the procedure that were timed in the period, summed by step id. */
export async function stepTallies(filter: StepFilter): Promise<StepTally[]> {
  const procedure = await api.get<ProcedureVersions>(`/api/v1/procedures/${seg(filter.procedure)}`);
  const pairs = new Set<string>();
  for (const version of procedure.versions) {
    if (!version.processKey) continue;
    for (const processVersion of version.processVersions ?? []) pairs.add(`${version.processKey}/${processVersion}`);
  }
  const query = { from: filter.from, to: filter.to, agency: filter.agency };
  const all = await Promise.all([...pairs].map((pair) => {
    const [key, version] = pair.split('/') as [string, string];
    return api.get<VersionStats>(withQuery(`/api/v1/audit/versions/${seg(key)}/${version}/stats`, query));
  }));
  const steps = new Map<string, StepTally>();
  for (const stats of all) {
    for (const element of stats.elements.filter((e) => e.timed > 0)) {
      const step = steps.get(element.elementId) ?? { name: element.name ?? element.elementId, timed: 0, late: 0 };
      step.timed += element.timed;
      step.late += element.lateCount ?? 0;
      steps.set(element.elementId, step);
    }
  }
  return [...steps.values()];
}

export async function drawStepChart(target: HTMLElement, filter: StepFilter): Promise<void> {
  if (!filter.procedure) {
    replace(target, h('p', {}, t('audit.kpi.steps.pick')));
    return;
  }
  const steps = await stepTallies(filter);
  if (steps.length === 0) {
    replace(target, h('p', {}, t('audit.kpi.steps.none')));
    return;
  }
  const share = (s: StepTally) => (s.timed - s.late) / s.timed;
  const table = h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, ...['step', 'timed', 'late', 'share'].map((c) => h('th', { scope: 'col' }, t(`audit.kpi.steps.col.${c}`))))),
    h('tbody', {}, ...steps.map((s) => h('tr', {}, h('th', { scope: 'row' }, s.name), h('td', {}, s.timed), h('td', {}, s.late), h('td', {}, percent(share(s)))))));
  const figure = chartFigure('chart-steps', t('audit.kpi.steps.chart', { procedure: filter.procedure }), table);
  replace(target, figure.figure, h('p', { class: 'hint' }, t('audit.kpi.steps.note')));
  new Chart(figure.canvas, {
    type: 'bar',
    data: { labels: steps.map((s) => s.name), datasets: [{ label: t('audit.kpi.steps.col.share'), data: steps.map((s) => Math.round(share(s) * 1000) / 10), backgroundColor: '#2d6cb5' }] },
    options: { indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } } } },
  });
}
