/**
 * `motcua calendar`: a working-calendar year from the command line, the same way an
 * administrator does it through the API — generate it from the statutory rules into a file, edit
 * the file (the government's annual swaps, local closures), publish it into the store of
 * MOTCUA_DB, show what an agency counts in.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { isMotcuaError } from '../errors.ts';
import { CalendarRegistry } from '../procedure/calendar/CalendarRegistry.ts';
import { NATIONAL_CALENDAR, parseCalendarFile } from '../procedure/calendar/calendar-file.ts';
import { generateStatutoryYear } from '../procedure/calendar/statutory-holidays.ts';
import { configuredStoreUrl, openStore } from '../store/index.ts';
import { type CliCommand, type CliOutput, ExitStatus } from './cli-command.ts';

const USAGE = [
  'usage: motcua calendar generate <year> [--agency <code>] [-o <file>]',
  '       motcua calendar publish <file>',
  '       motcua calendar show <year> [--agency <code>]',
  '',
  'generate  compute a year from the statutory rules (Labour Code 2019 Art. 112: solar',
  '          holidays, Tết and Giỗ Tổ from the lunar calendar, compensatory days of',
  '          Art. 111(3)) and write it as JSON (to stdout without -o); edit it to the',
  "          year's announcement (swapDaysOff, makeUpWorkingDays, localClosures)",
  'publish   publish the years of a calendar file into the store of MOTCUA_DB (default',
  '          sqlite:./data/motcua.db): deadlines count in them from now on, in every',
  '          process on that store; without "agency" the year is national',
  'show      print the year an agency counts in, and where it comes from',
  '',
  'exit status: 0 done, 2 unusable input (bad arguments, unreadable or invalid file)',
].join('\n');

interface Parsed {
  readonly positional: string[];
  readonly agency?: string;
  readonly out?: string;
}

function parseArgs(args: readonly string[]): Parsed | string {
  const positional: string[] = [];
  let agency: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--agency' || arg === '-o' || arg === '--out') {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      if (arg === '--agency') agency = value;
      else out = value;
    } else if (arg.startsWith('-')) {
      return `unknown option ${arg}`;
    } else {
      positional.push(arg);
    }
  }
  return { positional, ...(agency !== undefined ? { agency } : {}), ...(out !== undefined ? { out } : {}) };
}

function yearOf(text: string | undefined): number | undefined {
  const year = Number(text);
  return Number.isInteger(year) && year >= 1900 && year <= 2199 ? year : undefined;
}

async function withRegistry<T>(work: (registry: CalendarRegistry) => Promise<T>): Promise<T> {
  const store = await openStore(configuredStoreUrl());
  try {
    return await work(new CalendarRegistry(store, { now: () => Date.now() }));
  } finally {
    await store.close();
  }
}

async function generate(parsed: Parsed, output: CliOutput): Promise<number> {
  const year = yearOf(parsed.positional[1]);
  if (year === undefined) {
    output.err(`motcua calendar generate: give a year from 1900 to 2199, found ${parsed.positional[1] ?? 'none'}`);
    return ExitStatus.Unusable;
  }
  const document = { ...(parsed.agency ? { agency: parsed.agency } : {}), ...generateStatutoryYear(year) };
  // checked like any file an administrator hands back (the agency code, every date)
  parseCalendarFile(document);
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (parsed.out === undefined) {
    output.out(text.trimEnd());
  } else {
    await writeFile(parsed.out, text);
    output.out(`wrote the ${year} calendar${parsed.agency ? ` of ${parsed.agency}` : ' (national)'} to ${parsed.out}: ${document.holidays.length} holidays, ${document.compensatoryDaysOff.length} compensatory days off`);
  }
  return ExitStatus.Ok;
}

async function publish(parsed: Parsed, output: CliOutput): Promise<number> {
  const file = parsed.positional[1];
  if (file === undefined) {
    output.err('motcua calendar publish: give the calendar file');
    return ExitStatus.Unusable;
  }
  const years = parseCalendarFile(JSON.parse(await readFile(file, 'utf8')), file);
  const by = `cli:${userInfo().username}`;
  await withRegistry(async (registry) => {
    for (const year of years) {
      const { agency, ...calendar } = year;
      await registry.publish(agency ?? NATIONAL_CALENDAR, calendar, by);
      output.out(`published the ${calendar.year} calendar${agency ? ` of ${agency}` : ' (national)'} into ${configuredStoreUrl().replace(/\/\/[^@/]*@/, '//…@')}`);
    }
  });
  return ExitStatus.Ok;
}

async function show(parsed: Parsed, output: CliOutput): Promise<number> {
  const year = yearOf(parsed.positional[1]);
  if (year === undefined) {
    output.err(`motcua calendar show: give a year from 1900 to 2199, found ${parsed.positional[1] ?? 'none'}`);
    return ExitStatus.Unusable;
  }
  const agency = parsed.agency ?? NATIONAL_CALENDAR;
  const view = await withRegistry((registry) => registry.year(agency, year));
  const who = agency === NATIONAL_CALENDAR ? 'national' : agency;
  if (!view.effective) {
    output.out(`${year} (${who}): not declared — dossiers due in it are refused until a year is published`);
    return ExitStatus.Ok;
  }
  output.out(`${year} (${who}): from ${view.source}${view.published ? `, published ${view.published.published.at} by ${view.published.published.by}` : ''}`);
  const lists = [
    ['holiday', view.effective.holidays],
    ['compensatory day off', view.effective.compensatoryDaysOff],
    ['swap day off', view.effective.swapDaysOff],
    ['make-up working day', view.effective.makeUpWorkingDays],
    ['local closure', view.effective.localClosures],
  ] as const;
  const days = lists.flatMap(([kind, list]) => list.map((day) => ({ ...day, kind })));
  for (const day of days.sort((a, b) => a.date.localeCompare(b.date))) output.out(`  ${day.date}  ${day.kind.padEnd(20)}  ${day.name}`);
  return ExitStatus.Ok;
}

export const calendarCommand: CliCommand = {
  name: 'calendar',
  summary: 'generate, publish and show working-calendar years (holidays, Tết, swaps)',
  usage: USAGE,
  async run(args, output) {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      output.err(`motcua calendar: ${parsed}`);
      output.err(USAGE);
      return ExitStatus.Unusable;
    }
    const action = { generate, publish, show }[parsed.positional[0] as 'generate' | 'publish' | 'show'];
    if (!action) {
      output.err(`motcua calendar: ${parsed.positional[0] === undefined ? 'give generate, publish or show' : `unknown action ${parsed.positional[0]}`}`);
      output.err(USAGE);
      return ExitStatus.Unusable;
    }
    try {
      return await action(parsed, output);
    } catch (error) {
      if (!isMotcuaError(error) && !(error instanceof SyntaxError) && (error as NodeJS.ErrnoException).code === undefined) throw error;
      output.err(`motcua calendar: ${error instanceof Error ? error.message : String(error)}`);
      return ExitStatus.Unusable;
    }
  },
};
