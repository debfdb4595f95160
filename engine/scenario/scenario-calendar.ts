import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BusinessCalendar } from '../bpmn/timers/calendar.ts';
import { calendarDays } from '../bpmn/timers/index.ts';
import { parseCalendarFile, withYears } from '../procedure/calendar/calendar-file.ts';
import { seedCalendarConfig, WorkingCalendar } from '../procedure/calendar/index.ts';
import { isMotcuaError } from '../errors.ts';
import { CalendarName, type Scenario } from './scenario.ts';
import { ScenarioInputError } from './scenario-input-error.ts';

/**
 * The calendar a scenario's engine counts time in (`calendar:`): plain calendar days, the
 * national Vietnamese agency calendar (Sat/Sun off, statutory holidays of the shipped years), or
 * that calendar with the years of a calendar file (`calendar: ./lich-2028.json`, as
 * `motcua calendar generate` writes it), which replace the shipped years of the same number.
 * An unusable file is a `ScenarioInputError` naming the file and the field.
 */
export async function scenarioCalendar(scenario: Pick<Scenario, 'calendar' | 'calendarFile' | 'file'>): Promise<BusinessCalendar> {
  if (scenario.calendar !== CalendarName.Vn) return calendarDays();
  if (scenario.calendarFile === undefined) return new WorkingCalendar(seedCalendarConfig());
  const name = basename(scenario.calendarFile);
  try {
    const years = parseCalendarFile(JSON.parse(await readFile(scenario.calendarFile, 'utf8')), name);
    return new WorkingCalendar(withYears(seedCalendarConfig(), years));
  } catch (error) {
    const reason = isMotcuaError(error) && error.field ? `${error.field}: ${error.message}` : (error as Error).message;
    throw new ScenarioInputError(scenario.file, [`calendar: ${name}: ${reason}`]);
  }
}
