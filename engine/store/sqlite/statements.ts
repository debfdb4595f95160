/**
 * Every SQL statement the store runs, prepared once per connection. Task-list queries vary by
 * which filters are set, so they are prepared on first use of each shape and kept.
 */
import type Database from 'better-sqlite3';
import type { InstanceFilter } from '../port.ts';
import type { DeploymentRow, InstanceRow, JobRow, OutboxRow, RecordRow, TaskRow } from './rows.ts';

const INSTANCE_COLUMNS = `id, revision, process_key, deployment_id, process_version, business_key,
  parent_instance_id, agency, status, started_at, ended_at`;
const JOB_COLUMNS = 'id, kind, instance_id, element_id, due_at, topic, retries, priority, lock_owner, lock_expires_ms';
const DEPLOYMENT_INFO_COLUMNS = 'id, key, version, name, checksum, deployed_at';

/** Which of `updateInstance` a commit runs. */
export function updateVariant(statusChanged: boolean, businessKeyChanged: boolean): number {
  return (statusChanged ? 2 : 0) + (businessKeyChanged ? 1 : 0);
}

export function prepareStatements(db: Database.Database) {
  const s = <Params extends unknown[] = unknown[], Row = unknown>(sql: string) => db.prepare<Params, Row>(sql);
  return {
    // deployments
    latestDeploymentInfo: s<[string], DeploymentRow>(
      `SELECT ${DEPLOYMENT_INFO_COLUMNS} FROM deployments WHERE key = ? ORDER BY version DESC LIMIT 1`,
    ),
    insertDeployment: s<[string, string, number, string | null, string, string, string, string]>(
      'INSERT INTO deployments (id, key, version, name, checksum, deployed_at, source, compiled) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    deploymentById: s<[string], DeploymentRow>('SELECT * FROM deployments WHERE id = ?'),
    latestDeployment: s<[string], DeploymentRow>('SELECT * FROM deployments WHERE key = ? ORDER BY version DESC LIMIT 1'),
    deploymentByVersion: s<[string, number], DeploymentRow>('SELECT * FROM deployments WHERE key = ? AND version = ?'),
    listDeployments: s<[], DeploymentRow>(`SELECT ${DEPLOYMENT_INFO_COLUMNS} FROM deployments ORDER BY key, version`),
    knownKeys: s<[], { key: string }>('SELECT DISTINCT key FROM deployments ORDER BY key'),

    // instances
    insertInstance: s(`INSERT INTO instances (id, revision, process_key, deployment_id, process_version, business_key,
        parent_instance_id, agency, status, started_at, started_ms, ended_at, history_seq, history_hash, state)
      VALUES (@id, 1, @processKey, @deploymentId, @processVersion, @businessKey, @parentInstanceId, @agency, @status,
        @startedAt, @startedMs, @endedAt, @historySeq, @historyHash, @state)
      ON CONFLICT (id) DO NOTHING`),
    instanceHead: s<[string], { revision: number; status: string; business_key: string | null; history_seq: number; history_hash: string }>(
      'SELECT revision, status, business_key, history_seq, history_hash FROM instances WHERE id = ?',
    ),
    // Only the columns a command changes: SQLite rewrites the entries of every index whose columns
    // appear in SET, whatever their values, so the status and business-key indexes are touched
    // only when that value really changes (most commits change neither). Indexed by
    // `updateVariant(statusChanged, businessKeyChanged)`.
    updateInstance: [false, true].flatMap((status) =>
      [false, true].map((businessKey) =>
        s(`UPDATE instances SET revision = revision + 1${status ? ', status = @status' : ''}${businessKey ? ', business_key = @businessKey' : ''},
            ended_at = @endedAt, history_seq = @historySeq, history_hash = @historyHash, state = @state
          WHERE id = @id AND revision = @expectedRevision`),
      ),
    ),
    instanceById: s<[string], InstanceRow>(`SELECT ${INSTANCE_COLUMNS}, state FROM instances WHERE id = ?`),
    childInstances: s<[string], InstanceRow>(
      `SELECT ${INSTANCE_COLUMNS}, state FROM instances WHERE parent_instance_id = ? ORDER BY started_ms, id`,
    ),

    // history
    insertEvent: s<[string, number, string, string, string]>(
      'INSERT INTO history (instance_id, seq, prev_hash, hash, event) VALUES (?, ?, ?, ?, ?)',
    ),
    history: s<[string], { seq: number; prev_hash: string; hash: string; event: string }>(
      'SELECT seq, prev_hash, hash, event FROM history WHERE instance_id = ? ORDER BY seq',
    ),
    lastHistoryRow: s<[], { id: number | null }>('SELECT max(id) AS id FROM history'),

    // tasks
    upsertTask: s(`INSERT INTO tasks (id, instance_id, process_key, element_id, assignee, due_sort, priority, created_ms, body, agency)
      VALUES (@id, @instanceId, @processKey, @elementId, @assignee, @dueSort, @priority, @createdMs, @body, @agency)
      ON CONFLICT (id) DO UPDATE SET instance_id = excluded.instance_id, process_key = excluded.process_key,
        element_id = excluded.element_id, assignee = excluded.assignee, due_sort = excluded.due_sort,
        priority = excluded.priority, created_ms = excluded.created_ms, body = excluded.body, agency = excluded.agency`),
    insertTaskGroup: s<[string, number, number, number, string]>(
      'INSERT OR IGNORE INTO task_groups (group_id, due_sort, priority, created_ms, task_id) VALUES (?, ?, ?, ?, ?)',
    ),
    deleteTaskGroup: s<[string, number, number, number, string]>(
      'DELETE FROM task_groups WHERE group_id = ? AND due_sort = ? AND priority = ? AND created_ms = ? AND task_id = ?',
    ),
    taskKeys: s<[string], { instance_id: string; due_sort: number; priority: number; created_ms: number; body: string; agency: string }>(
      'SELECT instance_id, due_sort, priority, created_ms, body, agency FROM tasks WHERE id = ?',
    ),
    insertTaskCandidate: s<[string, string, number, number, number, string]>(
      'INSERT OR IGNORE INTO task_candidates (agency, principal, due_sort, priority, created_ms, task_id) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    deleteTaskCandidate: s<[string, string, number, number, number, string]>(
      'DELETE FROM task_candidates WHERE agency = ? AND principal = ? AND due_sort = ? AND priority = ? AND created_ms = ? AND task_id = ?',
    ),
    deleteTask: s<[string]>('DELETE FROM tasks WHERE id = ?'),
    instanceCountsByVersion: s<[string], { process_version: number; status: string; count: number }>(
      'SELECT process_version, status, COUNT(*) AS count FROM instances WHERE process_key = ? GROUP BY process_version, status ORDER BY process_version, status',
    ),
    taskById: s<[string], TaskRow>('SELECT instance_id, process_key, agency, body FROM tasks WHERE id = ?'),

    // jobs
    upsertJob: s(`INSERT INTO jobs (id, kind, instance_id, element_id, due_at, due_ms, topic, retries, priority, lock_owner, lock_expires_ms)
      VALUES (@id, @kind, @instanceId, @elementId, @dueAt, @dueMs, @topic, @retries, @priority, NULL, NULL)
      ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, instance_id = excluded.instance_id,
        element_id = excluded.element_id, due_at = excluded.due_at, due_ms = excluded.due_ms, topic = excluded.topic,
        retries = excluded.retries, priority = excluded.priority, lock_owner = NULL, lock_expires_ms = NULL`),
    deleteJob: s<[string, string]>('DELETE FROM jobs WHERE id = ? AND instance_id = ?'),
    deleteJobById: s<[string]>('DELETE FROM jobs WHERE id = ?'),
    jobById: s<[string], JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`),
    dueJobs: s<[number, number], JobRow>(
      `SELECT ${JOB_COLUMNS} FROM jobs WHERE kind <> 'external' AND due_ms <= ? ORDER BY due_ms, id LIMIT ?`,
    ),
    nextDueAt: s<[], { due: number | null }>(`SELECT MIN(due_ms) AS due FROM jobs WHERE kind <> 'external'`),
    allJobs: s<[], JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs ORDER BY due_ms, id`),
    jobsOfInstance: s<[string], JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE instance_id = ? ORDER BY due_ms, id`),
    // one statement, hence atomic: the subquery picks and the update takes in the same step
    lockExternal: s<[{ topic: string; now: number; owner: string; expiresMs: number; max: number }], JobRow & { due_ms: number }>(`
      UPDATE jobs SET lock_owner = @owner, lock_expires_ms = @expiresMs
      WHERE id IN (
        SELECT id FROM jobs
        WHERE kind = 'external' AND (retries IS NULL OR retries > 0)
          AND topic = @topic AND due_ms <= @now AND (lock_expires_ms IS NULL OR lock_expires_ms <= @now)
        ORDER BY priority DESC, due_ms, id LIMIT @max)
      RETURNING ${JOB_COLUMNS}, due_ms`),
    unlockJob: s<[string]>('UPDATE jobs SET lock_owner = NULL, lock_expires_ms = NULL WHERE id = ?'),
    extendJobLock: s<[{ id: string; owner: string; now: number; expiresMs: number }]>(
      'UPDATE jobs SET lock_expires_ms = @expiresMs WHERE id = @id AND lock_owner = @owner AND lock_expires_ms > @now',
    ),

    // instance attributes
    attributesOf: s<[string], { name: string; value: string }>('SELECT name, value FROM instance_attributes WHERE instance_id = ?'),
    upsertAttribute: s<[string, string, string]>('INSERT OR REPLACE INTO instance_attributes (instance_id, name, value) VALUES (?, ?, ?)'),
    deleteAttribute: s<[string, string]>('DELETE FROM instance_attributes WHERE instance_id = ? AND name = ?'),

    // subscriptions
    subscriptionsOf: s<[string], { id: string; kind: string; name: string; element_id: string; token_id: string | null; scope_id: string | null }>(
      'SELECT id, kind, name, element_id, token_id, scope_id FROM subscriptions WHERE instance_id = ?',
    ),
    deleteSubscription: s<[string, string]>('DELETE FROM subscriptions WHERE instance_id = ? AND id = ?'),
    insertSubscription: s<[string, string, string, string, string, string | null, string | null]>(
      'INSERT OR REPLACE INTO subscriptions (instance_id, id, kind, name, element_id, token_id, scope_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    instancesSubscribed: s<[string, string], { instance_id: string }>(
      'SELECT DISTINCT instance_id FROM subscriptions WHERE kind = ? AND name = ? ORDER BY instance_id',
    ),

    // counters
    nextCounter: s<[string], { value: number }>(
      'INSERT INTO counters (key, value) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value',
    ),
    countersInRange: s<[string, string], { key: string; value: number }>('SELECT key, value FROM counters WHERE key >= ? AND key < ?'),
    bumpCounter: s<[string, number]>(
      'INSERT INTO counters (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = value + excluded.value',
    ),

    // records
    recordById: s<[string, string], RecordRow>('SELECT kind, id, revision, updated_at, value FROM records WHERE kind = ? AND id = ?'),
    recordRevision: s<[string, string], { revision: number }>('SELECT revision FROM records WHERE kind = ? AND id = ?'),
    insertRecord: s<[string, string, string, string]>(
      'INSERT INTO records (kind, id, revision, updated_at, value) VALUES (?, ?, 1, ?, ?) ON CONFLICT (kind, id) DO NOTHING',
    ),
    updateRecord: s<[string, string, string, string, number]>(
      'UPDATE records SET revision = revision + 1, updated_at = ?, value = ? WHERE kind = ? AND id = ? AND revision = ?',
    ),
    recordsInRange: s<[string, string, string, number, number], RecordRow>(
      'SELECT kind, id, revision, updated_at, value FROM records WHERE kind = ? AND id >= ? AND id < ? ORDER BY id LIMIT ? OFFSET ?',
    ),
    recordsOfKind: s<[string, number, number], RecordRow>(
      'SELECT kind, id, revision, updated_at, value FROM records WHERE kind = ? ORDER BY id LIMIT ? OFFSET ?',
    ),
    deleteRecord: s<[string, string]>('DELETE FROM records WHERE kind = ? AND id = ?'),
    deleteRecordAt: s<[string, string, number]>('DELETE FROM records WHERE kind = ? AND id = ? AND revision = ?'),

    // outbox
    insertOutbox: s<[string, string, string, string, string]>(
      'INSERT INTO outbox (instance_id, topic, key, payload, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    pendingOutbox: s<[string, number, number], OutboxRow>(
      `SELECT * FROM outbox WHERE topic = ? AND status = 'pending' AND next_attempt_ms <= ? ORDER BY id LIMIT ?`,
    ),
    parkedOutbox: s<[string, number], OutboxRow>(`SELECT * FROM outbox WHERE topic = ? AND status = 'parked' ORDER BY id LIMIT ?`),
    markOutbox: s<[string, number, number, string | null, number]>(
      'UPDATE outbox SET status = ?, attempts = ?, next_attempt_ms = ?, last_error = ? WHERE id = ?',
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

/** A list or count of instances, for one shape of filters: the SQL (one prepared statement each) and its named parameters. */
export interface InstanceSql {
  readonly sql: string;
  readonly params: Record<string, unknown>;
}

/**
 * The shape of an instance list query: which filters are set. One prepared statement per shape.
 * A business key names a handful of instances (a dossier and the processes it called) where a
 * process key or a status may name thousands; SQLite, having no statistics, cannot tell, so with
 * a business key the other filters are written `+column`, which keeps their indexes out of the
 * choice.
 */
export function instanceQuerySql(query: InstanceFilter): InstanceSql {
  const { where, params } = instanceWhere(query);
  const sql = `SELECT ${INSTANCE_COLUMNS} FROM instances ${where}
    ORDER BY started_ms DESC, id DESC LIMIT @limit OFFSET @offset`;
  return { sql, params };
}

/** The count of what `instanceQuerySql` lists over all its pages. */
export function instanceCountSql(query: InstanceFilter): InstanceSql {
  const { where, params } = instanceWhere(query);
  const sql = `SELECT count(*) AS n FROM instances ${where}`;
  return { sql, params };
}

function instanceWhere(query: InstanceFilter): { where: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const bind = (name: string, value: unknown): string => {
    params[name] = value;
    return `@${name}`;
  };
  const byBusinessKey = query.businessKey !== undefined;
  // with a business key, its index alone serves the read (a dossier code has a handful of instances)
  const column = (name: string): string => (byBusinessKey ? `+${name}` : name);
  const where: string[] = [];
  if (byBusinessKey) where.push(`business_key = ${bind('businessKey', query.businessKey)}`);
  if (query.processKey !== undefined) where.push(`${column('process_key')} = ${bind('processKey', query.processKey)}`);
  if (query.status !== undefined) where.push(`${column('status')} = ${bind('status', query.status)}`);
  if (query.agency !== undefined) where.push(`${column('agency')} = ${bind('agency', query.agency)}`);
  Object.entries(query.attributes ?? {}).forEach(([name, value], i) => {
    where.push(`id IN (SELECT instance_id FROM instance_attributes WHERE name = ${bind(`an${i}`, name)} AND value = ${bind(`av${i}`, value)})`);
  });
  const range = query.attributeRange;
  if (range) {
    const bounds = [
      `name = ${bind('rangeName', range.name)}`,
      ...(range.from !== undefined ? [`value >= ${bind('rangeFrom', range.from)}`] : []),
      ...(range.before !== undefined ? [`value < ${bind('rangeBefore', range.before)}`] : []),
    ];
    where.push(`id IN (SELECT instance_id FROM instance_attributes WHERE ${bounds.join(' AND ')})`);
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export { taskQuerySql } from './task-query.ts';
