/**
 * Waiting for SQLite's write lock when another process holds it. SQLite's own busy handler
 * retries on a fixed schedule (1, 2, 5, 10… ms, then every 100 ms): against a process that commits
 * back to back, each retry lands in its next transaction, not in the instant between two, and
 * with `synchronous = FULL` a transaction holds the lock through its fsync, so the instant is a
 * small share of the time. A waiter could starve for its whole timeout while the other process
 * kept writing. So SQLite's handler gives up after a few milliseconds (SQLITE_HANDLER_MS) and
 * this loop retries at random short intervals until the store's busy timeout: many more tries,
 * at moments the other process's rhythm does not decide.
 *
 * The wait blocks the process, as SQLite's handler did (better-sqlite3 is synchronous); a write
 * retried here is a whole transaction or one statement that SQLite refused before doing anything.
 */
import { storeUnavailable } from '../adapter-rules.ts';

/** How long SQLite's own busy handler waits before this loop takes over; also what a plain read may wait. */
export const SQLITE_HANDLER_MS = 10;

/** The disk or the lock failing: the store is unavailable (retry later), not the command wrong. */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CANTOPEN)/;
const BUSY = /^SQLITE_(BUSY|LOCKED)/;

const pause = new Int32Array(new SharedArrayBuffer(4));

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}

export function isUnavailable(error: unknown): boolean {
  return UNAVAILABLE.test(codeOf(error));
}

/** Run `write`, retrying while another connection holds the lock, for at most `timeoutMs`; then STORE_UNAVAILABLE. */
export function withWriteLock<T>(timeoutMs: number, write: () => T): T {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return write();
    } catch (error) {
      const code = codeOf(error);
      if (BUSY.test(code) && Date.now() < deadline) {
        Atomics.wait(pause, 0, 0, 1 + Math.random() * 4);
        continue;
      }
      if (UNAVAILABLE.test(code)) throw storeUnavailable(`SQLite: ${(error as Error).message} (${code})`, error);
      throw error;
    }
  }
}
