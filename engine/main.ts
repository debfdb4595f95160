/**
 * `npm start`: the long-running engine process. It opens the configured store (MOTCUA_DB,
 * default the embedded SQLite file ./data/motcua.db), deploys every diagram under processes/
 * (an unchanged file keeps its version), starts the job executor (agenda) that fires timers and
 * async continuations, and runs until SIGINT / SIGTERM.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { AgendaBackend } from 'agenda';
import { isMotcuaError } from './errors.ts';
import { DossierCommitExtension } from './procedure/dossier/DossierCommitExtension.ts';
import { createEngine } from './runtime/create-engine.ts';
import { JobExecutor } from './runtime/JobExecutor.ts';
import { configuredStoreUrl } from './store/index.ts';

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

function bpmnFiles(folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return [];
  }
  return entries.sort().flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return bpmnFiles(path);
    return name.endsWith('.bpmn') ? [path] : [];
  });
}

async function agendaBackend(storeUrl: string): Promise<AgendaBackend> {
  if (storeUrl.startsWith('mongodb')) {
    const { MongoBackend } = await import('@agendajs/mongo-backend');
    return new MongoBackend({ address: storeUrl, collection: 'agendaJobs' });
  }
  const { SqliteAgendaBackend } = await import('./store/sqlite/agenda/SqliteAgendaBackend.ts');
  const path = storeUrl.slice('sqlite:'.length);
  return new SqliteAgendaBackend({ path: path === ':memory:' ? ':memory:' : resolve(path) });
}

export async function main(): Promise<void> {
  const storeUrl = configuredStoreUrl();
  // dossiers started in production get their status, projections and outbox as in scenarios
  const engine = await createEngine({ store: storeUrl, log, extensions: [new DossierCommitExtension()] });
  log(`motcua engine: store ${storeUrl.replace(/\/\/[^@/]*@/, '//…@')}`);

  const folder = resolve('processes');
  for (const file of bpmnFiles(folder)) {
    try {
      const deployed = await engine.deploy(relative(folder, file), readFileSync(file, 'utf8'));
      for (const process of deployed) log(`deployed ${process.key} v${process.version} (${relative(folder, file)})`);
    } catch (error) {
      if (!isMotcuaError(error)) throw error;
      log(`not deployed ${relative(folder, file)}: ${error.toString()}`);
    }
  }

  // a process killed mid-tick holds up every timer until its lock expires: engine jobs take
  // milliseconds, and a long tick renews its lock, so half a minute is plenty
  const executor = new JobExecutor(engine, { backend: await agendaBackend(storeUrl), lockLifetimeMs: 30_000, log });
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
