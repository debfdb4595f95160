/**
 * The job executor: agenda runs every timer and async continuation the engine schedules. The
 * engine's own job rows (committed atomically with the instance) are the schedule itself: agenda
 * runs one job, the tick, which takes the rows that are due from the store, a batch at a time, and
 * runs each through Engine.runJob until none is left.
 *
 * An idle engine writes nothing. The tick does not repeat: agenda records every run of a job
 * (its lock, its last run, its next run), which on a repeating tick was several writes a second
 * with nothing to do. Instead each process looks at the store's next due time every
 * `processEveryMs` (a read) and wakes the tick only when a job is due: one upsert of the tick's
 * `nextRunAt`, after which agenda's lock decides which process runs it.
 *
 * One tick rather than one agenda job per engine job: agenda's bookkeeping per job (find and
 * lock, two state saves, removal) cost about as much as the engine's own work, so 100 000 timers
 * falling due within a minute outran a process (bench/timers.ts). And a copy of every job row in
 * agenda's queue had to be kept in step with the store after each commit, and re-created by a
 * reconciler when a crash lost it; read from the store, a committed timer cannot go missing.
 *
 * Several processes: the tick is one agenda job for all of them (agenda keeps one per name), so
 * agenda's lock lets one process at a time run it, and a process killed mid-tick leaves it locked
 * until `lockLifetimeMs` passes. Should two runs overlap all the same, no job takes effect twice:
 * Engine.runJob reloads the instance and checks the timer / job is still armed, and the store's
 * revision check refuses the slower commit.
 */
import { Agenda, type AgendaBackend, type Job } from 'agenda';
import { DEFAULT_JOB_RETRIES } from '../bpmn/execution/state.ts';
import type { JobRecord } from '../store/port.ts';
import type { Engine } from './Engine.ts';
import { runInLanes } from './job-lanes.ts';

const TICK = 'motcua.due-jobs';
/** The repeating tick of earlier releases, removed at start (it would go on writing every 500 ms). */
const REPEATING_TICK = 'motcua.run-due-jobs';
/** The tick is one row for every process: waking it again updates that row. */
const TICK_KEY = { 'data.tick': 'due-jobs' } as const;
/** How often pending effects are resumed. */
const RECONCILE_EVERY_MS = 60_000;
/**
 * Job rows read from the store at a time; the tick's lock is renewed after each batch. A batch
 * waits for its slowest lane before the next is read, so it holds several rounds of `concurrency`.
 */
const BATCH = 256;
/** Instances whose jobs run at once, unless `concurrency` says otherwise (see there). */
export const DEFAULT_JOB_CONCURRENCY = 64;
/**
 * A job whose run threw is tried again after 1 s, then 2 s; its third failure is an incident
 * (DEFAULT_JOB_RETRIES). A failure the store cannot record backs off further, at most 5 minutes.
 */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 5 * 60_000;

export interface JobExecutorOptions {
  readonly backend: AgendaBackend;
  /** how often this process looks for due jobs, and agenda for a woken tick (ms); default 500 */
  readonly processEveryMs?: number;
  /**
   * instances whose due jobs run at once in this process; default 64. Their commits share a
   * transaction and its sync to disk (the store's group commit), so this is how many timers one
   * sync can fire: at 20, 100 000 timers due in a minute outran the executor under FULL durability.
   */
  readonly concurrency?: number;
  /**
   * how long agenda's lock on a running tick lasts (ms); default 5 minutes. A process killed
   * while running the tick leaves it locked: no process runs due jobs before the lock expires, so
   * a short lifetime makes recovery after a crash quicker. A long tick renews its lock after every
   * batch, so it is never taken over while it works.
   */
  readonly lockLifetimeMs?: number;
  /** how often pending effects are resumed (ms); default 60 s */
  readonly reconcileEveryMs?: number;
  readonly log?: (line: string) => void;
}

interface Retry {
  readonly failures: number;
  readonly notBefore: number;
}

export class JobExecutor {
  private readonly agenda: Agenda;
  private readonly tickEveryMs: number;
  private readonly concurrency: number;
  /** jobs whose failure could not be committed (see `failed`), and when to try them again */
  private readonly retries = new Map<string, Retry>();
  private reconcileTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private reconciling: Promise<void> = Promise.resolve();
  private draining?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly engine: Engine,
    private readonly options: JobExecutorOptions,
  ) {
    this.tickEveryMs = options.processEveryMs ?? 500;
    this.concurrency = options.concurrency ?? DEFAULT_JOB_CONCURRENCY;
    this.agenda = new Agenda({
      backend: options.backend,
      processEvery: this.tickEveryMs,
      maxConcurrency: 1,
      defaultConcurrency: 1,
      defaultLockLifetime: options.lockLifetimeMs ?? 5 * 60_000,
    });
    this.agenda.define(TICK, async (tick: Job) => {
      // a run agenda gave up on (its lock expired) may still be working: never two in one process
      if (this.draining) return;
      this.draining = this.drain(tick);
      try {
        await this.draining;
      } finally {
        this.draining = undefined;
      }
    });
  }

  async start(): Promise<void> {
    await this.agenda.start();
    // a no-op (no row, no write) once no process of an earlier release is left
    await this.agenda.cancel({ name: REPEATING_TICK });
    await this.reconcile();
    this.options.log?.(`job executor started; due jobs are looked for every ${this.tickEveryMs} ms`);
    this.scheduleReconcile();
    this.schedulePoll();
  }

  /**
   * Carry out the effects a crash left pending (Engine.resumePendingEffects). There is no job to
   * re-arm: the tick reads the job rows the state committed. One pass at a time: a call made
   * while one runs waits for it.
   */
  reconcile(): Promise<void> {
    const pass = this.reconciling.then(() => this.reconcilePass());
    this.reconciling = pass.catch(() => undefined);
    return pass;
  }

  private async reconcilePass(): Promise<void> {
    await this.engine.resumePendingEffects();
  }

  /** Look for due work every `processEveryMs`; the next look starts once this one is over. */
  private schedulePoll(): void {
    this.pollTimer = setTimeout(() => {
      this.poll()
        .catch((error: Error) => this.options.log?.(`looking for due jobs failed: ${error.message}`))
        .finally(() => {
          if (!this.stopping) this.schedulePoll();
        });
    }, this.tickEveryMs);
    this.pollTimer.unref();
  }

  /**
   * Wake the tick when a job is due that this process is not holding back (a failure it could not
   * record waits in `retries`). Reads only; the one write is the wake-up itself. While this
   * process drains, there is nothing to wake.
   */
  private async poll(): Promise<void> {
    if (this.draining) return;
    const now = Date.now();
    const next = await this.engine.store.nextDueAt();
    if (next === undefined || next > now) return;
    if (this.retries.size > 0) {
      const due = await this.engine.store.dueJobs(now, this.retries.size + 1);
      if (due.every((row) => (this.retries.get(row.id)?.notBefore ?? 0) > now)) return;
    }
    await this.agenda.create(TICK, { tick: TICK_KEY['data.tick'] }).unique(TICK_KEY).schedule(new Date(now)).save();
  }

  /** The next pass starts once the previous one is over, however long it took. */
  private scheduleReconcile(): void {
    this.reconcileTimer = setTimeout(() => {
      this.reconcile()
        .catch((error: Error) => this.options.log?.(`reconcile failed: ${error.message}`))
        .finally(() => {
          if (!this.stopping) this.scheduleReconcile();
        });
    }, this.options.reconcileEveryMs ?? RECONCILE_EVERY_MS);
    this.reconcileTimer.unref();
  }

  /**
   * Run due jobs until none is left, including those falling due meanwhile. A row still there
   * after its run (stale, or it threw) is passed over for the rest of the drain.
   */
  private async drain(tick: Job): Promise<void> {
    const passed = new Set<string>();
    while (!this.stopping) {
      const now = Date.now();
      const rows = await this.engine.store.dueJobs(now, BATCH + passed.size + this.retries.size);
      const batch = rows.filter((row) => !passed.has(row.id) && !((this.retries.get(row.id)?.notBefore ?? 0) > now)).slice(0, BATCH);
      if (batch.length === 0) return;
      await runInLanes(batch, this.concurrency, (row) => this.run(row, passed));
      await tick.touch();
    }
  }

  private async run(row: JobRecord, passed: Set<string>): Promise<void> {
    const { id, instanceId, kind } = row;
    try {
      const ran = await this.engine.runJob(row);
      this.retries.delete(id);
      if (ran) this.options.log?.(`job ${kind} ${id} of instance ${instanceId || '(process start)'} ran`);
      else passed.add(id);
    } catch (error) {
      passed.add(id);
      await this.failed(row, (error as Error).message);
    }
  }

  /**
   * A run threw. The failure is committed on the instance (Engine.failJob): its retries left and
   * the next attempt survive a restart, and the last failure becomes an incident. A process start
   * timer has no instance to hold them, and a store that refuses the record too leaves nothing
   * written: those are retried from memory, with the same backoff, until one attempt succeeds.
   */
  private async failed(row: JobRecord, message: string): Promise<void> {
    const { id, instanceId, kind } = row;
    const recorded = instanceId ? DEFAULT_JOB_RETRIES - (row.retries ?? DEFAULT_JOB_RETRIES) : 0;
    const failures = Math.max(recorded, this.retries.get(id)?.failures ?? 0) + 1;
    const delayMs = Math.min(RETRY_FIRST_MS * 2 ** (failures - 1), RETRY_MAX_MS);
    const what = `job ${kind} ${id} of instance ${instanceId || '(process start)'} failed: ${message} (attempt ${failures}`;
    if (instanceId) {
      try {
        const left = await this.engine.failJob(row, message, delayMs);
        this.retries.delete(id);
        if (left === 0) this.options.log?.(`${what}, no retries left: incident raised)`);
        else if (left !== undefined) this.options.log?.(`${what}, next in ${delayMs / 1000} s)`);
        return;
      } catch (error) {
        this.options.log?.(`job ${kind} ${id}: its failure could not be recorded: ${(error as Error).message}`);
      }
    }
    this.retries.set(id, { failures, notBefore: Date.now() + delayMs });
    this.options.log?.(`${what}, next in ${delayMs / 1000} s)`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.reconcileTimer);
    clearTimeout(this.pollTimer);
    await this.reconciling;
    await this.draining;
    await this.agenda.stop();
  }
}
