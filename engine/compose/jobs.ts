/** The job executor of the product: agenda on the store's own backend (SQLite file or MongoDB). */
import { JobExecutor } from '../runtime/JobExecutor.ts';
import { openAgendaBackend } from '../store/agenda-backend.ts';
import type { Motcua } from './open-motcua.ts';

/**
 * Start firing timers and async continuations. A process killed mid-tick holds up every timer
 * until its lock expires: engine jobs take milliseconds and a long tick renews its lock, so half
 * a minute is plenty.
 */
export async function startJobs(motcua: Motcua, storeUrl: string, log?: (line: string) => void): Promise<JobExecutor> {
  const executor = new JobExecutor(motcua.engine, { backend: await openAgendaBackend(storeUrl), lockLifetimeMs: 30_000, ...(log ? { log } : {}) });
  await executor.start();
  return executor;
}
