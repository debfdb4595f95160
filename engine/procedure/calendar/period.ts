/**
 * A legal time limit as a procedure publishes it: a value and its unit. The unit is stored as
 * published — "ngày" is `DAYS` (calendar days), never silently turned into working days.
 */

export const DeadlineUnit = {
  /** ngày làm việc: the start day not counted, due at the close of the N-th working day after it */
  WorkingDays: 'WORKING_DAYS',
  /** ngày (calendar days, Civil Code Art. 147–148) */
  Days: 'DAYS',
  /** giờ làm việc: office-session time only */
  WorkingHours: 'WORKING_HOURS',
  /** ngay trong ngày, with the cut-off; the value is ignored */
  SameDay: 'SAME_DAY',
} as const;
export type DeadlineUnit = (typeof DeadlineUnit)[keyof typeof DeadlineUnit];

export interface Period {
  readonly value: number;
  readonly unit: DeadlineUnit;
}

/** What a supplement request during processing does to the clock (DOMAIN §3.3). */
export const SupplementPolicy = {
  /** time used before the request counts; the rest runs again after the resubmission (default) */
  Pause: 'PAUSE',
  /** a fresh full period from the resubmission */
  Reset: 'RESET',
} as const;
export type SupplementPolicy = (typeof SupplementPolicy)[keyof typeof SupplementPolicy];

/**
 * What the clock does while the dossier waits for fees or another financial obligation
 * (CHO_NGHIA_VU_TAI_CHINH): DOMAIN §2 says per procedure, paused by default [U].
 */
export const PaymentWaitPolicy = {
  /** the clock stops, and runs again with what was left once the obligation is met (default) */
  Pause: 'PAUSE',
  /** the wait counts as processing time */
  Run: 'RUN',
} as const;
export type PaymentWaitPolicy = (typeof PaymentWaitPolicy)[keyof typeof PaymentWaitPolicy];

/** Per-procedure settings that override the agency calendar's. */
export interface DeadlineOptions {
  /** the procedure's same-day cut-off `HH:mm`; default the calendar's `cutoffTime` */
  readonly cutoffTime?: string;
  /** the procedure's choice whether an acceptance after the cut-off counts from the next working day; default the calendar's */
  readonly applyCutoffToAcceptance?: boolean;
}


/** Time worked between two instants. */
export interface WorkingTime {
  /** working days after the first instant's day, up to and including the second instant's day */
  readonly workingDays: number;
  /** office-session milliseconds between the two instants */
  readonly workingMs: number;
}
