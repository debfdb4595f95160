/**
 * How an officer reads a deadline: the working days left in the agency's calendar and the due
 * state shown as colour and text (on time / due within one working day / overdue). Computed on the
 * server from the agency's calendar, so no browser ever does calendar arithmetic.
 */
import type { WorkingCalendar } from '../calendar/index.ts';

export const DueState = { OnTime: 'ON_TIME', DueSoon: 'DUE_SOON', Overdue: 'OVERDUE', None: 'NONE' } as const;
export type DueState = (typeof DueState)[keyof typeof DueState];

export const DUE_STATE_LABEL: Readonly<Record<DueState, string>> = {
  ON_TIME: 'Trong hạn',
  DUE_SOON: 'Sắp đến hạn',
  OVERDUE: 'Quá hạn',
  NONE: 'Không có hạn',
};

/**
 * Working days from `now` to `dueAt`: 0 when it falls due before the end of today's office hours
 * (or the next working day's, on a rest day), negative once it is past (the working days elapsed
 * since, at least 1). Undefined without a due date.
 */
export function remainingWorkingDays(calendar: WorkingCalendar, now: number, dueAt: string | undefined): number | undefined {
  if (dueAt === undefined) return undefined;
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return undefined;
  if (due >= now) return calendar.workingTimeBetween(now, due).workingDays;
  return -Math.max(1, calendar.workingTimeBetween(due, now).workingDays);
}

/** The end of the next working day's office hours: "due within one working day" means before it. */
export function dueSoonHorizon(calendar: WorkingCalendar, now: number): number {
  return calendar.addWorkingDays(now, 1);
}

export function dueStateOf(calendar: WorkingCalendar, now: number, dueAt: string | undefined): DueState {
  if (dueAt === undefined) return DueState.None;
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return DueState.None;
  if (due < now) return DueState.Overdue;
  return due <= dueSoonHorizon(calendar, now) ? DueState.DueSoon : DueState.OnTime;
}
