/**
 * Checks a calendar supplied by an administrator (or read from storage) and fills the defaults of
 * absent settings. Every error is an `InvalidInput` rejection naming the field, e.g.
 * `sessions[1].end` or `years[2026].holidays[3].date`, so the editor can point at it.
 */
import { IANAZone } from 'luxon';
import { ErrorCode, MotcuaError } from '../../errors.ts';
import {
  type CalendarConfig,
  type CalendarDay,
  CalendarDayEnd,
  type Certainty,
  defaultCalendarConfig,
  type OfficeSession,
  Weekday,
  type YearCalendar,
} from './calendar-config.ts';
import { parseClockTime } from './clock-time.ts';
import { parseIsoDate } from './iso-date.ts';

const WEEKDAYS: readonly string[] = Object.values(Weekday);
const CERTAINTIES: readonly string[] = ['V', 'S', 'U', 'COMPUTED'];
const DAY_LISTS = ['holidays', 'compensatoryDaysOff', 'swapDaysOff', 'makeUpWorkingDays', 'localClosures'] as const;

function invalid(field: string, message: string): MotcuaError {
  return new MotcuaError(ErrorCode.InvalidInput, `${message} (tại ${field})`, { field });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayAt(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(field, 'Cần một danh sách');
  return value;
}

function weekdayAt(value: unknown, field: string): Weekday {
  if (typeof value !== 'string' || !WEEKDAYS.includes(value)) {
    throw invalid(field, `Thứ không hợp lệ ${JSON.stringify(value)}: dùng một trong ${WEEKDAYS.join(', ')}`);
  }
  return value as Weekday;
}

function sessionsAt(value: unknown, field: string): OfficeSession[] {
  const sessions = arrayAt(value, field).map((item, i) => {
    if (!isRecord(item)) throw invalid(`${field}[${i}]`, 'Cần một buổi làm việc { start, end }');
    const start = parseClockTime(item.start, `${field}[${i}].start`);
    const end = parseClockTime(item.end, `${field}[${i}].end`);
    if (end <= start) throw invalid(`${field}[${i}].end`, `Giờ kết thúc ${item.end} phải sau giờ bắt đầu ${item.start}`);
    return { session: { start: item.start as string, end: item.end as string }, start, end };
  });
  if (sessions.length === 0) throw invalid(field, 'Cần ít nhất một buổi làm việc');
  for (let i = 1; i < sessions.length; i++) {
    if (sessions[i].start < sessions[i - 1].end) {
      throw invalid(`${field}[${i}].start`, 'Các buổi làm việc phải theo thứ tự và không chồng lên nhau');
    }
  }
  return sessions.map((s) => s.session);
}

function daysAt(value: unknown, field: string, year: number): CalendarDay[] {
  if (value === undefined) return [];
  return arrayAt(value, field).map((item, i) => {
    const at = `${field}[${i}]`;
    if (!isRecord(item)) throw invalid(at, 'Cần một ngày { date, name }');
    const date = parseIsoDate(item.date, `${at}.date`);
    if (date.year !== year) throw invalid(`${at}.date`, `Ngày ${item.date} không thuộc năm ${year}`);
    if (typeof item.name !== 'string' || item.name.trim() === '') throw invalid(`${at}.name`, 'Cần tên ngày');
    if (item.pairedWith !== undefined) parseIsoDate(item.pairedWith, `${at}.pairedWith`);
    if (item.certainty !== undefined && !CERTAINTIES.includes(item.certainty as string)) {
      throw invalid(`${at}.certainty`, `Độ chắc chắn phải là một trong ${CERTAINTIES.join(', ')}`);
    }
    return {
      date: item.date as string,
      name: item.name,
      ...(item.pairedWith === undefined ? {} : { pairedWith: item.pairedWith as string }),
      ...(item.certainty === undefined ? {} : { certainty: item.certainty as Certainty }),
    };
  });
}

function yearAt(value: unknown, index: number): YearCalendar {
  if (!isRecord(value)) throw invalid(`years[${index}]`, 'Cần lịch của một năm { year, holidays, … }');
  const year = value.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1900 || year > 2199) {
    throw invalid(`years[${index}].year`, `Năm không hợp lệ ${JSON.stringify(year)}`);
  }
  const field = `years[${year}]`;
  const lists = Object.fromEntries(DAY_LISTS.map((name) => [name, daysAt(value[name], `${field}.${name}`, year)]));
  const calendar = { year, ...lists } as unknown as YearCalendar;
  // a day both worked and not worked is a typing mistake, not a rule to settle silently
  const off = new Set(
    [...calendar.holidays, ...calendar.compensatoryDaysOff, ...calendar.swapDaysOff, ...calendar.localClosures].map(
      (d) => d.date,
    ),
  );
  calendar.makeUpWorkingDays.forEach((day, i) => {
    if (off.has(day.date)) {
      throw invalid(`${field}.makeUpWorkingDays[${i}].date`, `Ngày ${day.date} vừa là ngày làm bù vừa là ngày nghỉ`);
    }
  });
  return calendar;
}

/** A valid, complete `CalendarConfig` from untrusted input; absent settings take the national defaults. */
export function validateCalendarConfig(input: unknown): CalendarConfig {
  if (!isRecord(input)) throw invalid('calendar', 'Cần một cấu hình lịch làm việc');
  const defaults = defaultCalendarConfig();
  const zone = input.zone ?? defaults.zone;
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) {
    throw invalid('zone', `Múi giờ không hợp lệ ${JSON.stringify(zone)} (ví dụ Asia/Ho_Chi_Minh)`);
  }
  const weeklyRestDays =
    input.weeklyRestDays === undefined
      ? defaults.weeklyRestDays
      : arrayAt(input.weeklyRestDays, 'weeklyRestDays').map((d, i) => weekdayAt(d, `weeklyRestDays[${i}]`));
  const sessions = input.sessions === undefined ? defaults.sessions : sessionsAt(input.sessions, 'sessions');

  let weekdaySessions: Partial<Record<Weekday, OfficeSession[]>> | undefined;
  if (input.weekdaySessions !== undefined) {
    if (!isRecord(input.weekdaySessions)) throw invalid('weekdaySessions', 'Cần một bảng { SAT: [ … ] }');
    weekdaySessions = {};
    for (const [key, value] of Object.entries(input.weekdaySessions)) {
      const day = weekdayAt(key, `weekdaySessions.${key}`);
      if (weeklyRestDays.includes(day)) {
        throw invalid(`weekdaySessions.${key}`, `${key} có giờ làm việc nhưng cũng là ngày nghỉ hằng tuần (weeklyRestDays)`);
      }
      weekdaySessions[day] = sessionsAt(value, `weekdaySessions.${key}`);
    }
  }
  if (weeklyRestDays.length >= WEEKDAYS.length) throw invalid('weeklyRestDays', 'Phải có ít nhất một ngày làm việc trong tuần');

  const cutoffTime = input.cutoffTime ?? defaults.cutoffTime;
  parseClockTime(cutoffTime, 'cutoffTime');
  const applyCutoffToAcceptance = input.applyCutoffToAcceptance ?? defaults.applyCutoffToAcceptance;
  if (typeof applyCutoffToAcceptance !== 'boolean') throw invalid('applyCutoffToAcceptance', 'Cần true hoặc false');
  const calendarDaysEndAt = input.calendarDaysEndAt ?? defaults.calendarDaysEndAt;
  if (!(Object.values(CalendarDayEnd) as unknown[]).includes(calendarDaysEndAt)) {
    throw invalid('calendarDaysEndAt', `Cần một trong ${Object.values(CalendarDayEnd).join(', ')}`);
  }

  const years = input.years === undefined ? [] : arrayAt(input.years, 'years').map(yearAt);
  const seen = new Set<number>();
  years.forEach((y, i) => {
    if (seen.has(y.year)) throw invalid(`years[${i}].year`, `Năm ${y.year} được khai báo hai lần`);
    seen.add(y.year);
  });

  return {
    zone,
    weeklyRestDays,
    sessions,
    ...(weekdaySessions === undefined ? {} : { weekdaySessions }),
    cutoffTime: cutoffTime as string,
    applyCutoffToAcceptance,
    calendarDaysEndAt: calendarDaysEndAt as CalendarDayEnd,
    years,
  };
}
