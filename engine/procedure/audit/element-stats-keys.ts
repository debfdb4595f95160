/**
 * Counter keys of the per-version element statistics. One key per process key, version, month
 * (Vietnam time), agency, metric and element, so a period or agency filter is a few prefix reads
 * and never a walk over history events:
 *
 *   es|<processKey>|<version>|<YYYY-MM>|<agency>|<metric>|<elementId or flowId>
 *
 * Late dossiers are indexed apart, per element, valued by the time they lost (ms):
 *
 *   esl|<processKey>|<version>|<elementId>|<agency>|<dossier code>
 *
 * BPMN ids are XML NCNames and agency codes are catalog codes: neither holds `|`.
 */
export const StatMetric = {
  /** elements completed */
  Count: 'n',
  /** total time spent in the element (ms), for steps that waited */
  TotalMs: 'ms',
  /** completions measured (a duration is known) */
  Timed: 't',
  /** completions after the step's budget due date */
  Late: 'late',
  /** total time past the budget due date (ms) */
  OverMs: 'over',
  /** incidents raised minus resolved */
  Incidents: 'inc',
  /** sequence flows taken */
  Flow: 'f',
  /** dossiers (root instances) started */
  Started: 'start',
} as const;
export type StatMetric = (typeof StatMetric)[keyof typeof StatMetric];

/** Duration histogram: bucket i holds durations ≤ 1 minute × 2^i (the last one everything above). */
export const HISTOGRAM_BUCKETS = 24;
const MINUTE = 60_000;

export function bucketOf(durationMs: number): number {
  for (let i = 0; i < HISTOGRAM_BUCKETS - 1; i++) if (durationMs <= MINUTE * 2 ** i) return i;
  return HISTOGRAM_BUCKETS - 1;
}

export function bucketUpperMs(bucket: number): number {
  return MINUTE * 2 ** bucket;
}

export const histogramMetric = (bucket: number): string => `h${bucket}`;

export function statKey(processKey: string, version: number, month: string, agency: string, metric: string, id: string): string {
  return `es|${processKey}|${version}|${month}|${agency}|${metric}|${id}`;
}

export function statVersionPrefix(processKey: string, version: number, month?: string): string {
  return `es|${processKey}|${version}|${month !== undefined ? `${month}|` : ''}`;
}

export interface ParsedStatKey {
  readonly month: string;
  readonly agency: string;
  readonly metric: string;
  readonly id: string;
}

export function parseStatKey(key: string): ParsedStatKey | undefined {
  const parts = key.split('|');
  if (parts.length !== 7 || parts[0] !== 'es') return undefined;
  return { month: parts[3]!, agency: parts[4]!, metric: parts[5]!, id: parts[6]! };
}

export function lateKey(processKey: string, version: number, elementId: string, agency: string, code: string): string {
  return `esl|${processKey}|${version}|${elementId}|${agency}|${code}`;
}

/** The agency and dossier code of a late key read under `latePrefix`. */
export function parseLateKey(key: string, prefix: string): { agency: string; code: string } {
  const rest = key.slice(prefix.length);
  const bar = rest.indexOf('|');
  return { agency: rest.slice(0, bar), code: rest.slice(bar + 1) };
}

export function latePrefix(processKey: string, version: number, elementId: string): string {
  return `esl|${processKey}|${version}|${elementId}|`;
}

/** Agency placeholder for instances started without one. */
export const NO_AGENCY = '-';
