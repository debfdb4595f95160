/**
 * Per-version element statistics read from the counters of ElementStatsExtension: one prefix read
 * per month asked (or one for the whole version), whatever the number of dossiers.
 */
import type { ProcessModel } from '../../bpmn/model.ts';
import type { CounterReader } from '../kpi/counter-reader.ts';
import { bucketUpperMs, HISTOGRAM_BUCKETS, latePrefix, parseLateKey, parseStatKey, StatMetric, statVersionPrefix } from './element-stats-keys.ts';

export interface StatsFilter {
  /** `YYYY-MM` months; absent: every month the version ran */
  readonly months?: readonly string[];
  readonly agency?: string;
}

export interface ElementStats {
  readonly elementId: string;
  readonly name?: string;
  readonly count: number;
  /** completions whose wait is known (user tasks): the base of `avgMs`, `p90Ms` and `lateShare` */
  readonly timed: number;
  /** average wait of the timed completions (user tasks); null when none was timed */
  readonly avgMs: number | null;
  /** upper bound of the histogram bucket holding the 90th percentile; null when none was timed */
  readonly p90Ms: number | null;
  /** share of timed completions after the budget due date; null when none was timed */
  readonly lateShare: number | null;
  readonly lateCount: number;
  readonly openIncidents: number;
  readonly budgetMs: number | null;
  readonly overBudgetMs: number;
}

export interface VersionStats {
  readonly processKey: string;
  readonly version: number;
  readonly dossiers: number;
  readonly elements: ElementStats[];
  readonly flows: { flowId: string; count: number }[];
}

const HOUR = 3_600_000;
/** a working day counted as 8 working hours (the budget is working time, durations elapsed time) */
const WORKING_DAY_HOURS = 8;

/** A step budget in milliseconds of working time (calendar days for unit DAYS). */
export function budgetMs(budget: { readonly value: number; readonly unit: string } | undefined): number | null {
  if (!budget) return null;
  if (budget.unit === 'WORKING_HOURS') return budget.value * HOUR;
  if (budget.unit === 'DAYS') return budget.value * 24 * HOUR;
  return budget.value * WORKING_DAY_HOURS * HOUR;
}

interface Tally {
  count: number;
  timed: number;
  totalMs: number;
  late: number;
  overMs: number;
  incidents: number;
  histogram: number[];
}

export async function versionStats(reader: CounterReader, process: ProcessModel, version: number, filter: StatsFilter = {}): Promise<VersionStats> {
  const prefixes = filter.months ? [...new Set(filter.months)].map((month) => statVersionPrefix(process.id, version, month)) : [statVersionPrefix(process.id, version)];
  const elements = new Map<string, Tally>();
  const flows = new Map<string, number>();
  let dossiers = 0;
  for (const prefix of prefixes) {
    for (const [key, value] of Object.entries(await reader.countersWithPrefix(prefix))) {
      const parsed = parseStatKey(key);
      if (!parsed || (filter.agency !== undefined && parsed.agency !== filter.agency)) continue;
      if (parsed.metric === StatMetric.Started) {
        dossiers += value;
        continue;
      }
      if (parsed.metric === StatMetric.Flow) {
        flows.set(parsed.id, (flows.get(parsed.id) ?? 0) + value);
        continue;
      }
      let tally = elements.get(parsed.id);
      if (!tally) elements.set(parsed.id, (tally = { count: 0, timed: 0, totalMs: 0, late: 0, overMs: 0, incidents: 0, histogram: new Array<number>(HISTOGRAM_BUCKETS).fill(0) }));
      add(tally, parsed.metric, value);
    }
  }
  return {
    processKey: process.id,
    version,
    dossiers,
    elements: [...elements].map(([elementId, tally]) => elementStats(process, elementId, tally)).sort((a, b) => b.count - a.count || a.elementId.localeCompare(b.elementId)),
    flows: [...flows].map(([flowId, count]) => ({ flowId, count })).sort((a, b) => b.count - a.count || a.flowId.localeCompare(b.flowId)),
  };
}

function add(tally: Tally, metric: string, value: number): void {
  switch (metric) {
    case StatMetric.Count: tally.count += value; break;
    case StatMetric.Timed: tally.timed += value; break;
    case StatMetric.TotalMs: tally.totalMs += value; break;
    case StatMetric.Late: tally.late += value; break;
    case StatMetric.OverMs: tally.overMs += value; break;
    case StatMetric.Incidents: tally.incidents += value; break;
    default:
      if (metric.startsWith('h')) {
        const bucket = Number(metric.slice(1));
        if (Number.isInteger(bucket) && bucket >= 0 && bucket < HISTOGRAM_BUCKETS) tally.histogram[bucket]! += value;
      }
  }
}

function elementStats(process: ProcessModel, elementId: string, tally: Tally): ElementStats {
  const node = process.nodes[elementId];
  return {
    elementId,
    ...(node?.name ? { name: node.name } : {}),
    count: tally.count,
    timed: tally.timed,
    avgMs: tally.timed > 0 ? Math.round(tally.totalMs / tally.timed) : null,
    p90Ms: percentile(tally.histogram, tally.timed, 0.9),
    lateShare: tally.timed > 0 ? tally.late / tally.timed : null,
    lateCount: tally.late,
    openIncidents: Math.max(0, tally.incidents),
    budgetMs: budgetMs(node?.motcua?.budget),
    overBudgetMs: tally.overMs,
  };
}

function percentile(histogram: readonly number[], total: number, share: number): number | null {
  if (total <= 0) return null;
  const rank = Math.ceil(total * share);
  let seen = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    seen += histogram[bucket]!;
    if (seen >= rank) return bucketUpperMs(bucket);
  }
  return bucketUpperMs(histogram.length - 1);
}

export interface TimeLostStep {
  readonly elementId: string;
  readonly name?: string;
  readonly overBudgetMs: number;
  readonly lateCount: number;
  /** the late dossiers that lost the most time here, most first (at most `limit`) */
  readonly lateDossiers: string[];
}

/** Steps ranked by the time their completions spent past the budget, each with its worst late dossiers. */
export async function timeLost(reader: CounterReader, process: ProcessModel, version: number, filter: StatsFilter = {}, limit = 20): Promise<TimeLostStep[]> {
  const stats = await versionStats(reader, process, version, filter);
  const steps: TimeLostStep[] = [];
  for (const element of stats.elements.filter((candidate) => candidate.overBudgetMs > 0).sort((a, b) => b.overBudgetMs - a.overBudgetMs)) {
    const prefix = latePrefix(process.id, version, element.elementId);
    const late = Object.entries(await reader.countersWithPrefix(prefix))
      .map(([key, overMs]) => ({ ...parseLateKey(key, prefix), overMs }))
      .filter((entry) => filter.agency === undefined || entry.agency === filter.agency)
      .sort((a, b) => b.overMs - a.overMs)
      .slice(0, limit)
      .map((entry) => entry.code);
    steps.push({
      elementId: element.elementId,
      ...(element.name ? { name: element.name } : {}),
      overBudgetMs: element.overBudgetMs,
      lateCount: element.lateCount,
      lateDossiers: late,
    });
  }
  return steps;
}
