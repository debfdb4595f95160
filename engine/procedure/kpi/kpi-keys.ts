/**
 * The layout of the KPI counters the dossier commits bump (QĐ 766 indicators, DOMAIN.md §6):
 * `kpi/<YYYY-MM>/<agency>/<procedure>/<channel>/<metric>`. The period comes first so that a
 * dashboard reads one month with one prefix read and filters the other dimensions in memory —
 * the number of keys per month is bounded by agencies × procedures × channels, never by dossiers.
 */
import { DateTime } from 'luxon';
import { zoneNamed } from '../calendar/zone-offsets.ts';

export const KPI_PREFIX = 'kpi/';

/** Every metric a commit may bump. Counts unless the name says otherwise. */
export const KpiMetric = {
  /** dossiers submitted (instances started as dossiers) */
  Submitted: 'submitted',
  /** dossiers accepted (DA_TIEP_NHAN): "received" in QĐ 766 */
  Received: 'received',
  /** accepted dossiers submitted online (channel 2) */
  ReceivedOnline: 'receivedOnline',
  /** online dossiers accepted after the reception SLA */
  AcceptedLate: 'acceptedLate',
  /** components of accepted dossiers */
  Components: 'components',
  ComponentsDigitised: 'componentsDigitised',
  ComponentsReused: 'componentsReused',
  /** refused at intake (KHONG_TIEP_NHAN) */
  Refused: 'refused',
  /** supplement requests during processing */
  SupplementRequests: 'supplementRequests',
  /** accepted dossiers that ended (first of DA_XU_LY_XONG, DA_TRA_KET_QUA, DUNG_XU_LY) */
  Finished: 'finished',
  FinishedEarly: 'finishedEarly',
  FinishedOnTime: 'finishedOnTime',
  FinishedLate: 'finishedLate',
  /** sums over finished dossiers: office minutes and working days spent, supplement pauses excluded */
  ProcessingMinutes: 'processingMinutes',
  ProcessingDays: 'processingDays',
  /** results issued (DA_XU_LY_XONG) and those issued electronically */
  Results: 'results',
  ResultsElectronic: 'resultsElectronic',
  /** stopped (DUNG_XU_LY) */
  Stopped: 'stopped',
} as const;
export type KpiMetric = (typeof KpiMetric)[keyof typeof KpiMetric];

export const KPI_METRICS: readonly KpiMetric[] = Object.values(KpiMetric);

/** The dimensions of one counter. */
export interface KpiDimensions {
  /** `YYYY-MM` in the agency's zone */
  readonly period: string;
  readonly agency: string;
  readonly procedure: string;
  readonly channel: number;
}

/** `YYYY-MM` of an instant in `zone`. */
export function periodOf(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone: zoneNamed(zone) }).toFormat('yyyy-MM');
}

// a '/' inside a code would shift the dimensions: keep keys parseable whatever the codes hold
const safe = (part: string): string => part.replace(/\//g, '∕');

export function kpiKey(dimensions: KpiDimensions, metric: KpiMetric): string {
  return `${KPI_PREFIX}${dimensions.period}/${safe(dimensions.agency)}/${safe(dimensions.procedure)}/${dimensions.channel}/${metric}`;
}

/** The prefix of every counter of one period. */
export function kpiPeriodPrefix(period: string): string {
  return `${KPI_PREFIX}${period}/`;
}

/** The dimensions and metric of a key, or undefined when it is not a KPI counter. */
export function parseKpiKey(key: string): { dimensions: KpiDimensions; metric: KpiMetric } | undefined {
  if (!key.startsWith(KPI_PREFIX)) return undefined;
  const parts = key.slice(KPI_PREFIX.length).split('/');
  if (parts.length !== 5) return undefined;
  const [period, agency, procedure, channel, metric] = parts;
  if (!(KPI_METRICS as readonly string[]).includes(metric)) return undefined;
  return { dimensions: { period, agency, procedure, channel: Number(channel) }, metric: metric as KpiMetric };
}
