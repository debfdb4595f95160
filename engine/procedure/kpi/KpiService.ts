/**
 * Indicator queries: sum the counters of the periods asked (one prefix read per month), filter
 * by agency / procedure / channel, then apply the QĐ 766 formulas. Running and overdue dossiers
 * have no counters (they have not ended), so `inProgress` asks a live query over active dossiers.
 */
import type { Store } from '../../store/port.ts';
import { allDossiers } from '../dossier/dossier-queries.ts';
import { TERMINAL_STATUSES } from '../dossier/dossier-status.ts';
import type { CounterReader } from './counter-reader.ts';
import { emptyTally, type InProgress, indicators, type Indicators, type KpiTally } from './kpi-formulas.ts';
import { type KpiDimensions, kpiPeriodPrefix, parseKpiKey } from './kpi-keys.ts';

export interface KpiFilter {
  /** `YYYY-MM` months, e.g. `['2026-10']`, or a range with `periodRange` */
  readonly periods: readonly string[];
  readonly agency?: string;
  readonly procedure?: string;
  readonly channel?: number;
}

/** The months from `from` to `to` inclusive (`YYYY-MM`). */
export function periodRange(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number);
  const [endYear, endMonth] = to.split('-').map(Number);
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return months;
}

/** Whether a counter's dimensions pass the agency / procedure / channel filter. */
export function matchesKpiFilter(dimensions: KpiDimensions, filter: Omit<KpiFilter, 'periods'>): boolean {
  return (filter.agency === undefined || dimensions.agency === filter.agency) && (filter.procedure === undefined || dimensions.procedure === filter.procedure) && (filter.channel === undefined || dimensions.channel === filter.channel);
}

export class KpiService {
  constructor(private readonly counters: CounterReader) {}

  /** The summed counters of the dossiers matching `filter`. */
  async tally(filter: KpiFilter): Promise<KpiTally> {
    const tally = emptyTally();
    for (const period of new Set(filter.periods)) {
      for (const [key, value] of Object.entries(await this.counters.countersWithPrefix(kpiPeriodPrefix(period)))) {
        const parsed = parseKpiKey(key);
        if (!parsed) continue;
        if (matchesKpiFilter(parsed.dimensions, filter)) tally[parsed.metric] += value;
      }
    }
    return tally;
  }

  /** Every indicator for `filter`; pass `inProgress` (see `inProgressAt`) to count running dossiers in 2a. */
  async indicators(filter: KpiFilter, inProgress?: InProgress): Promise<Indicators> {
    return indicators(await this.tally(filter), inProgress);
  }
}

/**
 * Running dossiers matching the filter at `end` (e.g. the end of the period): on time, or already
 * past their due instant. Paused dossiers count as on time (the applicant holds them).
 */
export async function inProgressAt(store: Store, end: number, filter: Omit<KpiFilter, 'periods'> = {}): Promise<InProgress> {
  let onTime = 0;
  let overdue = 0;
  for await (const { dossier } of allDossiers(store, { active: true })) {
    if (!dossier.acceptedAt || dossier.finishedAt || TERMINAL_STATUSES.includes(dossier.status)) continue;
    if (Date.parse(dossier.acceptedAt) > end) continue;
    if (filter.agency !== undefined && dossier.handlingAgency !== filter.agency) continue;
    if (filter.procedure !== undefined && dossier.procedure.code !== filter.procedure) continue;
    if (filter.channel !== undefined && dossier.channel !== filter.channel) continue;
    if (!dossier.pausedAt && dossier.dueAt && Date.parse(dossier.dueAt) < end) overdue++;
    else onTime++;
  }
  return { onTime, overdue };
}
