/**
 * Rules every adapter applies the same way, so that the contract suite holds for all of them.
 */
import { ErrorCode, MotcuaError } from '../errors.ts';

/**
 * Due times are compared as epoch ms, never as strings: `…:00Z` and `…:00.500Z` sort the wrong
 * way round as text.
 */
export function isoToMs(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new MotcuaError(ErrorCode.InvalidInput, `not an ISO 8601 time: ${JSON.stringify(iso)}`, { field });
  return ms;
}

/**
 * Sort key of a task without a due date: after every real date (the largest time a JS Date can
 * hold), so "nulls last" needs no expression in ORDER BY and an index can serve it.
 */
export const NO_DUE_DATE = 8_640_000_000_000_000;

export const DEFAULT_TASK_LIMIT = 1000;
export const DEFAULT_INSTANCE_LIMIT = 100;

export function versionConflict(instanceId: string, expectedRevision: number): MotcuaError {
  const what = expectedRevision === 0
    ? `instance ${instanceId} already exists`
    : `instance ${instanceId} is no longer at revision ${expectedRevision} (changed by someone else, or unknown)`;
  return new MotcuaError(ErrorCode.VersionConflict, `${what}; reload it and retry the command`, {}, { instanceId, expectedRevision });
}

export function storeUnavailable(message: string, cause?: unknown): MotcuaError {
  const error = new MotcuaError(ErrorCode.StoreUnavailable, message);
  if (cause !== undefined) (error as Error & { cause?: unknown }).cause = cause;
  return error;
}

/**
 * The most a stored record's JSON may weigh: MongoDB's 16 MiB document limit, less 64 KiB for the
 * fields stored beside it. SQLite could keep more, but refuses the same size so that an instance
 * that runs on one adapter runs on the other.
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024 - 64 * 1024;

/** UTF-8 size of `json`, measured only when it could be over the limit (a UTF-16 unit is at most 3 bytes). */
function overLimit(json: string): number | undefined {
  if (json.length * 3 <= MAX_RECORD_BYTES) return undefined;
  const bytes = Buffer.byteLength(json, 'utf8');
  return bytes > MAX_RECORD_BYTES ? bytes : undefined;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** Refuse an instance whose serialised `field` (its state) is over MAX_RECORD_BYTES, naming the instance. */
export function checkRecordSize(instanceId: string, field: string, json: string): void {
  const bytes = overLimit(json);
  if (bytes === undefined) return;
  throw new MotcuaError(
    ErrorCode.InvalidInput,
    `instance ${instanceId}: its ${field} is ${mb(bytes)} as JSON, over the ${mb(MAX_RECORD_BYTES)} a stored record may hold; keep large documents (files, scans) outside the process variables and store a reference`,
    { field },
    { instanceId, bytes, limit: MAX_RECORD_BYTES },
  );
}

/** Refuse a deployment whose source and compiled form together are over MAX_RECORD_BYTES, naming the process. */
export function checkDeploymentSize(key: string, source: string, compiled: string): void {
  const bytes = overLimit(source + compiled);
  if (bytes === undefined) return;
  throw new MotcuaError(
    ErrorCode.InvalidInput,
    `process ${key}: its BPMN source and compiled form are ${mb(bytes)}, over the ${mb(MAX_RECORD_BYTES)} a stored deployment may hold`,
    { field: 'source' },
    { key, bytes, limit: MAX_RECORD_BYTES },
  );
}

/**
 * A page size means one thing on every adapter: an integer from 1. (MongoDB reads a limit of 0 as
 * "no limit" and a negative one as "one batch"; SQLite reads -1 as "no limit" and 0 as "nothing".)
 */
export function checkLimit(limit: number, field = 'limit'): number {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new MotcuaError(ErrorCode.InvalidInput, `${field} must be a whole number from 1, not ${String(limit)}`, { field });
  }
  return limit;
}

/** The page of a list query, checked: `limit` an integer from 1 (default `defaultLimit`), `offset` an integer from 0 (default 0). */
export function checkPage(query: { readonly limit?: number; readonly offset?: number }, defaultLimit: number): { limit: number; offset: number } {
  const limit = checkLimit(query.limit ?? defaultLimit);
  const offset = query.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new MotcuaError(ErrorCode.InvalidInput, `offset must be a whole number from 0, not ${String(offset)}`, { field: 'offset' });
  }
  return { limit, offset };
}

export const DEFAULT_RECORD_LIMIT = 1000;

/** `currentRevision` 0: the record does not exist. */
export function recordConflict(kind: string, id: string, expectedRevision: number, currentRevision: number): MotcuaError {
  const what = expectedRevision === 0
    ? `${kind} ${id} already exists (revision ${currentRevision})`
    : currentRevision === 0
      ? `${kind} ${id} no longer exists (expected revision ${expectedRevision})`
      : `${kind} ${id} is at revision ${currentRevision}, not ${expectedRevision} (changed by someone else)`;
  return new MotcuaError(ErrorCode.RecordConflict, `${what}; reload it and retry`, { field: 'revision' }, { kind, id, expectedRevision, currentRevision });
}

/** Check a record's key and value before any write; returns the value as JSON. */
export function recordJson(kind: string, id: string, value: unknown, expectedRevision: number): string {
  if (kind === '') throw new MotcuaError(ErrorCode.InvalidInput, 'a record needs a kind', { field: 'kind' });
  if (id === '') throw new MotcuaError(ErrorCode.InvalidInput, `a ${kind} record needs an id`, { field: 'id' });
  if (!Number.isSafeInteger(expectedRevision) || expectedRevision < 0) {
    throw new MotcuaError(ErrorCode.InvalidInput, `expected revision of ${kind} ${id} must be a whole number ≥ 0, not ${expectedRevision}`, { field: 'revision' });
  }
  const json = JSON.stringify(value);
  if (json === undefined) throw new MotcuaError(ErrorCode.InvalidInput, `the value of ${kind} ${id} is not JSON-serialisable`, { field: 'value' });
  const bytes = overLimit(json);
  if (bytes !== undefined) throw new MotcuaError(ErrorCode.InvalidInput, `${kind} ${id} is ${mb(bytes)} as JSON, over the ${mb(MAX_RECORD_BYTES)} a stored record may hold`, { field: 'value' }, { kind, id, bytes, limit: MAX_RECORD_BYTES });
  return json;
}
