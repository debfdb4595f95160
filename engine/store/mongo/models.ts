/**
 * The MongoDB collections as mongoose schemas, with exactly the indexes the store's queries use.
 * Engine state, compiled definitions, task bodies, history events and outbox payloads are kept as
 * JSON strings: the database never needs to look inside them, and a string comes back exactly as
 * written (no dropped empty objects, no trouble with `.` or `$` in variable names, no number
 * type drift), which the history hash and the replay guarantee depend on.
 */
import type { Connection, Model, Schema, Types } from 'mongoose';

/** mongoose's Schema constructor, passed in: mongoose itself is loaded only when a MongoDB store is opened. */
type SchemaClass = typeof Schema;

export interface DeploymentDoc {
  _id: string;
  key: string;
  version: number;
  name?: string;
  checksum: string;
  deployedAt: string;
  source: string;
  compiled: string;
}

export interface InstanceDoc {
  _id: string;
  revision: number;
  processKey: string;
  deploymentId: string;
  processVersion: number;
  businessKey?: string;
  parentInstanceId?: string;
  agency?: string;
  status: string;
  startedAt: string;
  startedMs: number;
  endedAt?: string;
  /** the history chain head at the last commit */
  historySeq: number;
  historyHash: string;
  state: string;
  /** searchable facts (InstanceAttributes) as pairs: names may hold dots, which a field path may not */
  attributes?: Array<{ name: string; value: string }>;
}

export interface TaskDoc {
  _id: string;
  instanceId: string;
  processKey: string;
  elementId: string;
  assignee?: string;
  candidateGroups: string[];
  /** the instance's agency */
  agency?: string;
  /** who may see it: see engine/store/task-visibility.ts */
  principals: string[];
  /** due time in ms, or NO_DUE_DATE: "no due date last" is plain index order */
  dueSort: number;
  priority: number;
  createdMs: number;
  body: string;
}

export interface HistoryDoc {
  instanceId: string;
  seq: number;
  prevHash: string;
  hash: string;
  /** canonical JSON, exactly what was hashed */
  event: string;
}

export interface JobDoc {
  _id: string;
  kind: string;
  instanceId: string;
  elementId: string;
  dueAt: string;
  dueMs: number;
  topic?: string;
  retries?: number;
  priority: number;
  lockOwner?: string;
  lockExpiresMs?: number;
}

export interface SubscriptionDoc {
  instanceId: string;
  subscriptionId: string;
  kind: string;
  name: string;
  elementId: string;
  tokenId?: string;
  scopeId?: string;
}

export interface CounterDoc {
  _id: string;
  value: number;
}

export interface RecordDoc {
  _id: Types.ObjectId;
  kind: string;
  recordId: string;
  revision: number;
  updatedAt: string;
  /** JSON, returned exactly as written */
  value: string;
}

export interface OutboxDoc {
  _id: Types.ObjectId;
  instanceId: string;
  topic: string;
  key: string;
  payload: string;
  createdAt: string;
  status: 'pending' | 'sent' | 'parked';
  attempts: number;
  nextAttemptMs: number;
  lastError?: string;
}

const options = { versionKey: false, strict: true, minimize: false } as const;
const id = { type: String, required: true };
// not `required`: mongoose's required check refuses '' (an empty name or source is still a value)
const text = { type: String };
const num = { type: Number, required: true };

function deployments(Schema: SchemaClass): Schema<DeploymentDoc> {
  const schema = new Schema<DeploymentDoc>(
    { _id: id, key: text, version: num, name: String, checksum: text, deployedAt: text, source: text, compiled: text },
    { ...options, collection: 'deployments' },
  );
  // the unique pair is what makes two concurrent deployments of one key get distinct versions
  schema.index({ key: 1, version: -1 }, { unique: true });
  return schema;
}

function instances(Schema: SchemaClass): Schema<InstanceDoc> {
  const schema = new Schema<InstanceDoc>(
    {
      _id: id,
      revision: num,
      processKey: text,
      deploymentId: text,
      processVersion: num,
      businessKey: String,
      parentInstanceId: String,
      agency: String,
      status: text,
      startedAt: text,
      startedMs: num,
      endedAt: String,
      historySeq: num,
      historyHash: text,
      state: text,
      attributes: { type: [{ _id: false, name: text, value: text }], default: undefined },
    },
    { ...options, collection: 'instances' },
  );
  // multikey on the pairs: an attribute's value (or range of values) by its name, $elemMatch-ed;
  // not partial: the planner cannot tell that an $elemMatch implies a partial filter's $exists
  schema.index({ 'attributes.name': 1, 'attributes.value': 1 });
  schema.index({ parentInstanceId: 1, startedMs: 1, _id: 1 }, { partialFilterExpression: { parentInstanceId: { $exists: true } } });
  schema.index({ startedMs: -1, _id: -1 });
  schema.index({ processKey: 1, startedMs: -1, _id: -1 });
  schema.index({ processKey: 1, processVersion: 1, status: 1 });
  schema.index({ status: 1, startedMs: -1, _id: -1 });
  // partial: instances without a business key (most called processes) cost the index nothing; a
  // query for a key (a string, never null) is within the filter, so the planner may use it
  schema.index({ businessKey: 1, startedMs: -1, _id: -1 }, { partialFilterExpression: { businessKey: { $exists: true } } });
  schema.index({ agency: 1, startedMs: -1, _id: -1 }, { partialFilterExpression: { agency: { $exists: true } } });
  return schema;
}

function tasks(Schema: SchemaClass): Schema<TaskDoc> {
  const schema = new Schema<TaskDoc>(
    {
      _id: id,
      instanceId: text,
      processKey: text,
      elementId: text,
      assignee: String,
      candidateGroups: { type: [String], default: [] },
      agency: String,
      principals: { type: [String], default: [] },
      dueSort: num,
      priority: num,
      createdMs: num,
      body: text,
    },
    { ...options, collection: 'tasks' },
  );
  // multikey on candidateGroups, then the list order: an officer's first page is an index range
  schema.index({ candidateGroups: 1, dueSort: 1, priority: -1, createdMs: 1, _id: 1 });
  schema.index({ assignee: 1, dueSort: 1, priority: -1, createdMs: 1, _id: 1 });
  schema.index({ dueSort: 1, priority: -1, createdMs: 1, _id: 1 });
  // the tasks waiting at one step of a procedure (listTasks({ elementId })), in list order
  schema.index({ elementId: 1, dueSort: 1, priority: -1, createdMs: 1, _id: 1 });
  schema.index({ instanceId: 1 });
  // The officer's list: multikey on principals after the agency, then the list order. A query for
  // several principals ($in) is answered by merging one ordered range per principal (the planner's
  // SORT_MERGE, which also drops a task met twice), so the first page stops early.
  schema.index({ agency: 1, principals: 1, dueSort: 1, priority: -1, createdMs: 1, _id: 1 });
  schema.index({ agency: 1, dueSort: 1, priority: -1, createdMs: 1, _id: 1 });
  return schema;
}

function history(Schema: SchemaClass): Schema<HistoryDoc> {
  const schema = new Schema<HistoryDoc>(
    { instanceId: text, seq: num, prevHash: text, hash: text, event: text },
    { ...options, collection: 'history' },
  );
  // unique: a second writer that slipped past the revision check could not fork the chain
  schema.index({ instanceId: 1, seq: 1 }, { unique: true });
  return schema;
}

function jobs(Schema: SchemaClass): Schema<JobDoc> {
  const schema = new Schema<JobDoc>(
    {
      _id: id,
      kind: text,
      instanceId: text,
      elementId: text,
      dueAt: text,
      dueMs: num,
      topic: String,
      retries: Number,
      priority: num,
      lockOwner: String,
      lockExpiresMs: Number,
    },
    { ...options, collection: 'jobs' },
  );
  schema.index({ kind: 1, dueMs: 1, _id: 1 });
  // retries last: it adds no order (the unique _id precedes it) but lets the scan pass by tasks
  // out of retries on index keys alone, without fetching their documents. A partial index cannot
  // keep them out instead: "retries missing or > 0" needs $exists: false, which no server accepts
  // in a partialFilterExpression.
  schema.index({ kind: 1, topic: 1, priority: -1, dueMs: 1, _id: 1, retries: 1 });
  schema.index({ instanceId: 1 });
  return schema;
}

function subscriptions(Schema: SchemaClass): Schema<SubscriptionDoc> {
  const schema = new Schema<SubscriptionDoc>(
    { instanceId: text, subscriptionId: text, kind: text, name: text, elementId: text, tokenId: String, scopeId: String },
    { ...options, collection: 'subscriptions' },
  );
  schema.index({ kind: 1, name: 1, instanceId: 1 });
  schema.index({ instanceId: 1, subscriptionId: 1 }, { unique: true });
  return schema;
}

function counters(Schema: SchemaClass): Schema<CounterDoc> {
  return new Schema<CounterDoc>({ _id: id, value: num }, { ...options, collection: 'counters' });
}

function outbox(Schema: SchemaClass): Schema<OutboxDoc> {
  const schema = new Schema<OutboxDoc>(
    {
      instanceId: text,
      topic: text,
      key: text,
      payload: text,
      createdAt: text,
      status: { type: String, required: true, enum: ['pending', 'sent', 'parked'] },
      attempts: num,
      nextAttemptMs: num,
      lastError: String,
    },
    { ...options, collection: 'outbox' },
  );
  // nextAttemptMs last: it adds no order (the unique _id precedes it) but lets pendingOutbox(…, now)
  // pass by held and backing-off entries on index keys alone, without fetching them. It replaced
  // { topic, _id } (indexes.ts drops that one)
  schema.index({ topic: 1, _id: 1, nextAttemptMs: 1 }, { partialFilterExpression: { status: 'pending' } });
  // the same key pattern as the replaced pending index, with another filter: MongoDB ≥ 5.0 allows that
  schema.index({ topic: 1, _id: 1 }, { name: 'parked_by_topic', partialFilterExpression: { status: 'parked' } });
  return schema;
}

function records(Schema: SchemaClass): Schema<RecordDoc> {
  const schema = new Schema<RecordDoc>(
    { kind: text, recordId: text, revision: num, updatedAt: text, value: text },
    { ...options, collection: 'records' },
  );
  // unique: two creators of one record cannot both win; also the list order (by id within a kind)
  schema.index({ kind: 1, recordId: 1 }, { unique: true });
  return schema;
}

export interface Models {
  readonly Deployment: Model<DeploymentDoc>;
  readonly Instance: Model<InstanceDoc>;
  readonly Task: Model<TaskDoc>;
  readonly History: Model<HistoryDoc>;
  readonly Job: Model<JobDoc>;
  readonly Subscription: Model<SubscriptionDoc>;
  readonly Counter: Model<CounterDoc>;
  readonly Outbox: Model<OutboxDoc>;
  readonly Record: Model<RecordDoc>;
}

/** Register the models on `connection` (models are per connection, never global). */
export function defineModels(connection: Connection, Schema: SchemaClass): Models {
  return {
    Deployment: connection.model<DeploymentDoc>('Deployment', deployments(Schema)),
    Instance: connection.model<InstanceDoc>('Instance', instances(Schema)),
    Task: connection.model<TaskDoc>('Task', tasks(Schema)),
    History: connection.model<HistoryDoc>('History', history(Schema)),
    Job: connection.model<JobDoc>('Job', jobs(Schema)),
    Subscription: connection.model<SubscriptionDoc>('Subscription', subscriptions(Schema)),
    Counter: connection.model<CounterDoc>('Counter', counters(Schema)),
    Outbox: connection.model<OutboxDoc>('Outbox', outbox(Schema)),
    Record: connection.model<RecordDoc>('Record', records(Schema)),
  };
}
