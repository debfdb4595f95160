/**
 * A loaded, validated scenario (SCENARIOS.md) and the result of running it. The YAML keys are
 * normalised into one step type per action so the runner never re-inspects raw input.
 */
import type { ElementId } from '../bpmn/model.ts';
import type { Variables } from '../bpmn/execution/state.ts';

export const CalendarName = { CalendarDays: 'calendar-days', Vn: 'vn' } as const;
export type CalendarName = (typeof CalendarName)[keyof typeof CalendarName];

export interface ScenarioStart {
  /** the clock at start, as written (an instant with an offset) */
  readonly at: string;
  readonly variables?: Variables;
  /** start through the message start event of this name */
  readonly message?: string;
  /** keys that a `ScenarioExtension` added to `start` (e.g. `dossier`), validated by its schema */
  readonly extra: Readonly<Record<string, unknown>>;
}

export interface TaskExpectation {
  readonly id: ElementId;
  /** `null` = the task has no assignee */
  readonly assignee?: string | null;
  readonly candidateGroups?: readonly string[];
  readonly due?: string;
}

export interface DossierExpectation {
  readonly status?: string;
  readonly dueAt?: string;
  readonly paused?: boolean;
  readonly result?: string;
}

export interface Expectation {
  readonly ended?: boolean;
  readonly active?: readonly ElementId[];
  readonly passed?: readonly ElementId[];
  readonly notPassed?: readonly ElementId[];
  readonly variables?: Variables;
  readonly tasks?: readonly TaskExpectation[];
  readonly incidents?: readonly ElementId[];
  readonly dossier?: DossierExpectation;
}
export type ExpectationKey = keyof Expectation;

export type ScenarioStep = (
  | { readonly action: 'complete'; readonly element: ElementId; readonly variables?: Variables; readonly index?: number }
  | { readonly action: 'message'; readonly name: string; readonly variables?: Variables }
  | { readonly action: 'signal'; readonly name: string; readonly variables?: Variables }
  | { readonly action: 'advance'; readonly by: string | { readonly workingDays: number } }
  | { readonly action: 'at'; readonly instant: string }
  | { readonly action: 'fail'; readonly element: ElementId; readonly retries: number; readonly index?: number }
  | { readonly action: 'expect'; readonly expect: Expectation }
  /** a step whose action key a `ScenarioExtension` added (e.g. `dossier`), its value validated by the extension's schema */
  | { readonly action: 'extension'; readonly key: string; readonly value: unknown }
) & {
  /** the step must be refused with this error code (e.g. EXTENSION_OVER_MAX): refusal passes, acceptance fails */
  readonly rejects?: string;
};
export type StepAction = ScenarioStep['action'];
/** The actions of the format itself (SCENARIOS.md), each a key of its own. */
export type CoreStepAction = Exclude<StepAction, 'extension'>;

export interface Scenario {
  readonly name: string;
  /** the scenario file, as it was given */
  readonly file: string;
  /** absolute path of the BPMN file */
  readonly bpmn: string;
  /** absolute paths of further BPMN files deployed first (e.g. processes called by call activities) */
  readonly deploy: readonly string[];
  readonly process?: string;
  readonly calendar: CalendarName;
  /** absolute path of the calendar file `calendar:` named (its years extend the `vn` calendar) */
  readonly calendarFile?: string;
  readonly start: ScenarioStart;
  readonly steps: readonly ScenarioStep[];
}

/** Where and why a scenario failed. */
export interface StepFailure {
  /** the 0-based index in `steps`, or `start` when starting the instance failed */
  readonly step: number | 'start';
  /** what was checked or done: `expect.active`, `expect.tasks`, `complete`, `at`, `start`, … */
  readonly expectation: string;
  readonly expected: unknown;
  readonly found: unknown;
  /** one line a person can act on */
  readonly message: string;
}

export interface ScenarioResult {
  /** the scenario's name; the file when it could not be read */
  readonly name: string;
  readonly file: string;
  readonly ok: boolean;
  readonly failure?: StepFailure;
  /**
   * Set when the input was unusable (bad YAML, unknown key, missing BPMN, unknown process, a BPMN
   * file the engine rejects): nothing was checked. Each entry names the key or file concerned.
   */
  readonly problems?: readonly string[];
  /** what an extension found worth telling without failing the scenario (e.g. step budgets above the legal time) */
  readonly warnings?: readonly string[];
  /** once the instance started: the elements it entered, in order, and those it waits in at the end (or at the failing step) */
  readonly trace?: { readonly entered: readonly ElementId[]; readonly active: readonly ElementId[] };
}
