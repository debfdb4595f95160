/**
 * `npm run test:crash`: crash safety of the durable runtime (issue 3).
 *
 * Starts the engine as a child process (test/crash/engine-child.ts) on a temp SQLite file, lets
 * it run a load of dossiers (user tasks, external tasks, an async continuation, timers due during
 * the run), SIGKILLs it at random moments several times and starts it again each time; then
 * starts it once more in `finish` mode (no new dossiers, every task completed, every timer let
 * fall due) and stops it once no instance is active. Finally it reads the store directly and
 * checks (see verify.ts): every started instance exists; none stalled; no task, timer or job took
 * effect twice; every due timer fired; every history chain verifies. It prints what it checked
 * with counts and exits 1 on any violation, naming the ids.
 *
 * Settings (environment): CRASH_SEED (repeat a run), CRASH_KILLS (default 7),
 * CRASH_KEEP=1 (keep the temp folder even when the run passes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../../engine/store/sqlite/SqliteStore.ts';
import { verifyCrashRun, type Reported } from './verify.ts';

const CHILD = fileURLToPath(new URL('./engine-child.ts', import.meta.url));
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const kills = Number(process.env.CRASH_KILLS ?? 7);
/** how long the finish phase may take before the remaining instances are reported as stalled */
const FINISH_TIMEOUT_MS = 75_000;

let state = seed >>> 0;
/** mulberry32, seeded by CRASH_SEED: the kill moments of a run can be repeated */
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (min: number, max: number) => min + random() * (max - min);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const say = (line: string) => console.log(`[crash] ${line}`);

const dir = mkdtempSync(join(tmpdir(), 'motcua-crash-'));
const file = join(dir, 'motcua.db');
const childLog = createWriteStream(join(dir, 'children.log'));
const reported: Reported = { started: new Set(), tasks: new Set(), externalTasks: new Set(), unexpectedErrors: [] };
/** job runs that threw (the job executor tries them again, backing off) */
let jobFailures = 0;

interface Run {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly idle: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start the engine process; collect what it reports (complete lines only: a kill may cut one). */
function startChild(mode: 'load' | 'finish', n: number): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, mode, String(seed + n)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let onReady!: () => void;
  let onIdle!: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const idle = new Promise<void>((resolve) => (onIdle = resolve));
  let pending = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const [kind, id] = line.split(' ');
      if (kind === 'S') reported.started.add(id!);
      else if (kind === 'T') reported.tasks.add(id!);
      else if (kind === 'E') reported.externalTasks.add(id!);
      else if (kind === 'READY') onReady();
      else if (kind === 'IDLE') onIdle();
    }
  });
  let errPending = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    childLog.write(chunk);
    errPending += chunk;
    const lines = errPending.split('\n');
    errPending = lines.pop()!;
    for (const line of lines) {
      if (line.includes('UNEXPECTED')) reported.unexpectedErrors.push(line);
      else if (/ job \S+ \S+ of instance .* failed: /.test(line)) jobFailures++;
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, ready, idle, exited };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<number> {
  const began = Date.now();
  say(`seed ${seed} (repeat with CRASH_SEED=${seed}), ${kills} kills, store ${file}`);

  // ── load, with SIGKILLs at random moments ─────────────────────────────────────────────────
  // one kill lands during start-up (before or around READY: deploy, reconciler), the others
  // a few seconds into the load
  const earlyKill = Math.floor(random() * kills);
  for (let n = 0; n < kills; n++) {
    const run = startChild('load', n);
    let when: string;
    if (n === earlyKill) {
      await sleep(between(300, 1500));
      when = 'during start-up';
    } else {
      if ((await withTimeout(run.ready, 30_000)) === 'timeout') throw new Error('the engine process did not start within 30 s');
      const after = between(4000, 12_000);
      await sleep(after);
      when = `${(after / 1000).toFixed(1)} s after READY`;
    }
    run.child.kill('SIGKILL');
    const { signal } = await run.exited;
    say(`kill ${n + 1}/${kills}: SIGKILL ${when} (${signal ?? 'exited before'}); ${reported.started.size} instances reported so far`);
  }

  // ── finish: no new instances; every task completed, every timer falls due ────────────────
  const finish = startChild('finish', kills);
  const finished = await withTimeout(finish.idle, FINISH_TIMEOUT_MS);
  say(finished === 'timeout' ? `finish phase: still active instances after ${FINISH_TIMEOUT_MS / 1000} s` : 'finish phase: no active instance left');
  finish.child.kill('SIGTERM');
  if ((await withTimeout(finish.exited, 10_000)) === 'timeout') {
    finish.child.kill('SIGKILL');
    await finish.exited;
  }
  childLog.end();

  // ── verify, reading the store directly ─────────────────────────────────────────────────────
  const store = SqliteStore.open(file);
  try {
    const result = await verifyCrashRun(store, reported, Date.now());
    for (const line of result.lines) console.log(line);
    say(`${jobFailures} job runs threw and were retried (see children.log)`);
    say(`run took ${((Date.now() - began) / 1000).toFixed(0)} s`);
    if (result.violations.length > 0) {
      console.error(`[crash] FAILED: ${result.violations.length} violation(s)`);
      for (const violation of result.violations.slice(0, 50)) console.error(`  - ${violation}`);
      if (result.violations.length > 50) console.error(`  … and ${result.violations.length - 50} more`);
      console.error(`[crash] store and child logs kept in ${dir}`);
      return 1;
    }
    say('PASSED');
    return 0;
  } finally {
    await store.close();
  }
}

const code = await main().catch((error: unknown) => {
  console.error(`[crash] ERROR ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error(`[crash] store and child logs kept in ${dir}`);
  return 2;
});
if (code === 0 && process.env.CRASH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
process.exit(code);
