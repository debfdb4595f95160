/**
 * The plug-in point of the scenario runner. The BPMN runner knows nothing of dossiers; the
 * procedure domain plugs in here to start a scenario as a dossier (procedure record, channel,
 * applicant, acceptance: keys it adds to `start`), to act on it in steps of its own (a deadline
 * extension, a withdrawal: things an officer or applicant does outside the diagram) and to answer
 * `expect.dossier`.
 */
import type { InstanceId } from '../bpmn/execution/state.ts';
import type { BusinessCalendar } from '../bpmn/timers/calendar.ts';
import type { DeployedProcess, EngineApi } from '../runtime/api.ts';
import type { CommitExtension } from '../runtime/commit-extension.ts';
import type { FieldProblem } from '../validation/schema-problems.ts';
import type { Mismatch } from './expectations.ts';
import type { ManualClock } from './manual-clock.ts';
import type { Scenario } from './scenario.ts';
import type { JsonSchema } from './scenario-schema.ts';

/** What `expect.dossier` compares against. */
export interface DossierView {
  /** status code from DOMAIN.md, e.g. `DANG_XU_LY` */
  readonly status: string;
  /** ISO 8601 instant */
  readonly dueAt?: string;
  readonly paused: boolean;
  /** `EARLY` | `ONTIME` | `LATE`, once finished */
  readonly result?: string;
}

/** Reads the dossier an instance runs, if any. */
export interface DossierInspector {
  /** the dossier of this (root) instance; undefined when the instance runs no dossier */
  inspect(instanceId: InstanceId): Promise<DossierView | undefined>;
}

/** What the runner hands an extension's `start`. */
export interface ScenarioStartContext {
  readonly clock: ManualClock;
  /** the calendar the scenario's engine counts in */
  readonly calendar: BusinessCalendar;
  /** the processes deployed from the scenario's BPMN file */
  readonly deployed: readonly DeployedProcess[];
  /** the process to start: `process`, or the file's only executable process; undefined with `start.message` */
  readonly processKey?: string;
  /** report something worth fixing that does not fail the scenario; `motcua test` prints it under the scenario's line */
  warn(message: string): void;
}

/** What the runner hands an extension's step. */
export interface ScenarioStepContext {
  readonly engine: EngineApi;
  readonly clock: ManualClock;
  /** the scenario's (root) instance */
  readonly rootId: InstanceId;
}

/**
 * A step action an extension adds: the step is `- <key>: <value>` with no other key (the value
 * carries every option), so the core steps' options never mix with an extension's.
 */
export interface ScenarioStepKind {
  /** the JSON schema of the value (closed objects, please: a typo must not pass) */
  readonly schema: JsonSchema;
  /**
   * What the schema says badly, once the value conforms to it; `field` is relative to the value
   * (`''` for the value itself) and the runner prefixes the step's path.
   */
  problems?(value: unknown): FieldProblem[];
  /**
   * Carry the step out. Return a `Mismatch` when it cannot be (a step failure); a `MotcuaError`
   * thrown is reported as the engine's rejection of the step. The runner then runs the jobs due now.
   */
  perform(value: unknown, context: ScenarioStepContext): Promise<Mismatch | undefined>;
}

export interface ScenarioExtension {
  /** a short name for messages, e.g. `procedure` */
  readonly name: string;
  /** keys this extension adds to `start`, with their JSON schemas (closed objects, please) */
  readonly startKeys?: Readonly<Record<string, JsonSchema>>;
  /**
   * Start the scenario's instance in the extension's own way (e.g. submit and accept a dossier)
   * and return the root instance id; return undefined to leave this scenario to the default
   * start (`startInstance` / `startByMessage`). A `MotcuaError` thrown here fails the scenario
   * at `start`.
   */
  start?(engine: EngineApi, scenario: Scenario, context: ScenarioStartContext): Promise<InstanceId | undefined>;
  /**
   * Commit extensions the scenario's fresh engine runs with (e.g. the dossier status machine),
   * made for this scenario; `calendar` is the one its engine counts timers in.
   */
  commitExtensions?(scenario: Scenario, calendar: BusinessCalendar): readonly CommitExtension[];
  /** step actions this extension adds, by key (e.g. `dossier`); each must differ from the core actions */
  readonly steps?: Readonly<Record<string, ScenarioStepKind>>;
  /** The dossier inspector for one run; each scenario has a fresh engine, hence a factory. */
  dossiers?(engine: EngineApi): DossierInspector;
  /**
   * Input files the extension found unusable while the scenarios ran (e.g. a procedure.json that
   * is not valid JSON), each with its problems: reported once per file after the runs, as
   * unusable input (exit status 2). Scenarios that did not need the file ran as usual.
   */
  unusableInput?(): readonly UnusableInput[];
}

export interface UnusableInput {
  readonly file: string;
  readonly problems: readonly string[];
}
