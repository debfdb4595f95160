/**
 * The writer thread: one connection per store on a file, on which it writes the units the store
 * posts on its own port (commit-thread.ts) and answers once their transaction has committed —
 * with `synchronous = FULL`, once it is on disk. The SQL, the hash chain and the sync of every
 * commit run here, beside the thread that runs the engine's steps.
 *
 * Group commit happens here: a store's transaction takes every unit of that store waiting when
 * it begins (those posted while the previous one was being written), without a savepoint each
 * unless one fails after writing (CommitWriter.writeBatch).
 */
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { CommitWriter, type WriteUnit } from './commit-writer.ts';
import { toWire, type Attach, type FromWriter, type ToWriter, type WriterSettings } from './commit-thread-protocol.ts';
import { SQLITE_HANDLER_MS, withWriteLock } from './write-lock.ts';

parentPort!.on('message', ({ settings, port }: Attach) => attach(settings, port));

function attach(settings: WriterSettings, port: MessagePort): void {
  let db: Database.Database | undefined;
  let writer: CommitWriter | undefined;
  let openError: unknown;
  try {
    db = new Database(settings.path, { timeout: SQLITE_HANDLER_MS, fileMustExist: true });
    db.pragma(`synchronous = ${settings.synchronous}`);
    writer = new CommitWriter(db);
  } catch (error) {
    db?.close();
    openError = error;
  }

  const write = (ids: number[], units: readonly WriteUnit[]): FromWriter => {
    try {
      const open = writer;
      if (!open) throw openError;
      const outcomes = withWriteLock(settings.busyTimeoutMs, () => open.writeBatch(units.map((unit) => () => open.run(unit))));
      return { ids, outcomes: outcomes.map((outcome) => (outcome.ok ? { ok: true, value: outcome.value } : { ok: false, error: toWire(outcome.error) })) };
    } catch (error) {
      return { ids, failed: toWire(error) };
    }
  };

  port.on('message', (first: ToWriter) => {
    const ids: number[] = [];
    const units: WriteUnit[] = [];
    let closing = false;
    for (let message: ToWriter | undefined = first; message; ) {
      if ('close' in message) {
        closing = true;
        break;
      }
      ids.push(message.id);
      units.push(message.unit);
      if (units.length >= settings.maxBatch) break;
      message = (receiveMessageOnPort(port) as { message: ToWriter } | undefined)?.message;
    }
    if (units.length > 0) port.postMessage(write(ids, units));
    if (closing) {
      db?.close();
      port.postMessage({ closed: true } satisfies FromWriter);
      port.close();
    }
  });
}
