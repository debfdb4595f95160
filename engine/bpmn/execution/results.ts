/**
 * What one `step` returns: the new state plus everything the runtime must commit atomically
 * with it (history, task projection, job changes) and the effects it must carry out after the
 * commit (start a called instance, deliver a message or signal to other instances, …).
 * Event names are past tense; command names (commands.ts) are imperative.
 */
import type { ElementId, FlowId } from '../model.ts';
import type {
  IncidentId,
  InstanceId,
  InstanceState,
  JobId,
  JobKind,
  TaskId,
  TimerId,
  TokenId,
  UserTaskState,
  Variables,
} from './state.ts';

export const HistoryEventType = {
  InstanceStarted: 'InstanceStarted',
  InstanceCompleted: 'InstanceCompleted',
  InstanceTerminated: 'InstanceTerminated',
  InstanceCancelled: 'InstanceCancelled',
  ElementActivated: 'ElementActivated',
  ElementCompleted: 'ElementCompleted',
  ElementTerminated: 'ElementTerminated',
  FlowTaken: 'FlowTaken',
  GatewayDecided: 'GatewayDecided',
  TaskCreated: 'TaskCreated',
  TaskClaimed: 'TaskClaimed',
  TaskCompleted: 'TaskCompleted',
  TaskCancelled: 'TaskCancelled',
  VariablesUpdated: 'VariablesUpdated',
  TimerArmed: 'TimerArmed',
  TimerFired: 'TimerFired',
  TimerCancelled: 'TimerCancelled',
  MessageReceived: 'MessageReceived',
  MessageSent: 'MessageSent',
  SignalReceived: 'SignalReceived',
  SignalThrown: 'SignalThrown',
  ErrorThrown: 'ErrorThrown',
  EscalationThrown: 'EscalationThrown',
  JobCreated: 'JobCreated',
  JobCompleted: 'JobCompleted',
  JobFailed: 'JobFailed',
  JobCancelled: 'JobCancelled',
  IncidentRaised: 'IncidentRaised',
  IncidentResolved: 'IncidentResolved',
  CallActivityStarted: 'CallActivityStarted',
  CallActivityCompleted: 'CallActivityCompleted',
  // the procedure domain's facts (engine/procedure/dossier), committed with the step that caused them
  DossierStatusChanged: 'DossierStatusChanged',
  DossierDeadlineExtended: 'DossierDeadlineExtended',
  DossierUpdated: 'DossierUpdated',
  DossierWarningRaised: 'DossierWarningRaised',
} as const;
export type HistoryEventType = (typeof HistoryEventType)[keyof typeof HistoryEventType];

/** One entry of the audit record. The store adds the sequence number and the hash chain. */
export interface HistoryEvent {
  readonly type: HistoryEventType;
  readonly at: string;
  readonly elementId?: ElementId;
  /** the BPMN type of the element, e.g. `bpmn:UserTask` */
  readonly elementType?: string;
  readonly tokenId?: TokenId;
  /** who caused it (user id, worker id), when known */
  readonly by?: string;
  /** event-specific details: flow taken and why, variables, task data, timer due date, … */
  readonly data?: Readonly<Record<string, unknown>>;
}

export type TaskChange =
  | { readonly op: 'created'; readonly task: UserTaskState }
  | { readonly op: 'updated'; readonly task: UserTaskState }
  | { readonly op: 'removed'; readonly taskId: TaskId; readonly reason: 'completed' | 'cancelled' };

/** A job the executor must run at `dueAt` (timers, async continuations) or hand to workers (external). */
export interface ScheduledJob {
  readonly id: JobId | TimerId;
  readonly kind: JobKind | 'timer';
  readonly instanceId: InstanceId;
  readonly elementId: ElementId;
  readonly dueAt: string;
  readonly topic?: string;
  readonly retries?: number;
  readonly priority?: number;
}

export type JobChange =
  | { readonly op: 'schedule'; readonly job: ScheduledJob }
  | { readonly op: 'cancel'; readonly jobId: JobId | TimerId };

export type Effect =
  /** a call activity wants a child instance started */
  | {
      readonly type: 'StartCalledInstance';
      readonly parentInstanceId: InstanceId;
      readonly tokenId: TokenId;
      readonly elementId: ElementId;
      readonly childInstanceId: InstanceId;
      readonly processKey: string;
      readonly binding: 'latest' | 'version' | 'deployment';
      readonly version?: number;
      readonly businessKey?: string;
      readonly variables: Variables;
    }
  /** this instance ended and was called by another: continue its call activity */
  | {
      readonly type: 'CalledInstanceEnded';
      readonly parentInstanceId: InstanceId;
      readonly tokenId: TokenId;
      readonly childInstanceId: InstanceId;
      readonly variables: Variables;
      /** set when the child ended by an uncaught BPMN error that its caller may catch */
      readonly error?: { readonly code: string; readonly message?: string };
    }
  /** an escalation nothing in this instance catches goes on to the calling instance's call activity */
  | {
      readonly type: 'EscalationToCaller';
      readonly parentInstanceId: InstanceId;
      readonly tokenId: TokenId;
      readonly childInstanceId: InstanceId;
      readonly code: string;
    }
  /** the instance was cancelled / terminated while it had running called instances */
  | { readonly type: 'CancelCalledInstance'; readonly childInstanceId: InstanceId }
  /** a message end / throw event or send: the runtime correlates it to whoever waits for it */
  | { readonly type: 'MessageSent'; readonly messageName: string; readonly variables: Variables; readonly fromElementId: ElementId }
  /** a signal throw: the runtime broadcasts it to every other instance that listens */
  | { readonly type: 'SignalThrown'; readonly signalName: string; readonly variables: Variables; readonly fromElementId: ElementId };

export interface StepResult {
  readonly state: InstanceState;
  readonly events: readonly HistoryEvent[];
  readonly tasks: readonly TaskChange[];
  readonly jobs: readonly JobChange[];
  readonly effects: readonly Effect[];
}

export type { FlowId, IncidentId };
