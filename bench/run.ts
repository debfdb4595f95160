/**
 * `npm run bench [-- names…]`: every figure of DESIGN.md "Budgets", measured side by side in one
 * process run and printed as `BENCH <name> <value> … vs <peer> <ratio>x`. Figures, not assertions:
 * the machines are shared and noisy, so nothing here fails a build. Lines starting with `#` are
 * parameters and progress.
 *
 * Names: engine (engine.memory), durable (durable.sqlite), timers (timers.100k, or
 * timers.<n> when BENCH_TIMERS scales it down), tasks (tasks.query_p95), receive (api.receive),
 * api (api.complete, api.tasklist_p95), web (web.tasklist_first_page, in Chromium), heatmap
 * (web.heatmap, in Chromium).
 * Scale knobs (environment): BENCH_INSTANCES, BENCH_PEER_INSTANCES, BENCH_DURABLE_INSTANCES,
 * BENCH_DURABLE_CLIENTS, BENCH_BARE_COMMITS, BENCH_TIMERS, BENCH_TIMERS_WINDOW_S, BENCH_TASKS,
 * BENCH_TASK_QUERIES, BENCH_RECEPTIONS, BENCH_CLIENTS, BENCH_API_COMPLETIONS, BENCH_API_CLIENTS,
 * BENCH_API_TASKLIST_QUERIES, BENCH_WEB_NAVIGATIONS (the tasklists reuse BENCH_TASKS' cached store),
 * BENCH_HEATMAP_DOSSIERS, BENCH_HEATMAP_ROUNDS.
 */
import { apiComplete, apiTasklist } from './api.ts';
import { apiReceive } from './api-receive.ts';
import { bareCommitLimit, durableSqlite } from './durable-sqlite.ts';
import { motcuaInMemory } from './engine-memory.ts';
import { BPMN_ENGINE_SETUP, bpmnEngineInMemory } from './peers/bpmn-engine.ts';
import { fmt, note } from './stats.ts';
import { tasksQuery } from './tasks-query.ts';
import { timersBench } from './timers.ts';
import { webHeatmap } from './web-heatmap.ts';
import { webTasklist } from './web-tasklist.ts';

const FIGURES = ['engine', 'durable', 'timers', 'tasks', 'receive', 'api', 'web', 'heatmap'] as const;
const selected = new Set(process.argv.slice(2));
for (const name of selected) {
  if (!(FIGURES as readonly string[]).includes(name)) {
    console.error(`unknown figure "${name}"; one of: ${FIGURES.join(', ')}`);
    process.exit(2);
  }
}
const wanted = (name: (typeof FIGURES)[number]) => selected.size === 0 || selected.has(name);
const envNumber = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`${name}=${raw} is not a positive number`);
    process.exit(2);
  }
  return value;
};

/**
 * Run one figure if it was asked for. A figure that throws (work that did not complete, a check
 * that failed) prints `BENCH <name> FAILED <reason>` and the others still run: no figure is ever
 * printed for work that was not done.
 */
async function figure(key: (typeof FIGURES)[number], name: string, measure: () => Promise<void>): Promise<void> {
  if (!wanted(key)) return;
  try {
    await measure();
  } catch (error) {
    console.log(`BENCH ${name} FAILED ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Dossiers each side runs before its measured sample, so both are measured warm (JIT, caches). */
const WARMUP = 500;

let peerRate: number | undefined;
async function peer(): Promise<number> {
  if (peerRate === undefined) {
    const instances = envNumber('BENCH_PEER_INSTANCES', 1000);
    const warm = performance.now();
    await bpmnEngineInMemory(WARMUP);
    const warmSeconds = (performance.now() - warm) / 1000;
    peerRate = await bpmnEngineInMemory(instances);
    note(`${BPMN_ENGINE_SETUP}`);
    note(`bpmn-engine in memory: ${fmt(peerRate)} instances/s (${instances} dossiers in ${fmt(instances / peerRate)} s, after ${WARMUP} warm-up in ${fmt(warmSeconds)} s)`);
  }
  return peerRate;
}

await figure('engine', 'engine.memory', async () => {
  const instances = envNumber('BENCH_INSTANCES', 50_000);
  const warm = performance.now();
  await motcuaInMemory(WARMUP);
  const warmSeconds = (performance.now() - warm) / 1000;
  const rate = await motcuaInMemory(instances);
  note(`motcua engine.memory: the pure core (compiled once, step per command, no store), every user task completed as soon as it opens`);
  note(`motcua in memory: ${fmt(rate)} instances/s (${instances} dossiers in ${fmt(instances / rate)} s, after ${WARMUP} warm-up in ${fmt(warmSeconds)} s)`);
  console.log(`BENCH engine.memory ${fmt(rate)} instances/s vs bpmn-engine ${fmt(rate / (await peer()))}x`);
});

await figure('durable', 'durable.sqlite', async () => {
  const instances = envNumber('BENCH_DURABLE_INSTANCES', 5_000);
  const clients = Math.round(envNumber('BENCH_DURABLE_CLIENTS', 16));
  const bareTransactions = Math.round(envNumber('BENCH_BARE_COMMITS', 2_000));
  note(`durable.sqlite: ${instances} dossiers (after ${WARMUP} warm-up), ${clients} clients in flight, through the Engine with the DossierCommitExtension (as npm start) on a temp SQLite file (WAL): DossierService.receive, then listTasks + completeTask until the dossier ends; one atomic commit per command, written by the store's writer thread (the commits that arrive while a transaction is written share the next one)`);
  const full = await durableSqlite({ instances, warmup: WARMUP, clients, synchronous: 'FULL' });
  const fullCommits = full.commits / full.seconds;
  note(`durable.sqlite FULL: ${full.commits} commits in ${fmt(full.seconds)} s (${fmt(fullCommits)} commits/s, besides one dossier number per dossier)`);
  const normal = await durableSqlite({ instances: Math.max(1, Math.round(instances / 2)), warmup: WARMUP, clients, synchronous: 'NORMAL' });
  note(
    `durable.sqlite NORMAL (MOTCUA_SQLITE_SYNC=NORMAL: survives a process crash, not a power cut): ${fmt(normal.rate)} instances/s, ` +
      `${fmt(normal.commits / normal.seconds)} commits/s (${fmt(normal.commits / (normal.rate * normal.seconds))} commits per dossier; ${fmt(normal.rate / full.rate)}x FULL)`,
  );
  const bare = bareCommitLimit(bareTransactions, 'FULL');
  note(`bare SQLite FULL commit limit: ${fmt(bare)} transactions/s (${bareTransactions} one after the other, each one INSERT + one UPDATE, WAL, synchronous=FULL, same file system)`);
  console.log(
    `BENCH durable.sqlite ${fmt(full.rate)} instances/s vs bpmn-engine ${fmt(full.rate / (await peer()))}x; ` +
      `${fmt(fullCommits)} commits/s vs bare SQLite FULL ${fmt(bare)} commits/s ${fmt((100 * fullCommits) / bare)}%`,
  );
});

const timerCount = Math.round(envNumber('BENCH_TIMERS', 100_000));
// a scaled-down run keeps the due rate of 100 000 per minute unless told otherwise (at least 5 s)
const timerWindowS = envNumber('BENCH_TIMERS_WINDOW_S', Math.max(5, Math.min(60, (60 * timerCount) / 100_000)));
// the figure is named by its real size: a scaled-down run never passes for the full one
const timersName = `timers.${timerCount % 1000 === 0 ? `${timerCount / 1000}k` : timerCount}`;
await figure('timers', timersName, async () => {
  note(`${timersName}: ${timerCount} timers due evenly within ${timerWindowS} s (${fmt(timerCount / timerWindowS)}/s); armed through the Engine with a frozen clock, fired by the JobExecutor (agenda's tick on the SQLite backend) on the wall clock`);
  const r = await timersBench({ count: timerCount, windowMs: timerWindowS * 1000 });
  note(`${timersName}: fired ${r.fired}/${timerCount}; lateness p50 ${fmt(r.latenessP50)} ms, p99 ${fmt(r.latenessP99)} ms, max ${fmt(r.latenessMax)} ms; ${fmt(r.firingRate)} firings/s over the run vs ${fmt(r.neededRate)}/s falling due`);
  note(`${timersName}: engine.runDueJobs() alone ${fmt(r.runDueJobsRate)}/s (${r.runDueJobsSample} due at once), about what one process tops out at`);
  if (!r.complete) {
    console.log(`BENCH ${timersName} FAILED ${r.fired}/${timerCount} timers fired (${r.notFired})`);
  } else {
    const verdict = r.seconds > timerWindowS * 1.1 + 1 ? 'fell behind the due rate' : r.latenessP99 >= 1000 ? 'kept up only just (lateness in seconds)' : 'kept up';
    note(`${timersName}: the job executor ${verdict}: ${fmt(r.firingRate)}/s fired where ${fmt(r.neededRate)}/s fell due`);
    console.log(`BENCH ${timersName} ${fmt(r.seconds)} s lateness_p99 ${fmt(r.latenessP99)} ms`);
  }
});

await figure('tasks', 'tasks.query_p95', async () => {
  const tasks = Math.round(envNumber('BENCH_TASKS', 1_000_000));
  const queries = Math.round(envNumber('BENCH_TASK_QUERIES', 1000));
  const options = { tasks, groups: 200, queries, pageSize: 50 };
  note(`tasks.query_p95: ${tasks} open tasks over ${options.groups} candidate groups; ${queries} queries (after 50 warm-up) of one random group's first page of ${options.pageSize}, sorted by due date, through store.listTasks`);
  const r = await tasksQuery(options);
  note(`tasks.query_p95: plan ${r.plan} → ${r.indexed ? 'indexed range read, no scan, no sort' : 'NOT INDEXED (scan or sort)'}`);
  note(`tasks.query_p95: p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, p99 ${fmt(r.p99)} ms, max ${fmt(r.max)} ms`);
  console.log(`BENCH tasks.query_p95 ${fmt(r.p95)} ms among ${tasks} open tasks`);
  const o = r.officer;
  note(`tasks.officer_p95: ${queries} queries of one officer's first page in one of 20 agencies (assigned to them, naming them, or in any of their 3 groups), through store.listTasks`);
  note(`tasks.officer_p95: plan ${o.plan} → ${o.indexed ? 'merged index range reads, no scan, no sort' : 'NOT INDEXED (scan or sort)'}`);
  note(`tasks.officer_p95: p50 ${fmt(o.p50)} ms, p95 ${fmt(o.p95)} ms, p99 ${fmt(o.p99)} ms, max ${fmt(o.max)} ms`);
  console.log(`BENCH tasks.officer_p95 ${fmt(o.p95)} ms`);
});

await figure('receive', 'api.receive', async () => {
  const dossiers = Math.round(envNumber('BENCH_RECEPTIONS', 2000));
  const clients = Math.round(envNumber('BENCH_CLIENTS', 16));
  note(`api.receive: ${dossiers} desk receptions (POST /api/v1/dossiers, after 20 warm-up) from ${clients} concurrent clients in a second process, to the API server on a temp SQLite file; each received, accepted by its diagram and answered with its code and due date`);
  const r = await apiReceive({ dossiers, clients });
  note(`api.receive: ${r.received} received in ${fmt(r.seconds)} s; latency p50 ${fmt(r.p50Ms)} ms, p95 ${fmt(r.p95Ms)} ms`);
  console.log(`BENCH api.receive ${fmt(r.rate)} dossiers/s`);
});

await figure('api', 'api', async () => {
  const total = Math.round(envNumber('BENCH_API_COMPLETIONS', 3000));
  const clients = Math.round(envNumber('BENCH_API_CLIENTS', 16));
  note(`api.complete: ${total} dossiers (after ${Math.min(300, total)} warm-up), ${clients} concurrent clients in a second process over loopback: start (POST /engine-rest/process-definition/key/…/start), fetch the task (GET /engine-rest/task?processInstanceId=…), complete (POST /engine-rest/task/{id}/complete); SQLite temp file; vs the same flow through the Engine in this process`);
  const c = await apiComplete(total, clients, Math.min(300, total));
  note(`api.complete: over HTTP ${fmt(c.httpRate)} completions/s, in process ${fmt(c.inProcessRate)} completions/s`);
  console.log(`BENCH api.complete ${fmt(c.httpRate)} completions/s vs in-process ${fmt(c.httpRate / c.inProcessRate)}x`);
  const tasks = Math.round(envNumber('BENCH_TASKS', 1_000_000));
  const queries = Math.round(envNumber('BENCH_API_TASKLIST_QUERIES', 500));
  note(`api.tasklist_p95: ${queries} requests (after 50 warm-up) of a random officer's first page, GET /engine-rest/task?candidateGroup=<one of its 3 groups>&sortBy=dueDate&sortOrder=asc&maxResults=50, among ${tasks} open tasks (tasks.query's cached store, 20 agencies)`);
  const t = await apiTasklist(tasks, queries);
  note(`api.tasklist_p95: p50 ${fmt(t.p50)} ms, p95 ${fmt(t.p95)} ms, p99 ${fmt(t.p99)} ms, max ${fmt(t.max)} ms (${t.file})`);
  console.log(`BENCH api.tasklist_p95 ${fmt(t.p95)} ms`);
});

await figure('web', 'web.tasklist_first_page', async () => {
  const tasks = Math.round(envNumber('BENCH_TASKS', 1_000_000));
  const navigations = Math.round(envNumber('BENCH_WEB_NAVIGATIONS', 20));
  const r = await webTasklist(tasks, navigations);
  note(`web.tasklist_first_page: Chromium (/usr/bin/chromium, headless) signed in as an officer of one of 20 agencies with ${r.groups} candidate groups; ${navigations} navigations (after one cold) from another page of the site to /tasks/ until the first page's ${50} rows of "Việc của nhóm" are drawn, over the real API server on tasks.query's cached store of ${tasks} open tasks`);
  note(`web.tasklist_first_page: cold ${fmt(r.cold)} ms; p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, max ${fmt(r.max)} ms (${r.file})`);
  console.log(`BENCH web.tasklist_first_page ${fmt(r.p95)} ms (p95; p50 ${fmt(r.p50)} ms) among ${tasks} open tasks`);
});

await figure('heatmap', 'web.heatmap', async () => {
  const dossiers = Math.round(envNumber('BENCH_HEATMAP_DOSSIERS', 100_000));
  const rounds = Math.round(envNumber('BENCH_HEATMAP_ROUNDS', 10));
  note(`web.heatmap: the auditor's heatmap of procedure 1.001612 version 1 holding ${dossiers} finished dossiers (built through openMotcua's commit path, every tenth late at the appraisal, cached), opened ${rounds} times (after one warm-up) in Chromium (playwright-core, /usr/bin/chromium) from the hash change until every element with statistics carries its overlay; the server reads counters only`);
  const r = await webHeatmap({ dossiers, rounds });
  note(`web.heatmap: first opening ${fmt(r.first)} ms, p50 ${fmt(r.p50)} ms, max ${fmt(r.max)} ms; ${r.overlays} overlays (${r.file})`);
  console.log(`BENCH web.heatmap ${fmt(r.p50)} ms for ${dossiers} finished dossiers`);
});

// agenda leaves its lock-watch timers behind (up to half the lock lifetime); nothing else is pending
process.exit(0);
