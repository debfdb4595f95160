/** The Vietnamese working calendar: data model, seed years, lunar holidays and deadline arithmetic. */
export {
  type CalendarConfig,
  type CalendarDay,
  CalendarDayEnd,
  type Certainty,
  type ClockTime,
  DEFAULT_SESSIONS,
  defaultCalendarConfig,
  emptyYear,
  type OfficeSession,
  VIETNAM_ZONE,
  Weekday,
  type YearCalendar,
} from './calendar-config.ts';
export { validateCalendarConfig } from './calendar-config-validation.ts';
export { DayKind } from './day-table.ts';
export { type CivilDate, type IsoDate, formatIsoDate, parseIsoDate } from './iso-date.ts';
export {
  gioToHungVuong,
  leapMonthOf,
  type LunarDate,
  lunarToSolar,
  solarToLunar,
  tetNguyenDan,
  VIETNAM_TIME_ZONE_HOURS,
} from './lunar.ts';
export {
  type DeadlineOptions,
  DeadlineUnit,
  PaymentWaitPolicy,
  type Period,
  SupplementPolicy,
  type WorkingTime,
} from './period.ts';
export { SEED_YEARS, seedCalendarConfig } from './seed.ts';
export {
  compensatoryDaysFor,
  generateStatutoryYear,
  NationalDayAdjacent,
  type StatutoryYearOptions,
} from './statutory-holidays.ts';
export { type DayDescription, WorkingCalendar } from './working-calendar.ts';
