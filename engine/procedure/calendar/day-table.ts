/**
 * What each local date is — working or not, with which office sessions and why — looked up from a
 * validated `CalendarConfig`. Dates are Julian day numbers; times are minutes after local midnight.
 * Precedence: a make-up working day beats the weekly rest; a holiday, compensatory day, swap day or
 * local closure beats everything else; otherwise the weekday decides.
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import { type CalendarConfig, type CalendarDay, type OfficeSession, WEEKDAY_BY_INDEX, type Weekday } from './calendar-config.ts';
import { parseClockTime } from './clock-time.ts';
import { civilDateOf, dayNumberOfIso, weekdayOfDayNumber } from './iso-date.ts';

/** An office session as minutes after local midnight, end exclusive. */
export interface SessionMinutes {
  readonly start: number;
  readonly end: number;
}

export const DayKind = {
  Working: 'WORKING',
  MakeUpWorking: 'MAKE_UP_WORKING',
  WeeklyRest: 'WEEKLY_REST',
  Holiday: 'HOLIDAY',
  CompensatoryDayOff: 'COMPENSATORY_DAY_OFF',
  SwapDayOff: 'SWAP_DAY_OFF',
  LocalClosure: 'LOCAL_CLOSURE',
} as const;
export type DayKind = (typeof DayKind)[keyof typeof DayKind];

export interface DayPlan {
  readonly kind: DayKind;
  /** empty on a non-working day */
  readonly sessions: readonly SessionMinutes[];
  /** the calendar entry that made the day what it is, when one did */
  readonly entry?: CalendarDay;
}

function toMinutes(sessions: readonly OfficeSession[], field: string): SessionMinutes[] {
  return sessions.map((s, i) => ({
    start: parseClockTime(s.start, `${field}[${i}].start`),
    end: parseClockTime(s.end, `${field}[${i}].end`),
  }));
}

export class DayTable {
  private readonly entries = new Map<number, Map<number, { kind: DayKind; entry: CalendarDay }>>();
  private readonly restDays: ReadonlySet<Weekday>;
  private readonly ordinary: readonly SessionMinutes[];
  private readonly byWeekday = new Map<Weekday, readonly SessionMinutes[]>();

  constructor(config: CalendarConfig) {
    this.restDays = new Set(config.weeklyRestDays);
    this.ordinary = toMinutes(config.sessions, 'sessions');
    for (const [weekday, sessions] of Object.entries(config.weekdaySessions ?? {})) {
      if (sessions) this.byWeekday.set(weekday as Weekday, toMinutes(sessions, `weekdaySessions.${weekday}`));
    }
    for (const year of config.years) {
      const days = new Map<number, { kind: DayKind; entry: CalendarDay }>();
      const put = (list: readonly CalendarDay[], kind: DayKind) => {
        for (const entry of list) days.set(dayNumberOfIso(entry.date, `years[${year.year}]`), { kind, entry });
      };
      // later lists win on a shared date: a holiday named twice (also a closure) stays a holiday
      put(year.makeUpWorkingDays, DayKind.MakeUpWorking);
      put(year.localClosures, DayKind.LocalClosure);
      put(year.swapDaysOff, DayKind.SwapDayOff);
      put(year.compensatoryDaysOff, DayKind.CompensatoryDayOff);
      put(year.holidays, DayKind.Holiday);
      this.entries.set(year.year, days);
    }
  }

  /** The declared years, ascending. */
  get years(): number[] {
    return [...this.entries.keys()].sort((a, b) => a - b);
  }

  /** Throws `CalendarYearMissing` for a date of an undeclared year: we never guess a year's holidays. */
  plan(dayNumber: number): DayPlan {
    const year = civilDateOf(dayNumber).year;
    const days = this.entries.get(year);
    if (!days) {
      const declared = this.years;
      throw new MotcuaError(
        ErrorCode.CalendarYearMissing,
        `Lịch làm việc năm ${year} chưa được khai báo: quản trị viên cần nhập ngày nghỉ lễ, Tết, nghỉ bù, ` +
          `hoán đổi và làm bù của năm ${year} (có thể khởi tạo bằng generateStatutoryYear(${year})). ` +
          `Các năm đã có: ${declared.length ? declared.join(', ') : 'chưa có năm nào'}.`,
        { field: `years[${year}]` },
        { year, declaredYears: declared },
      );
    }
    const weekday = WEEKDAY_BY_INDEX[weekdayOfDayNumber(dayNumber)];
    const found = days.get(dayNumber);
    if (found?.kind === DayKind.MakeUpWorking) {
      // a make-up day replaces an ordinary weekday, so it keeps the ordinary hours
      return { kind: found.kind, sessions: this.ordinary, entry: found.entry };
    }
    if (found) return { kind: found.kind, sessions: [], entry: found.entry };
    if (this.restDays.has(weekday)) return { kind: DayKind.WeeklyRest, sessions: [] };
    return { kind: DayKind.Working, sessions: this.byWeekday.get(weekday) ?? this.ordinary };
  }
}
