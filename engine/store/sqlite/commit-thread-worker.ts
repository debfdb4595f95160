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
import { existsSync } from 'node:fs';
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { storeUnavailable } from '../adapter-rules.ts';
import { CommitWriter, type WriteUnit } from './commit-writer.ts';
import { fileIdOf, toWire, type Attach, type FromWriter, type ToWriter, type WriterSettings } from './commit-thread-protocol.ts';
import { openFailure } from './open-errors.ts';
import { SQLITE_HANDLER_MS, withWriteLock } from './write-lock.ts';

parentPort!.on('message', ({ settings, port }: Attach) => attach(settings, port));

interface Connection {
  readonly db: Database.Database;
  readonly writer: CommitWriter;
}

/**
 * The store reads the file it opened, so commits must go to that file: not to a new one where it
 * was deleted (they would be lost with the process), nor to another moved to its path (a backup
 * copied over a running store). Checked at open and before every transaction (one stat).
 */
function checkSameFile(settings: WriterSettings): void {
  const { path } = settings;
  if (!existsSync(path)) {
    throw storeUnavailable(`${path} is gone (moved or deleted while motcua ran): commits are refused rather than written elsewhere; put the file back and restart`);
  }
  if (fileIdOf(path) !== settings.fileId) {
    throw storeUnavailable(`${path} was replaced by another file while motcua ran: commits are refused rather than written to it; restart to use the new file`);
  }
}

/** The store's file, opened to write; a MotcuaError naming the file when it cannot or must not be. */
function open(settings: WriterSettings): Connection {
  const { path } = settings;
  checkSameFile(settings);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: SQLITE_HANDLER_MS, fileMustExist: true });
    checkSameFile(settings);
    db.pragma(`synchronous = ${settings.synchronous}`);
    return { db, writer: new CommitWriter(db) };
  } catch (error) {
    db?.close();
    throw openFailure(path, error);
  }
}

function attach(settings: WriterSettings, port: MessagePort): void {
  let connection: Connection | undefined;
  let openError: unknown;
  try {
    connection = open(settings);
  } catch (error) {
    openError = error;
  }

  const write = (ids: number[], units: readonly WriteUnit[]): FromWriter => {
    // a connection that could not be opened fails every batch, naming the file
    if (!connection) return { ids, failed: toWire(openError) };
    const { writer } = connection;
    try {
      checkSameFile(settings);
      const outcomes = withWriteLock(settings.busyTimeoutMs, () => writer.writeBatch(units.map((unit) => () => writer.run(unit))));
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
      connection?.db.close();
      port.postMessage({ closed: true } satisfies FromWriter);
      port.close();
    }
  });
}
