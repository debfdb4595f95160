/**
 * The calendar of a plain diagram: every day is a working day and every hour a working hour. A
 * procedure that counts Vietnamese working days plugs in its own BusinessCalendar instead.
 */
import { DateTime } from 'luxon';
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { BusinessCalendar } from './calendar.ts';
import { addIsoDuration, assertZone, DEFAULT_ZONE } from './iso8601.ts';

/**
 * A calendar-days calendar in `zone`. It also carries `zone`, which BusinessCalendar lacks, so that
 * a timeDate without an offset is read in the same zone the durations are counted in.
 */
export function calendarDays(zone: string = DEFAULT_ZONE): BusinessCalendar & { readonly zone: string } {
  assertZone(zone);
  return {
    id: 'calendar-days',
    zone,
    addDuration: (from, isoDuration) => addIsoDuration(from, isoDuration, zone),
    // every hour of every day is working time here, so N working days are N whole days later; the
    // Civil Code rule for periods in days (ends at the end of the last day) lives in the VN calendar
    addWorkingDays: (from, days) => {
      if (!Number.isSafeInteger(days) || days < 0) {
        throw new MotcuaError(ErrorCode.TimerInvalid, `workingDays(${days}): expected a whole number of days, 0 or more`);
      }
      return representable(DateTime.fromMillis(from, { zone }).plus({ days }), `workingDays(${days})`);
    },
    addWorkingHours: (from, hours) => {
      if (!Number.isFinite(hours) || hours < 0) {
        throw new MotcuaError(ErrorCode.TimerInvalid, `workingHours(${hours}): expected a number of hours, 0 or more`);
      }
      return representable(DateTime.fromMillis(from, { zone }).plus({ hours }), `workingHours(${hours})`);
    },
  };
}

function representable(due: DateTime, call: string): number {
  if (!due.isValid) {
    throw new MotcuaError(ErrorCode.TimerInvalid, `${call} falls outside the dates a timer can hold: expected a smaller number`);
  }
  return due.toMillis();
}
