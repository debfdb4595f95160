/**
 * The public holidays the law fixes, computed for any year: Labour Code 2019 Art. 112 plus the
 * compensatory days of Art. 111(3). Only a starting point: the Tết break and the day next to 02/09
 * are announced each year, and announced data (seed.ts or the administrator) replaces these.
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import { type CalendarDay, WEEKDAY_BY_INDEX, Weekday, type YearCalendar } from './calendar-config.ts';
import { civilDateOf, dayNumberOf, dayNumberOfIso, isoDateOfDayNumber, weekdayOfDayNumber } from './iso-date.ts';
import { gioToHungVuong, solarToLunar, tetNguyenDan } from './lunar.ts';

/** Which day joins Quốc khánh 02/09 (Art. 112(1)(đ): "02/9 and one day before or after"). */
export const NationalDayAdjacent = {
  Before: 'BEFORE',
  After: 'AFTER',
  /**
   * The side that joins the weekend, as announced 2021–2025: Mon → 03/09, Tue → 01/09,
   * Thu → 03/09, Fri → 01/09, Sat → 01/09 (Fri); Wed and Sun have no precedent → 03/09.
   */
  Bridge: 'BRIDGE',
} as const;
export type NationalDayAdjacent = (typeof NationalDayAdjacent)[keyof typeof NationalDayAdjacent];

export interface StatutoryYearOptions {
  /** the weekly rest days that trigger compensatory days off; default Saturday and Sunday */
  readonly weeklyRestDays?: readonly Weekday[];
  /**
   * First of the five Tết days relative to mùng 1 Tết, −4 … 0. Default −1: the last day of the
   * old year through mùng 4 (Bính Ngọ 2026: 16–20/02, as announced). The government announces
   * the real break every year; an administrator replaces the computed days with it.
   */
  readonly tetStartOffset?: number;
  /** default `BRIDGE` */
  readonly nationalDayAdjacent?: NationalDayAdjacent;
}

const BRIDGE_SIDE: Record<Weekday, -1 | 1> = { MON: 1, TUE: -1, WED: 1, THU: 1, FRI: -1, SAT: -1, SUN: 1 };

function day(dayNumber: number, name: string, extra: Partial<CalendarDay> = {}): CalendarDay {
  return { date: isoDateOfDayNumber(dayNumber), name, certainty: 'COMPUTED', ...extra };
}

function tetDayName(dayNumber: number): string {
  const lunar = solarToLunar(civilDateOf(dayNumber));
  return lunar.month === 1 ? `Tết Nguyên đán (mùng ${lunar.day} tháng Giêng)` : `Tết Nguyên đán (${lunar.day} tháng Chạp)`;
}

/**
 * Art. 111(3): a holiday on a weekly rest day gives the next working day off. Holidays are taken
 * in date order, and a day already off (holiday or earlier compensatory day) is skipped, so two
 * holidays on one weekend (Tết 2027: Sat 06/02 and Sun 07/02) give two days after the break.
 */
export function compensatoryDaysFor(
  holidays: readonly CalendarDay[],
  weeklyRestDays: readonly Weekday[] = [Weekday.Sat, Weekday.Sun],
): CalendarDay[] {
  const isRest = (n: number) => weeklyRestDays.includes(WEEKDAY_BY_INDEX[weekdayOfDayNumber(n)]);
  const taken = new Set(holidays.map((h) => h.date));
  const result: CalendarDay[] = [];
  const sorted = [...holidays].sort((a, b) => a.date.localeCompare(b.date));
  for (const holiday of sorted) {
    const n = dayNumberOfIso(holiday.date, 'holidays.date');
    if (!isRest(n)) continue;
    let candidate = n + 1;
    while (isRest(candidate) || taken.has(isoDateOfDayNumber(candidate))) candidate++;
    taken.add(isoDateOfDayNumber(candidate));
    result.push(day(candidate, `Nghỉ bù ${holiday.name}`, { pairedWith: holiday.date }));
  }
  return result;
}

/** The statutory year calendar computed from the law and the Vietnamese lunar calendar. */
export function generateStatutoryYear(year: number, options: StatutoryYearOptions = {}): YearCalendar {
  const tetStartOffset = options.tetStartOffset ?? -1;
  if (!Number.isInteger(tetStartOffset) || tetStartOffset < -4 || tetStartOffset > 0) {
    throw new MotcuaError(
      ErrorCode.InvalidInput,
      `tetStartOffset ${tetStartOffset} không hợp lệ: 5 ngày Tết phải chứa mùng 1 (từ −4 đến 0)`,
      { field: 'tetStartOffset' },
    );
  }
  const at = (month: number, d: number) => dayNumberOf({ year, month, day: d });

  const tet = dayNumberOf(tetNguyenDan(year));
  const tetDays = [0, 1, 2, 3, 4].map((i) => day(tet + tetStartOffset + i, tetDayName(tet + tetStartOffset + i)));

  const nationalDay = at(9, 2);
  const policy = options.nationalDayAdjacent ?? NationalDayAdjacent.Bridge;
  const side =
    policy === NationalDayAdjacent.Before
      ? -1
      : policy === NationalDayAdjacent.After
        ? 1
        : BRIDGE_SIDE[WEEKDAY_BY_INDEX[weekdayOfDayNumber(nationalDay)]];
  const adjacent = day(nationalDay + side, 'Quốc khánh (ngày liền kề)', { pairedWith: isoDateOfDayNumber(nationalDay) });

  const holidays: CalendarDay[] = [
    day(at(1, 1), 'Tết Dương lịch'),
    ...tetDays,
    day(dayNumberOf(gioToHungVuong(year)), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
    day(at(4, 30), 'Ngày Chiến thắng (30/4)'),
    day(at(5, 1), 'Ngày Quốc tế Lao động (1/5)'),
    ...(side < 0 ? [adjacent] : []),
    day(nationalDay, 'Quốc khánh (2/9)'),
    ...(side > 0 ? [adjacent] : []),
  ];
  return {
    year,
    holidays,
    compensatoryDaysOff: compensatoryDaysFor(holidays, options.weeklyRestDays),
    swapDaysOff: [],
    makeUpWorkingDays: [],
    localClosures: [],
  };
}
