import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { ClockTime } from './calendar-config.ts';

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight of an `HH:mm` time (00:00–23:59); `field` names the input on error. */
export function parseClockTime(text: unknown, field: string): number {
  const match = typeof text === 'string' ? CLOCK_TIME.exec(text) : null;
  if (!match) {
    throw new MotcuaError(
      ErrorCode.InvalidInput,
      `Giờ không hợp lệ ${JSON.stringify(text)} tại ${field}: cần dạng HH:mm từ 00:00 đến 23:59 (ví dụ 07:30)`,
      { field },
    );
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

export function formatClockTime(minutes: number): ClockTime {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
