/**
 * The messages between the stores and the writer thread (commit-thread.ts, commit-thread-worker.ts).
 * Errors cross as data and are rebuilt on the store's side: a MotcuaError keeps its code, subject
 * and details (a lost compare-and-set is still VERSION_CONFLICT to the engine); any other error
 * keeps its name, message and driver code.
 */
import { statSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import { MotcuaError, type ErrorCode } from '../../errors.ts';
import type { WriteUnit } from './commit-writer.ts';
import type { SqliteSynchronous } from './SqliteStore.ts';

/** What the writer thread opens a store's connection with. */
export interface WriterSettings {
  readonly path: string;
  /** `dev:ino` of the file the store opened: the worker refuses to write to another file now at that path */
  readonly fileId: string;
  /** the most units one transaction takes, so that the write lock is never held long */
  readonly maxBatch: number;
  readonly synchronous: SqliteSynchronous;
  /** how long a batch waits for another connection's write lock before STORE_UNAVAILABLE (ms) */
  readonly busyTimeoutMs: number;
}

/** To the writer thread itself: open a connection for a store, which talks to it on `port`. */
export interface Attach {
  readonly settings: WriterSettings;
  readonly port: MessagePort;
}

/** On a store's port: a unit to write, numbered by the store so that its answer finds it; or the last message. */
export type ToWriter = { readonly id: number; readonly unit: WriteUnit } | { readonly close: true };

export type WireOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: WireError };

/**
 * The answer for one transaction: the ids of its units, and `outcomes` (one per id, in order) or
 * `failed` (the transaction itself failed: nothing of it was written).
 */
export type FromWriter =
  | { readonly ids: readonly number[]; readonly outcomes: readonly WireOutcome[] }
  | { readonly ids: readonly number[]; readonly failed: WireError }
  /** the store's connection is closed */
  | { readonly closed: true };

export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly motcua?: { readonly elementId?: string; readonly elementType?: string; readonly field?: string; readonly details?: unknown };
}

/** What names a file whatever its path: the writer must write the file the store reads. */
export function fileIdOf(path: string): string {
  const { dev, ino } = statSync(path);
  return `${dev}:${ino}`;
}

export function toWire(error: unknown): WireError {
  if (error instanceof MotcuaError) {
    const { elementId, elementType, field, details } = error;
    return { name: error.name, message: error.message, code: error.code, motcua: { elementId, elementType, field, details } };
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' && { code }) };
  }
  return { name: 'Error', message: String(error) };
}

export function fromWire(wire: WireError): Error {
  if (wire.motcua) {
    const { elementId, elementType, field, details } = wire.motcua;
    const subject = { ...(elementId !== undefined && { elementId }), ...(elementType !== undefined && { elementType }), ...(field !== undefined && { field }) };
    return new MotcuaError(wire.code as ErrorCode, wire.message, subject, details);
  }
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.code !== undefined) (error as Error & { code?: string }).code = wire.code;
  return error;
}
