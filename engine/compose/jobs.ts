/** The job executor of the product: agenda on the store's own backend (SQLite file or MongoDB). */
import { resolve } from 'node:path';
import type { AgendaBackend } from 'agenda';
import { JobExecutor } from '../runtime/JobExecutor.ts';
import type { Motcua } from './open-motcua.ts';

async function agendaBackend(storeUrl: string): Promise<AgendaBackend> {
  if (storeUrl.startsWith('mongodb')) {
    const { MongoBackend } = await import('@agendajs/mongo-backend');
    return new MongoBackend({ address: storeUrl, collection: 'agendaJobs' });
  }
  const { SqliteAgendaBackend } = await import('../store/sqlite/agenda/SqliteAgendaBackend.ts');
  const path = storeUrl.slice('sqlite:'.length);
  return new SqliteAgendaBackend({ path: path === ':memory:' ? ':memory:' : resolve(path) });
}

/**
 * Start firing timers and async continuations. A process killed mid-tick holds up every timer
 * until its lock expires: engine jobs take milliseconds and a long tick renews its lock, so half
 * a minute is plenty.
 */
export async function startJobs(motcua: Motcua, storeUrl: string, log?: (line: string) => void): Promise<JobExecutor> {
  const executor = new JobExecutor(motcua.engine, { backend: await agendaBackend(storeUrl), lockLifetimeMs: 30_000, ...(log ? { log } : {}) });
  await executor.start();
  return executor;
}
