/**
 * Timer arithmetic of BPMN timer events (Camunda 7 dialect): what a timeDate, timeDuration or
 * timeCycle text means and when it fires. Pure: `now` comes in as epoch ms, calendars count time.
 */
export { calendarDays } from './calendar-days.ts';
export { addIsoDuration, DEFAULT_ZONE, parseInstant } from './iso8601.ts';
export { checkTimer, nextCycle, scheduleTimer, type TimerSchedule } from './schedule.ts';
