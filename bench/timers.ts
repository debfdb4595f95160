/**
 * timers.100k: N timers (100 000 by default) falling due within one minute, all armed through the
 * engine and all fired by real execution.
 *
 * - Arming (a simulated clock is allowed here): N instances of `start → timer catch (timeDate
 *   ${dueAt}) → end` are started through the Engine on a temp SQLite file, with the engine's clock
 *   frozen before the window so that every job row is due exactly at its instance's `dueAt`. Each
 *   start is one atomic commit, as in production. The due instants are spread evenly over the window.
 * - Firing (real execution, real clock): the JobExecutor as `npm start` wires it — agenda v6 on the
 *   SQLite agenda backend in the same file, its tick taking the due job rows from the store — runs
 *   `Engine.runJob` for each. It starts once arming is done, as after a restart.
 * - Checks, from the store: every instance COMPLETED, no engine job row left. Lateness per timer is
 *   the instance's `endedAt` (the engine clock when the TriggerTimer command ran) minus its `dueAt`.
 */
import { InstanceStatus } from '../engine/bpmn/execution/state.ts';
import type { Clock } from '../engine/runtime/api.ts';
import { createEngine } from '../engine/runtime/create-engine.ts';
import type { Engine } from '../engine/runtime/Engine.ts';
import { DEFAULT_JOB_CONCURRENCY, JobExecutor } from '../engine/runtime/JobExecutor.ts';
import { SqliteAgendaBackend } from '../engine/store/sqlite/agenda/SqliteAgendaBackend.ts';
import { fmt, inFlight, note, percentile, sortedOf, tempDir } from './stats.ts';

const TIMER_PROCESS = 'Process_BenchTimer';
const TIMER_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_BenchTimer" targetNamespace="http://motcua.vn/bench">
  <bpmn:process id="${TIMER_PROCESS}" name="Hẹn giờ (benchmark)" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:intermediateCatchEvent id="Event_Due" name="Đến hạn">
      <bpmn:timerEventDefinition id="TimerEventDefinition_1"><bpmn:timeDate xsi:type="bpmn:tFormalExpression">\${dueAt}</bpmn:timeDate></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="EndEvent_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Event_Due" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Event_Due" targetRef="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>`;

/** The engine's clock: frozen while arming (simulated), the wall clock while firing. */
class BenchClock implements Clock {
  frozenAt: number | undefined;
  now(): number {
    return this.frozenAt ?? Date.now();
  }
}

export interface TimersOptions {
  /** how many timers (default 100 000) */
  readonly count: number;
  /** the span their due instants cover, ms (default 60 000) */
  readonly windowMs: number;
}

export interface TimersResult {
  /** every instance COMPLETED, none ACTIVE, no job row left: the figures below are for work that was done */
  readonly complete: boolean;
  /** what did not fire, when not complete */
  readonly notFired?: string;
  readonly fired: number;
  /** first due instant to last firing, s */
  readonly seconds: number;
  readonly latenessP50: number;
  readonly latenessP99: number;
  readonly latenessMax: number;
  /** firings per second from the first due instant to the last firing */
  readonly firingRate: number;
  readonly neededRate: number;
  readonly runDueJobsRate: number;
  readonly runDueJobsSample: number;
}

/** Starts in flight while arming, as an API's clients would send them: their commits share transactions. */
const ARMING_CLIENTS = 64;

async function armTimers(engine: Engine, clock: BenchClock, dueAts: readonly number[], progress: string): Promise<number> {
  clock.frozenAt = Math.min(Date.now(), ...dueAts.slice(0, 1)) - 1;
  const started = performance.now();
  let lastNote = started;
  let armed = 0;
  await inFlight(dueAts.length, ARMING_CLIENTS, async (i) => {
    const due = dueAts[i]!;
    await engine.startInstance(TIMER_PROCESS, { businessKey: String(due), variables: { dueAt: new Date(due).toISOString() } });
    armed++;
    if (performance.now() - lastNote > 5000) {
      lastNote = performance.now();
      note(`${progress}: armed ${armed}/${dueAts.length}`);
    }
  });
  clock.frozenAt = undefined;
  return (performance.now() - started) / 1000;
}

/** engine.runDueJobs(): the store-polling path, no agenda, as many instances at once as the executor. `count` timers all due, fired in one call. */
async function runDueJobsRate(count: number): Promise<{ rate: number; armSecondsPerTimer: number }> {
  const dir = tempDir('rundue');
  const clock = new BenchClock();
  const engine = await createEngine({ store: `sqlite:${dir.path}/motcua.db`, clock });
  try {
    await engine.deploy('bench-timer.bpmn', TIMER_XML);
    const due = Date.now() + 3_600_000;
    const armSeconds = await armTimers(engine, clock, new Array<number>(count).fill(due), 'runDueJobs');
    clock.frozenAt = due + 1000;
    const started = performance.now();
    const ran = await engine.runDueJobs({ concurrency: DEFAULT_JOB_CONCURRENCY });
    const seconds = (performance.now() - started) / 1000;
    if (ran !== count) throw new Error(`runDueJobs ran ${ran} of ${count} due timers`);
    return { rate: count / seconds, armSecondsPerTimer: armSeconds / count };
  } finally {
    await engine.close();
    dir.remove();
  }
}

export async function timersBench(options: TimersOptions): Promise<TimersResult> {
  const { count, windowMs } = options;

  // 1. engine.runDueJobs() on its own, which also tells how fast arming goes on this machine
  const sample = Math.min(count, 10_000);
  const rundue = await runDueJobsRate(sample);
  note(`timers: engine.runDueJobs() fires ${fmt(rundue.rate)} timers/s (${sample} due at once, ${DEFAULT_JOB_CONCURRENCY} instances at a time, store polling, no agenda); arming ${fmt(1 / rundue.armSecondsPerTimer)} starts/s`);

  const dir = tempDir('timers');
  const file = `${dir.path}/motcua.db`;
  const clock = new BenchClock();
  const engine = await createEngine({ store: `sqlite:${file}`, clock });
  let executor: JobExecutor | undefined;
  try {
    await engine.deploy('bench-timer.bpmn', TIMER_XML);

    // 2. the window opens once arming is done (predicted from step 1, with a margin)
    const predictedArmMs = count * rundue.armSecondsPerTimer * 1000 * 1.5;
    const windowStart = Date.now() + predictedArmMs + 3_000;
    const dueAts = Array.from({ length: count }, (_, i) => Math.round(windowStart + (i * windowMs) / count));
    note(`timers: arming ${count} timers due ${new Date(windowStart).toISOString()} + ${windowMs / 1000} s (window opens in ${fmt((windowStart - Date.now()) / 1000)} s)`);
    const armSeconds = await armTimers(engine, clock, dueAts, 'timers');
    note(`timers: armed ${count} in ${fmt(armSeconds)} s (${fmt(count / armSeconds)} instances/s, one commit each, ${ARMING_CLIENTS} in flight)`);

    // 3. the job executor, with the settings of `npm start`
    let ran = 0;
    const errors: string[] = [];
    const log = (line: string) => {
      if (line.endsWith(' ran')) ran++;
      else if (!line.startsWith('job executor started')) errors.push(line);
    };
    executor = new JobExecutor(engine, { backend: new SqliteAgendaBackend({ path: file }), lockLifetimeMs: 30_000, log });

    const slack = windowStart - Date.now();
    if (slack < 0) note(`timers: WARNING arming overran the window start by ${fmt(-slack / 1000)} s; the lateness below includes it`);
    await executor.start();
    note(`timers: job executor started (agenda tick every 500 ms, ${DEFAULT_JOB_CONCURRENCY} instances at once); window opens in ${fmt(Math.max(0, windowStart - Date.now()) / 1000)} s`);

    // 4. wait for every firing, with a deadline
    const deadline = windowStart + windowMs + Math.max(120_000, windowMs);
    let lastNote = Date.now();
    while (ran < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (Date.now() - lastNote >= 5000) {
        lastNote = Date.now();
        const dueNow = Math.max(0, Math.min(count, Math.floor(((Date.now() - windowStart) * count) / windowMs)));
        note(`timers: fired ${ran}/${count}, due by now ${dueNow}, behind ${Math.max(0, dueNow - ran)}`);
      }
    }
    await executor.stop();
    executor = undefined;
    if (errors.length > 0) note(`timers: ${errors.length} job error(s), first: ${errors[0]}`);

    // 5. the store is the judge
    const active = await engine.store.listInstances({ processKey: TIMER_PROCESS, status: InstanceStatus.Active, limit: count });
    const completed = await engine.store.listInstances({ processKey: TIMER_PROCESS, status: InstanceStatus.Completed, limit: count + 1 });
    const leftJobs = (await engine.store.allJobs()).length;
    const complete = completed.length === count && active.length === 0 && leftJobs === 0;
    const notFired = `${completed.length}/${count} COMPLETED, ${active.length} still ACTIVE, ${leftJobs} job rows left after ${fmt((Date.now() - windowStart) / 1000)} s`;
    if (!complete) note(`timers: NOT ALL FIRED — ${notFired}`);
    const lateness = new Float64Array(completed.length);
    let lastEnded = 0;
    completed.forEach((instance, i) => {
      const ended = Date.parse(instance.endedAt!);
      lateness[i] = ended - Number(instance.businessKey);
      if (ended > lastEnded) lastEnded = ended;
    });
    const sorted = sortedOf(lateness);
    const buckets: number[] = [];
    for (const instance of completed) {
      const b = Math.max(0, Math.floor((Date.parse(instance.endedAt!) - windowStart) / 10_000));
      buckets[b] = (buckets[b] ?? 0) + 1;
    }
    note(`timers: firings per 10 s from the window start: ${Array.from(buckets, (n) => n ?? 0).join(' ')} (due: ${fmt(count / (windowMs / 10_000))} per 10 s)`);
    const seconds = (lastEnded - dueAts[0]) / 1000;
    return {
      complete,
      ...(complete ? {} : { notFired }),
      fired: completed.length,
      seconds,
      latenessP50: percentile(sorted, 50),
      latenessP99: percentile(sorted, 99),
      latenessMax: sorted[sorted.length - 1] ?? Number.NaN,
      firingRate: completed.length / seconds,
      neededRate: count / (windowMs / 1000),
      runDueJobsRate: rundue.rate,
      runDueJobsSample: sample,
    };
  } finally {
    await executor?.stop();
    await engine.close();
    dir.remove();
  }
}
