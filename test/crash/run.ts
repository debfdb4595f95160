/**
 * `npm run test:crash`: crash safety of the durable runtime (issue 3).
 *
 * Starts the engine as a child process (test/crash/engine-child.ts) on a temp SQLite file, lets
 * it run a load of dossiers (user tasks, external tasks, an async continuation, timers due during
 * the run, a call activity whose called instance throws a message and a signal back through the
 * outbox), SIGKILLs it at least 20 times and starts it again each time: once during start-up, the
 * others right after it reported a commit (so during the commits that follow) or right after its
 * job executor ran a job (so during job firing). Then it starts it once more in `finish` mode (no
 * new dossiers, every task completed, every timer let fall due) and stops it once no instance is
 * active. Finally it reads the store and checks (see verify.ts): every started instance exists;
 * none stalled; no task, timer or job took effect twice; every called instance started exactly
 * once; every thrown message and signal was delivered at least once; every due timer fired; every
 * history chain verifies; and that the load phase, while being killed, really did the work
 * (minimum counts), and that the kills landed where they were meant to. It prints what it
 * checked with counts and exits 1 on any violation, naming the ids.
 *
 * Settings (environment): CRASH_SEED (repeat a run), CRASH_KILLS (default 20, at least 20),
 * CRASH_KEEP=1 (keep the temp folder even when the run passes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../../engine/store/sqlite/SqliteStore.ts';
import { emptyReport, verifyCrashRun, type KillLanding, type Reported } from './verify.ts';

const CHILD = fileURLToPath(new URL('./engine-child.ts', import.meta.url));
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const kills = Math.max(20, Number(process.env.CRASH_KILLS ?? 20));
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
const reported: Reported = emptyReport();
/** job runs that threw (the job executor tries them again, backing off) */
let jobFailures = 0;

interface Run {
  readonly child: ChildProcess;
  /** resolves at the next line reporting one of `kinds` */
  next(kinds: string): Promise<string>;
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
  const waiting: Array<{ kinds: string; resolve: (kind: string) => void }> = [];
  let pending = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const [kind, id] = line.split(' ');
      if (kind === 'S') reported.started.add(id!);
      else if (kind === 'F') reported.startFailures.set(id!, (reported.startFailures.get(id!) ?? 0) + 1);
      else if (kind === 'T') reported.tasks.add(id!);
      else if (kind === 'E') reported.externalTasks.add(id!);
      else if (kind === 'J') reported.jobsRun++;
      else if (kind === 'M') reported.postman.add(id!);
      else if (kind === 'READY') onReady();
      else if (kind === 'IDLE') onIdle();
      for (let i = waiting.length - 1; i >= 0; i--) {
        if (kind && waiting[i]!.kinds.split(' ').includes(kind)) waiting.splice(i, 1)[0]!.resolve(kind);
      }
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
      else if (line.includes('reached no instance')) reported.messagesToNobody++;
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const next = (kinds: string) => new Promise<string>((resolve) => waiting.push({ kinds, resolve }));
  return { child, next, ready, idle, exited };
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

  // ── load, with SIGKILLs: one during start-up, then in turn right after a reported commit
  // (S, T, E: the process is in the middle of the next ones) and right after a job ran (J: its
  // executor is draining due jobs)
  const earlyKill = Math.floor(random() * kills);
  let aimAtJobs = random() < 0.5;
  for (let n = 0; n < kills; n++) {
    const run = startChild('load', n);
    let landing: KillLanding;
    let when: string;
    if (n === earlyKill) {
      await sleep(between(300, 1500));
      landing = 'start-up';
      when = 'during start-up';
    } else {
      if ((await withTimeout(run.ready, 30_000)) === 'timeout') throw new Error('the engine process did not start within 30 s');
      const after = between(1500, 4000);
      await sleep(after);
      aimAtJobs = !aimAtJobs;
      const seen = await withTimeout(run.next(aimAtJobs ? 'J' : 'S T E'), 10_000);
      landing = seen === 'timeout' ? 'unaimed' : seen === 'J' ? 'job' : 'commit';
      when = `${(after / 1000).toFixed(1)} s after READY, ${seen === 'timeout' ? `no ${aimAtJobs ? 'job' : 'commit'} seen within 10 s` : `right after a reported ${seen === 'J' ? 'job run' : 'commit'} (${seen})`}`;
    }
    run.child.kill('SIGKILL');
    const { signal } = await run.exited;
    reported.kills.push(landing);
    say(`kill ${n + 1}/${kills}: SIGKILL ${when} (${signal ?? 'exited before'}); ${reported.started.size} instances reported so far`);
  }

  // ── finish: no new instances; every task completed, every timer falls due ────────────────
  const finishStartedAt = Date.now();
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
    const result = await verifyCrashRun(store, reported, { now: Date.now(), finishStartedAt });
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
