/**
 * When a timer fires: the first firing of a timeDate, timeDuration or timeCycle armed at `now`, and
 * each next firing of a cycle. Pure: the clock comes in as `now`, and every duration is counted by
 * the BusinessCalendar handed in, so a working-day calendar changes what `P3D` means.
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import { TimerKind } from '../model.ts';
import type { BusinessCalendar } from './calendar.ts';
import { EXPECTED_CYCLE, parseCycle, type Cycle } from './cycle.ts';
import {
  DEFAULT_ZONE,
  EXPECTED_DATE_TIME,
  EXPECTED_DURATION,
  formatInstant,
  parseDuration,
  parseInstant,
  type Parsed,
} from './iso8601.ts';

export interface TimerSchedule {
  /** first due instant, epoch ms */
  readonly dueAt: number;
  /** for cycles: repetitions left AFTER this firing (null = forever) and the interval (ISO duration) */
  readonly repeat?: { readonly remaining: number | null; readonly interval: string };
}

/** What a timer text means once read; `now` and a calendar then turn it into instants. */
type TimerPlan =
  | { readonly kind: typeof TimerKind.Date; readonly at: number }
  | { readonly kind: typeof TimerKind.Duration; readonly duration: string }
  | { readonly kind: typeof TimerKind.Cycle; readonly cycle: Cycle };

const EXPECTED: Record<TimerKind, string> = {
  [TimerKind.Date]: EXPECTED_DATE_TIME,
  [TimerKind.Duration]: EXPECTED_DURATION,
  [TimerKind.Cycle]: EXPECTED_CYCLE,
};

// Skipping the missed firings of a cycle whose start is long past goes through the calendar one
// interval at a time (a working-day calendar allows no shortcut); this bounds the work one arming
// may cost (about half a second, measured).
const MAX_MISSED_FIRINGS = 10_000;

/** compile-time check of a literal timer text; returns an actionable message (naming the expected form) or undefined */
export function checkTimer(kind: TimerKind, text: string): string | undefined {
  const plan = readTimer(kind, text.trim(), DEFAULT_ZONE);
  return 'problem' in plan ? plan.problem : undefined;
}

/**
 * schedule the first firing of a timer armed at `now`. Throws MotcuaError(ErrorCode.TimerInvalid, …, subject) on bad text.
 * A timeDate already past is due at `now`, so it fires at once.
 */
export function scheduleTimer(
  kind: TimerKind,
  text: string,
  now: number,
  calendar: BusinessCalendar,
  subject?: { elementId?: string; elementType?: string },
): TimerSchedule {
  const written = text.trim();
  const zone = zoneOf(calendar);
  const plan = readTimer(kind, written, zone);
  if ('problem' in plan) throw new MotcuaError(ErrorCode.TimerInvalid, plan.problem, subject);
  const timer = plan.value;
  switch (timer.kind) {
    case TimerKind.Date:
      return { dueAt: Math.max(timer.at, now) };
    case TimerKind.Duration:
      return { dueAt: calendar.addDuration(now, timer.duration) };
    case TimerKind.Cycle:
      return firstFiring(timer.cycle, written, now, calendar, zone, subject);
  }
}

/**
 * the next firing of a cycle after one fired at `firedDueAt`; undefined when the cycle is exhausted.
 * Counted from the due instant, not from when the job actually ran, so a late job does not shift
 * the firings after it.
 */
export function nextCycle(
  repeat: NonNullable<TimerSchedule['repeat']>,
  firedDueAt: number,
  calendar: BusinessCalendar,
): TimerSchedule | undefined {
  if (repeat.remaining !== null && repeat.remaining <= 0) return undefined;
  return {
    dueAt: calendar.addDuration(firedDueAt, repeat.interval),
    repeat: { remaining: afterOne(repeat.remaining), interval: repeat.interval },
  };
}

function readTimer(kind: TimerKind, text: string, zone: string): Parsed<TimerPlan> {
  if (text === '') return { problem: `${kind} is empty: expected ${EXPECTED[kind]}` };
  switch (kind) {
    case TimerKind.Date: {
      const at = parseInstant(text, zone);
      if (at !== undefined) return { value: { kind, at } };
      const hint = text.startsWith('P')
        ? ' (a delay belongs in timeDuration)'
        : text.startsWith('R')
          ? ' (repetition belongs in timeCycle)'
          : '';
      return {
        problem: `timeDate "${text}" is not valid: expected ${EXPECTED_DATE_TIME}; without an offset it is read in ${zone}${hint}`,
      };
    }
    case TimerKind.Duration: {
      const duration = parseDuration(text, kind);
      return 'problem' in duration ? duration : { value: { kind, duration: text } };
    }
    case TimerKind.Cycle: {
      const cycle = parseCycle(text, zone);
      return 'problem' in cycle ? cycle : { value: { kind, cycle: cycle.value } };
    }
  }
}

/**
 * Without a start date the first firing is one interval after arming. With a start date, Camunda 7
 * (DurationHelper.getDateAfterRepeat) does not fire the firings missed before `now`: it steps from
 * the start, one interval at a time, to the first firing not before `now`, and the missed ones use
 * up repetitions; when none is left it arms nothing. We do the same, except that a cycle with
 * nothing left is reported, since a timer that can never fire is a modelling error to fix.
 */
function firstFiring(
  cycle: Cycle,
  text: string,
  now: number,
  calendar: BusinessCalendar,
  zone: string,
  subject: { elementId?: string; elementType?: string } | undefined,
): TimerSchedule {
  const { repetitions, interval } = cycle;
  if (cycle.start === undefined) {
    return { dueAt: calendar.addDuration(now, interval), repeat: { remaining: afterOne(repetitions), interval } };
  }
  let dueAt = cycle.start;
  let left = repetitions;
  for (let missed = 0; dueAt < now; missed++) {
    if (left === 1) {
      throw new MotcuaError(
        ErrorCode.TimerInvalid,
        `timeCycle "${text}" was over before the timer was armed at ${formatInstant(now, zone)}: its last firing ` +
          `was due at ${formatInstant(dueAt, zone)}; expected a later start date, more repetitions or R alone for no limit`,
        subject,
      );
    }
    if (missed === MAX_MISSED_FIRINGS) {
      throw new MotcuaError(
        ErrorCode.TimerInvalid,
        `timeCycle "${text}" starts more than ${MAX_MISSED_FIRINGS} intervals before the timer was armed at ` +
          `${formatInstant(now, zone)}: expected a start date closer to it`,
        subject,
      );
    }
    dueAt = calendar.addDuration(dueAt, interval);
    left = afterOne(left);
  }
  return { dueAt, repeat: { remaining: afterOne(left), interval } };
}

function afterOne(count: number | null): number | null {
  return count === null ? null : count - 1;
}

/** calendarDays carries its zone; a calendar that does not is read in the default zone. */
function zoneOf(calendar: BusinessCalendar): string {
  const zone = (calendar as { readonly zone?: unknown }).zone;
  return typeof zone === 'string' ? zone : DEFAULT_ZONE;
}
