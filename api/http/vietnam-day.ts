import { DateTime } from 'luxon';
import { VIETNAM_ZONE } from '../../engine/index.ts';

/** `YYYY-MM-DD` as the start of that day in Vietnam (epoch ms); `next` gives the start of the day after. */
export function dayStart(date: string, next = false): number {
  const day = DateTime.fromISO(date, { zone: VIETNAM_ZONE }).startOf('day');
  return (next ? day.plus({ days: 1 }) : day).toMillis();
}
