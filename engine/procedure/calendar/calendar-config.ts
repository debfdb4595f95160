/**
 * The working calendar of an agency as editable data: plain JSON, so an administrator can change
 * office hours or add the year's announced holidays without a release. `validateCalendarConfig`
 * (calendar-config-validation.ts) checks a supplied object; `WorkingCalendar` computes with it.
 */
import type { IsoDate } from './iso-date.ts';

export const Weekday = {
  Mon: 'MON',
  Tue: 'TUE',
  Wed: 'WED',
  Thu: 'THU',
  Fri: 'FRI',
  Sat: 'SAT',
  Sun: 'SUN',
} as const;
export type Weekday = (typeof Weekday)[keyof typeof Weekday];

/** Weekdays indexed like `Date#getDay` (0 = Sunday), to go from a day number to a `Weekday`. */
export const WEEKDAY_BY_INDEX: readonly Weekday[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** A local wall-clock time `HH:mm`, 24-hour, e.g. `07:30`. */
export type ClockTime = string;

/** One office session, e.g. the morning `07:30`–`11:30`; the end is exclusive. */
export interface OfficeSession {
  readonly start: ClockTime;
  readonly end: ClockTime;
}

/**
 * How sure we are of a date, with the markers of DOMAIN.md: `V` read in an official page, `S`
 * consistent secondary sources, `U` not verified, `COMPUTED` derived by the lunar algorithm or the
 * statutory rules. Administrators should confirm `U` and `COMPUTED` days when the year is announced.
 */
export type Certainty = 'V' | 'S' | 'U' | 'COMPUTED';

/** A dated entry of a year calendar. */
export interface CalendarDay {
  readonly date: IsoDate;
  /** shown to officers and applicants, e.g. `Tết Nguyên đán (mùng 1)` */
  readonly name: string;
  /** the day this one stands for: the holiday a compensatory day replaces, the make-up Saturday of a swap, … */
  readonly pairedWith?: IsoDate;
  readonly certainty?: Certainty;
}

/** The non-working and extra working days of one Gregorian year, as announced (or seeded). */
export interface YearCalendar {
  readonly year: number;
  /** statutory holidays (Labour Code 2019 Art. 112), including the announced Tết break days */
  readonly holidays: readonly CalendarDay[];
  /** nghỉ bù (Art. 111(3)): a holiday on a weekly rest day moves to the next working day */
  readonly compensatoryDaysOff: readonly CalendarDay[];
  /** hoán đổi: an extra day off, paired with a make-up working day */
  readonly swapDaysOff: readonly CalendarDay[];
  /** làm bù: a weekly rest day (usually a Saturday) worked with the ordinary office hours */
  readonly makeUpWorkingDays: readonly CalendarDay[];
  /** closures of this agency only (storm, relocation, local holiday) */
  readonly localClosures: readonly CalendarDay[];
}

/** How a period counted in calendar days ends on its last (working) day. */
export const CalendarDayEnd = {
  /** the end of office hours, as for working days (the default: the appointment slip names an office hour) */
  OfficeClose: 'OFFICE_CLOSE',
  /** 24:00 (23:59:59.999), the literal reading of Civil Code 2015 Art. 148(4) */
  Midnight: 'MIDNIGHT',
} as const;
export type CalendarDayEnd = (typeof CalendarDayEnd)[keyof typeof CalendarDayEnd];

export interface CalendarConfig {
  /** IANA zone of the agency; Vietnam is `Asia/Ho_Chi_Minh` (UTC+7, no DST) */
  readonly zone: string;
  /** days without office hours every week, unless a make-up day says otherwise */
  readonly weeklyRestDays: readonly Weekday[];
  /** the ordinary office hours of a working day, in order, not overlapping */
  readonly sessions: readonly OfficeSession[];
  /**
   * Office hours that differ on some weekdays, e.g. a desk open on Saturday morning:
   * `{ SAT: [{ start: '07:30', end: '11:30' }] }` (and SAT not among `weeklyRestDays`). Such a
   * day is a working day for deadlines, ending at the close of its last session.
   */
  readonly weekdaySessions?: Readonly<Partial<Record<Weekday, readonly OfficeSession[]>>>;
  /** the agency default of the same-day cut-off (a procedure may override it), e.g. `15:00` */
  readonly cutoffTime: ClockTime;
  /**
   * Whether a dossier accepted after the cut-off, or outside working days, counts as accepted at
   * the start of the next working day (DOMAIN §3.1; certain for same-day procedures only [U]).
   */
  readonly applyCutoffToAcceptance: boolean;
  readonly calendarDaysEndAt: CalendarDayEnd;
  /** the years this agency can count in; counting into an absent year is an error, never a guess */
  readonly years: readonly YearCalendar[];
}

export const VIETNAM_ZONE = 'Asia/Ho_Chi_Minh';

/** The public-sector office hours most agencies publish (some use 08:00–12:00, 13:00–17:00). */
export const DEFAULT_SESSIONS: readonly OfficeSession[] = [
  { start: '07:30', end: '11:30' },
  { start: '13:30', end: '17:00' },
];

/** A calendar with the national defaults and no year: add years from the seed or the administrator. */
export function defaultCalendarConfig(years: readonly YearCalendar[] = []): CalendarConfig {
  return {
    zone: VIETNAM_ZONE,
    weeklyRestDays: [Weekday.Sat, Weekday.Sun],
    sessions: DEFAULT_SESSIONS,
    cutoffTime: '15:00',
    applyCutoffToAcceptance: true,
    calendarDaysEndAt: CalendarDayEnd.OfficeClose,
    years,
  };
}

/** An empty year, to fill in. */
export function emptyYear(year: number): YearCalendar {
  return { year, holidays: [], compensatoryDaysOff: [], swapDaysOff: [], makeUpWorkingDays: [], localClosures: [] };
}
