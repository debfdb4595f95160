/**
 * The plug-in point of the scenario runner. The BPMN runner knows nothing of dossiers; the
 * procedure domain plugs in here to start a scenario as a dossier (procedure record, channel,
 * applicant, acceptance: keys it adds to `start`) and to answer `expect.dossier`.
 */
import type { InstanceId } from '../bpmn/execution/state.ts';
import type { BusinessCalendar } from '../bpmn/timers/calendar.ts';
import type { DeployedProcess, EngineApi } from '../runtime/api.ts';
import type { CommitExtension } from '../runtime/commit-extension.ts';
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
  /** the processes deployed from the scenario's BPMN file */
  readonly deployed: readonly DeployedProcess[];
  /** the process to start: `process`, or the file's only executable process; undefined with `start.message` */
  readonly processKey?: string;
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
  /** The dossier inspector for one run; each scenario has a fresh engine, hence a factory. */
  dossiers?(engine: EngineApi): DossierInspector;
}
