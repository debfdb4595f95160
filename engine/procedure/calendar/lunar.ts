/**
 * The Vietnamese lunisolar calendar (âm lịch), after Hồ Ngọc Đức, "Computing the Vietnamese
 * lunar calendar" (public algorithm, also published as amlich.js).
 *
 * Why our own code and not a package: the npm candidates are single-release, rarely downloaded
 * and unmaintained, and a Chinese-calendar library is wrong for us. The Vietnamese calendar is
 * the Chinese rules evaluated at UTC+7 instead of UTC+8: a new moon shortly after 16:00 UTC
 * starts a month one day earlier in Hà Nội than in Beijing (Tết 2030: 02/02 here, 03/02 there;
 * 2007: 17/02 vs 18/02; 1985 even differs by a month). Hence the `timeZone` parameter, default 7.
 *
 * Astronomy is the short series of Meeus that Hồ Ngọc Đức uses; it is exact enough at day
 * precision for 1800–2199 (his published tables), so inputs outside that range are rejected.
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import { type CivilDate, civilDateOf, dayNumberOf } from './iso-date.ts';

/** Hours east of UTC used for Vietnamese lunar dates (Asia/Ho_Chi_Minh). */
export const VIETNAM_TIME_ZONE_HOURS = 7;

export const LUNAR_MIN_YEAR = 1800;
export const LUNAR_MAX_YEAR = 2199;

export interface LunarDate {
  /** the lunar year, numbered like the Gregorian year in which it mostly falls (Bính Ngọ = 2026) */
  readonly year: number;
  /** 1 (tháng Giêng) … 12 (tháng Chạp) */
  readonly month: number;
  /** 1 (mùng 1) … 29 or 30 */
  readonly day: number;
  /** a leap month (tháng nhuận) repeats the number of the month before it */
  readonly leap: boolean;
}

const RAD = Math.PI / 180;
/** mean length of a synodic month, in days */
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1900-01-01, the epoch of the new-moon index k */
const NEW_MOON_EPOCH = 2415021.076998695;

/** Julian day (fractional, UT) of the k-th new moon after the epoch (Meeus, ch. 47 short form). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * RAD);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * RAD) + 0.0021 * Math.sin(2 * RAD * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * RAD) + 0.0161 * Math.sin(RAD * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(RAD * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(RAD * 2 * F) - 0.0051 * Math.sin(RAD * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(RAD * (M - Mpr)) + 0.0004 * Math.sin(RAD * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(RAD * (2 * F - M)) - 0.0006 * Math.sin(RAD * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(RAD * (2 * F - Mpr)) + 0.0005 * Math.sin(RAD * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd + c1 - deltaT;
}

/** Apparent sun longitude in radians, 0 … 2π, at a fractional Julian day (UT). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let dl = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(RAD * M);
  dl += (0.019993 - 0.000101 * T) * Math.sin(RAD * 2 * M) + 0.00029 * Math.sin(RAD * 3 * M);
  const l = (L0 + dl) * RAD;
  return l - Math.PI * 2 * Math.floor(l / (Math.PI * 2));
}

/** The local day number on which the k-th new moon falls. */
function newMoonDay(k: number, timeZone: number): number {
  return Math.floor(newMoon(k) + 0.5 + timeZone / 24);
}

/** Which of the 12 major solar terms (0 … 11, 30° each) holds at the start of a local day. */
function solarTermSector(dayNumber: number, timeZone: number): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - timeZone / 24) / Math.PI) * 6);
}

/** Day number of the first day of lunar month 11 (the month of the winter solstice) of `year`. */
function lunarMonth11(year: number, timeZone: number): number {
  const offset = dayNumberOf({ year, month: 12, day: 31 }) - 2415021;
  const k = Math.floor(offset / SYNODIC_MONTH);
  const nm = newMoonDay(k, timeZone);
  // a month starting at or after the solstice (sun ≥ 270°) is month 12, so step back one
  return solarTermSector(nm, timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : nm;
}

/** In a 13-month year starting at month 11 `a11`: how many months after it the leap month is. */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = solarTermSector(newMoonDay(k + i, timeZone), timeZone);
  let last: number;
  // the leap month is the first one that contains no major solar term
  do {
    last = arc;
    i++;
    arc = solarTermSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

function checkYear(year: number, field: string): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new MotcuaError(
      ErrorCode.InvalidInput,
      `Năm ${year} nằm ngoài khoảng tính âm lịch ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}`,
      { field },
    );
  }
}

/** The lunar date of a Gregorian date (Vietnamese calendar unless another zone is given). */
export function solarToLunar(date: CivilDate, timeZone = VIETNAM_TIME_ZONE_HOURS): LunarDate {
  checkYear(date.year, 'date.year');
  const dayNumber = dayNumberOf(date);
  const k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, timeZone);
  let a11 = lunarMonth11(date.year, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = date.year;
    a11 = lunarMonth11(date.year - 1, timeZone);
  } else {
    lunarYear = date.year + 1;
    b11 = lunarMonth11(date.year + 1, timeZone);
  }
  const day = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month, day, leap };
}

/**
 * The Gregorian date of a lunar date. Throws `InvalidInput` for a leap month the year does not
 * have, a month outside 1–12 or a day outside 1–30 (day 30 of a 29-day month is also rejected).
 */
export function lunarToSolar(lunar: LunarDate, timeZone = VIETNAM_TIME_ZONE_HOURS): CivilDate {
  checkYear(lunar.year, 'lunar.year');
  if (!Number.isInteger(lunar.month) || lunar.month < 1 || lunar.month > 12) {
    throw new MotcuaError(ErrorCode.InvalidInput, `Tháng âm lịch ${lunar.month} không hợp lệ (1–12)`, {
      field: 'lunar.month',
    });
  }
  if (!Number.isInteger(lunar.day) || lunar.day < 1 || lunar.day > 30) {
    throw new MotcuaError(ErrorCode.InvalidInput, `Ngày âm lịch ${lunar.day} không hợp lệ (1–30)`, {
      field: 'lunar.day',
    });
  }
  let a11: number;
  let b11: number;
  if (lunar.month < 11) {
    a11 = lunarMonth11(lunar.year - 1, timeZone);
    b11 = lunarMonth11(lunar.year, timeZone);
  } else {
    a11 = lunarMonth11(lunar.year, timeZone);
    b11 = lunarMonth11(lunar.year + 1, timeZone);
  }
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let offset = lunar.month - 11;
  if (offset < 0) offset += 12;
  let leapMonth: number | undefined;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11, timeZone);
    leapMonth = leapOffset - 2;
    // offset 1 is a leap 11th month, offset 2 a leap 12th (the original only handled the former)
    if (leapMonth <= 0) leapMonth += 12;
    if (lunar.leap || offset >= leapOffset) offset += 1;
  }
  if (lunar.leap && lunar.month !== leapMonth) {
    throw new MotcuaError(
      ErrorCode.InvalidInput,
      `Năm âm lịch ${lunar.year} không có tháng ${lunar.month} nhuận`,
      { field: 'lunar.leap' },
    );
  }
  const monthStart = newMoonDay(k + offset, timeZone);
  const dayNumber = monthStart + lunar.day - 1;
  if (lunar.day === 30 && newMoonDay(k + offset + 1, timeZone) === dayNumber) {
    throw new MotcuaError(
      ErrorCode.InvalidInput,
      `Tháng ${lunar.month}${lunar.leap ? ' nhuận' : ''} năm âm lịch ${lunar.year} chỉ có 29 ngày`,
      { field: 'lunar.day' },
    );
  }
  return civilDateOf(dayNumber);
}

/** The leap month (1–12) of a lunar year, or undefined in a 12-month year. */
export function leapMonthOf(lunarYear: number, timeZone = VIETNAM_TIME_ZONE_HOURS): number | undefined {
  checkYear(lunarYear, 'lunarYear');
  // months 1–10 of lunar year Y lie between month 11 of Y-1 and month 11 of Y; months 11–12 of Y
  // between month 11 of Y and month 11 of Y+1: look in both windows, keep the months of Y
  const inWindow = (startYear: number): number | undefined => {
    const a11 = lunarMonth11(startYear, timeZone);
    const b11 = lunarMonth11(startYear + 1, timeZone);
    if (b11 - a11 <= 365) return undefined;
    const leapMonth = leapMonthOffset(a11, timeZone) - 2;
    return leapMonth <= 0 ? leapMonth + 12 : leapMonth;
  };
  const early = inWindow(lunarYear - 1);
  if (early !== undefined && early <= 10) return early;
  const late = inWindow(lunarYear);
  return late !== undefined && late >= 11 ? late : undefined;
}

/** Mùng 1 Tết (1st day of the 1st lunar month) of a lunar year. */
export function tetNguyenDan(lunarYear: number, timeZone = VIETNAM_TIME_ZONE_HOURS): CivilDate {
  return lunarToSolar({ year: lunarYear, month: 1, day: 1, leap: false }, timeZone);
}

/** Giỗ Tổ Hùng Vương, the 10th day of the (non-leap) 3rd lunar month. */
export function gioToHungVuong(lunarYear: number, timeZone = VIETNAM_TIME_ZONE_HOURS): CivilDate {
  return lunarToSolar({ year: lunarYear, month: 3, day: 10, leap: false }, timeZone);
}
