/**
 * durable.sqlite: the dossier diagram end to end through the engine as `npm start` runs it — the
 * Engine with the DossierCommitExtension (dossier status, deadline, KPI counters, national-sync
 * outbox in every commit) — on a temporary SQLite file in WAL mode, with 16 clients in flight, as
 * the HTTP API loads it. Each client receives a dossier (DossierService.receive: the dossier
 * number from the store's counter, then startInstance), and completes its open tasks one by one
 * (`listTasks({ instanceId })`, then `completeTask`), until the dossier ends. Every command is its
 * own atomic commit; commits that are in flight together may share a transaction and its sync to
 * disk (the store's group commit), each keeping its own compare-and-set.
 *
 * Durability is the store's setting (`PRAGMA synchronous` on the connection that writes the
 * commits), FULL for the figure and NORMAL for the note, so both are measured whatever
 * MOTCUA_SQLITE_SYNC says; the run checks what that connection reports.
 *
 * Beside it, the machine's bare commit limit on a file with the same settings: one transaction
 * after the other, each a single-row INSERT and UPDATE, no engine.
 */
import Database from 'better-sqlite3';
import { InstanceStatus } from '../engine/bpmn/execution/state.ts';
import { ProcedureCatalog } from '../engine/procedure/catalog/ProcedureCatalog.ts';
import type { ProcedureRecord } from '../engine/procedure/catalog/procedure-record.ts';
import { DossierCommitExtension } from '../engine/procedure/dossier/DossierCommitExtension.ts';
import { DossierService } from '../engine/procedure/dossier/DossierService.ts';
import { Channel } from '../engine/procedure/dossier/dossier-status.ts';
import { createEngine, systemClock } from '../engine/runtime/create-engine.ts';
import { openStore } from '../engine/store/index.ts';
import { SqliteStore } from '../engine/store/sqlite/SqliteStore.ts';
import procedure from './fixtures/dossier.procedure.json' with { type: 'json' };
import { approvedFor, motcuaDossierXml } from './dossier.ts';
import { inFlight, tempDir } from './stats.ts';

export type Synchronous = 'FULL' | 'NORMAL';

export interface DurableOptions {
  readonly instances: number;
  readonly warmup: number;
  /** commands in flight (clients) */
  readonly clients: number;
  readonly synchronous: Synchronous;
}

export interface DurableResult {
  readonly rate: number;
  /** engine commits (startInstance and each completeTask), not counting the dossier numbers */
  readonly commits: number;
  readonly seconds: number;
  /** `PRAGMA synchronous` as the connection reports it (2 = FULL, 1 = NORMAL) */
  readonly synchronousLevel: number;
}

/** SQLite's numbers for the `synchronous` levels. */
const SYNCHRONOUS_LEVEL: Record<Synchronous, number> = { NORMAL: 1, FULL: 2 };

export async function durableSqlite(options: DurableOptions): Promise<DurableResult> {
  const dir = tempDir('durable');
  const store = await openStore(`sqlite:${dir.path}/motcua.db`, { ...process.env, MOTCUA_SQLITE_SYNC: options.synchronous });
  if (!(store instanceof SqliteStore)) throw new Error('durable.sqlite needs the SQLite store');
  const engine = await createEngine({ store, extensions: [new DossierCommitExtension()] });
  try {
    const synchronousLevel = await store.commitSynchronous();
    if (synchronousLevel !== SYNCHRONOUS_LEVEL[options.synchronous]) throw new Error(`durable.sqlite: synchronous is ${synchronousLevel}, not ${options.synchronous}`);

    await engine.deploy('dossier.bpmn', motcuaDossierXml);
    const service = new DossierService({
      engine,
      store,
      catalog: new ProcedureCatalog([procedure as ProcedureRecord]),
      clock: systemClock,
      processVersion: 'latest',
    });
    let commits = 0;
    const run = async (i: number): Promise<void> => {
      const { instanceId } = await service.receive({
        procedureCode: procedure.code,
        channel: Channel.Desk,
        applicant: { name: `Công dân ${i}`, type: 'CONG_DAN' },
        receivingAgency: 'G09.20',
        variables: { approved: approvedFor(i) },
        by: 'mot_cua',
      });
      commits++;
      for (let tasks = await engine.listTasks({ instanceId }); tasks.length > 0; tasks = await engine.listTasks({ instanceId })) {
        for (const task of tasks) {
          await engine.completeTask(task.id, undefined, 'can_bo');
          commits++;
        }
      }
    };
    await inFlight(options.warmup, options.clients, (i) => run(-1 - i));
    commits = 0;
    const started = performance.now();
    await inFlight(options.instances, options.clients, run);
    const seconds = (performance.now() - started) / 1000;
    // every dossier must have ended, read back from the file
    const total = options.instances + options.warmup;
    const done = await store.listInstances({ status: InstanceStatus.Completed, limit: total + 1 });
    if (done.length !== total) throw new Error(`durable.sqlite: ${done.length} of ${total} dossiers completed`);
    return { rate: options.instances / seconds, commits, seconds, synchronousLevel };
  } finally {
    await engine.close();
    dir.remove();
  }
}

/**
 * The bare SQLite commit limit: transactions per second when each is one INSERT and one UPDATE
 * of a small row, one after the other, on a file set as the store sets its own (WAL, the given
 * `synchronous`, the same busy timeout). What one sync to disk per transaction allows.
 */
export function bareCommitLimit(transactions: number, synchronous: Synchronous): number {
  const dir = tempDir('bare');
  const db = new Database(`${dir.path}/bare.db`, { timeout: 5000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, revision INTEGER NOT NULL, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO rows (id, revision, body) VALUES (?, 1, ?)');
    const update = db.prepare('UPDATE rows SET revision = revision + 1, body = ? WHERE id = ?');
    const commit = db.transaction((i: number) => {
      insert.run(i, 'nộp hồ sơ');
      update.run('đã tiếp nhận', i);
    });
    for (let i = 0; i < Math.min(50, transactions); i++) commit.immediate(-1 - i);
    const started = performance.now();
    for (let i = 0; i < transactions; i++) commit.immediate(i);
    return transactions / ((performance.now() - started) / 1000);
  } finally {
    db.close();
    dir.remove();
  }
}
