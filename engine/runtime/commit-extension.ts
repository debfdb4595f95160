/**
 * A commit extension adds domain facts to the unit the command loop commits, computed from what
 * the pure step just did: the procedure domain uses it to move the dossier status, count working
 * days and feed the KPI counters and the national-sync outbox — in the same atomic unit as the
 * instance state, so a dossier's status can never disagree with its process.
 */
import type { Command } from '../bpmn/execution/commands.ts';
import type { HistoryEvent, StepResult } from '../bpmn/execution/results.ts';
import type { InstanceState } from '../bpmn/execution/state.ts';
import type { ProcessModel } from '../bpmn/model.ts';
import type { InstanceAttributes, InstanceRecord, OutboxMessage } from '../store/port.ts';

export interface StepOutcome {
  readonly process: ProcessModel;
  /** the deployed version of `process` the instance runs */
  readonly processVersion?: number;
  /** the agency the instance was started for, when it has one */
  readonly agency?: string;
  /** the record as loaded (undefined when the command started the instance) */
  readonly previous?: InstanceRecord;
  readonly command: Command;
  readonly result: StepResult;
  /** the clock's now, epoch ms */
  readonly now: number;
}

export interface CommitAdditions {
  /** a replacement state (e.g. with domain variables updated); must keep everything the step produced */
  readonly state?: InstanceState;
  /** more history events, appended after the step's own */
  readonly events?: readonly HistoryEvent[];
  readonly counters?: Readonly<Record<string, number>>;
  readonly outbox?: readonly OutboxMessage[];
  /** the instance's searchable attributes from now on (store.listInstances finds it by them); merged across extensions */
  readonly attributes?: InstanceAttributes;
}

export interface CommitExtension {
  /** Pure: decide what to add to this command's commit. Throwing a MotcuaError rejects the command. */
  extend(outcome: StepOutcome): CommitAdditions | undefined;
}
