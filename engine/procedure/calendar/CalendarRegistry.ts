/**
 * The working calendars of every agency, as the store holds them. A year is generated from the
 * statutory rules as a draft, edited (the government's annual swaps, local closures) and
 * published, all without a release: store records of kind `calendar`, id `<agency>/<year>`
 * (`*` for the national calendar), each holding the year's draft and its published version.
 *
 * An agency counts in: the shipped seed years, replaced or extended by the national published
 * years, replaced or extended by its own published years.
 *
 * Every server process reads the same store, so a year published by one process must reach the
 * others. Each publish bumps the store counter `calendar.changes`; `refresh()` reads that one
 * counter (an indexed read) and reloads the published years only when it moved. The product
 * calls it before every dossier operation and on a short interval (open-motcua.ts), and at once
 * in the process that published; `calendarFor` itself stays synchronous, as the engine's
 * deadline arithmetic needs.
 */
import type { BusinessCalendar } from '../../bpmn/timers/calendar.ts';
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { Store } from '../../store/port.ts';
import type { CalendarConfig, YearCalendar } from './calendar-config.ts';
import { NATIONAL_CALENDAR, parseYearCalendar, withYears } from './calendar-file.ts';
import { seedCalendarConfig } from './seed.ts';
import { generateStatutoryYear, type StatutoryYearOptions } from './statutory-holidays.ts';
import { WorkingCalendar } from './working-calendar.ts';

const KIND = 'calendar';
const CHANGES = 'calendar.changes';

/** Who changed a year, and when (ISO 8601). */
export interface CalendarStamp {
  readonly at: string;
  readonly by: string;
}

/** The stored record of one agency's year. */
export interface CalendarYearRecord {
  readonly agency: string;
  readonly year: number;
  readonly draft?: YearCalendar & { readonly updated: CalendarStamp };
  readonly published?: YearCalendar & { readonly published: CalendarStamp };
}

/** Where an agency's year comes from when it counts. */
export type CalendarSource = 'agency' | 'national' | 'seed' | 'missing';

export interface CalendarYearView {
  readonly agency: string;
  readonly year: number;
  /** the year the agency counts in, and where it comes from */
  readonly source: CalendarSource;
  readonly effective?: YearCalendar;
  readonly draft?: CalendarYearRecord['draft'];
  readonly published?: CalendarYearRecord['published'];
}

function yearOnly(year: YearCalendar): YearCalendar {
  const { year: number, holidays, compensatoryDaysOff, swapDaysOff, makeUpWorkingDays, localClosures } = year;
  return { year: number, holidays, compensatoryDaysOff, swapDaysOff, makeUpWorkingDays, localClosures };
}

export class CalendarRegistry {
  private readonly seed: CalendarConfig = seedCalendarConfig();
  /** agency → its published years (national under `*`), as last loaded */
  private published = new Map<string, YearCalendar[]>();
  private readonly calendars = new Map<string, WorkingCalendar>();
  private seenChanges = -1;

  constructor(private readonly store: Store, private readonly clock: { now(): number }) {}

  /** Reload the published years if any process published since the last look; cheap otherwise. */
  async refresh(): Promise<void> {
    const changes = (await this.store.countersWithPrefix(CHANGES))[CHANGES] ?? 0;
    if (changes === this.seenChanges) return;
    const published = new Map<string, YearCalendar[]>();
    for (let offset = 0; ; offset += 1000) {
      const page = await this.store.listRecords(KIND, { limit: 1000, offset });
      for (const record of page) {
        const value = record.value as CalendarYearRecord;
        if (value.published) published.set(value.agency, [...(published.get(value.agency) ?? []), yearOnly(value.published)]);
      }
      if (page.length < 1000) break;
    }
    this.published = published;
    this.calendars.clear();
    this.seenChanges = changes;
  }

  /** The calendar `agency` counts in now (as of the last refresh). */
  calendarFor(agency: string): WorkingCalendar {
    let calendar = this.calendars.get(agency);
    if (!calendar) {
      const national = withYears(this.seed, this.published.get(NATIONAL_CALENDAR) ?? []);
      const own = agency === NATIONAL_CALENDAR ? [] : (this.published.get(agency) ?? []);
      calendar = new WorkingCalendar(withYears(national, own));
      this.calendars.set(agency, calendar);
    }
    return calendar;
  }

  /**
   * The national calendar as the engine's timer hook: it reads the registry at every use, so a
   * published year counts in `workingDays(n)` due dates and timers without a restart.
   */
  engineCalendar(): BusinessCalendar {
    const current = () => this.calendarFor(NATIONAL_CALENDAR);
    return {
      id: 'vn',
      get zone() {
        return current().config.zone;
      },
      addDuration: (from, duration) => current().addDuration(from, duration),
      addWorkingDays: (from, days) => current().addWorkingDays(from, days),
      addWorkingHours: (from, hours) => current().addWorkingHours(from, hours),
    };
  }

  /** The year of `agency`: what it counts in, its draft and its published version. */
  async year(agency: string, year: number): Promise<CalendarYearView> {
    await this.refresh();
    const record = (await this.store.getRecord(KIND, idOf(agency, year)))?.value as CalendarYearRecord | undefined;
    const own = agency === NATIONAL_CALENDAR ? undefined : this.published.get(agency)?.find((y) => y.year === year);
    const national = this.published.get(NATIONAL_CALENDAR)?.find((y) => y.year === year);
    const seed = this.seed.years.find((y) => y.year === year);
    const [source, effective]: [CalendarSource, YearCalendar | undefined] = own
      ? ['agency', own]
      : national
        ? ['national', national]
        : seed
          ? ['seed', seed]
          : ['missing', undefined];
    return {
      agency,
      year,
      source,
      ...(effective ? { effective } : {}),
      ...(record?.draft ? { draft: record.draft } : {}),
      ...(record?.published ? { published: record.published } : {}),
    };
  }

  /** Start a draft of `year` from the statutory rules (solar holidays, lunar Tết and Giỗ Tổ, compensatory days). */
  async generate(agency: string, year: number, by: string, options: StatutoryYearOptions = {}): Promise<CalendarYearView> {
    return this.saveDraft(agency, generateStatutoryYear(year, options), by);
  }

  /** Keep `calendar` as the draft of its year; it counts only once published. */
  async saveDraft(agency: string, calendar: unknown, by: string, year?: number): Promise<CalendarYearView> {
    const checked = parseYearCalendar(calendar);
    if (year !== undefined && checked.year !== year) {
      throw new MotcuaError(ErrorCode.InvalidInput, `the calendar is of year ${checked.year}, not ${year}`, { field: 'year' });
    }
    await this.update(agency, checked.year, (record) => ({ ...record, draft: { ...checked, updated: this.stamp(by) } }));
    return this.year(agency, checked.year);
  }

  /** Publish the year's draft: from now on the agency's deadlines count in it. */
  async publishDraft(agency: string, year: number, by: string): Promise<CalendarYearView> {
    const record = (await this.store.getRecord(KIND, idOf(agency, year)))?.value as CalendarYearRecord | undefined;
    if (!record?.draft) throw new MotcuaError(ErrorCode.NotFound, `no draft of the ${year} calendar of ${agency}: generate or save one first`, { field: 'year' });
    return this.publish(agency, yearOnly(record.draft), by);
  }

  /** Publish a year directly (the CLI's `motcua calendar publish <file>`); the draft becomes it too. */
  async publish(agency: string, calendar: unknown, by: string): Promise<CalendarYearView> {
    const checked = parseYearCalendar(calendar);
    // counting into the year must work before anyone relies on it (e.g. a make-up day on a holiday)
    new WorkingCalendar(withYears(this.seed, [checked]));
    await this.update(agency, checked.year, (record) => ({
      ...record,
      draft: { ...checked, updated: this.stamp(by) },
      published: { ...checked, published: this.stamp(by) },
    }));
    await this.store.nextCounter(CHANGES);
    await this.refresh();
    return this.year(agency, checked.year);
  }

  private stamp(by: string): CalendarStamp {
    return { at: new Date(this.clock.now()).toISOString(), by };
  }

  /** Read-modify-write of one record; a concurrent writer makes it read again. */
  private async update(agency: string, year: number, change: (record: CalendarYearRecord) => CalendarYearRecord): Promise<void> {
    const id = idOf(agency, year);
    for (;;) {
      const stored = await this.store.getRecord(KIND, id);
      const current = (stored?.value as CalendarYearRecord | undefined) ?? { agency, year };
      try {
        await this.store.putRecord(KIND, id, change(current), stored?.revision ?? 0);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'RECORD_CONFLICT') throw error;
      }
    }
  }
}

function idOf(agency: string, year: number): string {
  return `${agency}/${year}`;
}
