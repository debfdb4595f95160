/**
 * The calendar hook of the timer and deadline arithmetic. The BPMN core counts time only through
 * this interface, so a procedure can count in Vietnamese working days (engine/procedure/calendar)
 * while a plain diagram counts in calendar days. Instants are epoch milliseconds.
 */
export interface BusinessCalendar {
  /** a stable name, e.g. `calendar-days` or `vn` */
  readonly id: string;
  /** the IANA zone dates without an offset are read in (default Asia/Ho_Chi_Minh) */
  readonly zone?: string;
  /** `from` plus an ISO 8601 duration (`P3D`, `PT2H`, `P1M`), with calendar semantics */
  addDuration(from: number, isoDuration: string): number;
  /** the instant N working days after `from` (the start day not counted), at the end of office hours */
  addWorkingDays(from: number, days: number): number;
  /** the instant N working hours after `from`, counting office hours only */
  addWorkingHours(from: number, hours: number): number;
}
