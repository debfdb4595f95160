/**
 * ISO 8601 date-times and durations as BPMN timers write them. luxon does the calendar arithmetic;
 * the grammar is checked here first because luxon is more lenient than a timer may be: it reads
 * `P`, `PT` and `-P1D` as durations and a bare `08:00` as today at 08:00, which would make a
 * timer depend on the clock it runs on.
 */
import { DateTime, Duration } from 'luxon';
import { ErrorCode, MotcuaError } from '../../errors.ts';

/** The zone a date-time without an offset is read in, unless a calendar says otherwise. */
export const DEFAULT_ZONE = 'Asia/Ho_Chi_Minh';

export const EXPECTED_DATE_TIME = 'an ISO 8601 date-time such as 2025-03-03T08:00:00+07:00';
export const EXPECTED_DURATION = 'an ISO 8601 duration PnYnMnWnDTnHnMnS such as PT10M, P3D, P2W or P1M';

/** The outcome of reading timer text: the value, or a message saying what was expected. */
export type Parsed<T> = { readonly value: T } | { readonly problem: string };

// Only the time units may carry a fraction: PT1.5H is an exact 90 minutes, whereas P1.5D or
// P0.5M has no meaning a working-day calendar could honour.
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;

// A calendar date must open the text: without one luxon would fill in today's date.
const DATE_TIME_START = /^\d{4}-\d{2}-\d{2}(T|$)/;

/** Reads an ISO 8601 duration (`PT10M`, `P1Y2M3DT4H`, `P2W`, `PT1.5H`); `label` names it in messages. */
export function parseDuration(text: string, label: string): Parsed<Duration> {
  const problem = (detail: string): Parsed<Duration> => ({ problem: `${label} "${text}" ${detail}` });
  if (DURATION.test(text)) {
    const duration = Duration.fromISO(text);
    if (duration.isValid) return { value: duration };
    return problem(`has more digits than a duration can hold: expected ${EXPECTED_DURATION}`);
  }
  if (/^-|^P.*-/.test(text)) {
    return problem(`is negative: expected ${EXPECTED_DURATION}`);
  }
  if (/^P[^T]*[.,]/.test(text)) {
    return problem(
      'has a fraction in years, months, weeks or days: only hours, minutes and seconds may have one ' +
        '(PT1.5H); write the others as whole numbers, e.g. P1DT12H',
    );
  }
  if (DATE_TIME_START.test(text)) {
    return problem(`is a date-time, not a duration: expected ${EXPECTED_DURATION} (a fixed instant belongs in timeDate)`);
  }
  if (text.startsWith('R')) {
    return problem(`is a repeating interval, not a duration: expected ${EXPECTED_DURATION} (repetition belongs in timeCycle)`);
  }
  return problem(`is not valid: expected ${EXPECTED_DURATION}`);
}

/** ISO 8601 date-time → epoch ms; a text without an offset is read in `zone`. Undefined when unreadable. */
export function parseInstant(text: string, zone: string = DEFAULT_ZONE): number | undefined {
  assertZone(zone);
  if (!DATE_TIME_START.test(text)) return undefined;
  const instant = DateTime.fromISO(text, { zone });
  return instant.isValid ? instant.toMillis() : undefined;
}

/** `from` plus an ISO 8601 duration in `zone`, with luxon's calendar semantics (Jan 31 + P1M = Feb 28). */
export function addIsoDuration(from: number, iso: string, zone: string = DEFAULT_ZONE): number {
  assertZone(zone);
  const parsed = parseDuration(iso, 'duration');
  if ('problem' in parsed) throw new MotcuaError(ErrorCode.TimerInvalid, parsed.problem);
  const due = DateTime.fromMillis(from, { zone }).plus(parsed.value);
  if (!due.isValid) {
    throw new MotcuaError(
      ErrorCode.TimerInvalid,
      `duration "${iso}" added to ${formatInstant(from, zone)} falls outside the dates a timer can hold: expected a shorter duration`,
    );
  }
  return due.toMillis();
}

/** An instant as an ISO 8601 text in `zone`, for messages a person reads. */
export function formatInstant(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISO({ suppressMilliseconds: true }) ?? String(instant);
}

/** Rejects a zone luxon does not know, which would otherwise turn every result into NaN. */
export function assertZone(zone: string): void {
  if (!DateTime.fromMillis(0, { zone }).isValid) {
    throw new MotcuaError(
      ErrorCode.InvalidInput,
      `unknown time zone "${zone}": expected an IANA zone name such as ${DEFAULT_ZONE}`,
      { field: 'zone' },
    );
  }
}
