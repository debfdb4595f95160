/**
 * tasks.query_p95: an officer's task list — the open tasks of one candidate group, sorted by due
 * date, first page — among 1 000 000 open tasks in the SQLite store. tasks.officer_p95: the
 * officer's real query — one agency, tasks assigned to the officer, naming the officer or in any of
 * the officer's three groups, sorted by due date, first page — among the same tasks.
 *
 * Population goes through the store port: synthetic instances (each an ACTIVE instance holding a
 * few open user tasks spread over ~200 candidate groups) written by `store.commit`, so every row,
 * projection and index entry is exactly what the engine's commits write. To make it fast, commits
 * are grouped a thousand to an outer SQLite transaction (each commit becomes a savepoint inside it).
 * The populated file is cached under `.tmp/bench/`, named by a hash of the source of every file
 * that decides what a task row holds (the store's port and SQLite adapter, and this generator), so
 * later runs only query and a change to any of them rebuilds it.
 *
 * Measured: `store.listTasks({ candidateGroup, limit })` — the port call the API serves — for
 * random groups, wall time per call including row decoding; p50 / p95 / p99. The query plan is
 * checked with EXPLAIN QUERY PLAN: an index range read, no table scan, no sort.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TaskChange, HistoryEvent } from '../engine/bpmn/execution/results.ts';
import { InstanceStatus, ScopeKind, WaitKind, type InstanceState, type Token, type UserTaskState } from '../engine/bpmn/execution/state.ts';
import type { OpenTask, TaskQuery } from '../engine/runtime/api.ts';
import type { CommitUnit, Store } from '../engine/store/port.ts';
import { openStore } from '../engine/store/index.ts';
import { SqliteStore } from '../engine/store/sqlite/SqliteStore.ts';
import { taskQuerySql } from '../engine/store/sqlite/task-query.ts';
import { fmt, note, percentile, sortedOf } from './stats.ts';

/**
 * Where the code that writes task rows and their indexes lives (folders' own .ts files, and this
 * generator): a change to any of these files names a new cache file. Whole folders, so a file
 * split off the store later is covered too.
 */
const TASK_WRITER_FOLDERS = ['engine/store/', 'engine/store/sqlite/'];
const GENERATOR = 'bench/tasks-query.ts';

function taskWriterSources(): string[] {
  const root = new URL('../', import.meta.url);
  const files = TASK_WRITER_FOLDERS.flatMap((folder) =>
    readdirSync(new URL(folder, root), { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => `${folder}${entry.name}`),
  );
  return [...files.sort(), GENERATOR];
}
/** instances go round-robin to agencies; each agency has its officers, of whom some claim tasks */
const AGENCIES = 20;
const OFFICERS_PER_AGENCY = 20;
const OFFICER_GROUPS = 3;
const PROCESS_KEY = 'Process_BenchTasks';
const DEPLOYMENT_ID = `${PROCESS_KEY}:1`;
const TASKS_PER_INSTANCE = 4;
const COMMITS_IN_FLIGHT = 1000;
const TASK_NAMES = ['Tiếp nhận hồ sơ', 'Thẩm định hồ sơ', 'Xin ý kiến phối hợp', 'Phê duyệt', 'Trả kết quả'];

export interface TasksQueryOptions {
  readonly tasks: number;
  readonly groups: number;
  readonly queries: number;
  readonly pageSize: number;
}

export interface QueryTimes {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly plan: string;
  readonly indexed: boolean;
}

export interface TasksQueryResult extends QueryTimes {
  /** the officer's query: agency + visibleTo (user and three groups) */
  readonly officer: QueryTimes;
  readonly file: string;
}

export const groupName = (g: number) => `nhom_${String(g).padStart(3, '0')}`;
export const agencyName = (a: number) => `UBND-${String(a).padStart(2, '0')}`;
export const officerName = (o: number) => `canbo_${String(o).padStart(2, '0')}`;
export { AGENCIES, OFFICER_GROUPS, OFFICERS_PER_AGENCY };

/** A deterministic PRNG (mulberry32), so a rebuilt file holds the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cacheFile(options: TasksQueryOptions): string {
  const hash = createHash('sha256');
  for (const path of taskWriterSources()) hash.update(`${path}\n`).update(readFileSync(new URL(`../${path}`, import.meta.url)));
  const key = hash.update(`${options.tasks}\n${options.groups}`).digest('hex').slice(0, 12);
  const dir = fileURLToPath(new URL('../.tmp/bench/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return `${dir}tasks-${options.tasks}-${key}.db`;
}

/** One synthetic instance: ACTIVE, its tokens parked at user tasks, the tasks open. */
function syntheticUnit(i: number, random: () => number, groups: number, now: number): CommitUnit {
  const id = randomUUID();
  const startedAt = new Date(now - Math.floor(random() * 60 * 86_400_000)).toISOString();
  const rootScopeId = `${id}.s0`;
  const tokens: Record<string, Token> = {};
  const tasks: Record<string, UserTaskState> = {};
  const changes: TaskChange[] = [];
  for (let k = 0; k < TASKS_PER_INSTANCE; k++) {
    const tokenId = `${id}.t${1 + 2 * k}`;
    const taskId = `${id}.ut${2 + 2 * k}`;
    const elementId = `Activity_${k}`;
    const candidateGroups = [groupName(Math.floor(random() * groups))];
    if (random() < 0.2) candidateGroups.push(groupName(Math.floor(random() * groups)));
    // a tenth claimed by one of the agency's officers, a twentieth naming one as a candidate user
    const assignee = random() < 0.1 ? officerName(Math.floor(random() * OFFICERS_PER_AGENCY)) : undefined;
    const candidateUsers = random() < 0.05 ? [officerName(Math.floor(random() * OFFICERS_PER_AGENCY))] : [];
    const task: UserTaskState = {
      id: taskId,
      elementId,
      tokenId,
      name: TASK_NAMES[k % TASK_NAMES.length],
      ...(assignee !== undefined && { assignee }),
      candidateUsers,
      candidateGroups: [...new Set(candidateGroups)],
      // 90 % with a due date within ±30 days, the rest without (listed last)
      ...(random() < 0.9 ? { dueAt: new Date(now + Math.floor((random() - 0.5) * 60 * 86_400_000)).toISOString() } : {}),
      priority: random() < 0.8 ? 50 : Math.floor(random() * 101),
      formKey: `form:${elementId}`,
      createdAt: startedAt,
    };
    tokens[tokenId] = { id: tokenId, elementId, scopeId: rootScopeId, wait: WaitKind.UserTask };
    tasks[taskId] = task;
    changes.push({ op: 'created', task });
  }
  const state: InstanceState = {
    schema: 1,
    id,
    processId: PROCESS_KEY,
    businessKey: `HS-${String(i).padStart(8, '0')}`,
    status: InstanceStatus.Active,
    seq: 2 * TASKS_PER_INSTANCE + 1,
    startedAt,
    rootScopeId,
    scopes: { [rootScopeId]: { id: rootScopeId, kind: ScopeKind.Process, elementId: PROCESS_KEY, variables: { hoSo: `HS-${i}` } } },
    tokens,
    tasks,
    timers: {},
    subscriptions: {},
    jobs: {},
    incidents: {},
  };
  const started: HistoryEvent = { type: 'InstanceStarted', at: startedAt, data: { processId: PROCESS_KEY, variables: { hoSo: `HS-${i}` } } };
  return {
    instance: {
      id,
      processKey: PROCESS_KEY,
      deploymentId: DEPLOYMENT_ID,
      processVersion: 1,
      businessKey: state.businessKey,
      agency: agencyName(i % AGENCIES),
      status: state.status,
      state,
      startedAt,
    },
    expectedRevision: 0,
    events: [started],
    tasks: changes,
    jobs: [],
    subscriptions: [],
  };
}

async function populate(file: string, options: TasksQueryOptions): Promise<void> {
  const partial = `${file}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const store = await openStore(`sqlite:${partial}`);
  if (!(store instanceof SqliteStore)) throw new Error('tasks.query needs the SQLite store');
  const random = prng(20261005);
  const now = Date.parse('2026-10-05T08:00:00+07:00');
  const instances = Math.ceil(options.tasks / TASKS_PER_INSTANCE);
  const started = performance.now();
  let lastNote = started;
  // a thousand commits handed over at once: the store's writer thread takes them in a few transactions
  for (let from = 0; from < instances; from += COMMITS_IN_FLIGHT) {
    const to = Math.min(instances, from + COMMITS_IN_FLIGHT);
    await Promise.all(Array.from({ length: to - from }, (_, k) => store.commit(syntheticUnit(from + k, random, options.groups, now))));
    if (performance.now() - lastNote > 5000) {
      lastNote = performance.now();
      const done = to * TASKS_PER_INSTANCE;
      note(`tasks: populated ${done}/${options.tasks} tasks (${fmt(done / ((lastNote - started) / 1000))} tasks/s)`);
    }
  }
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.db.exec('ANALYZE');
  await store.close();
  renameSync(partial, file);
  note(`tasks: populated ${options.tasks} tasks (${instances} instances, ${instances} commits) in ${fmt((performance.now() - started) / 1000)} s → ${file}`);
}

/** Remove cached files of other schema versions / sizes' partial leftovers, keeping `keep`. */
function pruneCache(keep: string): void {
  const dir = keep.slice(0, keep.lastIndexOf('/') + 1);
  const prefix = keep.slice(dir.length).replace(/-[0-9a-f]{12}\.db$/, '-');
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && !keep.endsWith(name) && /\.db(\.partial)?(-wal|-shm)?$/.test(name)) rmSync(dir + name, { force: true });
  }
}

function checkPlan(store: SqliteStore, query: TaskQuery): { plan: string; indexed: boolean } {
  const { sql, params } = taskQuerySql(query);
  const rows = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ ...params, limit: query.limit, offset: 0 }) as Array<{ detail: string }>;
  const details = rows.map((row) => row.detail);
  const scans = details.filter((d) => /^SCAN /.test(d) && !/COVERING INDEX|USING INDEX|PRIMARY KEY/.test(d));
  const sorts = details.filter((d) => d.includes('TEMP B-TREE'));
  return { plan: details.join(' | '), indexed: scans.length === 0 && sorts.length === 0 && details.some((d) => /INDEX|PRIMARY KEY/.test(d)) };
}

/** A full page, every task matching, in due order. */
function checkPage(page: readonly OpenTask[], pageSize: number, who: string, matches: (task: OpenTask) => boolean): void {
  if (page.length !== pageSize) throw new Error(`tasks.query: ${who} gave ${page.length} tasks, expected ${pageSize}`);
  for (let k = 0; k < page.length; k++) {
    if (!matches(page[k])) throw new Error(`tasks.query: task ${page[k].id} does not belong in the list of ${who}`);
    if (k > 0 && (page[k - 1].dueAt ?? '\uffff') > (page[k].dueAt ?? '\uffff')) throw new Error(`tasks.query: page of ${who} is not sorted by due date`);
  }
}

/** p50 / p95 / p99 / max of `queries` calls, after 50 warm-up calls. */
async function timed(query: () => Promise<number>, queries: number): Promise<Omit<QueryTimes, 'plan' | 'indexed'>> {
  for (let i = 0; i < 50; i++) await query();
  const times = new Float64Array(queries);
  for (let i = 0; i < queries; i++) times[i] = await query();
  const sorted = sortedOf(times);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

/** The cached SQLite file holding `options.tasks` open tasks (built on first use); other figures query it too. */
export async function cachedTasksStore(options: TasksQueryOptions): Promise<string> {
  const file = cacheFile(options);
  if (existsSync(file)) note(`tasks: using the cached store ${file}`);
  else await populate(file, options);
  pruneCache(file);
  return file;
}

export async function tasksQuery(options: TasksQueryOptions): Promise<TasksQueryResult> {
  const file = await cachedTasksStore(options);

  const store: Store = await openStore(`sqlite:${file}`);
  try {
    if (!(store instanceof SqliteStore)) throw new Error('tasks.query needs the SQLite store');
    const count = (store.db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n;
    if (count < options.tasks) throw new Error(`tasks.query: the cached store holds ${count} tasks, expected ${options.tasks}; delete ${file}`);

    const random = prng(42);
    const pick = (n: number) => Math.floor(random() * n);
    const group = async (): Promise<number> => {
      const candidateGroup = groupName(pick(options.groups));
      const t0 = performance.now();
      const page = await store.listTasks({ candidateGroup, limit: options.pageSize });
      const ms = performance.now() - t0;
      checkPage(page, options.pageSize, candidateGroup, (task) => task.candidateGroups.includes(candidateGroup));
      return ms;
    };
    const officer = async (): Promise<number> => {
      const agency = agencyName(pick(AGENCIES));
      const user = officerName(pick(OFFICERS_PER_AGENCY));
      const groups = Array.from({ length: OFFICER_GROUPS }, () => groupName(pick(options.groups)));
      const query = { agency, visibleTo: { user, groups } };
      const t0 = performance.now();
      const page = await store.listTasks({ ...query, limit: options.pageSize });
      const ms = performance.now() - t0;
      const visible = (task: OpenTask) =>
        task.agency === agency && (task.assignee === user || task.candidateUsers.includes(user) || task.candidateGroups.some((g) => groups.includes(g)));
      // a small run (BENCH_TASKS) may leave an officer less than a page: the count says how much
      checkPage(page, Math.min(options.pageSize, await store.countTasks(query)), `${user}@${agency}`, visible);
      return ms;
    };
    const groupTimes = await timed(group, options.queries);
    const officerTimes = await timed(officer, options.queries);
    const officerQuery: TaskQuery = { agency: agencyName(0), visibleTo: { user: officerName(0), groups: [groupName(0), groupName(1), groupName(2)] }, limit: options.pageSize };
    return {
      ...groupTimes,
      ...checkPlan(store, { candidateGroup: groupName(0), limit: options.pageSize }),
      officer: { ...officerTimes, ...checkPlan(store, officerQuery) },
      file,
    };
  } finally {
    await store.close();
  }
}
