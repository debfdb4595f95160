/**
 * Which driver errors mean "the database cannot be reached or cannot take writes right now"
 * (network down, primary stepped down during a failover, server shutting down, no server
 * selectable), as opposed to a bug or a refused document. Those become STORE_UNAVAILABLE, the code
 * the runtime and the API treat as "retry later", whatever the operation was; anything else keeps
 * its own error. Read against the MongoDB server error codes and the Node driver's error classes.
 */
import { isMotcuaError } from '../../errors.ts';
import { storeUnavailable } from '../adapter-rules.ts';

const UNREACHABLE_ERRORS = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/** Server codes of a replica set in transition or a server going away. */
const UNAVAILABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/** Labels the driver puts on errors that a retry (later, or elsewhere) may get past. */
const UNAVAILABLE_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'UnknownTransactionCommitResult'];

interface DriverError {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly errorLabels?: unknown;
  readonly writeConcernError?: { readonly code?: unknown };
}

export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as DriverError;
  if (typeof e.name === 'string' && UNREACHABLE_ERRORS.has(e.name)) return true;
  if (typeof e.code === 'number' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.writeConcernError?.code === 'number' && UNAVAILABLE_CODES.has(e.writeConcernError.code)) return true;
  const labels = e.errorLabels;
  return Array.isArray(labels) || labels instanceof Set ? [...labels].some((label) => UNAVAILABLE_LABELS.includes(String(label))) : false;
}

/** The error to throw for `error`: STORE_UNAVAILABLE when the database is out of reach, else itself. */
export function translated(error: unknown): unknown {
  if (isMotcuaError(error) || !isUnavailable(error)) return error;
  return storeUnavailable(`MongoDB is unavailable (${(error as Error).name}: ${(error as Error).message}); retry later`, error);
}
