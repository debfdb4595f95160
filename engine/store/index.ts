/**
 * Opening the configured store. The setting is one URL (`MOTCUA_DB`):
 *
 * - `sqlite::memory:` — a private in-memory database (tests, scenarios);
 * - `sqlite:./data/motcua.db` — a file, its folder created if missing (the default);
 * - `mongodb://…` or `mongodb+srv://…` — MongoDB through mongoose; needs a replica set.
 *
 * `MOTCUA_SQLITE_SYNC` lowers SQLite's durability from FULL (the default: a reported commit
 * survives a power cut) to NORMAL (it survives a crash of the process, not of the machine).
 *
 * Start-up faults are MotcuaErrors with a one-line message naming the file or setting and what to
 * do: an unknown URL, a folder or file that cannot be written, a file that is not a database or is
 * corrupt (never started empty over), and an empty (0-byte) file. motcua never leaves an empty
 * database behind (it links a new file into place once its schema is written), so an empty file is a store
 * that was truncated, or one somebody created by hand: it is refused unless `MOTCUA_DB_INIT=1`
 * says to initialise it.
 *
 * Both adapters are imported statically: a dynamic import() of our own modules would, under a
 * CommonJS loader (mocha + tsx), load a second copy of engine/errors.ts, and `isMotcuaError`
 * would stop recognising the store's VERSION_CONFLICT. mongoose itself is still loaded only when a
 * MongoDB store is opened (see MongoStore.connect).
 */
import { linkSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ErrorCode, MotcuaError } from '../errors.ts';
import { MongoStore } from './mongo/MongoStore.ts';
import type { Store } from './port.ts';
import { folderFailure, openFailure } from './sqlite/open-errors.ts';
import { SqliteStore, SqliteSynchronous } from './sqlite/SqliteStore.ts';

export type * from './port.ts';
export { RecordKind } from './port.ts';

export const DEFAULT_STORE_URL = 'sqlite:./data/motcua.db';

/** The store URL as a log line may show it: a SQLite file as its absolute path, a MongoDB URL without credentials. */
export function describeStore(url: string): string {
  if (url.startsWith('sqlite:') && url !== 'sqlite::memory:') return `SQLite ${resolve(url.slice('sqlite:'.length))}`;
  return hideCredentials(url);
}

function hideCredentials(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//…@');
}

/** The store URL the process is configured with. */
export function configuredStoreUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.MOTCUA_DB?.trim();
  return url ? url : DEFAULT_STORE_URL;
}

/** SQLite's `synchronous` level from `MOTCUA_SQLITE_SYNC`: FULL unless it says NORMAL. */
export function configuredSqliteSync(env: NodeJS.ProcessEnv = process.env): SqliteSynchronous {
  const value = env.MOTCUA_SQLITE_SYNC?.trim().toUpperCase();
  if (!value || value === SqliteSynchronous.Full) return SqliteSynchronous.Full;
  if (value === SqliteSynchronous.Normal) return SqliteSynchronous.Normal;
  throw new MotcuaError(
    ErrorCode.InvalidInput,
    `MOTCUA_SQLITE_SYNC=${JSON.stringify(env.MOTCUA_SQLITE_SYNC)} is not a durability level: use FULL (the default) or NORMAL`,
    { field: 'MOTCUA_SQLITE_SYNC' },
  );
}

/**
 * Open the store at `url` (default: the `MOTCUA_DB` setting), migrating or indexing it as needed.
 * `env` supplies the other settings (MOTCUA_SQLITE_SYNC).
 */
export async function openStore(url: string = configuredStoreUrl(), env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    const synchronous = configuredSqliteSync(env);
    if (path === ':memory:') return SqliteStore.open(':memory:', { synchronous });
    if (path === '') throw invalidUrl(url);
    const file = resolve(path);
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw folderFailure(file, error);
    }
    refuseEmptyFile(file, env);
    await createWithSchema(file, synchronous);
    return SqliteStore.open(file, { synchronous });
  }
  if (url.startsWith('mongodb://') || url.startsWith('mongodb+srv://')) {
    return MongoStore.connect(url);
  }
  throw invalidUrl(url);
}

/** An existing 0-byte file is not opened (SQLite would make it a new, empty store) unless MOTCUA_DB_INIT=1. */
function refuseEmptyFile(file: string, env: NodeJS.ProcessEnv): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return; // no file yet: createWithSchema makes it
  }
  if (size > 0 || env.MOTCUA_DB_INIT?.trim() === '1') return;
  throw new MotcuaError(
    ErrorCode.StoreUnavailable,
    `${file} is empty (0 bytes), but motcua never leaves an empty database: if it held dossiers it was truncated, restore it from a backup; to start a new store in it, set MOTCUA_DB_INIT=1 (or delete the file)`,
    { field: 'MOTCUA_DB' },
  );
}

/**
 * A new database is built beside its final path and linked into place once its schema is written,
 * so that a process killed while creating it leaves no half-made file where the store belongs (an
 * empty file there would then be refused). A link, not a rename: it never replaces a file another
 * process created meanwhile.
 */
async function createWithSchema(file: string, synchronous: SqliteSynchronous): Promise<void> {
  if (exists(file)) return;
  const temp = `${file}.${process.pid}.creating`;
  try {
    const store = SqliteStore.open(temp, { synchronous });
    await store.close();
    linkSync(temp, file);
  } catch (error) {
    // another process created it first: open theirs
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error instanceof MotcuaError ? error : openFailure(file, error);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(temp + suffix, { force: true });
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

function invalidUrl(url: string): MotcuaError {
  // never echo credentials that may be part of a MongoDB URL
  const shown = hideCredentials(url);
  return new MotcuaError(
    ErrorCode.InvalidInput,
    `MOTCUA_DB=${JSON.stringify(shown)} is not a store URL: use sqlite:<file path> (the default is ${DEFAULT_STORE_URL}), sqlite::memory: or mongodb://…`,
    { field: 'MOTCUA_DB' },
  );
}
