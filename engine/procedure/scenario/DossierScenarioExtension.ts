/**
 * The procedure domain's scenario extension: `start.dossier` runs a scenario as a dossier
 * (received through `DossierService.receive`, so it gets a code, its catalog terms and the status
 * machine), the `dossier` step acts on it through the same service (extend the deadline, request
 * withdrawal, stop, record a payment), and `expect.dossier` is answered from the dossier. The
 * engine of such a scenario runs the `DossierCommitExtension`; deadlines count in the Vietnamese
 * working calendar — the scenario's own with `calendar: vn`, the national seed calendar otherwise
 * (a legal time is never counted in plain calendar days).
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { InstanceId } from '../../bpmn/execution/state.ts';
import type { BusinessCalendar } from '../../bpmn/timers/calendar.ts';
import { ErrorCode, isMotcuaError, MotcuaError } from '../../errors.ts';
import type { EngineApi } from '../../runtime/api.ts';
import type { CommitExtension } from '../../runtime/commit-extension.ts';
import { Engine } from '../../runtime/Engine.ts';
import { type Mismatch, NO_DOSSIER } from '../../scenario/expectations.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import type {
  DossierInspector as Inspector,
  ScenarioExtension,
  ScenarioStartContext,
  ScenarioStepContext,
  ScenarioStepKind,
  UnusableInput,
} from '../../scenario/scenario-extension.ts';
import { seedCalendarConfig, WorkingCalendar } from '../calendar/index.ts';
import { findProcedureFiles, loadCatalogFiles, loadCatalogLayers, PROCEDURE_FILE } from '../catalog/load-catalog.ts';
import { checkProcedureBpmn } from '../catalog/diagram-check.ts';
import type { ProcedureCatalog } from '../catalog/ProcedureCatalog.ts';
import type { ProcedureRecord } from '../catalog/procedure-record.ts';
import { DossierCommitExtension } from '../dossier/DossierCommitExtension.ts';
import { DossierService } from '../dossier/DossierService.ts';
import { DossierInspector } from './DossierInspector.ts';
import { DOSSIER_START_SCHEMA, type DossierStart } from './dossier-start-schema.ts';
import { DOSSIER_STEP_SCHEMA, type DossierStep, dossierStepProblems } from './dossier-step-schema.ts';

export interface DossierScenarioOptions {
  /** where catalog records are looked for besides the scenario's folders (default `./processes`) */
  readonly catalogRoots?: readonly string[];
}

export class DossierScenarioExtension implements ScenarioExtension {
  readonly name = 'procedure';
  readonly startKeys = { dossier: DOSSIER_START_SCHEMA };
  readonly steps: Readonly<Record<string, ScenarioStepKind>>;
  private readonly catalogRoots: readonly string[];
  /** the service that received each run's dossier: its engine is the run's, fresh per scenario */
  private readonly services = new WeakMap<EngineApi, DossierService>();
  /** procedure files that could not be used, by absolute path: reported once, after the runs */
  private readonly unusable = new Map<string, readonly string[]>();

  constructor(options: DossierScenarioOptions = {}) {
    this.catalogRoots = options.catalogRoots ?? [resolve('processes')];
    this.steps = {
      dossier: { schema: DOSSIER_STEP_SCHEMA, problems: dossierStepProblems, perform: (value, context) => this.act(value as DossierStep, context) },
    };
  }

  commitExtensions(scenario: Scenario, calendar: BusinessCalendar): readonly CommitExtension[] {
    if (scenario.start.extra.dossier === undefined) return [];
    const vn = calendar instanceof WorkingCalendar ? calendar : new WorkingCalendar(seedCalendarConfig());
    return [new DossierCommitExtension({ calendarFor: () => vn })];
  }

  async start(engine: EngineApi, scenario: Scenario, context: ScenarioStartContext): Promise<InstanceId | undefined> {
    const start = scenario.start.extra.dossier as DossierStart | undefined;
    if (start === undefined) return undefined;
    if (!(engine instanceof Engine)) {
      throw new MotcuaError(ErrorCode.InvalidInput, 'start.dossier needs the embedded engine (its store mints dossier codes)', { field: 'start.dossier' });
    }
    const catalog = await this.catalogFor(scenario, start);
    const record = this.recordInForce(catalog, start.procedure, context.clock.now());
    if (scenario.process !== undefined && scenario.process !== record.process.key) {
      throw new MotcuaError(
        ErrorCode.InvalidInput,
        `procedure ${record.code} version ${record.version} runs process ${record.process.key}, but the scenario names process ${scenario.process}`,
        { field: 'start.dossier.procedure' },
      );
    }
    await this.checkDiagram(record, scenario, context);
    // the scenario's own calendar (`vn` or a calendar file), else the national seed: it dates the code and the reception SLA
    const calendar = context.calendar instanceof WorkingCalendar ? context.calendar : new WorkingCalendar(seedCalendarConfig());
    const service = new DossierService({ engine, store: engine.store, catalog, clock: context.clock, calendarFor: () => calendar, processVersion: 'latest' });
    this.services.set(engine, service);
    const received = await service.receive({
      procedureCode: start.procedure,
      channel: start.channel ?? 1,
      applicant: (start.applicant ?? { name: 'Người nộp hồ sơ' }) as { name: string },
      receivingAgency: start.agency,
      ...(start.handlingAgency ? { handlingAgency: start.handlingAgency } : {}),
      ...(start.components ? { components: start.components } : {}),
      ...(start.fees ? { fees: start.fees } : {}),
      ...(scenario.start.variables ? { variables: scenario.start.variables } : {}),
      by: 'motcua-scenario',
    });
    return received.instanceId;
  }

  dossiers(engine: EngineApi): Inspector {
    return new DossierInspector(engine);
  }

  unusableInput(): readonly UnusableInput[] {
    return [...this.unusable].map(([file, problems]) => ({ file: shown(file), problems }));
  }

  /** The record in force; when it is missing and a procedure file was unusable, the message says that file may be why. */
  private recordInForce(catalog: ProcedureCatalog, code: string, at: number): ProcedureRecord {
    try {
      return catalog.inForce(code, at, 'start.dossier.procedure');
    } catch (error) {
      if (!isMotcuaError(error) || this.unusable.size === 0) throw error;
      const files = [...this.unusable.keys()].map(shown).join(', ');
      throw new MotcuaError(error.code, `${error.message} (unusable procedure files, skipped: ${files})`, { field: 'start.dossier.procedure' });
    }
  }

  /**
   * What the analyst should fix in the diagram against its record (step budgets along the main
   * path above the legal time, a status that does not exist, no acceptance), as warnings: the
   * scenario still runs and shows the behaviour. A process key found in another deployed file is
   * not a problem here (the start checks the key itself).
   */
  private async checkDiagram(record: ProcedureRecord, scenario: Scenario, context: ScenarioStartContext): Promise<void> {
    const problems = await checkProcedureBpmn(record, await readFile(scenario.bpmn, 'utf8'));
    for (const problem of problems) {
      if (problem.code !== 'PROCESS_KEY_MISMATCH') context.warn(`procedure ${record.code} version ${record.version}: ${problem.message}`);
    }
  }

  /** A `dossier` step: the command through the service, on the scenario's dossier, by its code. */
  private async act(step: DossierStep, context: ScenarioStepContext): Promise<Mismatch | undefined> {
    const service = this.services.get(context.engine);
    const code = (await service?.byInstance(context.rootId))?.dossier.code;
    if (!service || code === undefined) return { expectation: 'dossier', expected: 'a scenario started with start.dossier', found: 'no dossier', message: NO_DOSSIER };
    if ('extendDeadline' in step) await service.extendDeadline(code, step.extendDeadline);
    else if ('requestWithdrawal' in step) await service.requestWithdrawal(code, step.requestWithdrawal);
    else if ('stop' in step) await service.stop(code, step.stop);
    else await service.recordPayment(code, step.recordPayment);
    return undefined;
  }

  /**
   * The catalog a scenario reads: `start.dossier.catalog` when given; otherwise the procedure
   * files in the scenario's folder and each folder above it up to the working directory, then
   * every one under the catalog roots (`./processes`) — the nearest file holding a code wins.
   */
  private async catalogFor(scenario: Scenario, start: DossierStart): Promise<ProcedureCatalog> {
    const folder = dirname(resolve(scenario.file));
    if (start.catalog !== undefined) {
      const path = resolve(folder, start.catalog);
      if (!existsSync(path)) throw new MotcuaError(ErrorCode.InvalidInput, `start.dossier.catalog: no such file or folder ${path}`, { field: 'start.dossier.catalog' });
      return loadCatalogFiles(await findProcedureFiles([path]));
    }
    // nearest first: the scenario's folder, the folders above it, then the shared catalog
    const files: string[] = [];
    for (const dir of ancestors(folder)) {
      for (const name of readdirSync(dir).sort()) if (PROCEDURE_FILE.test(name)) files.push(join(dir, name));
    }
    for (const file of await findProcedureFiles(this.catalogRoots)) if (!files.includes(file)) files.push(file);
    return loadCatalogLayers(files, { onUnusable: (file, error) => this.unusable.set(file, error.message.split('\n').slice(1)) });
  }
}

/** A file as messages show it: relative to the working directory when inside it. */
function shown(file: string): string {
  const path = relative(process.cwd(), file);
  return path === '' || path.startsWith('..') ? file : path;
}

/** `folder` and the folders above it up to the working directory (only `folder` when it is outside). */
function ancestors(folder: string): string[] {
  const cwd = process.cwd();
  const folders = [folder];
  if (relative(cwd, folder).startsWith('..')) return folders;
  for (let current = folder; current !== cwd && dirname(current) !== current; ) {
    current = dirname(current);
    folders.push(current);
  }
  return folders;
}
