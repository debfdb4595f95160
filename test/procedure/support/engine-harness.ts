/**
 * A real engine on the embedded in-memory store with the dossier commit extension, a manual
 * clock on Hà Nội time and the fixture catalog — what production runs, minus the job executor.
 */
import { readFileSync } from 'node:fs';
import { Engine } from '../../../engine/runtime/Engine.ts';
import { createEngine } from '../../../engine/runtime/create-engine.ts';
import { ManualClock } from '../../../engine/scenario/manual-clock.ts';
import { openStore } from '../../../engine/store/index.ts';
import type { CommitUnit, Store } from '../../../engine/store/port.ts';
import type { WorkingCalendar } from '../../../engine/procedure/calendar/working-calendar.ts';
import { ProcedureCatalog } from '../../../engine/procedure/catalog/ProcedureCatalog.ts';
import { DossierCommitExtension } from '../../../engine/procedure/dossier/DossierCommitExtension.ts';
import { DossierService } from '../../../engine/procedure/dossier/DossierService.ts';
import { MemoryCounters } from '../../../engine/procedure/kpi/counter-reader.ts';
import { calendar, fixtureRecords, FIXTURES, SCENARIOS } from './sample-dossier.ts';

export interface Harness {
  readonly engine: Engine;
  readonly clock: ManualClock;
  readonly catalog: ProcedureCatalog;
  readonly service: DossierService;
  /** every counter the commits bumped, added up beside the store: what its own counters must equal */
  readonly counters: MemoryCounters;
  /** complete the one open task of `elementId` in `instanceId` */
  complete(instanceId: string, elementId: string, variables?: Record<string, unknown>): Promise<void>;
  /** move the clock to a Hà Nội wall-clock time `2026-10-05T09:00` */
  at(localTime: string): void;
  close(): Promise<void>;
}

/** Wraps a store so that the counters of every successful commit are also added to `counters`. */
function recordingCounters(store: Store, counters: MemoryCounters): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'commit') {
        return async (unit: CommitUnit) => {
          const committed = await target.commit(unit);
          counters.bump(unit.counters ?? {});
          return committed;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export interface HarnessOptions {
  /** Hà Nội wall-clock time of the clock, default `2026-10-05T08:00` */
  readonly start?: string;
  readonly records?: unknown[];
  readonly codePattern?: string;
  readonly countCommits?: boolean;
  /** the calendar of each handling agency (the engine's timers count in the national one) */
  readonly calendarFor?: (agency: string) => WorkingCalendar;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new ManualClock(Date.parse(`${options.start ?? '2026-10-05T08:00'}:00+07:00`));
  const counters = new MemoryCounters();
  const calendarFor = options.calendarFor ?? (() => calendar);
  const extensions = [new DossierCommitExtension({ calendarFor })];
  const engine = options.countCommits
    ? new Engine({ store: recordingCounters(await openStore('sqlite::memory:'), counters), clock, calendar, extensions })
    : await createEngine({ store: 'sqlite::memory:', clock, calendar, extensions });
  await engine.deploy('ho-so.bpmn', readFileSync(`${SCENARIOS}ho-so.bpmn`, 'utf8'));
  await engine.deploy('bad-return.bpmn', readFileSync(`${FIXTURES}bad-return.bpmn`, 'utf8'));
  await engine.deploy('rut-ho-so.bpmn', readFileSync(`${FIXTURES}rut-ho-so.bpmn`, 'utf8'));
  const catalog = new ProcedureCatalog((options.records ?? fixtureRecords()) as never);
  const service = new DossierService({ engine, store: engine.store, catalog, clock, calendarFor, ...(options.codePattern ? { codePattern: options.codePattern } : {}) });
  return {
    engine,
    clock,
    catalog,
    service,
    counters,
    async complete(instanceId, elementId, variables) {
      const tasks = await engine.listTasks({ instanceId, elementId });
      if (tasks.length !== 1) throw new Error(`expected one open ${elementId} in ${instanceId}, found ${tasks.length}`);
      await engine.completeTask(tasks[0].id, variables);
    },
    at(localTime) {
      clock.set(Date.parse(`${localTime}:00+07:00`));
    },
    close: () => engine.close(),
  };
}

/** What `receive` needs for a desk dossier of `procedureCode` at agency 000.00.53.H48. */
export function deskInput(procedureCode = '2.000488', extra: Record<string, unknown> = {}) {
  return { procedureCode, channel: 1 as const, applicant: { name: 'Nguyễn Văn A', idNumber: '001099000001' }, receivingAgency: '000.00.53.H48', ...extra };
}
