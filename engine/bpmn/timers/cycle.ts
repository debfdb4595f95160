/**
 * timeCycle texts: ISO 8601 repeating intervals in the forms Camunda 7 documents and runs,
 * `Rn/interval`, `R/interval` (no limit) and `Rn/start/interval`. The end-date forms of ISO 8601
 * (`Rn/interval/end`, `Rn/start/end`) and Quartz cron are refused with a message, never guessed at.
 */
import { EXPECTED_DATE_TIME, parseDuration, parseInstant, type Parsed } from './iso8601.ts';

export const EXPECTED_CYCLE =
  'an ISO 8601 repeating interval Rn/duration, R/duration (no limit) or Rn/start/duration, such as R3/PT10M';

export interface Cycle {
  /** how many times the timer fires in all; null = no limit */
  readonly repetitions: number | null;
  /** the first firing, when the text names one (`Rn/start/interval`); otherwise it is one interval after arming */
  readonly start?: number;
  /** the ISO 8601 duration between firings, as written */
  readonly interval: string;
}

// Camunda 7 takes Quartz cron in timeCycle ("0 0/5 * * * ?": 6 or 7 fields); 5-field unix cron is
// matched too so that it gets the same explanation.
const CRON = /^\S+(\s+\S+){4,6}$/;
const REPEAT = /^R(\d*)$/;

/** Reads a timeCycle text; a start date without an offset is read in `zone`. */
export function parseCycle(text: string, zone: string): Parsed<Cycle> {
  const problem = (detail: string): Parsed<Cycle> => ({ problem: `timeCycle "${text}" ${detail}` });
  if (CRON.test(text)) {
    return problem(
      `is a cron expression; cron cycles are not supported yet: expected ${EXPECTED_CYCLE}, e.g. R/PT5M ` +
        'for every 5 minutes or R/2025-03-03T08:00:00+07:00/P1D for every day at 08:00',
    );
  }
  const parts = text.split('/');
  const repeat = REPEAT.exec(parts[0]);
  if (!repeat) {
    if (parts.length === 1 && 'value' in parseDuration(text, 'timeCycle')) {
      return problem(`has no repetition: expected ${EXPECTED_CYCLE} (a single firing belongs in timeDuration)`);
    }
    return problem(`is not valid: expected ${EXPECTED_CYCLE}`);
  }
  const repetitions = repeat[1] === '' ? null : Number(repeat[1]);
  if (repetitions === 0) {
    return problem('repeats zero times: expected a count of 1 or more (R3/PT10M), or R alone for no limit (R/PT10M)');
  }
  if (repetitions !== null && !Number.isSafeInteger(repetitions)) {
    return problem('repeats more times than can be counted: expected a smaller count, or R alone for no limit (R/PT10M)');
  }
  if (parts.length !== 2 && parts.length !== 3) return problem(`is not valid: expected ${EXPECTED_CYCLE}`);

  const interval = parts[parts.length - 1];
  let start: number | undefined;
  if (parts.length === 3) {
    if (parts[1].startsWith('P')) {
      return problem(`ends at a date (Rn/duration/end), which is not supported: expected ${EXPECTED_CYCLE}`);
    }
    start = parseInstant(parts[1], zone);
    if (start === undefined) {
      return problem(`starts at "${parts[1]}": expected ${EXPECTED_DATE_TIME} (without an offset it is read in ${zone})`);
    }
    if (parseInstant(interval, zone) !== undefined) {
      return problem(`ends at a date (Rn/start/end), which is not supported: expected ${EXPECTED_CYCLE}`);
    }
  }
  const duration = parseDuration(interval, `timeCycle "${text}": interval`);
  if ('problem' in duration) return duration;
  if (duration.value.toMillis() === 0) {
    return problem('repeats every zero time: expected an interval longer than zero, such as PT10M');
  }
  return { value: start === undefined ? { repetitions, interval } : { repetitions, start, interval } };
}
