/**
 * The production store: MongoDB through mongoose, for scale-out (several engine nodes on one
 * database).
 *
 * **A replica set is required** (a single-node one is enough: `mongod --replSet rs0` then
 * `rs.initiate()`). A command changes up to seven collections (instance, history, tasks, jobs,
 * subscriptions, counters, outbox) and the port promises that a reader sees all of it or none;
 * MongoDB gives that only with multi-document transactions, and those exist only on replica
 * sets and sharded clusters. The alternatives were weaker: one giant instance document (history
 * and the task list would then live inside it, unindexable across instances and bounded by the
 * 16 MB document limit) or write-ahead "pending" markers that every reader must resolve. So
 * `connect` refuses a standalone server with a clear message instead of silently losing atomicity.
 *
 * Transactions run with snapshot read concern and majority write concern: a committed command
 * survives a primary failover. `connection.transaction()` retries the whole unit on transient
 * errors (e.g. a write conflict with a concurrent commit); the retry re-reads the revision, so a
 * lost race still ends as VERSION_CONFLICT and never as a double write. The writes made outside a
 * transaction (deploy, nextCounter, lockExternalTasks, unlockJob, markOutbox, applyJobChanges'
 * bulk) take the connection's default write concern, set here to majority with journal: a
 * failover cannot roll back a dossier number or a worker's lock that was reported done.
 *
 * No group commit here, unlike SQLite. A batch of commands in one transaction could not keep
 * each command's own compare-and-set: MongoDB has no savepoints, so one stale command would abort
 * the others with it, and a write conflict on any one document would retry the whole batch. And
 * the cost group commit saves is already shared by the server: concurrent transactions wait
 * together for the same journal flush and the same majority acknowledgement (WiredTiger groups
 * journal writes), so many commands in flight on a pool of connections already share the flush.
 *
 * After connect, an operation that fails because the server is out of reach or in a failover
 * (network errors, "not primary", shutdown, a transaction left in doubt) throws STORE_UNAVAILABLE
 * (mongo-errors.ts), like the SQLite adapter when its file is locked or the disk fails.
 */
import type { AnyBulkWriteOperation, ClientSession, Connection, QueryFilter, Model, Types } from 'mongoose';
import type { JobChange, ScheduledJob } from '../../bpmn/execution/results.ts';
import type { InstanceStatus, SubscriptionKind, TaskId, UserTaskState } from '../../bpmn/execution/state.ts';
import type { OpenTask, RecordedEvent, TaskQuery } from '../records.ts';
import { ErrorCode, MotcuaError } from '../../errors.ts';
import {
  DEFAULT_INSTANCE_LIMIT,
  DEFAULT_RECORD_LIMIT,
  DEFAULT_TASK_LIMIT,
  NO_DUE_DATE,
  checkDeploymentSize,
  checkLimit,
  checkPage,
  checkRecordSize,
  isoToMs,
  recordConflict,
  recordJson,
  storeUnavailable,
  versionConflict,
} from '../adapter-rules.ts';
import { candidateGroup, matchesNothing, principalSets, principalsOf } from '../task-visibility.ts';
import { EMPTY_HEAD, chainEvents, headAfter, recordedEvent, verifyLinks, type ChainHead, type Link } from '../hash-chain.ts';
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
  InstanceRecord,
  InstanceSummary,
  JobRecord,
  JobRowKind,
  OutboxEntry,
  OutboxOutcome,
  RecordQuery,
  Store,
  StoredInstance,
  StoredRecord,
  VersionStatusCount,
} from '../port.ts';
import { dropReplacedIndexes } from './indexes.ts';
import { translated } from './mongo-errors.ts';
import { defineModels, type DeploymentDoc, type InstanceDoc, type JobDoc, type Models, type OutboxDoc, type RecordDoc, type TaskDoc } from './models.ts';

type Mongoose = typeof import('mongoose').default;

const DUPLICATE_KEY = 11000;
const DEPLOY_ATTEMPTS = 50;
/** Subscriptions read at a time by instancesSubscribed: no single result grows with the number of instances. */
const SUBSCRIPTION_PAGE = 1000;

export interface MongoStoreOptions {
  /** the database to use instead of the one named in the URL (tests use one per suite) */
  readonly dbName?: string;
  /** how long to look for a reachable server before failing with STORE_UNAVAILABLE */
  readonly serverSelectionTimeoutMS?: number;
  /**
   * Called inside a commit's transaction once all its writes are done; a throw aborts the
   * transaction. For fault injection: the contract suite proves with it that a late failure leaves nothing.
   */
  readonly afterWrites?: (unit: CommitUnit) => void;
}

export class MongoStore implements Store {
  /** The connection, for code that shares it (e.g. agenda's MongoDB backend, tests). */
  readonly connection: Connection;
  private readonly mongoose: Mongoose;
  private readonly m: Models;
  private readonly afterWrites: MongoStoreOptions['afterWrites'];

  /**
   * Connect, check that the server can run transactions, create collections and indexes, and drop
   * the indexes that newer ones replaced.
   */
  static async connect(url: string, options: MongoStoreOptions = {}): Promise<MongoStore> {
    // loaded here, not at the top: an engine on SQLite never pays for loading mongoose
    const mongoose = (await import('mongoose')).default;
    const connection = mongoose.createConnection(url, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
      writeConcern: { w: 'majority', journal: true },
      ...(options.dbName !== undefined && { dbName: options.dbName }),
    });
    try {
      await connection.asPromise();
      const hello = await connection.db!.admin().command({ hello: 1 });
      if (typeof hello.setName !== 'string' && hello.msg !== 'isdbgrid') {
        throw storeUnavailable('MongoDB is a standalone server; motcua needs a replica set (a single node is enough) for atomic commits');
      }
      const store = new MongoStore(mongoose, connection, options.afterWrites);
      // collections must exist before the first transaction writes to them on older servers
      await Promise.all(Object.values(store.m).map((model: Model<unknown>) => model.init()));
      await store.indexTaskPrincipals();
      await dropReplacedIndexes(connection);
      return guarded(store);
    } catch (error) {
      await connection.close().catch(() => undefined);
      if (error instanceof MotcuaError) throw error;
      throw storeUnavailable(`cannot use MongoDB: ${(error as Error).message}`, error);
    }
  }

  private constructor(mongoose: Mongoose, connection: Connection, afterWrites: MongoStoreOptions['afterWrites']) {
    this.mongoose = mongoose;
    this.connection = connection;
    this.m = defineModels(connection, mongoose.Schema);
    this.afterWrites = afterWrites;
  }

  /**
   * Give tasks written before tasks had principals (and an agency) their principals, once per
   * database: a marker counter records that it was done, so later starts do not read every task.
   */
  private async indexTaskPrincipals(): Promise<void> {
    const marker = 'motcua:schema:task-principals';
    if (await this.m.Counter.exists({ _id: marker })) return;
    const batch: AnyBulkWriteOperation<TaskDoc>[] = [];
    const flush = async () => {
      if (batch.length > 0) await this.m.Task.bulkWrite(batch.splice(0), { ordered: false });
    };
    for await (const doc of this.m.Task.find({ principals: { $exists: false } }, { body: 1 }).lean().cursor()) {
      batch.push({ updateOne: { filter: { _id: doc._id }, update: { $set: { principals: principalsOf(JSON.parse(doc.body) as UserTaskState) } } } });
      if (batch.length >= 1000) await flush();
    }
    await flush();
    await this.m.Counter.updateOne({ _id: marker }, { $inc: { value: 1 } }, { upsert: true });
  }

  private inTransaction<T>(fn: (session: ClientSession) => Promise<T>): Promise<T> {
    return this.connection.transaction(fn, {
      readConcern: { level: 'snapshot' },
      writeConcern: new this.mongoose.mongo.WriteConcern('majority'),
      readPreference: 'primary',
    });
  }

  // ── deployments ────────────────────────────────────────────────────────────────────────────

  async deploy(input: DeploymentInput): Promise<DeploymentInfo> {
    const compiled = JSON.stringify(input.compiled);
    if (compiled === undefined) {
      throw new MotcuaError(ErrorCode.InvalidInput, 'a deployment needs a JSON-serialisable compiled form', { field: 'compiled' });
    }
    checkDeploymentSize(input.key, input.source, compiled);
    // optimistic: take the next version and let the unique (key, version) index refuse a loser,
    // who then reads again and finds the winner's version, unchanged content included. The read
    // goes to the primary, which refused the insert: a lagging secondary would make the loser
    // refuse itself again and again.
    for (let attempt = 0; attempt < DEPLOY_ATTEMPTS; attempt++) {
      const latest = await this.m.Deployment.findOne({ key: input.key }, { source: 0, compiled: 0 })
        .sort({ version: -1 })
        .read('primary')
        .lean();
      if (latest?.checksum === input.checksum) return deploymentInfo(latest);
      const version = (latest?.version ?? 0) + 1;
      const doc: DeploymentDoc = {
        _id: `${input.key}:${version}`,
        key: input.key,
        version,
        ...(input.name !== undefined && { name: input.name }),
        checksum: input.checksum,
        deployedAt: new Date().toISOString(),
        source: input.source,
        compiled,
      };
      try {
        await this.m.Deployment.insertMany([doc], { lean: true });
        return deploymentInfo(doc);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    throw storeUnavailable(`could not allocate a version for ${input.key}: too many concurrent deployments`);
  }

  async getDeployment(deploymentId: string): Promise<Deployment | undefined> {
    const doc = await this.m.Deployment.findById(deploymentId).lean();
    return doc ? deployment(doc) : undefined;
  }

  async latestDeployment(key: string): Promise<Deployment | undefined> {
    const doc = await this.m.Deployment.findOne({ key }).sort({ version: -1 }).lean();
    return doc ? deployment(doc) : undefined;
  }

  async latestDeploymentInfo(key: string): Promise<DeploymentInfo | undefined> {
    const doc = await this.m.Deployment.findOne({ key }, { source: 0, compiled: 0 }).sort({ version: -1 }).lean();
    return doc ? deploymentInfo(doc) : undefined;
  }

  async deploymentByVersion(key: string, version: number): Promise<Deployment | undefined> {
    const doc = await this.m.Deployment.findOne({ key, version }).lean();
    return doc ? deployment(doc) : undefined;
  }

  async listDeployments(): Promise<DeploymentInfo[]> {
    const docs = await this.m.Deployment.find({}, { source: 0, compiled: 0 }).sort({ key: 1, version: 1 }).lean();
    return docs.map(deploymentInfo);
  }

  async knownKeys(): Promise<string[]> {
    const keys = (await this.m.Deployment.distinct('key')) as string[];
    return keys.sort();
  }

  // ── commit ─────────────────────────────────────────────────────────────────────────────────

  async commit(unit: CommitUnit): Promise<CommitResult> {
    const docs = prepareDocs(unit, () => new this.mongoose.Types.ObjectId());
    const revision = await this.inTransaction((session) => this.write(unit, docs, session));
    return { revision, outboxIds: docs.outbox.map((doc) => doc._id.toHexString()) };
  }

  /** Runs inside the transaction (possibly more than once, on transient errors); any throw aborts it. */
  private async write(unit: CommitUnit, docs: PreparedDocs, session: ClientSession): Promise<number> {
    const { Instance, History, Task, Job, Subscription, Counter, Outbox } = this.m;
    const id = unit.instance.id;
    const expected = unit.expectedRevision;
    let head: ChainHead = EMPTY_HEAD;
    if (expected !== 0) {
      const current = await Instance.findById(id, { revision: 1, historySeq: 1, historyHash: 1 }).session(session).lean();
      if (!current || current.revision !== expected) throw versionConflict(id, expected);
      head = { seq: current.historySeq, hash: current.historyHash };
    }
    const links = chainEvents(id, head, unit.events);
    const newHead = headAfter(links, head);

    if (expected === 0) {
      try {
        await Instance.insertMany([{ ...docs.instance, revision: 1, historySeq: newHead.seq, historyHash: newHead.hash }], { session, lean: true });
      } catch (error) {
        if (isDuplicateKey(error)) throw versionConflict(id, 0);
        throw error;
      }
    } else {
      // only what a command can change; the optional fields are removed when the record drops them
      const { businessKey, endedAt, status, state, attributes } = docs.instance;
      const result = await Instance.updateOne(
        { _id: id, revision: expected },
        {
          $set: {
            status,
            state,
            revision: expected + 1,
            historySeq: newHead.seq,
            historyHash: newHead.hash,
            ...(businessKey !== undefined && { businessKey }),
            ...(endedAt !== undefined && { endedAt }),
            ...(attributes !== undefined && { attributes }),
          },
          ...((businessKey === undefined || endedAt === undefined) && {
            $unset: { ...(businessKey === undefined && { businessKey: 1 }), ...(endedAt === undefined && { endedAt: 1 }) },
          }),
        },
        { session },
      );
      if (result.modifiedCount !== 1) throw versionConflict(id, expected);
    }

    if (links.length > 0) {
      await History.insertMany(links.map((link) => ({ instanceId: id, ...link })), { session, lean: true });
    }
    if (docs.tasks.length > 0) await Task.bulkWrite(docs.tasks, { session, ordered: true });
    if (docs.jobs.length > 0) await Job.bulkWrite(docs.jobs, { session, ordered: true });
    await Subscription.bulkWrite(
      [
        { deleteMany: { filter: { instanceId: id } } },
        ...unit.subscriptions.map((s) => ({
          insertOne: {
            document: {
              instanceId: id,
              subscriptionId: s.id,
              kind: s.kind,
              name: s.name,
              elementId: s.elementId,
              ...(s.tokenId !== undefined && { tokenId: s.tokenId }),
              ...(s.scopeId !== undefined && { scopeId: s.scopeId }),
            },
          },
        })),
      ],
      { session, ordered: true },
    );
    const counters = Object.entries(unit.counters ?? {});
    if (counters.length > 0) {
      await Counter.bulkWrite(
        counters.map(([key, by]) => ({ updateOne: { filter: { _id: key }, update: { $inc: { value: by } }, upsert: true } })),
        { session, ordered: true },
      );
    }
    if (docs.outbox.length > 0) await Outbox.insertMany(docs.outbox, { session, lean: true });
    this.afterWrites?.(unit);
    return expected + 1;
  }

  // ── instances ──────────────────────────────────────────────────────────────────────────────

  async getInstance(instanceId: string): Promise<StoredInstance | undefined> {
    const doc = await this.m.Instance.findById(instanceId).lean();
    return doc ? storedInstance(doc) : undefined;
  }

  async childInstances(parentInstanceId: string): Promise<StoredInstance[]> {
    const docs = await this.m.Instance.find({ parentInstanceId }).sort({ startedMs: 1, _id: 1 }).lean();
    return docs.map(storedInstance);
  }

  async instancesSubscribed(kind: SubscriptionKind, name: string): Promise<string[]> {
    // paged along the {kind, name, instanceId} index rather than one `distinct`, whose single
    // result document is bounded by 16 MB: a signal thousands of dossiers wait for stays readable
    const ids: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.m.Subscription.find({ kind, name, ...(after !== undefined && { instanceId: { $gt: after } }) }, { instanceId: 1, _id: 0 })
        .sort({ instanceId: 1 })
        .limit(SUBSCRIPTION_PAGE)
        .lean();
      for (const { instanceId } of page) if (ids[ids.length - 1] !== instanceId) ids.push(instanceId);
      if (page.length < SUBSCRIPTION_PAGE) return ids;
      after = page[page.length - 1]!.instanceId;
    }
  }

  async listInstances(query: InstanceQuery = {}): Promise<InstanceSummary[]> {
    const { limit, offset } = checkPage(query, DEFAULT_INSTANCE_LIMIT);
    const docs = await this.m.Instance.find(instanceFilter(query), { state: 0 }).sort({ startedMs: -1, _id: -1 }).skip(offset).limit(limit).lean();
    return docs.map((doc) => ({ ...instanceFields(doc), revision: doc.revision }));
  }

  async countInstances(query: InstanceFilter = {}): Promise<number> {
    return this.m.Instance.countDocuments(instanceFilter(query));
  }

  async instanceAttributes(instanceId: string): Promise<InstanceAttributes> {
    const doc = await this.m.Instance.findById(instanceId, { attributes: 1 }).lean();
    return Object.fromEntries((doc?.attributes ?? []).map((pair) => [pair.name, pair.value]));
  }

  async setInstanceAttributes(instanceId: string, attributes: InstanceAttributes): Promise<void> {
    await this.m.Instance.updateOne({ _id: instanceId }, { $set: { attributes: attributePairs(attributes) } });
  }

  async countInstancesByVersion(processKey: string): Promise<VersionStatusCount[]> {
    const groups = await this.m.Instance.aggregate<{ _id: { processVersion: number; status: InstanceStatus }; count: number }>([
      { $match: { processKey } },
      { $group: { _id: { processVersion: '$processVersion', status: '$status' }, count: { $sum: 1 } } },
      { $sort: { '_id.processVersion': 1, '_id.status': 1 } },
    ]);
    return groups.map((group) => ({ processVersion: group._id.processVersion, status: group._id.status, count: group.count }));
  }

  // ── tasks ──────────────────────────────────────────────────────────────────────────────────

  async getTask(taskId: TaskId): Promise<OpenTask | undefined> {
    const doc = await this.m.Task.findById(taskId, TASK_FIELDS).lean();
    return doc ? openTask(doc) : undefined;
  }

  async listTasks(query: TaskQuery): Promise<OpenTask[]> {
    const { limit, offset } = checkPage(query, DEFAULT_TASK_LIMIT);
    if (matchesNothing(query)) return [];
    const docs = await this.m.Task.find(taskFilter(query), TASK_FIELDS)
      .sort({ dueSort: 1, priority: -1, createdMs: 1, _id: 1 })
      .skip(offset)
      .limit(limit)
      .lean();
    return docs.map(openTask);
  }

  async countTasks(query: TaskQuery): Promise<number> {
    if (matchesNothing(query)) return 0;
    return this.m.Task.countDocuments(taskFilter(query));
  }

  // ── records ────────────────────────────────────────────────────────────────────────────────

  async getRecord(kind: string, id: string): Promise<StoredRecord | undefined> {
    const doc = await this.m.Record.findOne({ kind, recordId: id }).lean();
    return doc ? storedRecord(doc) : undefined;
  }

  async putRecord(kind: string, id: string, value: unknown, expectedRevision: number): Promise<number> {
    const json = recordJson(kind, id, value, expectedRevision);
    const updatedAt = new Date().toISOString();
    if (expectedRevision === 0) {
      try {
        await this.m.Record.insertMany([{ kind, recordId: id, revision: 1, updatedAt, value: json }], { lean: true });
        return 1;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        throw recordConflict(kind, id, 0, await this.recordRevision(kind, id));
      }
    }
    const result = await this.m.Record.updateOne(
      { kind, recordId: id, revision: expectedRevision },
      { $set: { revision: expectedRevision + 1, updatedAt, value: json } },
    );
    if (result.matchedCount === 0) throw recordConflict(kind, id, expectedRevision, await this.recordRevision(kind, id));
    return expectedRevision + 1;
  }

  async listRecords(kind: string, query: RecordQuery = {}): Promise<StoredRecord[]> {
    const { limit, offset } = checkPage(query, DEFAULT_RECORD_LIMIT);
    // a literal prefix is a range of the (kind, recordId) index, as in countersWithPrefix
    const docs = await this.m.Record.find({ kind, ...(query.prefix ? { recordId: { $regex: new RegExp(`^${escapeRegExp(query.prefix)}`) } } : {}) })
      .sort({ recordId: 1 })
      .skip(offset)
      .limit(limit)
      .lean();
    return docs.map(storedRecord);
  }

  async deleteRecord(kind: string, id: string, expectedRevision?: number): Promise<boolean> {
    const result = await this.m.Record.deleteOne({ kind, recordId: id, ...(expectedRevision !== undefined && { revision: expectedRevision }) });
    if (result.deletedCount > 0) return true;
    const current = expectedRevision === undefined ? 0 : await this.recordRevision(kind, id);
    if (current > 0) throw recordConflict(kind, id, expectedRevision!, current);
    return false;
  }

  /** 0 when there is no such record. */
  private async recordRevision(kind: string, id: string): Promise<number> {
    const doc = await this.m.Record.findOne({ kind, recordId: id }, { revision: 1 }).read('primary').lean();
    return doc?.revision ?? 0;
  }

  // ── history ────────────────────────────────────────────────────────────────────────────────

  async history(instanceId: string): Promise<RecordedEvent[]> {
    const links = await this.links(instanceId);
    return links.map((link) => recordedEvent(instanceId, link));
  }

  async historyMark(): Promise<string> {
    // history is only ever appended: its count (from the collection's metadata, no scan) moves with every commit
    return String(await this.m.History.estimatedDocumentCount());
  }

  async verifyHistory(instanceId: string): Promise<HistoryVerification> {
    // one snapshot, so a commit landing between the two reads cannot look like tampering
    const { links, head } = await this.inTransaction(async (session) => {
      const current = await this.m.Instance.findById(instanceId, { historySeq: 1, historyHash: 1 }).session(session).lean();
      return {
        links: await this.links(instanceId, session),
        head: current ? { seq: current.historySeq, hash: current.historyHash } : undefined,
      };
    });
    const problems = verifyLinks(instanceId, links, head);
    return { ok: problems.length === 0, problems };
  }

  private async links(instanceId: string, session?: ClientSession): Promise<Link[]> {
    const docs = await this.m.History.find({ instanceId }, { seq: 1, prevHash: 1, hash: 1, event: 1 })
      .sort({ seq: 1 })
      .session(session ?? null)
      .lean();
    return docs.map((doc) => ({ seq: doc.seq, prevHash: doc.prevHash, hash: doc.hash, event: doc.event }));
  }

  // ── jobs ───────────────────────────────────────────────────────────────────────────────────

  async dueJobs(now: number, limit: number): Promise<JobRecord[]> {
    const docs = await this.m.Job.find({ kind: { $in: ['timer', 'async'] }, dueMs: { $lte: now } })
      .sort({ dueMs: 1, _id: 1 })
      .limit(checkLimit(limit))
      .lean();
    return docs.map(jobRecord);
  }

  async nextDueAt(): Promise<number | undefined> {
    const doc = await this.m.Job.findOne({ kind: { $in: ['timer', 'async'] } }, { dueMs: 1 }).sort({ dueMs: 1 }).lean();
    return doc?.dueMs;
  }

  async allJobs(filter: { readonly instanceId?: string } = {}): Promise<JobRecord[]> {
    const docs = await this.m.Job.find(filter.instanceId !== undefined ? { instanceId: filter.instanceId } : {})
      .sort({ dueMs: 1, _id: 1 })
      .lean();
    return docs.map(jobRecord);
  }

  async getJob(jobId: string): Promise<JobRecord | undefined> {
    const doc = await this.m.Job.findById(jobId).lean();
    return doc ? jobRecord(doc) : undefined;
  }

  async lockExternalTasks(topic: string, workerId: string, now: number, lockMs: number, max: number): Promise<JobRecord[]> {
    // each findOneAndUpdate is atomic on its document: of two workers racing for one task, the
    // second finds the lock already taken and moves on to the next task
    const locked: JobRecord[] = [];
    while (locked.length < max) {
      const doc = await this.m.Job.findOneAndUpdate(
        {
          kind: 'external',
          topic,
          // 0 retries left means an open incident; no retries field at all means unlimited
          retries: { $not: { $lte: 0 } },
          dueMs: { $lte: now },
          $or: [{ lockExpiresMs: null }, { lockExpiresMs: { $lte: now } }],
        },
        { $set: { lockOwner: workerId, lockExpiresMs: now + lockMs } },
        { sort: { priority: -1, dueMs: 1, _id: 1 }, returnDocument: 'after', lean: true },
      );
      if (!doc) break;
      locked.push(jobRecord(doc));
    }
    return locked;
  }

  async unlockJob(jobId: string): Promise<boolean> {
    const result = await this.m.Job.updateOne({ _id: jobId }, { $unset: { lockOwner: 1, lockExpiresMs: 1 } });
    return result.matchedCount > 0;
  }

  async extendJobLock(jobId: string, workerId: string, now: number, lockMs: number): Promise<boolean> {
    const result = await this.m.Job.updateOne({ _id: jobId, lockOwner: workerId, lockExpiresMs: { $gt: now } }, { $set: { lockExpiresMs: now + lockMs } });
    return result.matchedCount > 0;
  }

  async applyJobChanges(changes: readonly JobChange[]): Promise<void> {
    if (changes.length === 0) return;
    const ops = changes.map((change): AnyBulkWriteOperation<JobDoc> =>
      change.op === 'cancel'
        ? { deleteOne: { filter: { _id: change.jobId } } }
        : { replaceOne: { filter: { _id: change.job.id }, replacement: jobDoc(change.job, change.job.instanceId), upsert: true } },
    );
    await this.inTransaction(async (session) => {
      await this.m.Job.bulkWrite(ops, { session, ordered: true });
    });
  }

  // ── counters and outbox ────────────────────────────────────────────────────────────────────

  async nextCounter(key: string): Promise<number> {
    // two first-time upserts of one key can race to insert; the loser retries as an update
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.m.Counter.findOneAndUpdate(
          { _id: key },
          { $inc: { value: 1 } },
          { upsert: true, returnDocument: 'after', lean: true },
        );
        return doc!.value;
      } catch (error) {
        if (!isDuplicateKey(error) || attempt >= 3) throw error;
      }
    }
  }

  async countersWithPrefix(prefix: string): Promise<Record<string, number>> {
    // anchored, with every metacharacter escaped, the regex is a literal prefix, which MongoDB
    // turns into a range of the _id index
    const docs = await this.m.Counter.find({ _id: { $regex: new RegExp(`^${escapeRegExp(prefix)}`) } }).lean();
    // fromEntries, not assignment: a key such as "__proto__" stays an ordinary entry
    return Object.fromEntries(docs.map((doc) => [doc._id, doc.value]));
  }

  async pendingOutbox(topic: string, limit: number, now?: number): Promise<OutboxEntry[]> {
    const docs = await this.m.Outbox.find({
      topic,
      status: 'pending',
      ...(now !== undefined && { nextAttemptMs: { $lte: now } }),
    })
      .sort({ _id: 1 })
      .limit(checkLimit(limit))
      .lean();
    return docs.map(outboxEntry);
  }

  async parkedOutbox(topic: string, limit: number): Promise<OutboxEntry[]> {
    const docs = await this.m.Outbox.find({ topic, status: 'parked' }).sort({ _id: 1 }).limit(checkLimit(limit)).lean();
    return docs.map(outboxEntry);
  }

  async markOutbox(id: string, outcome: OutboxOutcome): Promise<boolean> {
    if (!this.mongoose.isValidObjectId(id)) return false;
    const update = outcome.ok
      ? { $set: { status: 'sent', attempts: outcome.attempts }, $unset: { lastError: 1 } }
      : {
          $set: {
            status: outcome.nextAttemptAt === undefined ? 'parked' : 'pending',
            attempts: outcome.attempts,
            nextAttemptMs: outcome.nextAttemptAt ?? 0,
            lastError: outcome.error,
          },
        };
    const result = await this.m.Outbox.updateOne({ _id: new this.mongoose.Types.ObjectId(id) }, update);
    return result.matchedCount > 0;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * The store as handed out: every operation after connect, present and future, maps an unreachable
 * server or a failover to STORE_UNAVAILABLE in one place rather than in each method.
 */
function guarded(store: MongoStore): MongoStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(translated(error))) : result;
      };
    },
  });
}

// ── documents ↔ records ──────────────────────────────────────────────────────────────────────

interface PreparedDocs {
  instance: Omit<InstanceDoc, 'revision' | 'historySeq' | 'historyHash'>;
  tasks: AnyBulkWriteOperation<TaskDoc>[];
  jobs: AnyBulkWriteOperation<JobDoc>[];
  outbox: OutboxDoc[];
}

/**
 * Serialise and validate the unit before the transaction, so a retry does not redo it. Outbox ids
 * are minted here, so that commit can return them and a retried transaction reuses them.
 */
function prepareDocs(unit: CommitUnit, newObjectId: () => Types.ObjectId): PreparedDocs {
  const record = unit.instance;
  const id = record.id;
  const createdAt = new Date().toISOString();
  const state = JSON.stringify(record.state);
  // refused before the driver's raw "document too large", naming the instance
  checkRecordSize(id, 'state', state);
  return {
    instance: {
      _id: id,
      processKey: record.processKey,
      deploymentId: record.deploymentId,
      processVersion: record.processVersion,
      ...(record.businessKey !== undefined && { businessKey: record.businessKey }),
      ...(record.parentInstanceId !== undefined && { parentInstanceId: record.parentInstanceId }),
      ...(record.agency !== undefined && { agency: record.agency }),
      status: record.status,
      startedAt: record.startedAt,
      startedMs: isoToMs(record.startedAt, 'startedAt'),
      ...(record.endedAt !== undefined && { endedAt: record.endedAt }),
      state,
      ...(unit.attributes !== undefined && { attributes: attributePairs(unit.attributes) }),
    },
    tasks: unit.tasks.map((change): AnyBulkWriteOperation<TaskDoc> => {
      if (change.op === 'removed') return { deleteOne: { filter: { _id: change.taskId, instanceId: id } } };
      const task = change.task;
      const doc: TaskDoc = {
        _id: task.id,
        instanceId: id,
        processKey: record.processKey,
        elementId: task.elementId,
        ...(task.assignee !== undefined && { assignee: task.assignee }),
        candidateGroups: [...new Set(task.candidateGroups ?? [])],
        ...(record.agency !== undefined && { agency: record.agency }),
        principals: principalsOf(task),
        dueSort: task.dueAt === undefined ? NO_DUE_DATE : isoToMs(task.dueAt, 'task.dueAt'),
        priority: task.priority ?? 0,
        createdMs: isoToMs(task.createdAt, 'task.createdAt'),
        body: JSON.stringify(task),
      };
      return { replaceOne: { filter: { _id: task.id }, replacement: doc, upsert: true } };
    }),
    jobs: unit.jobs.map((change): AnyBulkWriteOperation<JobDoc> =>
      change.op === 'cancel'
        ? { deleteOne: { filter: { _id: change.jobId, instanceId: id } } }
        : { replaceOne: { filter: { _id: change.job.id }, replacement: jobDoc(change.job, id), upsert: true } },
    ),
    outbox: (unit.outbox ?? []).map((message) => ({
      _id: newObjectId(),
      instanceId: id,
      topic: message.topic,
      key: message.key,
      payload: JSON.stringify(message.payload) ?? 'null',
      createdAt,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptMs: message.nextAttemptAt ?? 0,
    })),
  };
}

/** A replacement without lock fields: rescheduling a job releases any worker's lock. */
function jobDoc(job: ScheduledJob, instanceId: string): JobDoc {
  return {
    _id: job.id,
    kind: job.kind,
    instanceId,
    elementId: job.elementId,
    dueAt: job.dueAt,
    dueMs: isoToMs(job.dueAt, 'job.dueAt'),
    ...(job.topic !== undefined && { topic: job.topic }),
    ...(job.retries !== undefined && { retries: job.retries }),
    priority: job.priority ?? 0,
  };
}

/**
 * `text` as a regex matching itself. Only metacharacters are escaped, each as a backslash before
 * punctuation: MongoDB's planner reads that as the character itself, whereas an escape such as
 * \x6b would end the literal prefix it turns into index bounds.
 */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

function deploymentInfo(doc: Omit<DeploymentDoc, 'source' | 'compiled'>): DeploymentInfo {
  return {
    deploymentId: doc._id,
    key: doc.key,
    version: doc.version,
    ...(doc.name != null && { name: doc.name }),
    checksum: doc.checksum,
    deployedAt: doc.deployedAt,
  };
}

function deployment(doc: DeploymentDoc): Deployment {
  return { ...deploymentInfo(doc), source: doc.source, compiled: JSON.parse(doc.compiled) };
}

function instanceFields(doc: Omit<InstanceDoc, 'state'>): Omit<InstanceRecord, 'state'> {
  return {
    id: doc._id,
    processKey: doc.processKey,
    deploymentId: doc.deploymentId,
    processVersion: doc.processVersion,
    ...(doc.businessKey != null && { businessKey: doc.businessKey }),
    ...(doc.parentInstanceId != null && { parentInstanceId: doc.parentInstanceId }),
    ...(doc.agency != null && { agency: doc.agency }),
    status: doc.status as InstanceStatus,
    startedAt: doc.startedAt,
    ...(doc.endedAt != null && { endedAt: doc.endedAt }),
  };
}

/** The filters of an instance query, each served by an index. */
function instanceFilter(query: InstanceFilter): QueryFilter<InstanceDoc> {
  const filter: Record<string, unknown> = {};
  if (query.processKey !== undefined) filter.processKey = query.processKey;
  if (query.status !== undefined) filter.status = query.status;
  if (query.businessKey !== undefined) filter.businessKey = query.businessKey;
  if (query.agency !== undefined) filter.agency = query.agency;
  const pairs: Record<string, unknown>[] = Object.entries(query.attributes ?? {}).map(([name, value]) => ({ attributes: { $elemMatch: { name, value } } }));
  const range = query.attributeRange;
  if (range) {
    const value = { ...(range.from !== undefined && { $gte: range.from }), ...(range.before !== undefined && { $lt: range.before }) };
    pairs.push({ attributes: { $elemMatch: { name: range.name, ...(Object.keys(value).length > 0 && { value }) } } });
  }
  if (pairs.length > 0) filter.$and = pairs;
  return filter as QueryFilter<InstanceDoc>;
}

function attributePairs(attributes: InstanceAttributes): Array<{ name: string; value: string }> {
  return Object.entries(attributes).map(([name, value]) => ({ name, value }));
}

function storedInstance(doc: InstanceDoc): StoredInstance {
  return { record: { ...instanceFields(doc), state: JSON.parse(doc.state) }, revision: doc.revision };
}

const TASK_FIELDS = { instanceId: 1, processKey: 1, agency: 1, body: 1 } as const;

function openTask(doc: Pick<TaskDoc, 'instanceId' | 'processKey' | 'agency' | 'body'>): OpenTask {
  return {
    ...(JSON.parse(doc.body) as UserTaskState),
    instanceId: doc.instanceId,
    processKey: doc.processKey,
    ...(doc.agency != null && { agency: doc.agency }),
  };
}

/**
 * The filter of a task query. With an agency, principal sets select through the
 * (agency, principals, list order) index; without one, a candidate group and an assignee keep
 * their own indexes.
 */
function taskFilter(query: TaskQuery): QueryFilter<TaskDoc> {
  const all: QueryFilter<TaskDoc>[] = [];
  const byAgency = query.agency !== undefined;
  if (byAgency) all.push({ agency: query.agency });
  const groupSet = query.candidateGroup !== undefined && !byAgency ? candidateGroup(query.candidateGroup) : undefined;
  if (groupSet !== undefined) all.push({ candidateGroups: query.candidateGroup });
  for (const set of principalSets(query)) {
    if (set.length === 1 && set[0] === groupSet) continue;
    all.push({ principals: set.length === 1 ? set[0] : { $in: set } });
  }
  if (query.assignee !== undefined && !byAgency) all.push({ assignee: query.assignee });
  if (query.instanceId !== undefined) all.push({ instanceId: query.instanceId });
  if (query.elementId !== undefined) all.push({ elementId: query.elementId });
  if (query.processKey !== undefined) all.push({ processKey: query.processKey });
  // null matches a missing field: unassigned tasks have no assignee at all
  if (query.unassigned === true) all.push({ assignee: null });
  if (query.dueBefore !== undefined) all.push({ dueSort: { $lt: isoToMs(query.dueBefore, 'dueBefore') } });
  return all.length === 0 ? {} : all.length === 1 ? all[0] : { $and: all };
}

function storedRecord(doc: RecordDoc): StoredRecord {
  return { kind: doc.kind, id: doc.recordId, value: JSON.parse(doc.value), revision: doc.revision, updatedAt: doc.updatedAt };
}

function jobRecord(doc: JobDoc): JobRecord {
  return {
    id: doc._id,
    kind: doc.kind as JobRowKind,
    instanceId: doc.instanceId,
    elementId: doc.elementId,
    dueAt: doc.dueAt,
    ...(doc.topic != null && { topic: doc.topic }),
    ...(doc.retries != null && { retries: doc.retries }),
    priority: doc.priority,
    ...(doc.lockOwner != null && { lockOwner: doc.lockOwner }),
    ...(doc.lockExpiresMs != null && { lockExpiresAt: new Date(doc.lockExpiresMs).toISOString() }),
  };
}

function outboxEntry(doc: OutboxDoc): OutboxEntry {
  return {
    id: doc._id.toHexString(),
    instanceId: doc.instanceId,
    topic: doc.topic,
    key: doc.key,
    payload: JSON.parse(doc.payload),
    attempts: doc.attempts,
    nextAttemptAt: doc.nextAttemptMs,
    ...(doc.lastError != null && { lastError: doc.lastError }),
  };
}
