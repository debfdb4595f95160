/**
 * The engine's public face to the outside (API server, scenario runner, CLI, workers). Every
 * method that changes an instance runs one or more commands through the command loop: load,
 * pure step, atomic commit, then hand due work to the job executor.
 */
import type { CompiledDefinitions, ElementId } from '../bpmn/model.ts';
import type { InstanceId, InstanceState, JobId, TaskId, Variables } from '../bpmn/execution/state.ts';
import type { OpenTask, RecordedEvent, TaskQuery } from '../store/records.ts';

// what the store speaks is defined beside its port; the engine's callers get it from here too
export type { OpenTask, RecordedEvent, TaskQuery, TaskVisibility } from '../store/records.ts';

/** The engine's only source of time; scenarios pass a manual clock. */
export interface Clock {
  now(): number;
}

export interface DeployedProcess {
  readonly deploymentId: string;
  /** the process id, the key instances are started by */
  readonly key: string;
  readonly version: number;
  readonly name?: string;
  /** what validation warned about in the file (an attribute with no effect, an unreachable node…), `CODE Element (type): message` */
  readonly warnings?: readonly string[];
}

export interface InstanceView {
  readonly id: InstanceId;
  readonly key: string;
  readonly version: number;
  /** optimistic-lock version of the stored state */
  readonly revision: number;
  readonly state: InstanceState;
}


export interface LockedExternalTask {
  readonly jobId: JobId;
  readonly instanceId: InstanceId;
  readonly elementId: ElementId;
  readonly topic: string;
  readonly retries: number;
  readonly variables: Variables;
  readonly lockExpiresAt: string;
  readonly priority: number;
  /** the instance's process, deployment, business key and agency, for workers that route by them */
  readonly processKey: string;
  readonly deploymentId: string;
  readonly businessKey?: string;
  readonly agency?: string;
}

/** Which instances a message or signal may reach: those of one agency (a caller's), or all. */
export interface CorrelationScope {
  /** only instances of this agency; instances started by the message or signal get it */
  readonly agency?: string;
  /** who sent it, recorded as the starter of an instance it starts */
  readonly by?: string;
}


export interface DeployOptions {
  /** other files deployed with the diagram (forms, by file name): a change to one makes a new version */
  readonly resources?: Readonly<Record<string, string>>;
  /**
   * Called with the file's executable process ids once it has compiled, before anything is
   * stored: a throw refuses the whole file (deploy-folder refuses an id another file owns).
   */
  readonly admit?: (processIds: readonly string[]) => void;
}

export interface ClaimOptions {
  /** refuse with TASK_CLAIMED when another user holds the task (Camunda's `claim`); default: set the assignee whoever held it */
  readonly exclusive?: boolean;
}

export interface StartOptions {
  readonly variables?: Variables;
  readonly businessKey?: string;
  /** a fixed version; default the latest */
  readonly version?: number;
  readonly by?: string;
  /** the agency handling the instance (the Camunda 7 tenant); call-activity children inherit it */
  readonly agency?: string;
}

export interface EngineApi {
  /** Parse, validate and compile a BPMN file; each executable process gets its next version. */
  deploy(name: string, xml: string, options?: DeployOptions): Promise<DeployedProcess[]>;
  /** The compiled definitions of a deployment (cached). */
  definitions(deploymentId: string): Promise<CompiledDefinitions>;

  startInstance(processKey: string, options?: StartOptions): Promise<InstanceView>;
  /** Start at the message start event named `messageName` of the latest deployed process having one. */
  startByMessage(messageName: string, options?: StartOptions): Promise<InstanceView>;

  completeTask(taskId: TaskId, variables?: Variables, by?: string): Promise<void>;
  claimTask(taskId: TaskId, userId: string | null, by?: string, options?: ClaimOptions): Promise<void>;
  /** Deliver a message to one waiting instance (optionally a given one); starts one if a message start matches. Returns the instances it reached. */
  correlateMessage(messageName: string, options?: { readonly instanceId?: InstanceId; readonly businessKey?: string; readonly variables?: Variables } & CorrelationScope): Promise<InstanceId[]>;
  /** Deliver a signal to every instance listening for it (in the scope); returns the instances reached. */
  broadcastSignal(signalName: string, variables?: Variables, scope?: CorrelationScope): Promise<InstanceId[]>;
  setVariables(instanceId: InstanceId, variables: Variables, by?: string): Promise<void>;
  cancelInstance(instanceId: InstanceId, reason?: string, by?: string): Promise<void>;
  resolveIncident(instanceId: InstanceId, incidentId: string, by?: string): Promise<void>;

  /** Camunda-style external tasks. */
  fetchAndLock(topic: string, workerId: string, lockMs: number, maxTasks?: number): Promise<LockedExternalTask[]>;
  completeExternalTask(jobId: JobId, workerId: string, variables?: Variables): Promise<void>;
  failExternalTask(jobId: JobId, workerId: string, retries: number, errorMessage?: string, retryTimeoutMs?: number): Promise<void>;
  throwBpmnError(jobId: JobId, workerId: string, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
  /** Keep an external task `lockMs` longer from now; JOB_LOCKED unless `workerId` holds its lock. */
  extendExternalTaskLock(jobId: JobId, workerId: string, lockMs: number): Promise<void>;
  /** Give an external task back, so that any worker may fetch it at once. */
  unlockExternalTask(jobId: JobId): Promise<void>;

  /** Run every timer and async continuation due at the clock's now, in due order; returns how many ran. */
  runDueJobs(): Promise<number>;
  /** The earliest due time of a timer or async continuation, if any. */
  nextDueAt(): Promise<number | undefined>;

  getInstance(instanceId: InstanceId): Promise<InstanceView | undefined>;
  /** Instances started by call activities of this one (direct children). */
  childInstances(instanceId: InstanceId): Promise<InstanceView[]>;
  listTasks(query: TaskQuery): Promise<OpenTask[]>;
  /** How many open tasks match `query` (its page ignored). */
  countTasks(query: TaskQuery): Promise<number>;
  history(instanceId: InstanceId): Promise<RecordedEvent[]>;
  verifyHistory(instanceId: InstanceId): Promise<{ readonly ok: boolean; readonly problems: readonly string[] }>;

  close(): Promise<void>;
}
