/**
 * The one composition of the product: what `npm start` serves and what an embedding application
 * opens. The engine counts time in the agencies' working calendar (so `workingDays(n)` and step
 * budgets skip weekends and holidays), runs the dossier commit extension (statuses, legal clock,
 * KPI counters, national-sync outbox), and the dossier service reads the catalog loaded from the
 * procedures folder. `motcua test` builds its per-scenario engines from the same parts
 * (`productCalendar`, `DossierCommitExtension`), so a scenario and production count alike.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Clock } from '../runtime/api.ts';
import type { CommitExtension } from '../runtime/commit-extension.ts';
import { systemClock } from '../runtime/create-engine.ts';
import { Engine } from '../runtime/Engine.ts';
import { openStore, type Store } from '../store/index.ts';
import { CalendarRegistry } from '../procedure/calendar/CalendarRegistry.ts';
import { seedCalendarConfig, WorkingCalendar } from '../procedure/calendar/index.ts';
import { findProcedureFiles, loadCatalogLayers } from '../procedure/catalog/load-catalog.ts';
import type { ProcedureCatalog } from '../procedure/catalog/ProcedureCatalog.ts';
import { SharedCatalog } from '../procedure/catalog/SharedCatalog.ts';
import { DossierCommitExtension } from '../procedure/dossier/DossierCommitExtension.ts';
import { DossierService } from '../procedure/dossier/DossierService.ts';
import { ElementStatsExtension } from '../procedure/audit/ElementStatsExtension.ts';
import { DeskService } from '../procedure/desk/DeskService.ts';
import { TaskBoard } from '../procedure/desk/task-board.ts';
import { counterReaderOf } from '../procedure/kpi/counter-reader.ts';
import { KpiService } from '../procedure/kpi/KpiService.ts';
import { DraftService } from './drafts/DraftService.ts';
import { Forms } from './forms.ts';
import { indexDossiers } from '../procedure/dossier/dossier-attributes.ts';

export interface MotcuaOptions {
  /** store URL; default MOTCUA_DB, else the embedded file `sqlite:./data/motcua.db` */
  readonly store?: string;
  readonly clock?: Clock;
  /** folder of the procedures (catalog records `procedure.json` and diagrams); default `./processes` */
  readonly processesDir?: string;
  readonly log?: (line: string) => void;
  /** further commit extensions (run after the dossier extension) */
  readonly extensions?: readonly CommitExtension[];
  /**
   * how often (ms) to look for catalog versions and calendar years another process published
   * (default 5 000; 0 never: then only dossier operations and this process's own changes do)
   */
  readonly refreshIntervalMs?: number;
}

/** The running product: engine, store and the procedure services wired together. */
export interface Motcua {
  readonly engine: Engine;
  readonly store: Store;
  readonly clock: Clock;
  /** the catalog as of the last refresh: the procedures folder with the versions published through the API */
  readonly catalog: ProcedureCatalog;
  /** the shared catalog itself: refresh, import, publication stamps */
  readonly procedures: SharedCatalog;
  /** the agencies' working calendars: seed years plus the years published in the store */
  readonly calendars: CalendarRegistry;
  readonly dossiers: DossierService;
  /** the one-stop desk and the officers' actions on dossiers, as each diagram allows */
  readonly desk: DeskService;
  /** the officers' task lists */
  readonly taskBoard: TaskBoard;
  readonly kpi: KpiService;
  /** task forms deployed with the diagrams */
  readonly forms: Forms;
  /** analysts' drafts: save, validate, test their scenarios, publish as the next version */
  readonly drafts: DraftService;
  readonly processesDir: string;
  /** the working calendar of an agency: the national calendar with the years the agency published */
  calendarFor(agency: string): WorkingCalendar;
  /** bring the catalog and the calendars up to date with what other processes published (cheap when nothing changed) */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/** The national working calendar: Saturday and Sunday off, statutory holidays of the shipped years. */
export function productCalendar(): WorkingCalendar {
  return new WorkingCalendar(seedCalendarConfig());
}

/** The folder of each procedure code in the procedures folder (its first file wins, as the catalog's layers do). */
async function foldersOfCodes(files: readonly string[]): Promise<Map<string, string>> {
  const folders = new Map<string, string>();
  for (const file of files) {
    const document = JSON.parse(await readFile(file, 'utf8')) as unknown;
    const records = Array.isArray(document) ? document : Array.isArray((document as { procedures?: unknown }).procedures) ? (document as { procedures: unknown[] }).procedures : [document];
    for (const record of records) {
      const code = (record as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && !folders.has(code)) folders.set(code, dirname(file));
    }
  }
  return folders;
}

export async function openMotcua(options: MotcuaOptions = {}): Promise<Motcua> {
  const processesDir = resolve(options.processesDir ?? 'processes');
  const procedureFiles = await findProcedureFiles([processesDir]);
  const files = await loadCatalogLayers(procedureFiles);
  const clock = options.clock ?? systemClock;
  const store = await openStore(options.store ?? process.env.MOTCUA_DB ?? 'sqlite:./data/motcua.db');
  const procedures = new SharedCatalog(store, files, clock, await foldersOfCodes(procedureFiles));
  const calendars = new CalendarRegistry(store, clock);
  const refresh = async (): Promise<void> => {
    await procedures.refresh();
    await calendars.refresh();
  };
  await refresh();
  const calendarFor = (agency: string): WorkingCalendar => calendars.calendarFor(agency);
  const engine = new Engine({
    store,
    clock,
    calendar: calendars.engineCalendar(),
    calendarFor,
    extensions: [new DossierCommitExtension({ calendarFor }), new ElementStatsExtension(), ...(options.extensions ?? [])],
    ...(options.log ? { log: options.log } : {}),
  });
  const dossiers = new DossierService({ engine, store, catalog: () => procedures.current(), refresh, clock, calendarFor });
  const intervalMs = options.refreshIntervalMs ?? 5_000;
  const log = options.log;
  const indexed = await indexDossiers(store);
  if (indexed > 0) log?.(`indexed ${indexed} dossiers received before this version (procedure, status, result, reception time)`);
  const timer = intervalMs > 0 ? setInterval(() => refresh().catch((error: unknown) => log?.(`refresh failed: ${String(error)}`)), intervalMs) : undefined;
  timer?.unref();
  const forms = new Forms(store);
  return {
    engine,
    store,
    clock,
    get catalog() {
      return procedures.current();
    },
    procedures,
    calendars,
    dossiers,
    desk: new DeskService({ engine, store, dossiers, clock, calendarFor }),
    taskBoard: new TaskBoard({ store, clock, calendarFor }),
    kpi: new KpiService(counterReaderOf(store)),
    forms,
    drafts: new DraftService({ engine, store, forms, procedures, clock, processesDir }),
    processesDir,
    calendarFor,
    refresh,
    close: async () => {
      if (timer) clearInterval(timer);
      await engine.close();
    },
  };
}
