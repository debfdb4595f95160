/**
 * Commands: everything that may change an instance, named in the imperative. The pure `step`
 * decides each one against the current state and either rejects it (nothing changes) or returns
 * what happened (see results.ts).
 */
import type { ElementId } from '../model.ts';
import type {
  IncidentId,
  InstanceId,
  JobId,
  TaskId,
  TimerId,
  TokenId,
  Variables,
} from './state.ts';

export interface StartInstance {
  readonly type: 'StartInstance';
  readonly instanceId: InstanceId;
  readonly variables?: Variables;
  readonly businessKey?: string;
  /** the start event to start at; default: the process's none start event */
  readonly startEventId?: ElementId;
  /** set when a call activity starts this instance */
  readonly parent?: { readonly instanceId: InstanceId; readonly tokenId: TokenId };
  readonly by?: string;
}

export interface CompleteTask {
  readonly type: 'CompleteTask';
  readonly taskId: TaskId;
  readonly variables?: Variables;
  readonly by?: string;
}

/** Claim (userId) or unclaim (null) an open user task. */
export interface ClaimTask {
  readonly type: 'ClaimTask';
  readonly taskId: TaskId;
  readonly userId: string | null;
  readonly by?: string;
  /**
   * Camunda's `claim` rather than `setAssignee`: refused (TASK_CLAIMED) when someone else holds
   * the task — and, for an unclaim, when `by` does not hold it — decided on the state the commit
   * replaces, so of two officers racing for a task exactly one wins.
   */
  readonly exclusive?: boolean;
}

export interface CorrelateMessage {
  readonly type: 'CorrelateMessage';
  readonly messageName: string;
  readonly variables?: Variables;
}

export interface BroadcastSignal {
  readonly type: 'BroadcastSignal';
  readonly signalName: string;
  readonly variables?: Variables;
}

export interface TriggerTimer {
  readonly type: 'TriggerTimer';
  readonly timerId: TimerId;
}

export interface CompleteExternalTask {
  readonly type: 'CompleteExternalTask';
  readonly jobId: JobId;
  readonly variables?: Variables;
  readonly workerId?: string;
}

export interface FailExternalTask {
  readonly type: 'FailExternalTask';
  readonly jobId: JobId;
  /** retries left after this failure; 0 raises an incident */
  readonly retries: number;
  readonly errorMessage?: string;
  /** wait this many ms before the job may be taken again */
  readonly retryTimeoutMs?: number;
  readonly workerId?: string;
}

export interface ThrowBpmnError {
  readonly type: 'ThrowBpmnError';
  readonly jobId: JobId;
  readonly errorCode: string;
  readonly errorMessage?: string;
  readonly variables?: Variables;
  readonly workerId?: string;
}

/** The job executor runs an async continuation (asyncBefore / asyncAfter). */
export interface RunAsyncContinuation {
  readonly type: 'RunAsyncContinuation';
  readonly jobId: JobId;
}

/**
 * The job executor's run of a timer or async continuation threw: one retry fewer; with none
 * left the job becomes an incident on its element.
 */
export interface FailJob {
  readonly type: 'FailJob';
  readonly jobId: JobId | TimerId;
  readonly errorMessage: string;
  /** wait this many ms before the next attempt (the executor's backoff) */
  readonly retryTimeoutMs: number;
}

/** A called instance ended: continue the waiting call activity. */
export interface CompleteCallActivity {
  readonly type: 'CompleteCallActivity';
  readonly tokenId: TokenId;
  readonly childInstanceId: InstanceId;
  /** the child's root variables; the call activity's camunda:out mappings pick from them */
  readonly childVariables: Variables;
  /** the child ended by an uncaught BPMN error: propagate it from the call activity */
  readonly error?: { readonly code: string; readonly message?: string };
  /** the child could not be started (e.g. unknown process): raise an incident on the call activity */
  readonly failure?: string;
}

/** A called instance threw an escalation it does not catch: look for a catcher from the call activity outwards. */
export interface PropagateEscalation {
  readonly type: 'PropagateEscalation';
  readonly tokenId: TokenId;
  readonly childInstanceId: InstanceId;
  readonly escalationCode: string;
}

export interface SetVariables {
  readonly type: 'SetVariables';
  readonly variables: Variables;
  readonly by?: string;
}

/** Retry what raised the incident (a failed job gets one retry; a gateway is re-evaluated). */
export interface ResolveIncident {
  readonly type: 'ResolveIncident';
  readonly incidentId: IncidentId;
  readonly by?: string;
}

export interface CancelInstance {
  readonly type: 'CancelInstance';
  readonly reason?: string;
  readonly by?: string;
}

export type Command =
  | StartInstance
  | CompleteTask
  | ClaimTask
  | CorrelateMessage
  | BroadcastSignal
  | TriggerTimer
  | CompleteExternalTask
  | FailExternalTask
  | ThrowBpmnError
  | RunAsyncContinuation
  | FailJob
  | CompleteCallActivity
  | PropagateEscalation
  | SetVariables
  | ResolveIncident
  | CancelInstance;

export type CommandType = Command['type'];
