/** Test helpers: write and read instants as Vietnamese wall-clock times (UTC+7, no DST). */
import { DateTime } from 'luxon';
import { WorkingCalendar } from '../../../engine/procedure/calendar/working-calendar.ts';
import { seedCalendarConfig } from '../../../engine/procedure/calendar/seed.ts';

/** `2026-10-05T09:00` in Hà Nội → epoch ms */
export function vn(local: string): number {
  return Date.parse(`${local}:00+07:00`);
}

/** epoch ms → `Mon 2026-10-19T17:00` in Hà Nội (the weekday makes failures readable) */
export function local(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'Asia/Ho_Chi_Minh' }).toFormat("ccc yyyy-MM-dd'T'HH:mm");
}

/** the national defaults with the shipped 2025–2027 years */
export function seedCalendar(): WorkingCalendar {
  return new WorkingCalendar(seedCalendarConfig());
}
