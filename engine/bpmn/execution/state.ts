/**
 * Instance state: plain JSON, so an instance can be stored, restored and replayed anywhere.
 * Every time is an ISO 8601 UTC string; every id is minted from `seq` through the caller's
 * `IdSource`, so replaying the same commands at the same times gives the same state.
 */
import type { ElementId, FlowId } from '../model.ts';

export type InstanceId = string;
export type TokenId = string;
export type ScopeInstanceId = string;
export type TaskId = string;
export type TimerId = string;
export type JobId = string;
export type SubscriptionId = string;
export type IncidentId = string;
export type Variables = Record<string, unknown>;

export const InstanceStatus = {
  Active: 'ACTIVE',
  Completed: 'COMPLETED',
  Terminated: 'TERMINATED',
  Cancelled: 'CANCELLED',
} as const;
export type InstanceStatus = (typeof InstanceStatus)[keyof typeof InstanceStatus];

export const ScopeKind = {
  Process: 'process',
  SubProcess: 'subProcess',
  EventSubProcess: 'eventSubProcess',
  /** the multi-instance body: holds the loop counters, one per multi-instance activity run */
  MultiInstanceBody: 'multiInstanceBody',
  /** one inner instance of a multi-instance activity (local element variable, loopCounter) */
  MultiInstanceInner: 'multiInstanceInner',
} as const;
export type ScopeKind = (typeof ScopeKind)[keyof typeof ScopeKind];

export interface MultiInstanceState {
  readonly total: number;
  /** the collection items, when driven by camunda:collection */
  readonly items?: readonly unknown[];
  nextIndex: number;
  active: number;
  completed: number;
}

export interface ScopeInstance {
  readonly id: ScopeInstanceId;
  readonly kind: ScopeKind;
  /** process id, (event) sub-process id, or the multi-instance activity id */
  readonly elementId: ElementId;
  readonly parentId?: ScopeInstanceId;
  /** the token in the parent scope that waits while this scope runs */
  readonly holderTokenId?: TokenId;
  variables: Variables;
  mi?: MultiInstanceState;
  /** set once an interrupting event sub-process has taken over this scope */
  interrupted?: boolean;
}

/** Why a token is parked. Tokens in transit never survive a step. */
export const WaitKind = {
  UserTask: 'userTask',
  ExternalTask: 'externalTask',
  Receive: 'receive',
  Catch: 'catch',
  EventGateway: 'eventGateway',
  CallActivity: 'callActivity',
  /** holds a sub-process or multi-instance scope open */
  Scope: 'scope',
  Join: 'join',
  AsyncBefore: 'asyncBefore',
  AsyncAfter: 'asyncAfter',
  Incident: 'incident',
} as const;
export type WaitKind = (typeof WaitKind)[keyof typeof WaitKind];

export interface Token {
  readonly id: TokenId;
  readonly elementId: ElementId;
  readonly scopeId: ScopeInstanceId;
  wait: WaitKind;
  /** joins: the flow this token arrived by */
  arrivedVia?: FlowId;
  /** the scope this token holds open (WaitKind.Scope) */
  holds?: ScopeInstanceId;
  /** call activity: the child instance */
  childInstanceId?: InstanceId;
  /** local variables of the activity (camunda:inputOutput input parameters) */
  variables?: Variables;
}

export interface UserTaskState {
  readonly id: TaskId;
  readonly elementId: ElementId;
  readonly tokenId: TokenId;
  readonly name?: string;
  assignee?: string;
  readonly candidateUsers: readonly string[];
  readonly candidateGroups: readonly string[];
  readonly dueAt?: string;
  readonly followUpAt?: string;
  readonly priority: number;
  readonly formKey?: string;
  readonly createdAt: string;
}

export interface TimerState {
  readonly id: TimerId;
  readonly elementId: ElementId;
  /** the token the timer belongs to (catch events, boundary events: the activity's token) */
  readonly tokenId?: TokenId;
  /** event sub-process start timers belong to a scope instance instead */
  readonly scopeId?: ScopeInstanceId;
  readonly dueAt: string;
  /** remaining repetitions of a cycle (null = forever); undefined for one-shot timers */
  readonly repeat?: { readonly remaining: number | null; readonly interval: string };
  /** attempts left to fire it after a failed one; undefined: never failed (DEFAULT_JOB_RETRIES) */
  retries?: number;
}

export const SubscriptionKind = { Message: 'message', Signal: 'signal', Conditional: 'conditional' } as const;
export type SubscriptionKind = (typeof SubscriptionKind)[keyof typeof SubscriptionKind];

export interface Subscription {
  readonly id: SubscriptionId;
  readonly kind: SubscriptionKind;
  /** message / signal name; the element id for conditionals */
  readonly name: string;
  readonly elementId: ElementId;
  readonly tokenId?: TokenId;
  readonly scopeId?: ScopeInstanceId;
}

export const JobKind = { External: 'external', Async: 'async' } as const;
/** Attempts a job gets before it becomes an incident (Camunda 7's default). */
export const DEFAULT_JOB_RETRIES = 3;
export type JobKind = (typeof JobKind)[keyof typeof JobKind];

export interface JobState {
  readonly id: JobId;
  readonly kind: JobKind;
  readonly elementId: ElementId;
  readonly tokenId: TokenId;
  readonly topic?: string;
  retries: number;
  /** earliest time a worker / the executor may take it (retry backoff) */
  dueAt: string;
  readonly priority: number;
}

export const IncidentType = {
  FailedJob: 'failedJob',
  NoOutgoingFlow: 'noOutgoingFlow',
  Expression: 'expression',
  UnhandledError: 'unhandledError',
  CalledProcess: 'calledProcess',
} as const;
export type IncidentType = (typeof IncidentType)[keyof typeof IncidentType];

export interface Incident {
  readonly id: IncidentId;
  readonly type: IncidentType;
  readonly elementId: ElementId;
  /** absent for a failed timer that belongs to a scope (an event sub-process start) */
  readonly tokenId?: TokenId;
  readonly jobId?: JobId;
  /** what resolving retries: entering the element, leaving it, or the failed job */
  readonly retry: 'enter' | 'leave' | 'job';
  readonly message: string;
  readonly createdAt: string;
}

export interface InstanceState {
  readonly schema: 1;
  readonly id: InstanceId;
  readonly processId: ElementId;
  readonly businessKey?: string;
  readonly parent?: { readonly instanceId: InstanceId; readonly tokenId: TokenId };
  status: InstanceStatus;
  /** next sequence number for ids minted in this instance */
  seq: number;
  readonly startedAt: string;
  endedAt?: string;
  readonly rootScopeId: ScopeInstanceId;
  scopes: Record<ScopeInstanceId, ScopeInstance>;
  tokens: Record<TokenId, Token>;
  tasks: Record<TaskId, UserTaskState>;
  timers: Record<TimerId, TimerState>;
  subscriptions: Record<SubscriptionId, Subscription>;
  jobs: Record<JobId, JobState>;
  incidents: Record<IncidentId, Incident>;
}
