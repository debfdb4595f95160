/**
 * The store port: everything the runtime persists, behind one narrow, async interface so that
 * the embedded SQLite adapter and the MongoDB adapter are interchangeable (see DESIGN.md
 * "Stores"). The one contract suite in `test/store/contract.ts` defines the behaviour; an
 * adapter is correct when it passes it.
 *
 * Conventions:
 * - Times given *to* the store as "now" are epoch milliseconds (the runtime's `Clock.now()`);
 *   times *inside* records are the ISO 8601 strings the engine produced, returned as written.
 * - Task, job and instance ids are global: the runtime mints them so that no two instances share
 *   one (DESIGN.md "The command loop"). Subscription ids need only be unique per instance.
 * - Every read returns copies; mutating a returned object never changes the store.
 */
import type { HistoryEvent, JobChange, ScheduledJob, TaskChange } from '../bpmn/execution/results.ts';
import type {
  InstanceId,
  InstanceState,
  InstanceStatus,
  JobId,
  Subscription,
  SubscriptionKind,
  TaskId,
  TimerId,
} from '../bpmn/execution/state.ts';
import type { OpenTask, RecordedEvent, TaskQuery } from './records.ts';

export type { OpenTask, RecordedEvent, TaskQuery } from './records.ts';

/** What a deployment stores for one executable process. */
export interface DeploymentInput {
  /** the process id, the key instances are started by */
  readonly key: string;
  readonly name?: string;
  /** the BPMN XML as deployed */
  readonly source: string;
  /** the compiled definitions: any JSON-serialisable value, returned deep-equal */
  readonly compiled: unknown;
  /** a digest of `source`: deploying the checksum of the latest version again is a no-op */
  readonly checksum: string;
}

/** A deployment without its (large) source and compiled form. */
export interface DeploymentInfo {
  /** `key:version`; stable, so scenarios and logs can name it */
  readonly deploymentId: string;
  readonly key: string;
  readonly version: number;
  readonly name?: string;
  readonly checksum: string;
  /** ISO 8601, the store's wall clock */
  readonly deployedAt: string;
}

export interface Deployment extends DeploymentInfo {
  readonly source: string;
  readonly compiled: unknown;
}

/** The persisted instance: its queryable columns plus the whole engine state. */
export interface InstanceRecord {
  readonly id: InstanceId;
  readonly processKey: string;
  readonly deploymentId: string;
  readonly processVersion: number;
  readonly businessKey?: string;
  /** set when a call activity started this instance */
  readonly parentInstanceId?: InstanceId;
  /** the agency handling the instance (the Camunda 7 tenant), fixed at start; its open tasks carry it */
  readonly agency?: string;
  readonly status: InstanceStatus;
  readonly state: InstanceState;
  /** ISO 8601 */
  readonly startedAt: string;
  /** ISO 8601, once the instance has ended */
  readonly endedAt?: string;
}

/** An instance as loaded: the record and the revision a commit must name to replace it. */
export interface StoredInstance {
  readonly record: InstanceRecord;
  readonly revision: number;
}

/** An instance without its state, for lists. */
export type InstanceSummary = Omit<InstanceRecord, 'state'> & { readonly revision: number };

/**
 * Searchable facts about an instance, by name (e.g. a dossier's procedure, status, result and
 * reception time), kept by commit extensions beside the state and served by an index.
 */
export type InstanceAttributes = Readonly<Record<string, string>>;

/** An attribute between two values in text order (ISO instants sort as time); no bound: it is set at all. */
export interface AttributeRange {
  readonly name: string;
  /** at or after */
  readonly from?: string;
  /** before */
  readonly before?: string;
}

/** The filters of an instance query, without its page. */
export type InstanceFilter = Omit<InstanceQuery, 'limit' | 'offset'>;

export interface InstanceQuery {
  readonly processKey?: string;
  readonly status?: InstanceStatus;
  /** exact match, served by an index: a dossier code finds its instances in one read */
  readonly businessKey?: string;
  /** exact match, served by an index */
  readonly agency?: string;
  /** every one must be set to exactly this value (instance attributes, indexed) */
  readonly attributes?: InstanceAttributes;
  /** one attribute within a range of values (indexed) */
  readonly attributeRange?: AttributeRange;
  /** default 100 */
  readonly limit?: number;
  readonly offset?: number;
}

/** How many instances of one process version are in one status. */
export interface VersionStatusCount {
  readonly processVersion: number;
  readonly status: InstanceStatus;
  readonly count: number;
}

/** A message for another system (e.g. the national public-service portal), sent after commit. */
export interface OutboxMessage {
  readonly topic: string;
  /** what the message is about (e.g. a dossier code), for the consumer's ordering and dedup */
  readonly key: string;
  /** any JSON-serialisable value */
  readonly payload: unknown;
  /**
   * epoch ms before which the entry is not due (default 0: at once): a committer that delivers
   * the message itself right after the commit holds it this way, so that no
   * `pendingOutbox(topic, limit, now)` reader takes it meanwhile
   */
  readonly nextAttemptAt?: number;
}

export interface OutboxEntry extends OutboxMessage {
  /** opaque, unique; entries of one topic are returned oldest first */
  readonly id: string;
  /** the instance whose commit queued it */
  readonly instanceId: InstanceId;
  readonly attempts: number;
  /** epoch ms before which the entry is not due (0 = at once) */
  readonly nextAttemptAt: number;
  readonly lastError?: string;
}

/**
 * The outcome of one delivery attempt. `ok: true` takes the entry out of the pending list for
 * good; an error keeps it pending until `nextAttemptAt`, or parks it for an operator when
 * `nextAttemptAt` is omitted (retries exhausted).
 */
export type OutboxOutcome =
  | { readonly ok: true; readonly attempts: number }
  | { readonly ok: false; readonly error: string; readonly attempts: number; readonly nextAttemptAt?: number };

/**
 * Everything one command changed, written as ONE atomic unit: either all of it is visible to
 * every reader, or (on any error, including a lost race) none of it.
 */
export interface CommitUnit {
  /** the new record; its `state` replaces the stored one */
  readonly instance: InstanceRecord;
  /** the revision the command loaded; 0 creates the instance (and fails if it exists) */
  readonly expectedRevision: number;
  /** appended to the instance's history; the store numbers and chains them */
  readonly events: readonly HistoryEvent[];
  /** applied to the open-task projection in order (created/updated = upsert, removed = delete); they belong to this instance */
  readonly tasks: readonly TaskChange[];
  /** applied to the job rows in order (schedule = upsert by id and clears any lock, cancel = delete); they belong to this instance */
  readonly jobs: readonly JobChange[];
  /** the instance's full current set; replaces the stored set */
  readonly subscriptions: readonly Subscription[];
  /** counters to bump in the same unit (key → increment), e.g. tallies that must agree with the history */
  readonly counters?: Readonly<Record<string, number>>;
  /** messages to send once this unit is committed (transactional outbox) */
  readonly outbox?: readonly OutboxMessage[];
  /** the instance's attributes from now on, replacing the stored set; absent: unchanged */
  readonly attributes?: InstanceAttributes;
}

export const JobRowKind = { Timer: 'timer', Async: 'async', External: 'external' } as const;
export type JobRowKind = (typeof JobRowKind)[keyof typeof JobRowKind];

/** What a commit wrote, for the runtime's own follow-up. */
export interface CommitResult {
  /** `expectedRevision + 1` */
  readonly revision: number;
  /** the ids of the queued outbox entries, in the order of `CommitUnit.outbox` */
  readonly outboxIds: readonly string[];
}

/** A job row: the scheduled job plus its worker lock. */
export interface JobRecord extends ScheduledJob {
  readonly kind: JobRowKind;
  /** 0 when the schedule gave none */
  readonly priority: number;
  /** the worker holding an external task, while its lock lasts */
  readonly lockOwner?: string;
  /** ISO 8601 */
  readonly lockExpiresAt?: string;
}

/**
 * Record kinds the API keeps (any other non-empty kind works alike): users, agencies, analysts'
 * drafts, the procedure catalog, working calendars, idempotency keys and generated secrets.
 */
export const RecordKind = {
  User: 'user',
  Agency: 'agency',
  Draft: 'draft',
  Procedure: 'procedure',
  Calendar: 'calendar',
  Idempotency: 'idempotency',
  Secret: 'secret',
} as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

/** A JSON document kept by kind and id, replaced whole under optimistic locking. */
export interface StoredRecord {
  readonly kind: string;
  /** unique within its kind */
  readonly id: string;
  /** any JSON-serialisable value, returned deep-equal */
  readonly value: unknown;
  /** 1 once created, one more on every put */
  readonly revision: number;
  /** ISO 8601, the store's wall clock at the last put */
  readonly updatedAt: string;
}

export interface RecordQuery {
  /** only ids starting with this; literal, no character in it is a wildcard */
  readonly prefix?: string;
  /** default 1000 */
  readonly limit?: number;
  readonly offset?: number;
}

export interface HistoryVerification {
  /** true when the chain is intact from the first event to the head the instance recorded */
  readonly ok: boolean;
  /** one sentence per problem, naming the sequence number concerned */
  readonly problems: readonly string[];
}

export interface Store {
  // ── deployments ────────────────────────────────────────────────────────────────────────────

  /**
   * Deploy unless unchanged: when the latest deployment of `input.key` has `input.checksum`, return
   * it; otherwise store `input` as the next version of its key (1 for a new key). Decided and
   * written atomically, even across processes: nodes deploying the same file at the same moment
   * (e.g. at start-up) all get one version, and different contents get distinct versions.
   */
  deploy(input: DeploymentInput): Promise<DeploymentInfo>;
  /** A deployment by id, with its source and compiled form; undefined if unknown. */
  getDeployment(deploymentId: string): Promise<Deployment | undefined>;
  /** The highest version deployed for `key`; undefined if none. */
  latestDeployment(key: string): Promise<Deployment | undefined>;
  /** The highest version deployed for `key` without its source and compiled form (what a start needs to pick it); undefined if none. */
  latestDeploymentInfo(key: string): Promise<DeploymentInfo | undefined>;
  /** One version of `key`; undefined if it does not exist. */
  deploymentByVersion(key: string, version: number): Promise<Deployment | undefined>;
  /** Every deployment (without source and compiled form), by key then version. */
  listDeployments(): Promise<DeploymentInfo[]>;
  /** Every deployed key, sorted. */
  knownKeys(): Promise<string[]>;

  // ── the command loop's commit ──────────────────────────────────────────────────────────────

  /**
   * Write one command's outcome atomically: compare-and-set the instance on `expectedRevision`,
   * append and hash-chain the history events, apply the task and job changes, replace the
   * subscriptions, bump the counters and queue the outbox messages. Returns the new revision
   * (`expectedRevision + 1`) and the queued entries' ids. Throws `MotcuaError(VERSION_CONFLICT)`
   * when the stored revision is not `expectedRevision` (or, for 0, when the instance exists);
   * nothing is then changed.
   */
  commit(unit: CommitUnit): Promise<CommitResult>;

  // ── instances ──────────────────────────────────────────────────────────────────────────────

  /** The instance and its revision; undefined if unknown. */
  getInstance(instanceId: InstanceId): Promise<StoredInstance | undefined>;
  /** Instances whose `parentInstanceId` is this one, oldest first. */
  childInstances(parentInstanceId: InstanceId): Promise<StoredInstance[]>;
  /** Ids of the instances holding a subscription of this kind and name (indexed), sorted, each once. */
  instancesSubscribed(kind: SubscriptionKind, name: string): Promise<InstanceId[]>;
  /** Instances without their state, newest first (by start time, then id descending). */
  listInstances(query?: InstanceQuery): Promise<InstanceSummary[]>;
  /**
   * How many instances of `processKey` each version has, per status (combinations with none left
   * out), by version then status: counted in an index on (key, version, status), never by
   * loading instances (the catalog's running / finished dossiers per version).
   */
  countInstancesByVersion(processKey: string): Promise<VersionStatusCount[]>;
  /** How many instances `listInstances` would list for these filters over all pages, counted in its indexes. */
  countInstances(query?: InstanceFilter): Promise<number>;
  /** The instance's attributes as stored ({} when none). */
  instanceAttributes(instanceId: InstanceId): Promise<InstanceAttributes>;
  /**
   * Replace an instance's attributes outside a commit: for an index rebuilt from the states
   * (instances committed before their extension kept attributes). Unknown instance: nothing.
   */
  setInstanceAttributes(instanceId: InstanceId, attributes: InstanceAttributes): Promise<void>;

  // ── open tasks (the projection maintained by commit) ────────────────────────────────────────

  /** One open task; undefined once it is completed or cancelled. */
  getTask(taskId: TaskId): Promise<OpenTask | undefined>;
  /**
   * Open tasks matching every given filter, sorted by due date (none last), then priority
   * (highest first), then creation time, then id. `candidateGroup` is plain membership (claimed
   * tasks included; hiding them is the caller's policy). A candidate-group query reads an index
   * in this order and stops at the page: its cost does not grow with the number of tasks. So does
   * an agency's query by `visibleTo`, `candidateGroups`, `candidateUser`, `candidateGroup` or
   * `assignee` (with `dueBefore` as part of the range): the officer's task list at any scale.
   * `limit` defaults to 1000.
   */
  listTasks(query: TaskQuery): Promise<OpenTask[]>;
  /**
   * How many open tasks match `query` (its `limit` and `offset` ignored). With `agency` given, it
   * counts index entries of the agency's matching principals, never the agency's other tasks.
   */
  countTasks(query: TaskQuery): Promise<number>;

  // ── history (appended by commit, never updated or deleted) ───────────────────────────────────

  /** The instance's events in order: seq from 1, each chained to the previous by SHA-256 (see hash-chain.ts). */
  history(instanceId: InstanceId): Promise<RecordedEvent[]>;
  /**
   * A value that changes whenever any commit, in any process, appends history: a cheap look for
   * "has anything been committed since" (the engine records every task change in history).
   */
  historyMark(): Promise<string>;
  /** Recompute the chain and compare it with the head the instance recorded at its last commit: detects altered, removed, inserted or reordered events. */
  verifyHistory(instanceId: InstanceId): Promise<HistoryVerification>;

  // ── jobs (rows maintained by commit; running them is the runtime's business) ─────────────────

  /** Timers and async continuations due at or before `now` (epoch ms), by due time then id. */
  dueJobs(now: number, limit: number): Promise<JobRecord[]>;
  /** The earliest due time (epoch ms) of any timer or async continuation; undefined if none. */
  nextDueAt(): Promise<number | undefined>;
  /** Every job row, or those of one instance, by due time then id. */
  allJobs(filter?: { readonly instanceId?: InstanceId }): Promise<JobRecord[]>;
  /** One job row; undefined if unknown (done or cancelled). */
  getJob(jobId: JobId | TimerId): Promise<JobRecord | undefined>;
  /**
   * Atomically lock up to `max` external tasks of `topic` that are due (`dueAt <= now`), not
   * locked (or whose lock expired) and not out of retries, for `workerId` until `now + lockMs`;
   * highest priority first, then by due time. A task whose `retries` is 0 has an open incident
   * and stays unfetchable until a commit reschedules it with retries; a task without `retries`
   * is fetchable. Two workers racing never get the same task. Returns the locked rows.
   */
  lockExternalTasks(topic: string, workerId: string, now: number, lockMs: number, max: number): Promise<JobRecord[]>;
  /** Release a job's lock (a worker gave it back); false if the job does not exist. */
  unlockJob(jobId: JobId): Promise<boolean>;
  /**
   * Atomically move the lock of an external task that `workerId` holds (unexpired at `now`) to
   * `now + lockMs`; false, changing nothing, when the job does not exist, is not locked, its lock
   * has expired or another worker holds it.
   */
  extendJobLock(jobId: JobId, workerId: string, now: number, lockMs: number): Promise<boolean>;
  /**
   * Apply job changes outside any instance's commit, atomically, for jobs that belong to no
   * instance (e.g. process-level timer start events): schedule = upsert by id under the job's
   * own `instanceId` and clears any lock, cancel = delete by id.
   */
  applyJobChanges(changes: readonly JobChange[]): Promise<void>;

  // ── records (the API's own documents) ───────────────────────────────────────────────────────

  /** The record `id` of `kind`; undefined if there is none. */
  getRecord(kind: string, id: string): Promise<StoredRecord | undefined>;
  /**
   * Replace the record (or create it when `expectedRevision` is 0) and return its new revision.
   * Throws `MotcuaError(RECORD_CONFLICT)` when the stored revision is not `expectedRevision` (for
   * 0: the record exists; otherwise it changed or is gone), with `details.currentRevision` (0 when
   * there is none); nothing is then changed. INVALID_INPUT for an empty kind or id or a value JSON
   * cannot hold.
   */
  putRecord(kind: string, id: string, value: unknown, expectedRevision: number): Promise<number>;
  /** Records of `kind`, ordered by id (UTF-8 byte order), optionally those whose id starts with `prefix`. */
  listRecords(kind: string, query?: RecordQuery): Promise<StoredRecord[]>;
  /**
   * Delete the record; false if there was none. With `expectedRevision`, only that revision is
   * deleted: another one throws RECORD_CONFLICT as `putRecord` does.
   */
  deleteRecord(kind: string, id: string, expectedRevision?: number): Promise<boolean>;

  // ── counters ───────────────────────────────────────────────────────────────────────────────

  /** Atomically increment and return the counter `key`; a new key starts at 1. Gaps are possible if the caller's commit then fails. */
  nextCounter(key: string): Promise<number>;
  /**
   * Every counter whose key starts with `prefix`, key → value (`{}` when none). The prefix is
   * literal: no character in it is a wildcard. An indexed range read, whose cost follows the keys
   * it returns, not the number of counters (the KPI dashboards read one month this way).
   */
  countersWithPrefix(prefix: string): Promise<Record<string, number>>;

  // ── outbox (appended by commit) ────────────────────────────────────────────────────────────

  /** Pending entries of `topic`, oldest first; with `now`, only those whose `nextAttemptAt <= now`. */
  pendingOutbox(topic: string, limit: number, now?: number): Promise<OutboxEntry[]>;
  /** Entries of `topic` parked for an operator (retries exhausted), oldest first. */
  parkedOutbox(topic: string, limit: number): Promise<OutboxEntry[]>;
  /**
   * Record a delivery attempt (see `OutboxOutcome`); false if the entry does not exist. An error
   * outcome with `nextAttemptAt` also takes a parked entry back into the pending list (an
   * operator's retry).
   */
  markOutbox(id: string, outcome: OutboxOutcome): Promise<boolean>;

  /** Release the connection; the store must not be used afterwards. */
  close(): Promise<void>;
}
