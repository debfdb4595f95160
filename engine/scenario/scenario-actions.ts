/**
 * What each action step does to the engine. An action that cannot be carried out (no open task,
 * the clock sent backwards, …) returns a `Mismatch` for the runner to report: a step failure, not
 * a crash. Errors the engine throws are left to the runner.
 */
import type { BusinessCalendar } from '../bpmn/timers/calendar.ts';
import { ErrorCode } from '../errors.ts';
import { JobKind, SubscriptionKind, type InstanceId, type JobId, type JobState, type Variables } from '../bpmn/execution/state.ts';
import type { EngineApi, InstanceView, LockedExternalTask } from '../runtime/api.ts';
import { inOffsetOf, type Mismatch } from './expectations.ts';
import { openTasks } from './instance-snapshot.ts';
import { instanceTree } from './instance-tree.ts';
import type { ManualClock } from './manual-clock.ts';
import type { ScenarioStep } from './scenario.ts';

/** The worker id under which a scenario locks, completes and fails external tasks. */
export const SCENARIO_WORKER = 'motcua-scenario';
// Long enough for the steps between a lock and its use, short enough that locks a fetch took on
// other tasks of the topic lapse once the scenario moves the clock on.
const LOCK_MS = 5 * 60_000;
// Every task of the topic in one fetch: the engine picks which ones it locks, we need one given task.
const FETCH_ALL = 10_000;
// A guard against a timer that keeps falling due without the clock moving (never in a sane diagram).
const MAX_FIRINGS = 1_000_000;

/** One scenario run: the engine, its clock and the root instance the scenario follows. */
export interface ScenarioRun {
  readonly engine: EngineApi;
  readonly clock: ManualClock;
  readonly calendar: BusinessCalendar;
  readonly rootId: InstanceId;
  /** the start instant as written, whose offset messages show instants in */
  readonly startAt: string;
  /** external tasks this run holds locks on */
  readonly locks: Map<JobId, LockedExternalTask>;
}

type ActionStep = Exclude<ScenarioStep, { action: 'expect' | 'extension' }>;

export async function performAction(run: ScenarioRun, step: ActionStep): Promise<Mismatch | undefined> {
  switch (step.action) {
    case 'complete':
      return complete(run, step.element, step.index, step.variables);
    case 'fail':
      return fail(run, step.element, step.index, step.retries);
    case 'message':
      return message(run, step.name, step.variables);
    case 'signal':
      await run.engine.broadcastSignal(step.name, step.variables);
      return runJobsDueNow(run);
    case 'advance': {
      const now = run.clock.now();
      const target =
        typeof step.by === 'string'
          ? run.calendar.addDuration(now, step.by)
          : run.calendar.addWorkingDays(now, step.by.workingDays);
      return moveClockTo(run, target, 'advance');
    }
    case 'at': {
      const target = Date.parse(step.instant);
      if (target < run.clock.now()) {
        const clock = showInstant(run, run.clock.now());
        return {
          expectation: 'at',
          expected: `${clock} or later`,
          found: step.instant,
          message: `the clock is at ${clock}; at cannot move it back to ${step.instant}`,
        };
      }
      return moveClockTo(run, target, 'at');
    }
  }
}

/**
 * Moves the clock to `target`, firing on the way every timer and continuation that falls due, in
 * due order, each at its own due instant: a timer must see the clock of its due time, not the
 * target's, or its follow-up timers would be computed from the wrong instant.
 */
export async function moveClockTo(run: ScenarioRun, target: number, action: string): Promise<Mismatch | undefined> {
  const { engine, clock } = run;
  for (let firings = 0; ; firings++) {
    const next = await engine.nextDueAt();
    if (next === undefined || next > target) break;
    clock.set(Math.max(next, clock.now()));
    const ran = await engine.runDueJobs();
    const after = await engine.nextDueAt();
    if ((ran === 0 && after !== undefined && after <= clock.now()) || firings >= MAX_FIRINGS) {
      const at = showInstant(run, clock.now());
      return {
        expectation: action,
        expected: `the jobs due at ${at} to run`,
        found: 'they stay due',
        message: `jobs due at ${at} do not run (or keep falling due at the same instant): the clock cannot move past them`,
      };
    }
  }
  clock.set(target);
  return runJobsDueNow(run);
}

/** Async continuations (and anything else) due at the current instant, after every action. */
export async function runJobsDueNow(run: ScenarioRun): Promise<undefined> {
  await run.engine.runDueJobs();
  return undefined;
}

async function complete(run: ScenarioRun, element: string, index: number | undefined, variables?: Variables): Promise<Mismatch | undefined> {
  const tree = await instanceTree(run.engine, run.rootId);
  const tasks = openTasks(tree).filter((task) => task.elementId === element);
  if (tasks.length > 0) {
    const picked = pick(tasks, index, element, 'complete', 'open user tasks');
    if ('mismatch' in picked) return picked.mismatch;
    await run.engine.completeTask(picked.item.taskId, variables);
    return runJobsDueNow(run);
  }
  const jobs = externalTasks(tree, element);
  if (jobs.length === 0) {
    const open = [...openTasks(tree).map((task) => task.elementId), ...externalTasks(tree).map(({ job }) => job.elementId)];
    return {
      expectation: 'complete',
      expected: `an open user task or external task at ${element}`,
      found: open,
      message: `no open user task or external task at ${element}`,
      code: ErrorCode.TaskNotOpen,
    };
  }
  const picked = pick(jobs, index, element, 'complete', 'open external tasks');
  if ('mismatch' in picked) return picked.mismatch;
  const locked = await lock(run, picked.item.job, element, 'complete');
  if ('mismatch' in locked) return locked.mismatch;
  await run.engine.completeExternalTask(locked.task.jobId, SCENARIO_WORKER, variables);
  run.locks.delete(locked.task.jobId);
  return runJobsDueNow(run);
}

async function fail(run: ScenarioRun, element: string, index: number | undefined, retries: number): Promise<Mismatch | undefined> {
  const tree = await instanceTree(run.engine, run.rootId);
  const jobs = externalTasks(tree, element);
  if (jobs.length === 0) {
    return {
      expectation: 'fail',
      expected: `an open external task at ${element}`,
      found: externalTasks(tree).map(({ job }) => job.elementId),
      message: `no open external task at ${element}`,
      code: ErrorCode.JobNotFound,
    };
  }
  const picked = pick(jobs, index, element, 'fail', 'open external tasks');
  if ('mismatch' in picked) return picked.mismatch;
  const locked = await lock(run, picked.item.job, element, 'fail');
  if ('mismatch' in locked) return locked.mismatch;
  await run.engine.failExternalTask(locked.task.jobId, SCENARIO_WORKER, retries, 'scenario failure');
  run.locks.delete(locked.task.jobId);
  return runJobsDueNow(run);
}

/**
 * To the instance of the tree that waits for the message (the root first); when none does, the
 * engine correlates it freely, which may start an instance at a message start event.
 */
async function message(run: ScenarioRun, name: string, variables?: Variables): Promise<Mismatch | undefined> {
  const tree = await instanceTree(run.engine, run.rootId);
  const waiting = tree.find((view) =>
    Object.values(view.state.subscriptions).some((s) => s.kind === SubscriptionKind.Message && s.name === name),
  );
  const reached = await run.engine.correlateMessage(name, {
    ...(waiting ? { instanceId: waiting.id } : {}),
    ...(variables ? { variables } : {}),
  });
  if (reached.length === 0) {
    return {
      expectation: 'message',
      expected: `an instance waiting for message ${name}`,
      found: [],
      message: `no instance waits for message ${name}`,
      code: ErrorCode.NoSubscription,
    };
  }
  return runJobsDueNow(run);
}

function externalTasks(tree: readonly InstanceView[], element?: string): { instanceId: InstanceId; job: JobState }[] {
  return tree.flatMap((view) =>
    Object.values(view.state.jobs)
      .filter((job) => job.kind === JobKind.External && (element === undefined || job.elementId === element))
      .map((job) => ({ instanceId: view.id, job })),
  );
}

function pick<T>(
  items: readonly T[],
  index: number | undefined,
  element: string,
  action: string,
  what: string,
): { item: T } | { mismatch: Mismatch } {
  if (index === undefined && items.length > 1) {
    return {
      mismatch: {
        expectation: action,
        expected: `one open task at ${element}`,
        found: `${items.length} ${what}`,
        message: `${items.length} ${what} at ${element}: add index: 0..${items.length - 1} (in creation order)`,
      },
    };
  }
  const at = index ?? 0;
  if (at >= items.length) {
    return {
      mismatch: {
        expectation: `${action}.index`,
        expected: `index below ${items.length}`,
        found: at,
        message: `index ${at}, but only ${items.length} ${what} at ${element}`,
      },
    };
  }
  return { item: items[at] };
}

async function lock(
  run: ScenarioRun,
  job: JobState,
  element: string,
  action: string,
): Promise<{ task: LockedExternalTask } | { mismatch: Mismatch }> {
  const held = run.locks.get(job.id);
  if (held && Date.parse(held.lockExpiresAt) > run.clock.now()) return { task: held };
  if (job.topic !== undefined) {
    for (const task of await run.engine.fetchAndLock(job.topic, SCENARIO_WORKER, LOCK_MS, FETCH_ALL)) {
      run.locks.set(task.jobId, task);
    }
  }
  const task = run.locks.get(job.id);
  if (task && Date.parse(task.lockExpiresAt) > run.clock.now()) return { task };
  const waiting = Date.parse(job.dueAt) > run.clock.now();
  return {
    mismatch: {
      expectation: action,
      expected: `the external task at ${element} available to a worker`,
      found: waiting ? `available from ${showInstant(run, Date.parse(job.dueAt))}` : 'not lockable',
      message: waiting
        ? `the external task at ${element} waits for its retry until ${showInstant(run, Date.parse(job.dueAt))}: advance the clock first`
        : `the external task at ${element} (topic ${job.topic ?? '?'}) could not be locked`,
    },
  };
}

function showInstant(run: ScenarioRun, instant: number): string {
  return inOffsetOf(new Date(instant).toISOString(), run.startAt);
}
