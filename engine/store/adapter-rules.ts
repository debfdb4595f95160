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
  return json;
}
