/**
 * The one composition of the product: what `npm start` serves and what an embedding application
 * opens. The engine counts time in the agencies' working calendar (so `workingDays(n)` and step
 * budgets skip weekends and holidays), runs the dossier commit extension (statuses, legal clock,
 * KPI counters, national-sync outbox), and the dossier service reads the catalog loaded from the
 * procedures folder. `motcua test` builds its per-scenario engines from the same parts
 * (`productCalendar`, `DossierCommitExtension`), so a scenario and production count alike.
 */
import { resolve } from 'node:path';
import type { Clock } from '../runtime/api.ts';
import type { CommitExtension } from '../runtime/commit-extension.ts';
import { systemClock } from '../runtime/create-engine.ts';
import { Engine } from '../runtime/Engine.ts';
import { openStore, type Store } from '../store/index.ts';
import { seedCalendarConfig, WorkingCalendar } from '../procedure/calendar/index.ts';
import { findProcedureFiles, loadCatalogLayers } from '../procedure/catalog/load-catalog.ts';
import type { ProcedureCatalog } from '../procedure/catalog/ProcedureCatalog.ts';
import { DossierCommitExtension } from '../procedure/dossier/DossierCommitExtension.ts';
import { DossierService } from '../procedure/dossier/DossierService.ts';
import { DeskService } from '../procedure/desk/DeskService.ts';
import { TaskBoard } from '../procedure/desk/task-board.ts';
import { counterReaderOf } from '../procedure/kpi/counter-reader.ts';
import { KpiService } from '../procedure/kpi/KpiService.ts';
import { Forms } from './forms.ts';

export interface MotcuaOptions {
  /** store URL; default MOTCUA_DB, else the embedded file `sqlite:./data/motcua.db` */
  readonly store?: string;
  readonly clock?: Clock;
  /** folder of the procedures (catalog records `procedure.json` and diagrams); default `./processes` */
  readonly processesDir?: string;
  readonly log?: (line: string) => void;
  /** further commit extensions (run after the dossier extension) */
  readonly extensions?: readonly CommitExtension[];
}

/** The running product: engine, store and the procedure services wired together. */
export interface Motcua {
  readonly engine: Engine;
  readonly store: Store;
  readonly clock: Clock;
  readonly catalog: ProcedureCatalog;
  readonly dossiers: DossierService;
  /** the one-stop desk and the officers' actions on dossiers, as each diagram allows */
  readonly desk: DeskService;
  /** the officers' task lists */
  readonly taskBoard: TaskBoard;
  readonly kpi: KpiService;
  /** task forms deployed with the diagrams */
  readonly forms: Forms;
  readonly processesDir: string;
  /** the working calendar of an agency (the national calendar until agencies declare their own) */
  calendarFor(agency: string): WorkingCalendar;
  close(): Promise<void>;
}

/** The national working calendar: Saturday and Sunday off, statutory holidays of the shipped years. */
export function productCalendar(): WorkingCalendar {
  return new WorkingCalendar(seedCalendarConfig());
}

export async function openMotcua(options: MotcuaOptions = {}): Promise<Motcua> {
  const processesDir = resolve(options.processesDir ?? 'processes');
  const catalog = await loadCatalogLayers(await findProcedureFiles([processesDir]));
  const calendar = productCalendar();
  const calendarFor = (): WorkingCalendar => calendar;
  const clock = options.clock ?? systemClock;
  const store = await openStore(options.store ?? process.env.MOTCUA_DB ?? 'sqlite:./data/motcua.db');
  const engine = new Engine({
    store,
    clock,
    calendar,
    extensions: [new DossierCommitExtension({ calendarFor }), ...(options.extensions ?? [])],
    ...(options.log ? { log: options.log } : {}),
  });
  const dossiers = new DossierService({ engine, store, catalog, clock, calendarFor });
  return {
    engine,
    store,
    clock,
    catalog,
    dossiers,
    desk: new DeskService({ engine, store, dossiers, clock, calendarFor }),
    taskBoard: new TaskBoard({ store, clock, calendarFor }),
    kpi: new KpiService(counterReaderOf(store)),
    forms: new Forms(store),
    processesDir,
    calendarFor,
    close: () => engine.close(),
  };
}
