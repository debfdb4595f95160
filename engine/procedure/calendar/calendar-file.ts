/**
 * A year calendar as a file or a document: what `motcua calendar generate` writes, an
 * administrator edits (the government's annual swaps, local closures) and `motcua calendar
 * publish` or the API publishes, and what a scenario's `calendar: ./lich-2028.json` names.
 *
 * ```json
 * { "agency": "UBNDXA-MAU", "year": 2028, "holidays": [...], "compensatoryDaysOff": [...],
 *   "swapDaysOff": [], "makeUpWorkingDays": [], "localClosures": [] }
 * ```
 * No `agency`: the national calendar, which every agency counts in unless it publishes its own
 * year. A list of years is also accepted: `{ "years": [ {...}, {...} ] }`.
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import { type CalendarConfig, defaultCalendarConfig, type YearCalendar } from './calendar-config.ts';
import { validateCalendarConfig } from './calendar-config-validation.ts';
import { AGENCY_CODE_PATTERN } from '../dossier/receive-input.ts';

/** The agency code that stands for the national calendar (no real agency code can be it). */
export const NATIONAL_CALENDAR = '*';

export interface CalendarYearDocument extends YearCalendar {
  /** absent: the national calendar */
  readonly agency?: string;
}

const YEAR_KEYS = new Set(['year', 'holidays', 'compensatoryDaysOff', 'swapDaysOff', 'makeUpWorkingDays', 'localClosures']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A checked year: every date in its year, no day both worked and off; errors name the field. */
export function parseYearCalendar(input: unknown, field = ''): YearCalendar {
  const at = (name: string) => (field ? `${field}.${name}` : name);
  if (!isRecord(input)) throw new MotcuaError(ErrorCode.InvalidInput, `Cần lịch của một năm { year, holidays, … } (tại ${field || 'calendar'})`, { field: field || 'calendar' });
  const unknown = Object.keys(input).find((key) => !YEAR_KEYS.has(key));
  if (unknown !== undefined) throw new MotcuaError(ErrorCode.InvalidInput, `Trường không xác định "${unknown}" (tại ${at(unknown)})`, { field: at(unknown) });
  try {
    return validateCalendarConfig({ years: [input] }).years[0];
  } catch (error) {
    if (error instanceof MotcuaError && error.field) {
      // validation names `years[2028].holidays[0].date`: say it from where the caller stands
      const inner = error.field.replace(/^years\[[^\]]*\]\.?/, '');
      const named = inner ? at(inner) : field || 'year';
      throw new MotcuaError(ErrorCode.InvalidInput, error.message.replace(/\(tại [^)]*\)$/, `(tại ${named})`), { field: named });
    }
    throw error;
  }
}

/** The years of a calendar file (one year, or `{ years: [...] }`), each with its agency. */
export function parseCalendarFile(input: unknown, name = 'calendar'): CalendarYearDocument[] {
  if (!isRecord(input)) throw new MotcuaError(ErrorCode.InvalidInput, `${name} is not a calendar: expected { year, holidays, … } or { years: [...] }`, { field: name });
  const documents = Array.isArray(input.years) ? input.years : [input];
  return documents.map((document, i) => {
    const field = Array.isArray(input.years) ? `years[${i}]` : '';
    if (!isRecord(document)) return parseYearCalendar(document, field);
    const { agency, ...year } = document;
    if (agency !== undefined && (typeof agency !== 'string' || !new RegExp(AGENCY_CODE_PATTERN).test(agency))) {
      const where = field ? `${field}.agency` : 'agency';
      throw new MotcuaError(ErrorCode.InvalidInput, `${name}: ${where} must be an agency code (letters, digits, . _ -)`, { field: where });
    }
    return { ...parseYearCalendar(year, field), ...(typeof agency === 'string' ? { agency } : {}) };
  });
}

/** `base` with `years` added, each replacing the base's year of the same number. */
export function withYears(base: CalendarConfig, years: readonly YearCalendar[]): CalendarConfig {
  const byYear = new Map(base.years.map((year) => [year.year, year]));
  for (const year of years) byYear.set(year.year, year);
  return { ...base, years: [...byYear.values()].sort((a, b) => a.year - b.year) };
}

/** The national defaults with these years only. */
export function calendarOfYears(years: readonly YearCalendar[]): CalendarConfig {
  return withYears(defaultCalendarConfig(), years);
}
