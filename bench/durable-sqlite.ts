/**
 * durable.sqlite: the dossier diagram end to end through the real Engine (command loop) on a
 * temporary SQLite file in WAL mode. Every command is its own atomic commit, exactly as in
 * production: startInstance, then, for each open task found with `listTasks({ instanceId })`
 * (what a client would call), `completeTask` — which itself reads the task, loads the instance,
 * runs the pure step and commits state, history, task projection and jobs in one transaction.
 */
import { InstanceStatus } from '../engine/bpmn/execution/state.ts';
import { createEngine } from '../engine/runtime/create-engine.ts';
import { DOSSIER_PROCESS, approvedFor, motcuaDossierXml } from './dossier.ts';
import { tempDir } from './stats.ts';

export interface DurableResult {
  readonly rate: number;
  readonly commits: number;
  readonly seconds: number;
}

export async function durableSqlite(instances: number, warmup = 0): Promise<DurableResult> {
  const dir = tempDir('durable');
  const file = `${dir.path}/motcua.db`;
  const engine = await createEngine({ store: `sqlite:${file}` });
  try {
    await engine.deploy('dossier.bpmn', motcuaDossierXml);
    let commits = 0;
    const run = async (i: number): Promise<void> => {
      const { id } = await engine.startInstance(DOSSIER_PROCESS, { variables: { approved: approvedFor(i) } });
      commits++;
      for (let tasks = await engine.listTasks({ instanceId: id }); tasks.length > 0; tasks = await engine.listTasks({ instanceId: id })) {
        for (const task of tasks) {
          await engine.completeTask(task.id);
          commits++;
        }
      }
    };
    for (let i = 0; i < warmup; i++) await run(-1 - i);
    commits = 0;
    const started = performance.now();
    for (let i = 0; i < instances; i++) await run(i);
    const seconds = (performance.now() - started) / 1000;
    // every dossier must have ended, read back from the file
    const done = await engine.store.listInstances({ status: InstanceStatus.Completed, limit: instances + warmup + 1 });
    if (done.length !== instances + warmup) throw new Error(`durable.sqlite: ${done.length} of ${instances + warmup} dossiers completed`);
    return { rate: instances / seconds, commits, seconds };
  } finally {
    await engine.close();
    dir.remove();
  }
}
