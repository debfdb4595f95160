/**
 * The job executor: agenda runs every timer and async continuation the engine schedules. The
 * engine's own job rows (committed atomically with the instance) are the truth; agenda's queue is
 * a derived schedule. So an agenda job lost in a crash is re-created by the reconciler, and an
 * agenda job that outlived its timer is harmless: the engine's job handler checks the timer is
 * still armed and otherwise does nothing (Engine.runJob).
 */
import { Agenda, type AgendaBackend, type Job } from 'agenda';
import type { ScheduledJob } from '../bpmn/execution/results.ts';
import type { Engine } from './Engine.ts';

const RUN_JOB = 'motcua.run-job';
/** Re-check the engine's job rows this often, so a schedule lost between commit and agenda is found. */
const RECONCILE_EVERY_MS = 60_000;

interface RunJobData {
  readonly jobId: string;
  readonly instanceId: string;
  readonly kind: string;
}

export interface JobExecutorOptions {
  readonly backend: AgendaBackend;
  /** how often agenda looks for due jobs (ms); default 500 */
  readonly processEveryMs?: number;
  /** jobs run at once by this process; default 20 */
  readonly concurrency?: number;
  /**
   * how long agenda's lock on a running job lasts (ms); default 5 minutes. A process killed while
   * running a job leaves it locked: no process runs that job again before the lock expires, so a
   * short lifetime (engine jobs take milliseconds) makes recovery after a crash quicker.
   */
  readonly lockLifetimeMs?: number;
  /** how often the engine's job rows are re-checked against agenda's queue (ms); default 60 s */
  readonly reconcileEveryMs?: number;
  readonly log?: (line: string) => void;
}

export class JobExecutor {
  private readonly agenda: Agenda;
  private reconcileTimer?: NodeJS.Timeout;

  constructor(
    private readonly engine: Engine,
    private readonly options: JobExecutorOptions,
  ) {
    const concurrency = options.concurrency ?? 20;
    this.agenda = new Agenda({
      backend: options.backend,
      processEvery: options.processEveryMs ?? 500,
      maxConcurrency: concurrency,
      defaultConcurrency: concurrency,
      defaultLockLifetime: options.lockLifetimeMs ?? 5 * 60_000,
    });
    this.agenda.define<RunJobData>(RUN_JOB, async (job: Job<RunJobData>) => {
      const { jobId, instanceId, kind } = job.attrs.data;
      try {
        const ran = await this.engine.runJob({ id: jobId, instanceId, kind });
        if (ran) this.options.log?.(`job ${kind} ${jobId} of instance ${instanceId || '(process start)'} ran`);
      } catch (error) {
        this.options.log?.(`job ${kind} ${jobId} of instance ${instanceId} failed: ${(error as Error).message}`);
        throw error;
      }
    }, { removeOnComplete: true });
  }

  async start(): Promise<void> {
    await this.agenda.start();
    const armed = await this.reconcile();
    this.options.log?.(`job executor started; ${armed} job(s) re-armed from the store`);
    this.reconcileTimer = setInterval(() => {
      this.reconcile().catch((error: Error) => this.options.log?.(`reconcile failed: ${error.message}`));
    }, this.options.reconcileEveryMs ?? RECONCILE_EVERY_MS);
    this.reconcileTimer.unref();
  }

  /** Hand freshly committed timers and async continuations to agenda (one agenda job per engine job). */
  async schedule(jobs: readonly ScheduledJob[]): Promise<void> {
    for (const job of jobs) {
      if (job.kind === 'external') continue;
      await this.agenda
        .create<RunJobData>(RUN_JOB, { jobId: job.id, instanceId: job.instanceId, kind: job.kind })
        .unique({ 'data.jobId': job.id })
        .schedule(new Date(job.dueAt))
        .save();
    }
  }

  /**
   * Make sure every timer / async job row of the engine has its agenda job, and carry out the
   * effects a crash left pending (Engine.resumePendingEffects). Returns how many job rows it saw.
   */
  async reconcile(): Promise<number> {
    const rows = (await this.engine.store.allJobs()).filter((row) => row.kind !== 'external');
    await this.schedule(rows);
    await this.engine.resumePendingEffects();
    return rows.length;
  }

  async stop(): Promise<void> {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    await this.agenda.stop();
  }
}
