import type { BusinessCalendar } from '../bpmn/timers/calendar.ts';
import { calendarDays } from '../bpmn/timers/index.ts';
import { seedCalendarConfig, WorkingCalendar } from '../procedure/calendar/index.ts';
import { CalendarName } from './scenario.ts';

/**
 * The calendar a scenario's engine counts time in (`calendar:`): plain calendar days, or the
 * national Vietnamese agency calendar (Sat/Sun off, statutory holidays of the shipped years).
 */
export function scenarioCalendar(name: CalendarName): BusinessCalendar {
  return name === CalendarName.Vn ? new WorkingCalendar(seedCalendarConfig()) : calendarDays();
}
