/**
 * Calendar dates without a time or a zone, as `YYYY-MM-DD` strings (JSON-friendly, sortable), and
 * their Julian day numbers (integers, one per day) for arithmetic. The lunar algorithm works on
 * day numbers too, so both share these conversions.
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';

/** a civil (proleptic Gregorian) date, `2026-02-17` */
export type IsoDate = string;

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Day of the week as in JavaScript: 0 = Sunday … 6 = Saturday. */
export type WeekdayIndex = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Julian day number of a Gregorian date (noon-based, so an integer per civil day). */
export function dayNumberOf(date: CivilDate): number {
  const a = Math.floor((14 - date.month) / 12);
  const y = date.year + 4800 - a;
  const m = date.month + 12 * a - 3;
  return (
    date.day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

/** The Gregorian date of a Julian day number. */
export function civilDateOf(dayNumber: number): CivilDate {
  const a = dayNumber + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: 100 * b + d - 4800 + Math.floor(m / 10),
  };
}

export function formatIsoDate(date: CivilDate): IsoDate {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Parses `YYYY-MM-DD`, rejecting impossible dates such as `2026-02-30`; `field` names the input. */
export function parseIsoDate(text: unknown, field: string): CivilDate {
  const match = typeof text === 'string' ? ISO_DATE.exec(text) : null;
  if (match) {
    const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
    // a round trip through the day number catches 31/04, 29/02 in common years, month 13 …
    if (formatIsoDate(civilDateOf(dayNumberOf(date))) === text) return date;
  }
  throw new MotcuaError(
    ErrorCode.InvalidInput,
    `Ngày không hợp lệ ${JSON.stringify(text)} tại ${field}: cần dạng YYYY-MM-DD (ví dụ 2026-02-17)`,
    { field },
  );
}

export function isoDateOfDayNumber(dayNumber: number): IsoDate {
  return formatIsoDate(civilDateOf(dayNumber));
}

export function dayNumberOfIso(date: IsoDate, field = 'date'): number {
  return dayNumberOf(parseIsoDate(date, field));
}

export function weekdayOfDayNumber(dayNumber: number): WeekdayIndex {
  return ((dayNumber + 1) % 7) as WeekdayIndex;
}
