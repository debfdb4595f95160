/**
 * SQLite rows and their mapping to the port's records. Optional fields are left out (not set to
 * undefined) when the column is NULL, so a record reads back deep-equal to what was written.
 */
import type { InstanceStatus, UserTaskState } from '../../bpmn/execution/state.ts';
import type { OpenTask } from '../records.ts';
import type { Deployment, DeploymentInfo, InstanceRecord, InstanceSummary, JobRecord, JobRowKind, OutboxEntry, StoredInstance, StoredRecord } from '../port.ts';

export interface DeploymentRow {
  id: string;
  key: string;
  version: number;
  name: string | null;
  checksum: string;
  deployed_at: string;
  source?: string;
  compiled?: string;
}

export interface InstanceRow {
  id: string;
  revision: number;
  process_key: string;
  deployment_id: string;
  process_version: number;
  business_key: string | null;
  parent_instance_id: string | null;
  agency: string | null;
  status: string;
  started_at: string;
  ended_at: string | null;
  state?: string;
}

export interface TaskRow {
  instance_id: string;
  process_key: string;
  /** '' when the instance has no agency */
  agency: string;
  body: string;
}

export interface RecordRow {
  kind: string;
  id: string;
  revision: number;
  updated_at: string;
  value: string;
}

export interface JobRow {
  id: string;
  kind: string;
  instance_id: string;
  element_id: string;
  due_at: string;
  topic: string | null;
  retries: number | null;
  priority: number;
  lock_owner: string | null;
  lock_expires_ms: number | null;
}

export interface OutboxRow {
  id: number;
  instance_id: string;
  topic: string;
  key: string;
  payload: string;
  attempts: number;
  next_attempt_ms: number;
  last_error: string | null;
}

export function deploymentInfo(row: DeploymentRow): DeploymentInfo {
  return {
    deploymentId: row.id,
    key: row.key,
    version: row.version,
    ...(row.name !== null && { name: row.name }),
    checksum: row.checksum,
    deployedAt: row.deployed_at,
  };
}

export function deployment(row: DeploymentRow): Deployment {
  return { ...deploymentInfo(row), source: row.source ?? '', compiled: JSON.parse(row.compiled ?? 'null') };
}

function summaryFields(row: InstanceRow): Omit<InstanceRecord, 'state'> {
  return {
    id: row.id,
    processKey: row.process_key,
    deploymentId: row.deployment_id,
    processVersion: row.process_version,
    ...(row.business_key !== null && { businessKey: row.business_key }),
    ...(row.parent_instance_id !== null && { parentInstanceId: row.parent_instance_id }),
    ...(row.agency !== null && { agency: row.agency }),
    status: row.status as InstanceStatus,
    startedAt: row.started_at,
    ...(row.ended_at !== null && { endedAt: row.ended_at }),
  };
}

export function storedInstance(row: InstanceRow): StoredInstance {
  return { record: { ...summaryFields(row), state: JSON.parse(row.state ?? 'null') }, revision: row.revision };
}

export function instanceSummary(row: InstanceRow): InstanceSummary {
  return { ...summaryFields(row), revision: row.revision };
}

export function openTask(row: TaskRow): OpenTask {
  const task = JSON.parse(row.body) as UserTaskState;
  return { ...task, instanceId: row.instance_id, processKey: row.process_key, ...(row.agency !== '' && { agency: row.agency }) };
}

export function storedRecord(row: RecordRow): StoredRecord {
  return { kind: row.kind, id: row.id, value: JSON.parse(row.value), revision: row.revision, updatedAt: row.updated_at };
}

export function jobRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    kind: row.kind as JobRowKind,
    instanceId: row.instance_id,
    elementId: row.element_id,
    dueAt: row.due_at,
    ...(row.topic !== null && { topic: row.topic }),
    ...(row.retries !== null && { retries: row.retries }),
    priority: row.priority,
    ...(row.lock_owner !== null && { lockOwner: row.lock_owner }),
    ...(row.lock_expires_ms !== null && { lockExpiresAt: new Date(row.lock_expires_ms).toISOString() }),
  };
}

export function outboxEntry(row: OutboxRow): OutboxEntry {
  return {
    id: String(row.id),
    instanceId: row.instance_id,
    topic: row.topic,
    key: row.key,
    payload: JSON.parse(row.payload),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_ms,
    ...(row.last_error !== null && { lastError: row.last_error }),
  };
}
