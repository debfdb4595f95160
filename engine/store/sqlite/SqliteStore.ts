/**
 * The embedded store: one SQLite file (or memory) through better-sqlite3, in WAL mode so that
 * readers never wait for the writer and several processes can share the file. Every write that
 * must be atomic runs in a `BEGIN IMMEDIATE` transaction: it takes the write lock up front, so two
 * processes never both read a revision and then fight over the upgrade to a write lock.
 *
 * Durability: `synchronous = FULL` by default, so a commit whose promise has resolved is on disk
 * and survives a power cut, not only a process crash. Its cost, one fsync per transaction, is
 * shared by group commit: concurrent commits are written together in one transaction
 * (CommitWriter), on a file by the writer thread (commit-thread.ts), in memory on this thread
 * (CommitBatcher). `NORMAL` (MOTCUA_SQLITE_SYNC) skips that fsync; an OS crash or
 * power loss may take back the last commits that were reported done.
 *
 * better-sqlite3 is synchronous: reads and the other writes (deployments, records, job locks,
 * outbox marks) run on this connection; the port's promises are kept for the MongoDB adapter's
 * sake and cost one microtask here.
 */
import Database from 'better-sqlite3';
import type { JobChange } from '../../bpmn/execution/results.ts';
import type { InstanceStatus, SubscriptionKind, TaskId } from '../../bpmn/execution/state.ts';
import type { OpenTask, RecordedEvent, TaskQuery } from '../records.ts';
import { ErrorCode, MotcuaError } from '../../errors.ts';
import {
  DEFAULT_INSTANCE_LIMIT,
  DEFAULT_RECORD_LIMIT,
  DEFAULT_TASK_LIMIT,
  checkDeploymentSize,
  checkLimit,
  checkPage,
  recordConflict,
  recordJson,
} from '../adapter-rules.ts';
import { matchesNothing } from '../task-visibility.ts';
import { recordedEvent, verifyLinks, type Link } from '../hash-chain.ts';
import type {
  CommitResult,
  CommitUnit,
  Deployment,
  DeploymentInfo,
  DeploymentInput,
  HistoryVerification,
  InstanceAttributes,
  InstanceFilter,
  InstanceQuery,
  InstanceSummary,
  JobRecord,
  OutboxEntry,
  OutboxOutcome,
  RecordQuery,
  Store,
  StoredInstance,
  StoredRecord,
  VersionStatusCount,
} from '../port.ts';
import { CommitBatcher } from './CommitBatcher.ts';
import { CommitThread } from './commit-thread.ts';
import { fileIdOf } from './commit-thread-protocol.ts';
import { CommitWriter, jobColumns, prepareUnit, type JobRowChange, type WriteUnit } from './commit-writer.ts';
import { migrate } from './migrations.ts';
import { openFailure } from './open-errors.ts';
import { SQLITE_HANDLER_MS, withWriteLock } from './write-lock.ts';
import { deployment, deploymentInfo, instanceSummary, jobRecord, openTask, outboxEntry, storedInstance, storedRecord, type InstanceRow, type TaskRow } from './rows.ts';
import { instanceCountSql, instanceQuerySql, prepareStatements, type Statements } from './statements.ts';
import { taskCountSql, taskQuerySql } from './task-query.ts';

/** How long a writer waits for another process's transaction before giving up. */
const BUSY_TIMEOUT_MS = 5000;
/** The most commits one transaction takes: a batch holds the write lock for a few milliseconds at most. */
const MAX_BATCH = 256;

/** `PRAGMA synchronous`: FULL (the default) syncs every commit to disk; NORMAL only at checkpoints. */
export const SqliteSynchronous = { Full: 'FULL', Normal: 'NORMAL' } as const;
export type SqliteSynchronous = (typeof SqliteSynchronous)[keyof typeof SqliteSynchronous];

export interface SqliteStoreOptions {
  /** how long a write waits for another process's transaction before STORE_UNAVAILABLE (ms); default 5 s */
  readonly busyTimeoutMs?: number;
  /** default FULL: a reported commit survives a power cut; NORMAL: only a process crash */
  readonly synchronous?: SqliteSynchronous;
  /**
   * Called inside the transaction once every write of a unit is done (state, history, tasks,
   * jobs, subscriptions, counters, outbox); a throw undoes that unit alone and fails its commit.
   * For fault injection: the contract suite proves with it that a late failure leaves nothing.
   * A store given one commits on this thread, where the hook runs.
   */
  readonly afterWrites?: (unit: CommitUnit) => void;
}

/** A list query prepared for one shape (which filters are set), bound by name. */
type ShapedStatement<Row> = Database.Statement<[Record<string, unknown>], Row>;

export class SqliteStore implements Store {
  /** The connection, for code that shares it in this process (e.g. the agenda backend). */
  readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly taskQueries = new Map<string, ShapedStatement<TaskRow>>();
  private readonly taskCounts = new Map<string, ShapedStatement<{ n: number }>>();
  private readonly instanceQueries = new Map<string, ShapedStatement<InstanceRow>>();
  private readonly instanceCounts = new Map<string, ShapedStatement<{ n: number }>>();
  /** the group commit: on a writer thread for a file, else on this connection (see `submit`) */
  private readonly thread: CommitThread | undefined;
  private readonly writer: CommitWriter;
  private readonly batcher: CommitBatcher;
  private readonly afterWrites: ((unit: CommitUnit) => void) | undefined;
  /** runs a write, waiting for another process's lock up to the busy timeout (write-lock.ts) */
  private readonly locked: <T>(write: () => T) => T;
  private readonly deployTx: Database.Transaction<(input: DeploymentInput, compiled: string) => DeploymentInfo>;
  private readonly jobsTx: Database.Transaction<(changes: readonly JobRowChange[]) => void>;

  /** Open (creating if needed) the database at `path`, or `:memory:`, and bring its schema up to date. */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    let db: Database.Database;
    try {
      db = new Database(path, { timeout: SQLITE_HANDLER_MS });
    } catch (error) {
      throw openFailure(path, error);
    }
    try {
      return new SqliteStore(db, options);
    } catch (error) {
      db.close();
      // a file that is not a database, is corrupt or cannot be written fails here, at its first read or write
      throw openFailure(path, error);
    }
  }

  private constructor(db: Database.Database, options: SqliteStoreOptions) {
    this.db = db;
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? SqliteSynchronous.Full}`);
    db.pragma(`busy_timeout = ${SQLITE_HANDLER_MS}`);
    const busyTimeoutMs = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
    this.locked = <T>(write: () => T): T => withWriteLock(busyTimeoutMs, write);
    this.locked(() => migrate(db));
    this.sql = prepareStatements(db);
    this.afterWrites = options.afterWrites;
    this.writer = new CommitWriter(db, this.sql);
    this.batcher = new CommitBatcher((units) => this.locked(() => this.writer.writeBatch(units)), MAX_BATCH);
    // an injected fault runs inside the transaction, so it needs the transaction on this thread
    if (!db.memory && options.afterWrites === undefined) {
      this.thread = new CommitThread({ path: db.name, fileId: fileIdOf(db.name), maxBatch: MAX_BATCH, synchronous: options.synchronous ?? SqliteSynchronous.Full, busyTimeoutMs });
    }
    this.deployTx = db.transaction((input: DeploymentInput, compiled: string) => this.deployUnlessUnchanged(input, compiled));
    this.jobsTx = db.transaction((changes: readonly JobRowChange[]) => {
      for (const change of changes) {
        if (change.op === 'cancel') this.sql.deleteJobById.run(change.jobId);
        else this.sql.upsertJob.run(change.row);
      }
    });
  }

  // ── deployments ────────────────────────────────────────────────────────────────────────────

  async deploy(input: DeploymentInput): Promise<DeploymentInfo> {
    const compiled = JSON.stringify(input.compiled);
    if (compiled === undefined) {
      throw new MotcuaError(ErrorCode.InvalidInput, 'a deployment needs a JSON-serialisable compiled form', { field: 'compiled' });
    }
    checkDeploymentSize(input.key, input.source, compiled);
    // IMMEDIATE: the latest version is read under the write lock, so no other process can deploy
    // between that read and the insert
    return this.locked(() => this.deployTx.immediate(input, compiled));
  }

  private deployUnlessUnchanged(input: DeploymentInput, compiled: string): DeploymentInfo {
    const latest = this.sql.latestDeploymentInfo.get(input.key);
    if (latest?.checksum === input.checksum) return deploymentInfo(latest);
    const version = (latest?.version ?? 0) + 1;
    const info: DeploymentInfo = {
      deploymentId: `${input.key}:${version}`,
      key: input.key,
      version,
      ...(input.name !== undefined && { name: input.name }),
      checksum: input.checksum,
      deployedAt: new Date().toISOString(),
    };
    this.sql.insertDeployment.run(info.deploymentId, info.key, version, input.name ?? null, info.checksum, info.deployedAt, input.source, compiled);
    return info;
  }

  async getDeployment(deploymentId: string): Promise<Deployment | undefined> {
    const row = this.sql.deploymentById.get(deploymentId);
    return row && deployment(row);
  }

  async latestDeployment(key: string): Promise<Deployment | undefined> {
    const row = this.sql.latestDeployment.get(key);
    return row && deployment(row);
  }

  async latestDeploymentInfo(key: string): Promise<DeploymentInfo | undefined> {
    const row = this.sql.latestDeploymentInfo.get(key);
    return row && deploymentInfo(row);
  }

  async deploymentByVersion(key: string, version: number): Promise<Deployment | undefined> {
    const row = this.sql.deploymentByVersion.get(key, version);
    return row && deployment(row);
  }

  async listDeployments(): Promise<DeploymentInfo[]> {
    return this.sql.listDeployments.all().map(deploymentInfo);
  }

  async knownKeys(): Promise<string[]> {
    return this.sql.knownKeys.all().map((row) => row.key);
  }

  // ── commit ─────────────────────────────────────────────────────────────────────────────────

  async commit(unit: CommitUnit): Promise<CommitResult> {
    // serialise and validate before taking the write lock, to hold it as briefly as possible
    return (await this.submit({ kind: 'commit', unit: prepareUnit(unit) }, unit)) as CommitResult;
  }

  /** Hand `unit` to the group commit; `source`: the commit it was prepared from, for `afterWrites`. */
  private submit(unit: WriteUnit, source?: CommitUnit): Promise<unknown> {
    if (this.thread) return this.thread.submit(unit);
    return this.batcher.submit(() => {
      const result = this.writer.run(unit);
      if (source) this.afterWrites?.(source);
      return result;
    });
  }

  /** What `PRAGMA synchronous` says on the connection that writes the commits (2 = FULL, 1 = NORMAL). */
  async commitSynchronous(): Promise<number> {
    return (await this.submit({ kind: 'synchronous' })) as number;
  }

  // ── instances ──────────────────────────────────────────────────────────────────────────────

  async getInstance(instanceId: string): Promise<StoredInstance | undefined> {
    const row = this.sql.instanceById.get(instanceId);
    return row && storedInstance(row);
  }

  async childInstances(parentInstanceId: string): Promise<StoredInstance[]> {
    return this.sql.childInstances.all(parentInstanceId).map(storedInstance);
  }

  async instancesSubscribed(kind: SubscriptionKind, name: string): Promise<string[]> {
    return this.sql.instancesSubscribed.all(kind, name).map((row) => row.instance_id);
  }

  async listInstances(query: InstanceQuery = {}): Promise<InstanceSummary[]> {
    const { sql, params } = instanceQuerySql(query);
    return this.prepared(this.instanceQueries, sql).all({ ...params, ...checkPage(query, DEFAULT_INSTANCE_LIMIT) }).map(instanceSummary);
  }

  async countInstances(query: InstanceFilter = {}): Promise<number> {
    const { sql, params } = instanceCountSql(query);
    return this.prepared(this.instanceCounts, sql).get(params)!.n;
  }

  async instanceAttributes(instanceId: string): Promise<InstanceAttributes> {
    return Object.fromEntries(this.sql.attributesOf.all(instanceId).map((row) => [row.name, row.value]));
  }

  async setInstanceAttributes(instanceId: string, attributes: InstanceAttributes): Promise<void> {
    await this.submit({ kind: 'attributes', instanceId, attributes });
  }

  async countInstancesByVersion(processKey: string): Promise<VersionStatusCount[]> {
    return this.sql.instanceCountsByVersion.all(processKey).map((row) => ({ processVersion: row.process_version, status: row.status as InstanceStatus, count: row.count }));
  }

  /** The statement of a query shape (its SQL), prepared on its first use and kept. */
  private prepared<Row>(cache: Map<string, ShapedStatement<Row>>, sql: string): ShapedStatement<Row> {
    let statement = cache.get(sql);
    if (!statement) {
      statement = this.db.prepare<[Record<string, unknown>], Row>(sql);
      cache.set(sql, statement);
    }
    return statement;
  }

  // ── tasks ──────────────────────────────────────────────────────────────────────────────────

  async getTask(taskId: TaskId): Promise<OpenTask | undefined> {
    const row = this.sql.taskById.get(taskId);
    return row && openTask(row);
  }

  async listTasks(query: TaskQuery): Promise<OpenTask[]> {
    const { limit, offset } = checkPage(query, DEFAULT_TASK_LIMIT);
    if (matchesNothing(query)) return [];
    const { sql, params } = taskQuerySql(query);
    return this.prepared(this.taskQueries, sql).all({ ...params, limit, offset }).map(openTask);
  }

  async countTasks(query: TaskQuery): Promise<number> {
    if (matchesNothing(query)) return 0;
    const { sql, params } = taskCountSql(query);
    return this.prepared(this.taskCounts, sql).get(params)!.n;
  }

  // ── records ────────────────────────────────────────────────────────────────────────────────

  async getRecord(kind: string, id: string): Promise<StoredRecord | undefined> {
    const row = this.sql.recordById.get(kind, id);
    return row && storedRecord(row);
  }

  async putRecord(kind: string, id: string, value: unknown, expectedRevision: number): Promise<number> {
    const json = recordJson(kind, id, value, expectedRevision);
    const updatedAt = new Date().toISOString();
    const written = this.locked(() =>
      expectedRevision === 0
        ? this.sql.insertRecord.run(kind, id, updatedAt, json)
        : this.sql.updateRecord.run(updatedAt, json, kind, id, expectedRevision),
    );
    if (written.changes === 0) throw recordConflict(kind, id, expectedRevision, this.sql.recordRevision.get(kind, id)?.revision ?? 0);
    return expectedRevision + 1;
  }

  async listRecords(kind: string, query: RecordQuery = {}): Promise<StoredRecord[]> {
    const { limit, offset } = checkPage(query, DEFAULT_RECORD_LIMIT);
    // a range on the key, as in countersWithPrefix: the prefix stays literal
    const rows = query.prefix
      ? this.sql.recordsInRange.all(kind, query.prefix, `${query.prefix}\u{10FFFF}`, limit, offset)
      : this.sql.recordsOfKind.all(kind, limit, offset);
    return rows.map(storedRecord);
  }

  async deleteRecord(kind: string, id: string, expectedRevision?: number): Promise<boolean> {
    const deleted = this.locked(() =>
      expectedRevision === undefined ? this.sql.deleteRecord.run(kind, id) : this.sql.deleteRecordAt.run(kind, id, expectedRevision),
    );
    if (deleted.changes > 0) return true;
    const current = this.sql.recordRevision.get(kind, id)?.revision;
    if (expectedRevision !== undefined && current !== undefined) throw recordConflict(kind, id, expectedRevision, current);
    return false;
  }

  // ── history ────────────────────────────────────────────────────────────────────────────────

  async history(instanceId: string): Promise<RecordedEvent[]> {
    return this.links(instanceId).map((link) => recordedEvent(instanceId, link));
  }

  async historyMark(): Promise<string> {
    // rowids grow under the write lock, whichever process inserts; the maximum is one index look
    return String(this.sql.lastHistoryRow.get()!.id ?? 0);
  }

  async verifyHistory(instanceId: string): Promise<HistoryVerification> {
    // one read transaction, so a commit landing between the two reads cannot look like tampering
    const { links, head } = this.db.transaction(() => {
      const current = this.sql.instanceHead.get(instanceId);
      return { links: this.links(instanceId), head: current && { seq: current.history_seq, hash: current.history_hash } };
    })();
    const problems = verifyLinks(instanceId, links, head);
    return { ok: problems.length === 0, problems };
  }

  private links(instanceId: string): Link[] {
    return this.sql.history.all(instanceId).map((row) => ({ seq: row.seq, prevHash: row.prev_hash, hash: row.hash, event: row.event }));
  }

  // ── jobs ───────────────────────────────────────────────────────────────────────────────────

  async dueJobs(now: number, limit: number): Promise<JobRecord[]> {
    return this.sql.dueJobs.all(now, checkLimit(limit)).map(jobRecord);
  }

  async nextDueAt(): Promise<number | undefined> {
    return this.sql.nextDueAt.get()?.due ?? undefined;
  }

  async allJobs(filter: { readonly instanceId?: string } = {}): Promise<JobRecord[]> {
    const rows = filter.instanceId !== undefined ? this.sql.jobsOfInstance.all(filter.instanceId) : this.sql.allJobs.all();
    return rows.map(jobRecord);
  }

  async getJob(jobId: string): Promise<JobRecord | undefined> {
    const row = this.sql.jobById.get(jobId);
    return row && jobRecord(row);
  }

  async lockExternalTasks(topic: string, workerId: string, now: number, lockMs: number, max: number): Promise<JobRecord[]> {
    if (max <= 0) return [];
    const rows = this.locked(() => this.sql.lockExternal.all({ topic, now, owner: workerId, expiresMs: now + lockMs, max }));
    // RETURNING gives rows in no defined order
    rows.sort((a, b) => b.priority - a.priority || a.due_ms - b.due_ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return rows.map(jobRecord);
  }

  async unlockJob(jobId: string): Promise<boolean> {
    return this.locked(() => this.sql.unlockJob.run(jobId)).changes > 0;
  }

  async extendJobLock(jobId: string, workerId: string, now: number, lockMs: number): Promise<boolean> {
    return this.locked(() => this.sql.extendJobLock.run({ id: jobId, owner: workerId, now, expiresMs: now + lockMs })).changes > 0;
  }

  async applyJobChanges(changes: readonly JobChange[]): Promise<void> {
    const rows = changes.map((change) => (change.op === 'cancel' ? { op: 'cancel' as const, jobId: change.jobId } : { op: 'schedule' as const, row: jobColumns(change.job, change.job.instanceId) }));
    this.locked(() => this.jobsTx.immediate(rows));
  }

  // ── counters and outbox ────────────────────────────────────────────────────────────────────

  async nextCounter(key: string): Promise<number> {
    // in the group commit: a dossier number shares the sync to disk of the commits beside it
    return (await this.submit({ kind: 'counter', key })) as number;
  }

  async countersWithPrefix(prefix: string): Promise<Record<string, number>> {
    // A range on the primary key, not LIKE (whose % and _ would need escaping). SQLite compares
    // text by its UTF-8 bytes, in which a character beyond U+FFFF (a Nôm character in a name, say)
    // sorts after U+FFFF: the bound is the last code point, so only keys going on with that
    // noncharacter itself would be missed.
    const rows = this.sql.countersInRange.all(prefix, `${prefix}\u{10FFFF}`);
    // fromEntries, not assignment: a key such as "__proto__" stays an ordinary entry
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  async pendingOutbox(topic: string, limit: number, now: number = Number.MAX_SAFE_INTEGER): Promise<OutboxEntry[]> {
    return this.sql.pendingOutbox.all(topic, now, checkLimit(limit)).map(outboxEntry);
  }

  async parkedOutbox(topic: string, limit: number): Promise<OutboxEntry[]> {
    return this.sql.parkedOutbox.all(topic, checkLimit(limit)).map(outboxEntry);
  }

  async markOutbox(id: string, outcome: OutboxOutcome): Promise<boolean> {
    const rowId = Number(id);
    if (!Number.isSafeInteger(rowId)) return false;
    const [status, nextAttemptAt, error] = outcome.ok
      ? ['sent', 0, null]
      : outcome.nextAttemptAt === undefined
        ? ['parked', 0, outcome.error]
        : ['pending', outcome.nextAttemptAt, outcome.error];
    const result = this.locked(() => this.sql.markOutbox.run(status, outcome.attempts, nextAttemptAt, error, rowId));
    return result.changes > 0;
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // commits already accepted are written, not dropped with the connection
    await this.thread?.close();
    this.batcher.flushAll();
    this.db.close();
  }
}


