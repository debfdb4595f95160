/**
 * agenda's backend for the configured store: agenda's own MongoDB backend on MongoDB, the
 * SQLite one (engine/store/sqlite/agenda) on the same file as the SQLite store.
 *
 * The backend is connected here, before agenda gets it: agenda's constructor calls `connect()`
 * without handling its failure, so a file it cannot open would end as an unhandled rejection and
 * `agenda.start()` would wait for ever. Connected first, the failure is a MotcuaError that names
 * the file or setting (connecting again is a no-op for both backends).
 */
import type { AgendaBackend } from 'agenda';
import { resolve } from 'node:path';
import { ErrorCode, MotcuaError } from '../errors.ts';
import { SqliteAgendaBackend } from './sqlite/agenda/SqliteAgendaBackend.ts';

/** The MongoDB collection agenda keeps its jobs in. */
const MONGO_COLLECTION = 'agendaJobs';

export async function openAgendaBackend(storeUrl: string): Promise<AgendaBackend> {
  if (storeUrl.startsWith('mongodb://') || storeUrl.startsWith('mongodb+srv://')) {
    const { MongoBackend } = await import('@agendajs/mongo-backend');
    const backend = new MongoBackend({ address: storeUrl, collection: MONGO_COLLECTION });
    try {
      await backend.connect();
    } catch (error) {
      throw new MotcuaError(ErrorCode.StoreUnavailable, `agenda cannot use MongoDB (${(error as Error).message}): check MOTCUA_DB and that the server is reachable`, {
        field: 'MOTCUA_DB',
      });
    }
    return backend;
  }
  const path = storeUrl.slice('sqlite:'.length);
  const backend = new SqliteAgendaBackend({ path: path === ':memory:' ? ':memory:' : resolve(path) });
  await backend.connect();
  return backend;
}
