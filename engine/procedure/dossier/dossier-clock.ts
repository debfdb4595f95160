/**
 * The dossier's legal clock (DOMAIN.md §3), as pure functions of the dossier, an instant and the
 * agency's working calendar: acceptance starts it, a supplement request pauses it, the
 * resubmission resumes (PAUSE) or restarts (RESET) it, an extension lengthens it, the end gives
 * EARLY / ONTIME / LATE. Nothing here reads a clock, so replaying a dossier gives the same dates.
 */
import { DateTime } from 'luxon';
import { zoneNamed } from '../calendar/zone-offsets.ts';
import { ErrorCode, MotcuaError } from '../../errors.ts';
import { type DeadlineOptions, DeadlineUnit, type Period, type WorkingCalendar } from '../calendar/index.ts';
import type { Dossier, DossierExtension } from './dossier.ts';
import { Channel, DossierResult } from './dossier-status.ts';

const iso = (ms: number): string => new Date(ms).toISOString();
const ms = (text: string): number => Date.parse(text);

/** The online reception SLA (DOMAIN §3.2): accept within 1 working day, else "accepted late". */
export const DEFAULT_RECEPTION_SLA: Period = { value: 1, unit: DeadlineUnit.WorkingDays };

/**
 * `from` plus a period with no cut-off rule: for windows such as the reception SLA or a D-1
 * warning, where the start instant is exact.
 */
export function addPeriod(calendar: WorkingCalendar, from: number, period: Period): number {
  switch (period.unit) {
    case DeadlineUnit.WorkingDays:
      return calendar.addWorkingDays(from, period.value);
    case DeadlineUnit.Days:
      return calendar.addCalendarDays(from, period.value);
    case DeadlineUnit.WorkingHours:
      return calendar.addWorkingHours(from, period.value);
    case DeadlineUnit.SameDay:
      return calendar.sameDay(from);
  }
}

/** The cut-off settings a procedure gives its dossiers (record or terms: the same two fields). */
export function deadlineOptions(terms: { readonly cutoffTime?: string; readonly applyCutoffToAcceptance?: boolean }): DeadlineOptions {
  return {
    ...(terms.cutoffTime ? { cutoffTime: terms.cutoffTime } : {}),
    ...(terms.applyCutoffToAcceptance !== undefined ? { applyCutoffToAcceptance: terms.applyCutoffToAcceptance } : {}),
  };
}

function options(dossier: Dossier): DeadlineOptions {
  return deadlineOptions(dossier.terms);
}

/** When an online dossier submitted at `submittedAt` must be accepted by. */
export function receptionDue(calendar: WorkingCalendar, submittedAt: number, sla: Period = DEFAULT_RECEPTION_SLA): number {
  return addPeriod(calendar, submittedAt, sla);
}

/**
 * Acceptance at `at`: the clock starts (counted from the effective acceptance, cut-off rule
 * included), the legal due instant is set, and an online dossier accepted after its reception
 * SLA is marked `acceptedLate`.
 */
export function startClock(dossier: Dossier, at: number, calendar: WorkingCalendar): Dossier {
  const period = dossier.terms.period;
  const dueAt = iso(calendar.deadline(at, period, options(dossier)));
  const countedFrom = period.unit === DeadlineUnit.SameDay ? at : calendar.effectiveAcceptance(at, options(dossier));
  const late = dossier.channel === Channel.Online && dossier.receptionDueAt !== undefined && at > ms(dossier.receptionDueAt);
  return {
    ...dossier,
    acceptedAt: iso(at),
    countedFrom: iso(countedFrom),
    acceptedLate: late,
    dueAt,
    appointmentAt: dueAt,
    clock: { period, from: iso(at) },
  };
}

/** A supplement request during processing at `at`: the clock stops; what is left is kept. */
export function pauseClock(dossier: Dossier, at: number, calendar: WorkingCalendar): Dossier {
  if (!dossier.clock || dossier.pausedAt !== undefined) return dossier;
  const remaining = calendar.remainingAfterPause(dossier.clock.period, ms(dossier.clock.from), at, options(dossier));
  return { ...dossier, pausedAt: iso(at), remaining };
}

/**
 * The end of a wait that paused the clock, at `at` (the resubmission after a supplement request,
 * the payment of fees): what was left runs from then, or with `reset` (a supplement under RESET) a
 * fresh full period; either way the day it resumes is not counted.
 */
export function resumeClock(dossier: Dossier, at: number, calendar: WorkingCalendar, reset = false): Dossier {
  if (dossier.pausedAt === undefined || !dossier.clock) return dossier;
  const pausedAt = ms(dossier.pausedAt);
  const period = reset ? dossier.terms.period : (dossier.remaining ?? dossier.clock.period);
  const paused = calendar.workingTimeBetween(pausedAt, Math.max(at, pausedAt));
  const { pausedAt: _p, remaining: _r, ...running } = dossier;
  return {
    ...running,
    clock: { period, from: iso(at) },
    dueAt: iso(calendar.deadline(at, period, options(dossier))),
    pausedWorkingMs: dossier.pausedWorkingMs + paused.workingMs,
    pausedWorkingDays: dossier.pausedWorkingDays + paused.workingDays,
  };
}

/**
 * Lengthen the legal time by `period` (an extension the procedure allows, checked by the caller).
 * The extension counts in the unit the clock counts in; while paused it lengthens what is left.
 */
export function extendClock(dossier: Dossier, extension: { cause: string; period: Period; by?: string }, at: number, calendar: WorkingCalendar): Dossier {
  const clock = dossier.clock;
  if (!clock) throw new MotcuaError(ErrorCode.InvalidInput, `dossier ${dossier.code} is not accepted: there is no deadline to extend`, { field: 'dossier.status' });
  if (extension.period.unit !== clock.period.unit || clock.period.unit === DeadlineUnit.SameDay) {
    throw new MotcuaError(
      ErrorCode.InvalidInput,
      `the extension "${extension.cause}" counts in ${extension.period.unit} but dossier ${dossier.code} counts in ${clock.period.unit}: an extension must use the procedure's unit`,
      { field: 'extensions.max.unit' },
    );
  }
  const plus = (period: Period): Period => ({ unit: period.unit, value: period.value + extension.period.value });
  const previousDueAt = dossier.dueAt;
  const record: DossierExtension = {
    cause: extension.cause,
    period: extension.period,
    at: iso(at),
    ...(extension.by ? { by: extension.by } : {}),
    ...(previousDueAt ? { previousDueAt } : {}),
  };
  if (dossier.pausedAt !== undefined) {
    return { ...dossier, remaining: plus(dossier.remaining ?? clock.period), extensions: [...dossier.extensions, record] };
  }
  const period = plus(clock.period);
  const dueAt = iso(calendar.deadline(ms(clock.from), period, options(dossier)));
  // the apology letter with the new date is due at least one working day before the due date
  const noticeLate = previousDueAt !== undefined && (at > ms(previousDueAt) || calendar.workingTimeBetween(at, ms(previousDueAt)).workingDays < 1);
  return {
    ...dossier,
    clock: { period, from: clock.from },
    dueAt,
    extensions: [...dossier.extensions, { ...record, dueAt, noticeLate }],
  };
}

/**
 * What the procedure allows of an extension for `cause` and what is left of it after the ones
 * already granted; undefined when the procedure has no such cause.
 */
export function extensionAllowance(dossier: Dossier, cause: string): { allowed: Dossier['terms']['extensions'][number]; granted: number; left: number } | undefined {
  const allowed = dossier.terms.extensions.find((extension) => extension.cause === cause);
  if (!allowed) return undefined;
  const granted = dossier.extensions.filter((extension) => extension.cause === cause).reduce((sum, extension) => sum + extension.period.value, 0);
  return { allowed, granted, left: allowed.max.value - granted };
}

/**
 * The extension, in the clock's unit, that makes the dossier due on the local day `date`
 * (YYYY-MM-DD): the apology (form 04) names the new appointment date, and the officer thinks in
 * that date. Found by the arithmetic extendClock itself applies, so the date asked is the date
 * given; undefined when no value from 1 to `max` lands on that day (a rest day, a day not after
 * the due date, past the maximum), or while the clock is paused (the new date is not known yet).
 */
export function extensionReaching(dossier: Dossier, date: string, calendar: WorkingCalendar, max: number): number | undefined {
  const clock = dossier.clock;
  if (!clock || dossier.pausedAt !== undefined || clock.period.unit === DeadlineUnit.SameDay) return undefined;
  for (let value = 1; value <= max; value++) {
    const due = calendar.deadline(ms(clock.from), { unit: clock.period.unit, value: clock.period.value + value }, options(dossier));
    const day = DateTime.fromMillis(due, { zone: zoneNamed(calendar.config.zone) }).toISODate();
    if (day === date) return value;
    if (day !== null && day > date) return undefined;
  }
  return undefined;
}

/**
 * DOMAIN §3.4: EARLY when finished before the due date's day, ONTIME on the due day by the due
 * instant, LATE after it; a second supplement request by one agency makes it LATE whatever the date.
 */
export function resultOf(finishedAt: number, dueAt: number, zone: string, lateBySupplements = false): DossierResult {
  if (lateBySupplements || finishedAt > dueAt) return DossierResult.Late;
  const day = (instant: number) => DateTime.fromMillis(instant, { zone: zoneNamed(zone) }).toISODate();
  return (day(finishedAt) as string) < (day(dueAt) as string) ? DossierResult.Early : DossierResult.OnTime;
}

/** Office time and working days spent processing: acceptance to end, supplement pauses excluded (QĐ 766 2b). */
export function processingTime(dossier: Dossier, finishedAt: number, calendar: WorkingCalendar): { workingMinutes: number; workingDays: number } {
  if (!dossier.acceptedAt) return { workingMinutes: 0, workingDays: 0 };
  const from = ms(dossier.countedFrom ?? dossier.acceptedAt);
  const spent = calendar.workingTimeBetween(Math.min(from, finishedAt), finishedAt);
  return {
    workingMinutes: Math.max(0, Math.round((spent.workingMs - dossier.pausedWorkingMs) / 60_000)),
    workingDays: Math.max(0, spent.workingDays - dossier.pausedWorkingDays),
  };
}
