/**
 * The engine process of `npm run test:crash` (test/crash/run.ts starts it, SIGKILLs it, starts it
 * again). It is what `npm start` is, on a temp SQLite file, plus the people around it:
 *
 * - an Engine + JobExecutor (agenda over the same SQLite file) with short polling, lock and
 *   reconcile intervals, so a restarted process picks up quickly what a killed one left;
 * - external-task workers (fetch-and-lock, complete);
 * - officers who complete the open user tasks (two of them, so they sometimes race for a task);
 * - in `load` mode, a driver that keeps starting instances of test/crash/fixtures/CrashCalls.bpmn
 *   (each calls a CrashChild instance, which throws the message and the signal its caller waits for);
 * - in `finish` mode, a postman who sends CrashReply to an instance that has waited for it a few
 *   seconds (at-least-once delivery may have given another instance's message to someone else).
 *
 * Usage: node --import tsx test/crash/engine-child.ts <db file> <load|finish> <seed>
 *
 * stdout carries one line per fact the parent checks afterwards, each written only once the
 * command it reports has committed (stdout is a pipe: synchronous on Linux, so a line written is
 * a line the parent gets, even if SIGKILL follows):
 *
 *   READY <pid>          the executor started (reconciler ran)
 *   S <instanceId>       an instance was started
 *   F <code>             starting an instance failed (a typed rejection; anything else is UNEXPECTED too)
 *   T <taskId>           a user task was completed
 *   E <jobId>            an external task was completed
 *   J                    the job executor ran a timer or async continuation
 *   M <instanceId>       (finish mode) the postman delivered CrashReply to this instance
 *   IDLE                 (finish mode) no instance is active and no effect is pending any more
 *
 * stderr gets `UNEXPECTED …` for any error that is not one of the typed rejections a race may
 * produce (the parent counts those as violations), and the engine's log (effects carried out
 * again, messages that reached no instance).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ErrorCode, isMotcuaError } from '../../engine/errors.ts';
import { InstanceStatus, SubscriptionKind } from '../../engine/bpmn/execution/state.ts';
import { createEngine } from '../../engine/runtime/create-engine.ts';
import { ENGINE_EFFECTS_TOPIC } from '../../engine/runtime/Engine.ts';
import { JobExecutor } from '../../engine/runtime/JobExecutor.ts';
import { SqliteAgendaBackend } from '../../engine/store/sqlite/agenda/SqliteAgendaBackend.ts';

const CRASH_PROCESS_KEY = 'Process_CrashCalls';
const CRASH_TOPIC = 'xac-minh-dan-cu';
const REPLY_MESSAGE = 'CrashReply';
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');

const [file, mode, seedText] = process.argv.slice(2);
if (!file || (mode !== 'load' && mode !== 'finish')) {
  process.stderr.write('usage: engine-child.ts <db file> <load|finish> <seed>\n');
  process.exit(2);
}
const finishing = mode === 'finish';

/** mulberry32: a small seeded generator, so a run can be repeated with CRASH_SEED. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(Number(seedText ?? 1) ^ process.pid);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`[child ${process.pid}] ${line}\n`);

/** Rejections a race between officers, workers or process incarnations may legitimately produce. */
const RACE_CODES: readonly ErrorCode[] = [ErrorCode.TaskNotOpen, ErrorCode.VersionConflict, ErrorCode.JobNotFound, ErrorCode.JobLocked, ErrorCode.InstanceNotActive];
let unexpected = 0;
function expectRace(what: string, error: unknown): void {
  if (RACE_CODES.some((code) => isMotcuaError(error, code))) return;
  unexpected++;
  err(`UNEXPECTED ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

const engine = await createEngine({ store: `sqlite:${file}`, log: (line) => err(line) });
// the called process first: a call activity's target must be known when its caller is deployed
await engine.deploy('CrashChild.bpmn', fixture('CrashChild.bpmn'));
await engine.deploy('CrashCalls.bpmn', fixture('CrashCalls.bpmn'));
const executor = new JobExecutor(engine, {
  backend: new SqliteAgendaBackend({ path: file }),
  processEveryMs: 100,
  concurrency: 10,
  lockLifetimeMs: 5000,
  reconcileEveryMs: 3000,
  log: (line) => {
    if (line.endsWith(' ran')) out('J');
    else if (line.includes('failed')) err(line);
  },
});
await executor.start();
out(`READY ${process.pid}`);

let running = true;

/** load mode: keep starting dossiers, some with a timer due in 1–4 s, some in 8–15 s. */
async function driver(): Promise<void> {
  let n = 0;
  while (running) {
    const seconds = random() < 0.7 ? 1 + Math.floor(random() * 4) : 8 + Math.floor(random() * 8);
    try {
      const started = await engine.startInstance(CRASH_PROCESS_KEY, {
        businessKey: `HS-${process.pid}-${++n}`,
        variables: { waitDuration: `PT${seconds}S`, applicant: `cong-dan-${n}` },
        by: 'portal',
      });
      out(`S ${started.id}`);
    } catch (error) {
      out(`F ${isMotcuaError(error) ? error.code : 'ERROR'}`);
      expectRace('starting an instance', error);
    }
    await sleep(20 + random() * 40);
  }
}

/**
 * An officer: completes open tasks once they have been open a little while (in finish mode at
 * once). Two officers walk the same list in different orders, so they sometimes race.
 */
async function officer(name: string): Promise<void> {
  while (running) {
    const now = Date.now();
    const tasks = await engine.listTasks({ limit: 200 });
    const ready = tasks.filter((task) => finishing || Date.parse(task.createdAt) + holdMs(task.id) <= now);
    if (random() < 0.5) ready.reverse();
    for (const task of ready) {
      if (!running) return;
      try {
        await engine.completeTask(task.id, { [`${task.elementId}By`]: name }, name);
        out(`T ${task.id}`);
      } catch (error) {
        expectRace(`completing task ${task.id}`, error);
      }
    }
    await sleep(ready.length > 0 ? 5 : 50);
  }
}

/** How long a task stays open before officers take it: 0–2.5 s, fixed per task. */
function holdMs(taskId: string): number {
  let h = 0;
  for (const c of taskId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 2500;
}

/** An external-task worker: fetch and lock a few, complete them. */
async function worker(id: string): Promise<void> {
  while (running) {
    let locked: Awaited<ReturnType<typeof engine.fetchAndLock>> = [];
    try {
      locked = await engine.fetchAndLock(CRASH_TOPIC, id, 3000, 5);
    } catch (error) {
      expectRace('fetching external tasks', error);
    }
    for (const task of locked) {
      if (!running) return;
      try {
        await engine.completeExternalTask(task.jobId, id, { verified: true, verifiedBy: id });
        out(`E ${task.jobId}`);
      } catch (error) {
        expectRace(`completing external task ${task.jobId}`, error);
      }
    }
    await sleep(locked.length > 0 ? 5 : 50);
  }
}

/**
 * finish mode: a thrown CrashReply goes to whichever instance waits for it first, and at least
 * once: one delivered twice leaves another caller without a reply. Those get one from the
 * postman once they have waited a few seconds (reported, so the checks can tell them apart).
 */
async function postman(): Promise<void> {
  const seen = new Map<string, number>();
  while (running) {
    const now = Date.now();
    for (const instanceId of await engine.store.instancesSubscribed(SubscriptionKind.Message, REPLY_MESSAGE)) {
      const since = seen.get(instanceId) ?? now;
      seen.set(instanceId, since);
      if (now - since < 3000) continue;
      try {
        await engine.correlateMessage(REPLY_MESSAGE, { instanceId, variables: { postman: true } });
        out(`M ${instanceId}`);
      } catch (error) {
        // its reply came meanwhile
        if (isMotcuaError(error, ErrorCode.NoSubscription)) continue;
        expectRace(`delivering ${REPLY_MESSAGE} to ${instanceId}`, error);
      }
    }
    await sleep(500);
  }
}

/**
 * finish mode: say IDLE once no instance is active and no effect is left in the outbox (the
 * parent then stops this process). An effect carried out by a killed process just before it could
 * mark it done stays pending until its lease runs out and the reconciler takes it again (it then
 * finds the effect done): its instance may already have finished.
 */
async function idleWatch(): Promise<void> {
  while (running) {
    const active = await engine.store.listInstances({ status: InstanceStatus.Active, limit: 1 });
    const effects = await engine.store.pendingOutbox(ENGINE_EFFECTS_TOPIC, 1);
    if (active.length === 0 && effects.length === 0) {
      out('IDLE');
      return;
    }
    await sleep(250);
  }
}

const loops = [officer(`officer-${process.pid}-a`), officer(`officer-${process.pid}-b`), worker(`worker-${process.pid}-1`), worker(`worker-${process.pid}-2`)];
if (finishing) loops.push(idleWatch(), postman());
else loops.push(driver());

process.once('SIGTERM', () => {
  running = false;
  void Promise.allSettled(loops)
    .then(() => executor.stop())
    .then(() => engine.close())
    .then(() => process.exit(unexpected > 0 ? 1 : 0));
});

for (const loop of loops) {
  loop.catch((error: unknown) => {
    unexpected++;
    err(`UNEXPECTED loop failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  });
}
