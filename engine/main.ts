/**
 * `npm start`: the long-running engine process. It opens the configured store (MOTCUA_DB,
 * default the embedded SQLite file ./data/motcua.db), deploys every diagram under processes/
 * (an unchanged file keeps its version), starts the job executor (agenda) that fires timers and
 * async continuations, and runs until SIGINT / SIGTERM.
 */
import { resolve } from 'node:path';
import { DossierCommitExtension } from './procedure/dossier/DossierCommitExtension.ts';
import { createEngine } from './runtime/create-engine.ts';
import { deployFolder } from './runtime/deploy-folder.ts';
import { JobExecutor } from './runtime/JobExecutor.ts';
import { openAgendaBackend } from './store/agenda-backend.ts';
import { configuredStoreUrl, describeStore } from './store/index.ts';

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

export async function main(): Promise<void> {
  const storeUrl = configuredStoreUrl();
  // dossiers started in production get their status, projections and outbox as in scenarios
  const engine = await createEngine({ store: storeUrl, log, extensions: [new DossierCommitExtension()] });
  log(`motcua engine: store ${describeStore(storeUrl)}`);

  await deployFolder(engine, resolve('processes'), log);

  // a process killed mid-tick holds up every timer until its lock expires: engine jobs take
  // milliseconds, and a long tick renews its lock, so half a minute is plenty
  const executor = new JobExecutor(engine, { backend: await openAgendaBackend(storeUrl), lockLifetimeMs: 30_000, log });
  await executor.start();
  log('running; Ctrl+C to stop');

  const stop = async (signal: string) => {
    log(`${signal}: stopping`);
    await executor.stop();
    await engine.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

await main();
