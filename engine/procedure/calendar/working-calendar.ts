/**
 * Deadline arithmetic on an agency's working calendar (DOMAIN.md §3). Pure: every method takes the
 * instants it needs (epoch ms) and never reads a clock, so replaying a dossier's history gives the
 * same due dates. Wall-clock work happens in the agency's zone through luxon.
 */
import { DateTime, Duration } from 'luxon';
import { zoneNamed } from './zone-offsets.ts';
import type { BusinessCalendar } from '../../bpmn/timers/calendar.ts';
import { ErrorCode, MotcuaError } from '../../errors.ts';
import { type CalendarConfig, CalendarDayEnd, type OfficeSession } from './calendar-config.ts';
import { validateCalendarConfig } from './calendar-config-validation.ts';
import { formatClockTime, parseClockTime } from './clock-time.ts';
import { type DayKind, type DayPlan, DayTable } from './day-table.ts';
import { civilDateOf, dayNumberOf, dayNumberOfIso, type IsoDate, isoDateOfDayNumber } from './iso-date.ts';
import {
  type DeadlineOptions,
  DeadlineUnit,
  type Period,
  type WorkingTime,
} from './period.ts';

const HOUR_MS = 3_600_000;

/** A day as the calendar sees it, for screens that explain a due date. */
export interface DayDescription {
  readonly date: IsoDate;
  readonly kind: DayKind;
  readonly working: boolean;
  readonly sessions: readonly OfficeSession[];
  /** the holiday, swap, closure … that decided the day, if any */
  readonly name?: string;
}

function invalid(field: string, message: string): MotcuaError {
  return new MotcuaError(ErrorCode.InvalidInput, message, { field });
}

function requireInstant(value: number, field: string): void {
  if (!Number.isFinite(value)) throw invalid(field, `${field} phải là một thời điểm (epoch ms), nhận ${value}`);
}

function requireCount(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw invalid(field, `${field} phải là số nguyên không âm, nhận ${value}`);
  }
}

export class WorkingCalendar implements BusinessCalendar {
  readonly id = 'vn';
  /** the validated configuration, with defaults filled in */
  readonly config: CalendarConfig;
  private readonly days: DayTable;
  private readonly cutoffMinutes: number;

  /** Validates `config` (throws `InvalidInput` naming the field); absent settings take the defaults. */
  constructor(config: Partial<CalendarConfig>) {
    this.config = validateCalendarConfig(config);
    this.days = new DayTable(this.config);
    this.cutoffMinutes = parseClockTime(this.config.cutoffTime, 'cutoffTime');
  }

  // ── days ──────────────────────────────────────────────────────────────────────────────────

  /** Whether a date (`YYYY-MM-DD`, or the local date of an instant) has office hours. */
  isWorkingDay(date: IsoDate | number): boolean {
    return this.days.plan(this.dayNumberOfInput(date)).sessions.length > 0;
  }

  /** The kind, office hours and reason of a date. */
  describeDay(date: IsoDate | number): DayDescription {
    const dayNumber = this.dayNumberOfInput(date);
    const plan = this.days.plan(dayNumber);
    return {
      date: isoDateOfDayNumber(dayNumber),
      kind: plan.kind,
      working: plan.sessions.length > 0,
      sessions: plan.sessions.map((s) => ({ start: formatClockTime(s.start), end: formatClockTime(s.end) })),
      ...(plan.entry ? { name: plan.entry.name } : {}),
    };
  }

  /** `at` itself when it falls in an office session, else the start of the next session. */
  nextWorkingInstant(at: number): number {
    requireInstant(at, 'at');
    for (let day = this.localDay(at); ; day++) {
      for (const session of this.days.plan(day).sessions) {
        if (at < this.instant(day, session.end)) return Math.max(at, this.instant(day, session.start));
      }
    }
  }

  // ── counting ─────────────────────────────────────────────────────────────────────────────

  /**
   * The close of office hours of the `days`-th working day after the day of `from` (that day is
   * not counted, whatever the hour). With 0: the close of the first working day still open at `from`.
   */
  addWorkingDays(from: number, days: number): number {
    requireInstant(from, 'from');
    requireCount(days, 'days');
    let day = this.localDay(from);
    if (days === 0) {
      while (!this.isWorkingDayNumber(day) || this.close(day) < from) day++;
      return this.close(day);
    }
    for (let counted = 0; counted < days; ) {
      day++;
      if (this.isWorkingDayNumber(day)) counted++;
    }
    return this.close(day);
  }

  /** The instant after `hours` of office-session time from `from` (lunch, nights, days off skipped). */
  addWorkingHours(from: number, hours: number): number {
    requireInstant(from, 'from');
    if (!Number.isFinite(hours) || hours < 0) throw invalid('hours', `hours phải là số không âm, nhận ${hours}`);
    let remaining = Math.round(hours * HOUR_MS);
    if (remaining === 0) return from;
    for (let day = this.localDay(from); ; day++) {
      for (const session of this.days.plan(day).sessions) {
        const start = Math.max(from, this.instant(day, session.start));
        const end = this.instant(day, session.end);
        if (end <= start) continue;
        // ending exactly at a session's close returns the close, not the next opening
        if (remaining <= end - start) return start + remaining;
        remaining -= end - start;
      }
    }
  }

  /** `from` plus an ISO 8601 duration in calendar time of the agency's zone (luxon semantics). */
  addDuration(from: number, isoDuration: string): number {
    requireInstant(from, 'from');
    const duration = Duration.fromISO(isoDuration);
    if (!duration.isValid) {
      throw invalid('isoDuration', `Khoảng thời gian ISO 8601 không hợp lệ ${JSON.stringify(isoDuration)} (ví dụ P3D, PT2H)`);
    }
    return DateTime.fromMillis(from, { zone: zoneNamed(this.config.zone) }).plus(duration).toMillis();
  }

  /**
   * Civil Code 2015 Art. 147–148: the day of `from` is not counted; the period ends at the end of
   * the `days`-th day after it, or, when that day is not a working day, at the end of the next
   * working day. "End" is the office close or 24:00 per `config.calendarDaysEndAt`.
   */
  addCalendarDays(from: number, days: number): number {
    requireInstant(from, 'from');
    requireCount(days, 'days');
    let day = this.localDay(from) + days;
    while (!this.isWorkingDayNumber(day)) day++;
    return this.config.calendarDaysEndAt === CalendarDayEnd.Midnight ? this.instant(day + 1, 0) - 1 : this.close(day);
  }

  /**
   * A same-day result: due at the close of the day received when received on a working day by the
   * cut-off (and before the close); otherwise at the close of the next working day.
   */
  sameDay(receivedAt: number, options: DeadlineOptions = {}): number {
    requireInstant(receivedAt, 'receivedAt');
    const day = this.localDay(receivedAt);
    if (this.beforeCutoff(day, receivedAt, options)) return this.close(day);
    return this.close(this.nextWorkingDayAfter(day));
  }

  /**
   * The instant from which a deadline is counted for a dossier accepted at `at`. With
   * `applyCutoffToAcceptance` (the procedure's, else the calendar's): after the cut-off, after
   * hours or on a day off → the start of the next working day; before opening or at lunch → the
   * next session of the same day. Without it: `at` unchanged.
   */
  effectiveAcceptance(at: number, options: DeadlineOptions = {}): number {
    requireInstant(at, 'at');
    if (!(options.applyCutoffToAcceptance ?? this.config.applyCutoffToAcceptance)) return at;
    const day = this.localDay(at);
    if (this.beforeCutoff(day, at, options)) return this.nextWorkingInstant(at);
    return this.open(this.nextWorkingDayAfter(day));
  }

  /** Working days and office time between `from` and `to` (`to` ≥ `from`). */
  workingTimeBetween(from: number, to: number): WorkingTime {
    requireInstant(from, 'from');
    requireInstant(to, 'to');
    if (to < from) throw invalid('to', 'Thời điểm kết thúc phải sau thời điểm bắt đầu');
    const first = this.localDay(from);
    const last = this.localDay(to);
    let workingDays = 0;
    let workingMs = 0;
    for (let day = first; day <= last; day++) {
      const sessions = this.days.plan(day).sessions;
      if (day > first && sessions.length > 0) workingDays++;
      for (const session of sessions) {
        const start = Math.max(from, this.instant(day, session.start));
        const end = Math.min(to, this.instant(day, session.end));
        if (end > start) workingMs += end - start;
      }
    }
    return { workingDays, workingMs };
  }

  /**
   * The due instant of a period counted from an acceptance at `from`. Working days, calendar days
   * and working hours start from `effectiveAcceptance` (DOMAIN §3.1: accepted after the cut-off
   * counts as accepted the next working day, whatever the unit); a same-day period applies the
   * cut-off itself.
   */
  deadline(from: number, period: Period, options: DeadlineOptions = {}): number {
    switch (period.unit) {
      case DeadlineUnit.WorkingDays:
        return this.addWorkingDays(this.effectiveAcceptance(from, options), period.value);
      case DeadlineUnit.Days:
        return this.addCalendarDays(this.effectiveAcceptance(from, options), period.value);
      case DeadlineUnit.WorkingHours:
        return this.addWorkingHours(this.effectiveAcceptance(from, options), period.value);
      case DeadlineUnit.SameDay:
        return this.sameDay(from, options);
      default:
        throw invalid('unit', `Đơn vị thời hạn không hợp lệ ${JSON.stringify((period as Period).unit)}`);
    }
  }

  /**
   * What is left of `period` when the clock stops at `pausedAt` (supplement requested), counted
   * as `deadline` counts: the request day is used in full. Never below zero; a same-day period
   * is left whole (the resubmission is a new same-day reception).
   */
  remainingAfterPause(period: Period, acceptedAt: number, pausedAt: number, options: DeadlineOptions = {}): Period {
    const start = this.effectiveAcceptance(acceptedAt, options);
    requireInstant(pausedAt, 'pausedAt');
    const used = pausedAt > start ? this.workingTimeBetween(start, pausedAt) : { workingDays: 0, workingMs: 0 };
    switch (period.unit) {
      case DeadlineUnit.WorkingDays:
        return { unit: period.unit, value: Math.max(0, period.value - used.workingDays) };
      case DeadlineUnit.Days: {
        const elapsed = Math.max(0, this.localDay(pausedAt) - this.localDay(start));
        return { unit: period.unit, value: Math.max(0, period.value - elapsed) };
      }
      case DeadlineUnit.WorkingHours:
        return { unit: period.unit, value: Math.max(0, period.value - used.workingMs / HOUR_MS) };
      case DeadlineUnit.SameDay:
        return period;
      default:
        throw invalid('unit', `Đơn vị thời hạn không hợp lệ ${JSON.stringify((period as Period).unit)}`);
    }
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────

  private dayNumberOfInput(date: IsoDate | number): number {
    if (typeof date === 'string') return dayNumberOfIso(date, 'date');
    requireInstant(date, 'date');
    return this.localDay(date);
  }

  /** The local date of an instant, as a day number. */
  private localDay(at: number): number {
    const local = DateTime.fromMillis(at, { zone: zoneNamed(this.config.zone) });
    return dayNumberOf({ year: local.year, month: local.month, day: local.day });
  }

  /** The instant of a local wall-clock time; `minutes` may be 0 … 1439. */
  private instant(dayNumber: number, minutes: number): number {
    const { year, month, day } = civilDateOf(dayNumber);
    return DateTime.fromObject(
      { year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 },
      { zone: zoneNamed(this.config.zone) },
    ).toMillis();
  }

  private plan(dayNumber: number): DayPlan {
    return this.days.plan(dayNumber);
  }

  private isWorkingDayNumber(dayNumber: number): boolean {
    return this.plan(dayNumber).sessions.length > 0;
  }

  private nextWorkingDayAfter(dayNumber: number): number {
    let day = dayNumber + 1;
    while (!this.isWorkingDayNumber(day)) day++;
    return day;
  }

  private open(dayNumber: number): number {
    return this.instant(dayNumber, this.plan(dayNumber).sessions[0].start);
  }

  private close(dayNumber: number): number {
    const sessions = this.plan(dayNumber).sessions;
    return this.instant(dayNumber, sessions[sessions.length - 1].end);
  }

  /** Received on a working day, not after the cut-off and before the office closes. */
  private beforeCutoff(dayNumber: number, at: number, options: DeadlineOptions): boolean {
    if (!this.isWorkingDayNumber(dayNumber)) return false;
    const cutoff =
      options.cutoffTime === undefined ? this.cutoffMinutes : parseClockTime(options.cutoffTime, 'cutoffTime');
    return at <= this.instant(dayNumber, cutoff) && at < this.close(dayNumber);
  }
}
