/**
 * `npm run bench [-- names…]`: every figure of DESIGN.md "Budgets", measured side by side in one
 * process run and printed as `BENCH <name> <value> … vs <peer> <ratio>x`. Figures, not assertions:
 * the machines are shared and noisy, so nothing here fails a build. Lines starting with `#` are
 * parameters and progress.
 *
 * Names: engine (engine.memory), durable (durable.sqlite), timers (timers.100k), tasks (tasks.query_p95),
 * api (api.complete, api.tasklist_p95).
 * Scale knobs (environment): BENCH_INSTANCES, BENCH_PEER_INSTANCES, BENCH_DURABLE_INSTANCES,
 * BENCH_TIMERS, BENCH_TIMERS_WINDOW_S, BENCH_TASKS, BENCH_TASK_QUERIES, BENCH_API_COMPLETIONS, BENCH_API_CLIENTS,
 * BENCH_API_TASKLIST_QUERIES (the tasklist reuses BENCH_TASKS' cached store).
 */
import { apiComplete, apiTasklist } from './api.ts';
import { durableSqlite } from './durable-sqlite.ts';
import { motcuaInMemory } from './engine-memory.ts';
import { bpmnEngineInMemory } from './peers/bpmn-engine.ts';
import { fmt, note } from './stats.ts';
import { tasksQuery } from './tasks-query.ts';
import { timersBench } from './timers.ts';

const FIGURES = ['engine', 'durable', 'timers', 'tasks', 'api'] as const;
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

let peerRate: number | undefined;
async function peer(): Promise<number> {
  if (peerRate === undefined) {
    const instances = envNumber('BENCH_PEER_INSTANCES', 500);
    await bpmnEngineInMemory(50);
    peerRate = await bpmnEngineInMemory(instances);
    note(`bpmn-engine in memory: ${fmt(peerRate)} instances/s (${instances} dossiers, after 50 warm-up)`);
  }
  return peerRate;
}

if (wanted('engine')) {
  const instances = envNumber('BENCH_INSTANCES', 50_000);
  note(`engine.memory: ${instances} dossiers on the pure core (after 2000 warm-up), no store`);
  await motcuaInMemory(2_000);
  const rate = await motcuaInMemory(instances);
  console.log(`BENCH engine.memory ${fmt(rate)} instances/s vs bpmn-engine ${fmt(rate / (await peer()))}x`);
}

if (wanted('durable')) {
  const instances = envNumber('BENCH_DURABLE_INSTANCES', 5_000);
  note(`durable.sqlite: ${instances} dossiers (after 200 warm-up) through the Engine on a temp SQLite file (WAL, synchronous=NORMAL), one atomic commit per command`);
  const result = await durableSqlite(instances, 200);
  note(`durable.sqlite: ${result.commits} commits in ${fmt(result.seconds)} s (${fmt(result.commits / result.seconds)} commits/s, ${fmt((result.seconds * 1e6) / result.commits)} µs per command incl. its task lookup)`);
  console.log(`BENCH durable.sqlite ${fmt(result.rate)} instances/s vs bpmn-engine ${fmt(result.rate / (await peer()))}x`);
}

if (wanted('timers')) {
  const count = Math.round(envNumber('BENCH_TIMERS', 100_000));
  // a scaled-down run keeps the due rate of 100 000 per minute unless told otherwise (at least 5 s)
  const windowS = envNumber('BENCH_TIMERS_WINDOW_S', Math.max(5, Math.min(60, (60 * count) / 100_000)));
  note(`timers.100k: ${count} timers due evenly within ${windowS} s (${fmt(count / windowS)}/s); armed through the Engine with a frozen clock, fired by the JobExecutor (agenda's tick on the SQLite backend) on the wall clock`);
  const r = await timersBench({ count, windowMs: windowS * 1000 });
  note(`timers.100k: fired ${r.fired}/${count}; lateness p50 ${fmt(r.latenessP50)} ms, p99 ${fmt(r.latenessP99)} ms, max ${fmt(r.latenessMax)} ms; ${fmt(r.firingRate)} firings/s over the run vs ${fmt(r.neededRate)}/s falling due`);
  const verdict =
    r.fired < count || r.seconds > windowS * 1.1 + 1
      ? 'the job executor CANNOT KEEP UP'
      : r.latenessP99 >= 1000
        ? 'the job executor keeps up only just (at capacity: timers queue up, lateness in seconds)'
        : 'the job executor keeps up';
  // agenda's share is one tick per batch of due rows: the engine's own work sets the ceiling
  note(
    `timers.100k: ${verdict}: ${fmt(r.firingRate)}/s fired where ${fmt(r.neededRate)}/s fell due; ` +
      `engine.runDueJobs() alone ${fmt(r.runDueJobsRate)}/s, about what one process tops out at`,
  );
  console.log(`BENCH timers.100k ${fmt(r.seconds)} s lateness_p99 ${fmt(r.latenessP99)} ms`);
}

if (wanted('tasks')) {
  const tasks = Math.round(envNumber('BENCH_TASKS', 1_000_000));
  const queries = Math.round(envNumber('BENCH_TASK_QUERIES', 1000));
  const options = { tasks, groups: 200, queries, pageSize: 50 };
  note(`tasks.query_p95: ${tasks} open tasks over ${options.groups} candidate groups; ${queries} queries (after 50 warm-up) of one random group's first page of ${options.pageSize}, sorted by due date, through store.listTasks`);
  const r = await tasksQuery(options);
  note(`tasks.query_p95: plan ${r.plan} → ${r.indexed ? 'indexed range read, no scan, no sort' : 'NOT INDEXED (scan or sort)'}`);
  note(`tasks.query_p95: p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, p99 ${fmt(r.p99)} ms, max ${fmt(r.max)} ms`);
  console.log(`BENCH tasks.query_p95 ${fmt(r.p95)} ms`);
  const o = r.officer;
  note(`tasks.officer_p95: ${queries} queries of one officer's first page in one of 20 agencies (assigned to them, naming them, or in any of their 3 groups), through store.listTasks`);
  note(`tasks.officer_p95: plan ${o.plan} → ${o.indexed ? 'merged index range reads, no scan, no sort' : 'NOT INDEXED (scan or sort)'}`);
  note(`tasks.officer_p95: p50 ${fmt(o.p50)} ms, p95 ${fmt(o.p95)} ms, p99 ${fmt(o.p99)} ms, max ${fmt(o.max)} ms`);
  console.log(`BENCH tasks.officer_p95 ${fmt(o.p95)} ms`);
}

if (wanted('api')) {
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
}

// agenda leaves its lock-watch timers behind (up to half the lock lifetime); nothing else is pending
process.exit(0);
