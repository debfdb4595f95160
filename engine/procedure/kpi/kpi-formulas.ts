/**
 * The QĐ 766/QĐ-TTg indicators our data supports (DOMAIN.md §6), as pure functions of summed
 * counters. Each returns `undefined` when its denominator is 0 (no data is not 0 %). Rates are
 * fractions 0…1; the dashboard prints percentages.
 */
import { KPI_METRICS, type KpiMetric } from './kpi-keys.ts';

/** Summed counters, one number per metric. */
export type KpiTally = Readonly<Record<KpiMetric, number>>;

export function emptyTally(): Record<KpiMetric, number> {
  return Object.fromEntries(KPI_METRICS.map((metric) => [metric, 0])) as Record<KpiMetric, number>;
}

/** Running dossiers at the end of a period (a live query: they have no end yet). */
export interface InProgress {
  /** not yet past their due instant at the end of the period (or paused for a supplement) */
  readonly onTime: number;
  /** past their due instant at the end of the period */
  readonly overdue: number;
}

const ratio = (numerator: number, denominator: number): number | undefined => (denominator > 0 ? numerator / denominator : undefined);

/**
 * **2a on-time rate** = (dossiers ended EARLY or ONTIME + running dossiers not overdue at the end
 * of the period) / (dossiers ended + running dossiers). The end is the first of DA_XU_LY_XONG,
 * DA_TRA_KET_QUA, DUNG_XU_LY; supplement time is already excluded from the due date (PAUSE); a
 * second supplement request by one agency makes the dossier LATE; a running dossier is judged at
 * the end of the period. Without `inProgress` it covers ended dossiers only.
 */
export function onTimeRate(tally: KpiTally, inProgress: InProgress = { onTime: 0, overdue: 0 }): number | undefined {
  return ratio(tally.finishedEarly + tally.finishedOnTime + inProgress.onTime, tally.finished + inProgress.onTime + inProgress.overdue);
}

/** The share of ended dossiers that ended late: LATE / ended (the complement of 2a over ended dossiers). */
export function lateRate(tally: KpiTally): number | undefined {
  return ratio(tally.finishedLate, tally.finished);
}

/**
 * **2b average processing time** of ended dossiers, acceptance to end, supplement pauses
 * excluded: in working days (`ProcessingDays / Finished`; the acceptance day not counted, like
 * the legal time) and in office hours (`ProcessingMinutes / 60 / Finished`). Report it in the
 * procedure's unit: working days for WORKING_DAYS, hours for WORKING_HOURS and SAME_DAY.
 */
export function averageProcessingTime(tally: KpiTally): { readonly workingDays: number; readonly workingHours: number } | undefined {
  if (tally.finished === 0) return undefined;
  return { workingDays: tally.processingDays / tally.finished, workingHours: tally.processingMinutes / 60 / tally.finished };
}

/**
 * **3c online rate** = dossiers received (accepted) through channel 2 / dossiers received; full
 * points at ≥ 50 %. (QĐ 766 also asks an electronic result where the procedure yields one: that
 * part is 4a.)
 */
export function onlineRate(tally: KpiTally): number | undefined {
  return ratio(tally.receivedOnline, tally.received);
}

/** **4a electronic result rate** = results issued electronically / results issued. */
export function electronicResultRate(tally: KpiTally): number | undefined {
  return ratio(tally.resultsElectronic, tally.results);
}

/**
 * **4b digitisation rate** = (digitised components + results issued electronically) /
 * (components received + results issued): the dossier and its result both count, as QĐ 766 4b
 * scores "digitised dossiers and results"; full points at ≥ 80 %.
 */
export function digitisationRate(tally: KpiTally): number | undefined {
  return ratio(tally.componentsDigitised + tally.resultsElectronic, tally.components + tally.results);
}

/** **4c reuse rate** = components reused from earlier results or databases / components received; full points at ≥ 80 %. */
export function reuseRate(tally: KpiTally): number | undefined {
  return ratio(tally.componentsReused, tally.components);
}

/** The reception SLA breach rate: online dossiers accepted late / online dossiers accepted (DOMAIN §3.2). */
export function acceptedLateRate(tally: KpiTally): number | undefined {
  return ratio(tally.acceptedLate, tally.receivedOnline);
}

/** Every indicator of a tally, for a dashboard. */
export interface Indicators {
  readonly tally: KpiTally;
  readonly inProgress?: InProgress;
  readonly onTimeRate?: number;
  readonly lateRate?: number;
  readonly averageProcessingTime?: { readonly workingDays: number; readonly workingHours: number };
  readonly onlineRate?: number;
  readonly electronicResultRate?: number;
  readonly digitisationRate?: number;
  readonly reuseRate?: number;
  readonly acceptedLateRate?: number;
}

export function indicators(tally: KpiTally, inProgress?: InProgress): Indicators {
  const entries = {
    onTimeRate: onTimeRate(tally, inProgress),
    lateRate: lateRate(tally),
    averageProcessingTime: averageProcessingTime(tally),
    onlineRate: onlineRate(tally),
    electronicResultRate: electronicResultRate(tally),
    digitisationRate: digitisationRate(tally),
    reuseRate: reuseRate(tally),
    acceptedLateRate: acceptedLateRate(tally),
  };
  const defined = Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
  return { tally, ...(inProgress ? { inProgress } : {}), ...defined };
}
