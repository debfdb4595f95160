/**
 * What a group commit writes, on whichever connection writes it: the store's own (an in-memory
 * database, or when a test injects faults) or the writer thread's (commit-thread-worker.ts, every
 * file).
 *
 * A commit is turned into statement parameters on the caller's side (`prepareUnit`: JSON and
 * checks before the write lock is taken), so that what crosses to the writer is plain data: a
 * `WriteUnit`. `CommitWriter.writeBatch` writes a batch of them in ONE `BEGIN IMMEDIATE`
 * transaction: a unit that fails (a lost compare-and-set) fails alone and writes nothing; the
 * disk or the lock failing is the whole batch's fate.
 */
import type Database from 'better-sqlite3';
import type { ScheduledJob } from '../../bpmn/execution/results.ts';
import type { Subscription, UserTaskState } from '../../bpmn/execution/state.ts';
import { ErrorCode, isMotcuaError } from '../../errors.ts';
import { NO_DUE_DATE, checkRecordSize, isoToMs, versionConflict } from '../adapter-rules.ts';
import { EMPTY_HEAD, canonicalJson, chainCanonical, headAfter } from '../hash-chain.ts';
import type { CommitResult, CommitUnit, InstanceAttributes } from '../port.ts';
import { principalsOf } from '../task-visibility.ts';
import type { UnitOutcome } from './CommitBatcher.ts';
import { prepareStatements, updateVariant, type Statements } from './statements.ts';
import { isUnavailable } from './write-lock.ts';

/** One unit of a group commit, as data (it may cross to the writer thread). */
export type WriteUnit =
  | { readonly kind: 'commit'; readonly unit: PreparedUnit }
  | { readonly kind: 'counter'; readonly key: string }
  | { readonly kind: 'attributes'; readonly instanceId: string; readonly attributes: InstanceAttributes }
  /** what the writing connection's `PRAGMA synchronous` says (2 = FULL, 1 = NORMAL) */
  | { readonly kind: 'synchronous' };

interface TaskColumns {
  id: string;
  instanceId: string;
  processKey: string;
  elementId: string;
  assignee: string | null;
  dueSort: number;
  priority: number;
  createdMs: number;
  body: string;
  /** '' when the instance has none: a key column of task_candidates */
  agency: string;
}

type JobColumns = Record<string, unknown>;
export type JobRowChange = { op: 'schedule'; row: JobColumns } | { op: 'cancel'; jobId: string };

export interface PreparedUnit {
  instance: {
    id: string;
    processKey: string;
    deploymentId: string;
    processVersion: number;
    businessKey: string | null;
    parentInstanceId: string | null;
    agency: string | null;
    status: string;
    startedAt: string;
    startedMs: number;
    endedAt: string | null;
    state: string;
  };
  expectedRevision: number;
  /** each event's canonical JSON (hash-chain.ts) */
  events: string[];
  tasks: Array<{ op: 'upsert'; row: TaskColumns; groups: readonly string[]; principals: readonly string[] } | { op: 'remove'; taskId: string }>;
  jobs: JobRowChange[];
  subscriptions: readonly Subscription[];
  counters: Array<[string, number]>;
  outbox: Array<{ topic: string; key: string; payload: string; createdAt: string; nextAttemptAt: number }>;
  attributes: InstanceAttributes | undefined;
}

/** What a commit reads of a task row before changing it. */
type TaskKeys = NonNullable<ReturnType<Statements['taskKeys']['get']>>;

/** Thrown inside the fast transaction to roll it back; the batch is written again with savepoints, without this unit. */
class FailedAfterWriting {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {}
}

export class CommitWriter {
  private readonly sql: Statements;
  private readonly fastTx: Database.Transaction<(runs: readonly (() => unknown)[]) => UnitOutcome<unknown>[]>;
  private readonly unitTx: Database.Transaction<(run: () => unknown) => unknown>;
  private readonly savepointTx: Database.Transaction<(runs: readonly (() => unknown)[], failed: FailedAfterWriting) => UnitOutcome<unknown>[]>;

  constructor(
    private readonly db: Database.Database,
    sql: Statements = prepareStatements(db),
  ) {
    this.sql = sql;
    // A unit refused by its compare-and-set has written nothing (`write` checks before its first
    // write), so it fails alone without a savepoint. Any other failure might leave writes behind:
    // the whole transaction is rolled back and the batch written again the careful way, that
    // unit failing with its error without being run again.
    this.fastTx = db.transaction((runs: readonly (() => unknown)[]) =>
      runs.map((run, index): UnitOutcome<unknown> => {
        try {
          return { ok: true, value: run() };
        } catch (error) {
          if (isMotcuaError(error, ErrorCode.VersionConflict)) return { ok: false, error };
          if (isUnavailable(error)) throw error;
          throw new FailedAfterWriting(index, error);
        }
      }),
    );
    // nested in savepointTx, each unit runs in its own savepoint: a throw rolls back that unit only
    this.unitTx = db.transaction((run: () => unknown) => run());
    this.savepointTx = db.transaction((runs: readonly (() => unknown)[], failed: FailedAfterWriting) =>
      runs.map((run, index): UnitOutcome<unknown> => {
        if (index === failed.index) return { ok: false, error: failed.error };
        try {
          return { ok: true, value: this.unitTx(run) };
        } catch (error) {
          // the disk or the lock failing is the whole transaction's fate, not this unit's
          if (isUnavailable(error)) throw error;
          return { ok: false, error };
        }
      }),
    );
  }

  /**
   * Run `runs` in one IMMEDIATE transaction; throws only when the transaction itself fails.
   * A savepoint per unit would keep a unit's failure to itself, but costs SQLite a copy of every
   * page the unit touches (its statement journal), about as much as the writes themselves: so a
   * batch is first written without, and again with them only if a unit failed after writing.
   */
  writeBatch(runs: readonly (() => unknown)[]): UnitOutcome<unknown>[] {
    try {
      return this.fastTx.immediate(runs);
    } catch (error) {
      if (!(error instanceof FailedAfterWriting)) throw error;
      return this.savepointTx.immediate(runs, error);
    }
  }

  /** The writes of one data unit (to run inside `writeBatch`). */
  run(unit: WriteUnit): unknown {
    switch (unit.kind) {
      case 'commit':
        return this.write(unit.unit);
      case 'counter':
        return this.sql.nextCounter.get(unit.key)!.value;
      case 'attributes':
        if (this.sql.instanceHead.get(unit.instanceId)) this.replaceAttributes(unit.instanceId, unit.attributes);
        return undefined;
      case 'synchronous':
        return this.db.pragma('synchronous', { simple: true });
    }
  }

  /**
   * A lost compare-and-set is refused before the first write (see `writeBatch`).
   *
   * What a commit costs is the pages it dirties (each is written whole to the WAL), not the rows
   * it reads from pages already in cache. So it reads a little to write less: the old status
   * (index untouched unless it changes), the old task keys (group rows deleted by primary key,
   * no task_id index) and the old subscriptions (rows rewritten only when the set changes).
   */
  write(unit: PreparedUnit): CommitResult {
    const { instance } = unit;
    const id = instance.id;
    let head = EMPTY_HEAD;
    let variant = 0;
    if (unit.expectedRevision !== 0) {
      const current = this.sql.instanceHead.get(id);
      if (!current || current.revision !== unit.expectedRevision) throw versionConflict(id, unit.expectedRevision);
      head = { seq: current.history_seq, hash: current.history_hash };
      variant = updateVariant(current.status !== instance.status, current.business_key !== instance.businessKey);
    }
    const links = chainCanonical(id, head, unit.events);
    const newHead = headAfter(links, head);
    const columns = { ...instance, historySeq: newHead.seq, historyHash: newHead.hash };
    if (unit.expectedRevision === 0) {
      if (this.sql.insertInstance.run(columns).changes === 0) throw versionConflict(id, 0);
    } else {
      if (this.sql.updateInstance[variant]!.run({ ...columns, expectedRevision: unit.expectedRevision }).changes === 0) throw versionConflict(id, unit.expectedRevision);
    }

    for (const link of links) this.sql.insertEvent.run(id, link.seq, link.prevHash, link.hash, link.event);
    for (const change of unit.tasks) this.applyTask(id, change);
    for (const change of unit.jobs) {
      if (change.op === 'cancel') this.sql.deleteJob.run(change.jobId, id);
      else this.sql.upsertJob.run(change.row);
    }
    this.replaceSubscriptions(id, unit.subscriptions);
    if (unit.attributes) this.replaceAttributes(id, unit.attributes);
    for (const [key, by] of unit.counters) this.sql.bumpCounter.run(key, by);
    const outboxIds = unit.outbox.map((message) => {
      const rowId = Number(this.sql.insertOutbox.run(id, message.topic, message.key, message.payload, message.createdAt).lastInsertRowid);
      // insertOutbox makes an entry due at once; a held one gets its time in the same transaction
      if (message.nextAttemptAt > 0) this.sql.markOutbox.run('pending', 0, message.nextAttemptAt, null, rowId);
      return String(rowId);
    });

    return { revision: unit.expectedRevision + 1, outboxIds };
  }

  private applyTask(instanceId: string, change: PreparedUnit['tasks'][number]): void {
    const taskId = change.op === 'remove' ? change.taskId : change.row.id;
    const old = this.sql.taskKeys.get(taskId);
    // a task belongs to one instance: another instance's commit never touches it
    if (old && old.instance_id !== instanceId) return;
    const oldGroups = old ? groupsOf(old.body) : [];
    if (change.op === 'remove') {
      if (!old) return;
      for (const group of oldGroups) this.sql.deleteTaskGroup.run(group, old.due_sort, old.priority, old.created_ms, taskId);
      this.replaceCandidates(taskId, old, undefined);
      this.sql.deleteTask.run(taskId);
      return;
    }
    const row = change.row;
    this.sql.upsertTask.run(row);
    this.replaceCandidates(taskId, old, change);
    const sameKeys = old !== undefined && old.due_sort === row.dueSort && old.priority === row.priority && old.created_ms === row.createdMs;
    if (sameKeys && sameMembers(oldGroups, change.groups)) return;
    if (old) for (const group of oldGroups) this.sql.deleteTaskGroup.run(group, old.due_sort, old.priority, old.created_ms, taskId);
    for (const group of change.groups) this.sql.insertTaskGroup.run(group, row.dueSort, row.priority, row.createdMs, taskId);
  }

  /**
   * Bring the task's `task_candidates` rows from what the old row implies to what the change
   * does. A claim keeps the keys and only swaps the assignee's row; a new due date moves them all.
   */
  private replaceCandidates(taskId: string, old: TaskKeys | undefined, next: { row: TaskColumns; principals: readonly string[] } | undefined): void {
    const before = old ? principalsOf(JSON.parse(old.body) as UserTaskState) : [];
    const after = next?.principals ?? [];
    const sameKeys =
      old !== undefined &&
      next !== undefined &&
      old.agency === next.row.agency &&
      old.due_sort === next.row.dueSort &&
      old.priority === next.row.priority &&
      old.created_ms === next.row.createdMs;
    if (old) {
      for (const principal of sameKeys ? before.filter((p) => !after.includes(p)) : before) {
        this.sql.deleteTaskCandidate.run(old.agency, principal, old.due_sort, old.priority, old.created_ms, taskId);
      }
    }
    if (next) {
      const { row } = next;
      for (const principal of sameKeys ? after.filter((p) => !before.includes(p)) : after) {
        this.sql.insertTaskCandidate.run(row.agency, principal, row.dueSort, row.priority, row.createdMs, taskId);
      }
    }
  }

  /** Rows rewritten only where a value changed: most commits of a dossier keep its procedure and status. */
  private replaceAttributes(instanceId: string, next: InstanceAttributes): void {
    const current = new Map(this.sql.attributesOf.all(instanceId).map((row) => [row.name, row.value]));
    for (const [name, value] of Object.entries(next)) {
      if (current.get(name) !== value) this.sql.upsertAttribute.run(instanceId, name, value);
      current.delete(name);
    }
    for (const gone of current.keys()) this.sql.deleteAttribute.run(instanceId, gone);
  }

  private replaceSubscriptions(instanceId: string, next: readonly Subscription[]): void {
    const current = new Map(this.sql.subscriptionsOf.all(instanceId).map((row) => [row.id, row]));
    for (const s of next) {
      const old = current.get(s.id);
      current.delete(s.id);
      if (
        old &&
        old.kind === s.kind &&
        old.name === s.name &&
        old.element_id === s.elementId &&
        old.token_id === (s.tokenId ?? null) &&
        old.scope_id === (s.scopeId ?? null)
      ) {
        continue;
      }
      this.sql.insertSubscription.run(instanceId, s.id, s.kind, s.name, s.elementId, s.tokenId ?? null, s.scopeId ?? null);
    }
    for (const gone of current.keys()) this.sql.deleteSubscription.run(instanceId, gone);
  }
}

// ── the commit unit, turned into statement parameters ahead of the transaction ─────────────────

export function prepareUnit(unit: CommitUnit): PreparedUnit {
  const record = unit.instance;
  const createdAt = new Date().toISOString();
  const state = JSON.stringify(record.state);
  // MongoDB cannot keep a document over 16 MB; refused here too, both adapters behave alike
  checkRecordSize(record.id, 'state', state);
  return {
    instance: {
      id: record.id,
      processKey: record.processKey,
      deploymentId: record.deploymentId,
      processVersion: record.processVersion,
      businessKey: record.businessKey ?? null,
      parentInstanceId: record.parentInstanceId ?? null,
      agency: record.agency ?? null,
      status: record.status,
      startedAt: record.startedAt,
      startedMs: isoToMs(record.startedAt, 'startedAt'),
      endedAt: record.endedAt ?? null,
      state,
    },
    expectedRevision: unit.expectedRevision,
    events: unit.events.map(canonicalJson),
    tasks: unit.tasks.map((change) => {
      if (change.op === 'removed') return { op: 'remove', taskId: change.taskId };
      const task = change.task;
      const row: TaskColumns = {
        id: task.id,
        instanceId: record.id,
        processKey: record.processKey,
        elementId: task.elementId,
        assignee: task.assignee ?? null,
        dueSort: task.dueAt === undefined ? NO_DUE_DATE : isoToMs(task.dueAt, 'task.dueAt'),
        priority: task.priority ?? 0,
        createdMs: isoToMs(task.createdAt, 'task.createdAt'),
        body: JSON.stringify(task),
        agency: record.agency ?? '',
      };
      return { op: 'upsert', row, groups: [...new Set(task.candidateGroups ?? [])], principals: principalsOf(task) };
    }),
    jobs: unit.jobs.map((change) =>
      change.op === 'cancel' ? { op: 'cancel', jobId: change.jobId } : { op: 'schedule', row: jobColumns(change.job, record.id) },
    ),
    subscriptions: unit.subscriptions,
    counters: Object.entries(unit.counters ?? {}),
    outbox: (unit.outbox ?? []).map((message) => ({
      topic: message.topic,
      key: message.key,
      payload: JSON.stringify(message.payload) ?? 'null',
      createdAt,
      nextAttemptAt: message.nextAttemptAt ?? 0,
    })),
    attributes: unit.attributes,
  };
}

export function jobColumns(job: ScheduledJob, instanceId: string): JobColumns {
  return {
    id: job.id,
    kind: job.kind,
    instanceId,
    elementId: job.elementId,
    dueAt: job.dueAt,
    dueMs: isoToMs(job.dueAt, 'job.dueAt'),
    topic: job.topic ?? null,
    retries: job.retries ?? null,
    priority: job.priority ?? 0,
  };
}

function groupsOf(body: string): readonly string[] {
  return (JSON.parse(body) as { candidateGroups?: readonly string[] }).candidateGroups ?? [];
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((item) => set.has(item));
}
