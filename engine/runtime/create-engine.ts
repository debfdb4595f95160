/** Build an engine from settings: the store URL (MOTCUA_DB), the clock and the working calendar. */
import { calendarDays } from '../bpmn/timers/index.ts';
import type { BusinessCalendar } from '../bpmn/timers/calendar.ts';
import { openStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import type { Clock } from './api.ts';
import type { CommitExtension } from './commit-extension.ts';
import { Engine } from './Engine.ts';

export interface CreateEngineOptions {
  /** `sqlite::memory:`, `sqlite:./data/motcua.db` or `mongodb://…`, or a store already open; default MOTCUA_DB, else the embedded file */
  readonly store?: string | Store;
  readonly clock?: Clock;
  readonly calendar?: BusinessCalendar;
  readonly log?: (line: string) => void;
  readonly extensions?: readonly CommitExtension[];
}

export const systemClock: Clock = { now: () => Date.now() };

export async function createEngine(options: CreateEngineOptions = {}): Promise<Engine> {
  const store = typeof options.store === 'object' ? options.store : await openStore(options.store ?? process.env.MOTCUA_DB ?? 'sqlite:./data/motcua.db');
  return new Engine({
    store,
    clock: options.clock ?? systemClock,
    calendar: options.calendar ?? calendarDays(),
    ...(options.log ? { log: options.log } : {}),
    ...(options.extensions ? { extensions: options.extensions } : {}),
  });
}
