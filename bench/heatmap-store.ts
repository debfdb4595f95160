/**
 * The store of web.heatmap: a procedure version holding 100 000 finished dossiers. It is built
 * through the product's own commit path, so the counters the heatmap reads are exactly those
 * ElementStatsExtension and the KPI extension write in production: `openMotcua` on a SQLite file
 * (every production extension), the household-business procedure of processes/, each dossier
 * received at the desk and run to its return by `engine.completeTask` on a manual clock that
 * walks through about a year. What makes it faster is only how it is driven: batches of dossiers
 * move phase by phase with many commands in flight (the store's group commit), no claims, one
 * task-list read per dossier and step. Every
 * tenth dossier waits at the appraisal past its budget (late), the rest are on time.
 *
 * The file is cached under `.tmp/bench/`, named by a hash of this generator, the procedure's
 * folder and the code that writes a commit's rows and counters (engine/runtime, engine/store,
 * engine/procedure, engine/compose, engine/bpmn): a change to any of them rebuilds it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployProcesses, ManualClock, openMotcua } from '../engine/index.ts';
import { DossierAction, type Officer } from '../engine/procedure/desk/dossier-actions.ts';
import { SqliteStore } from '../engine/store/sqlite/SqliteStore.ts';
import { repoRoot } from '../web/build.ts';
import { fmt, inFlight, note } from './stats.ts';

export const PROCEDURE = '1.001612';
const PROCEDURE_DIR = 'processes/dang-ky-thanh-lap-ho-kinh-doanh';
const AGENCY = 'UBNDXA-MAU';
/** the code whose output the heatmap reads: a change to any .ts below these names a new cache file */
const WRITER_FOLDERS = ['engine/runtime', 'engine/store', 'engine/procedure', 'engine/compose', 'engine/bpmn'];
const GENERATOR = 'bench/heatmap-store.ts';
/** under those folders but not run here: the demo history for the browser test */
const NOT_RUN = new Set(['engine/compose/demo-history.ts']);
/** dossiers moved together phase by phase, and commands in flight among them */
const BATCH = 1000;
const CLIENTS = 32;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 5 January 2026, 08:00 in Vietnam: about a year of batches from there */
const START = Date.parse('2026-01-05T08:00:00+07:00');

function sourcesOf(folder: string): string[] {
  const root = join(repoRoot, folder);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)))
    .filter((path) => !path.includes('node_modules'));
}

function cacheFile(dossiers: number): string {
  const files = [...WRITER_FOLDERS.flatMap(sourcesOf).filter((path) => path.endsWith('.ts') && !NOT_RUN.has(path)), ...sourcesOf(PROCEDURE_DIR), GENERATOR].sort();
  const hash = createHash('sha256');
  for (const path of files) hash.update(`${path}\n`).update(readFileSync(join(repoRoot, path)));
  const dir = fileURLToPath(new URL('../.tmp/bench/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return `${dir}heatmap-${dossiers}-${hash.update(String(dossiers)).digest('hex').slice(0, 12)}.db`;
}

/** Removes the cache files of other code versions of the same size. */
function pruneCache(keep: string): void {
  const dir = keep.slice(0, keep.lastIndexOf('/') + 1);
  const prefix = keep.slice(dir.length).replace(/-[0-9a-f]{12}\.db$/, '-');
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && !keep.endsWith(name)) rmSync(dir + name, { force: true });
  }
}

async function populate(file: string, dossiers: number): Promise<void> {
  const partial = `${file}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const clock = new ManualClock(START);
  const motcua = await openMotcua({ store: `sqlite:${partial}`, processesDir: join(repoRoot, 'processes'), clock });
  if (!(motcua.store instanceof SqliteStore)) throw new Error('web.heatmap needs the SQLite store');
  await deployProcesses(motcua, () => undefined);
  const desk: Officer = { user: 'motcua', agency: AGENCY, groups: ['mot_cua'] };
  const batches = Math.ceil(dossiers / BATCH);
  // the batches spread over a year: each starts this long after the one before
  const stride = Math.max(3.5 * DAY, Math.floor((360 * DAY) / batches));
  const appraisal = { ketQuaThamDinh: 'DAT', yKienThamDinh: 'Hồ sơ đủ điều kiện' };
  const complete = async (instanceId: string, elementId: string, by: string, data: Record<string, unknown> = {}): Promise<void> => {
    const task = (await motcua.engine.listTasks({ instanceId })).find((candidate) => candidate.elementId === elementId);
    if (!task) throw new Error(`web.heatmap: dossier instance ${instanceId} has no open ${elementId}`);
    await motcua.engine.completeTask(task.id, data, by);
  };
  const started = performance.now();
  let lastNote = started;
  for (let b = 0; b < batches; b++) {
    const base = START + b * stride;
    const at = (offset: number) => clock.set(Math.max(clock.now(), base + offset));
    const size = Math.min(BATCH, dossiers - b * BATCH);
    const batch: { code: string; instanceId: string; late: boolean }[] = new Array(size);
    at(0);
    await inFlight(size, CLIENTS, async (i) => {
      const n = b * BATCH + i;
      const { stored } = await motcua.desk.receiveAtDesk({ procedureCode: PROCEDURE, channel: ((n % 3) + 1) as 1 | 2 | 3, applicant: { name: `Người nộp ${n + 1}`, address: 'xã Mẫu' } }, desk);
      batch[i] = { code: stored.dossier.code, instanceId: stored.instanceId, late: n % 10 === 5 };
    });
    const onTime = batch.filter((d) => !d.late);
    const late = batch.filter((d) => d.late);
    const run = (list: typeof batch, step: (d: (typeof batch)[number]) => Promise<void>) => inFlight(list.length, CLIENTS, (i) => step(list[i]!));
    at(4 * HOUR);
    await run(batch, (d) => complete(d.instanceId, 'Task_PhanCong', 'lanhdao'));
    at(6 * HOUR);
    await run(onTime, async (d) => {
      await complete(d.instanceId, 'Task_ThamDinh', 'chuyenvien', appraisal);
      await complete(d.instanceId, 'Task_DuThao', 'chuyenvien');
    });
    at(DAY);
    await run(onTime, (d) => complete(d.instanceId, 'Task_Ky', 'lanhdao', { daKy: true }));
    // the late ones wait at the appraisal past its budget (one working day)
    at(3 * DAY);
    await run(late, async (d) => {
      await complete(d.instanceId, 'Task_ThamDinh', 'chuyenvien', appraisal);
      await complete(d.instanceId, 'Task_DuThao', 'chuyenvien');
      await complete(d.instanceId, 'Task_Ky', 'lanhdao', { daKy: true });
    });
    at(3 * DAY + 2 * HOUR);
    await run(batch, async (d) => { await motcua.desk.perform(d.code, DossierAction.Return, {}, desk); });
    if (performance.now() - lastNote > 10_000) {
      lastNote = performance.now();
      const done = b * BATCH + size;
      note(`web.heatmap: ${done}/${dossiers} dossiers run to their return (${fmt(done / ((lastNote - started) / 1000))} dossiers/s)`);
    }
  }
  const finished = (motcua.store.db.prepare("SELECT count(*) AS n FROM instances WHERE status = 'COMPLETED'").get() as { n: number }).n;
  if (finished < dossiers) throw new Error(`web.heatmap: ${finished} of ${dossiers} dossiers finished while building the store`);
  motcua.store.db.pragma('wal_checkpoint(TRUNCATE)');
  await motcua.close();
  renameSync(partial, file);
  note(`web.heatmap: built ${dossiers} finished dossiers in ${fmt((performance.now() - started) / 1000)} s → ${file} (${fmt(statSync(file).size / 1e6)} MB)`);
}

/** The cached store holding `dossiers` finished dossiers of the household-business procedure. */
export async function cachedHeatmapStore(dossiers: number): Promise<string> {
  const file = cacheFile(dossiers);
  if (existsSync(file)) note(`web.heatmap: using the cached store ${file}`);
  else await populate(file, dossiers);
  pruneCache(file);
  return file;
}

