/**
 * The checks of `npm run test:crash`, run on the store once every engine process has exited.
 * They read the store through its port only (instances, history, task and job rows) and know the
 * crash diagram (fixtures/CrashLoad.bpmn): it has no loops, so in a finished instance every flow
 * was taken exactly once, and in any instance no element completed twice.
 */
import { HistoryEventType } from '../../engine/bpmn/execution/results.ts';
import { InstanceStatus, WaitKind, type InstanceState } from '../../engine/bpmn/execution/state.ts';
import type { RecordedEvent } from '../../engine/runtime/api.ts';
import type { JobRecord, Store } from '../../engine/store/port.ts';

/** What the engine processes said, on stdout, they had committed (and, on stderr, what went wrong). */
export interface Reported {
  readonly started: Set<string>;
  readonly tasks: Set<string>;
  readonly externalTasks: Set<string>;
  readonly unexpectedErrors: string[];
}

export interface CrashVerification {
  /** what was checked, with counts, for the console */
  readonly lines: readonly string[];
  /** one sentence per violation, naming the ids */
  readonly violations: readonly string[];
}

const FLOWS = ['Flow_1', 'Flow_2', 'Flow_3', 'Flow_4', 'Flow_5', 'Flow_6', 'Flow_7', 'Flow_8'];
const USER_TASKS = new Set(['Task_Receive', 'Task_Approve']);

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function dataOf(event: RecordedEvent, field: string): string | undefined {
  const value = event.data?.[field];
  return typeof value === 'string' ? value : undefined;
}

export async function verifyCrashRun(store: Store, reported: Reported, now: number): Promise<CrashVerification> {
  const violations: string[] = [];
  const ids: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await store.listInstances({ limit: 1000, offset });
    ids.push(...page.map((summary) => summary.id));
    if (page.length < 1000) break;
  }
  const inStore = new Set(ids);

  // every instance the engine reported started exists
  const missing = [...reported.started].filter((id) => !inStore.has(id));
  for (const id of missing) violations.push(`started instance ${id} does not exist in the store (lost commit)`);
  const unreported = ids.filter((id) => !reported.started.has(id)).length;

  const taskCompleted = new Map<string, number>();
  const timerFired = new Map<string, number>();
  const jobCompleted = new Map<string, number>();
  let completed = 0;
  let waiting = 0;
  let stalled = 0;
  let doubleEffects = 0;
  let chainsOk = 0;
  let asyncRun = 0;
  const lateness: number[] = [];
  const orphanRows: string[] = [];

  for (const id of ids) {
    const loaded = await store.getInstance(id);
    if (!loaded) {
      violations.push(`instance ${id} is listed but cannot be loaded`);
      continue;
    }
    const { record, revision } = loaded;
    const state = record.state;
    const events = await store.history(id);

    // the hash chain
    const verification = await store.verifyHistory(id);
    if (verification.ok) chainsOk++;
    else violations.push(`history of ${id} does not verify: ${verification.problems.join('; ')}`);

    // no effect twice, inside the instance
    const elementCompleted = new Map<string, number>();
    const flowTaken = new Map<string, number>();
    const perElement = new Map<string, number>();
    const userTaskCompletions = new Map<string, number>();
    const created = new Set<string>();
    const armed = new Map<string, string>();
    const open = { tasks: new Set<string>(), timers: new Set<string>() };
    const doubled: string[] = [];
    for (const event of events) {
      const elementId = event.elementId ?? '';
      switch (event.type) {
        case HistoryEventType.ElementCompleted:
          bump(elementCompleted, elementId);
          break;
        case HistoryEventType.FlowTaken:
          bump(flowTaken, dataOf(event, 'flow') ?? '?');
          break;
        case HistoryEventType.TaskCreated:
        case HistoryEventType.TimerArmed:
        case HistoryEventType.JobCreated:
          bump(perElement, `${event.type} ${elementId}`);
          if (event.type === HistoryEventType.TaskCreated) {
            created.add(dataOf(event, 'taskId')!);
            open.tasks.add(dataOf(event, 'taskId')!);
          }
          if (event.type === HistoryEventType.TimerArmed) {
            armed.set(dataOf(event, 'timerId')!, dataOf(event, 'dueAt')!);
            open.timers.add(dataOf(event, 'timerId')!);
          }
          break;
        case HistoryEventType.TaskCompleted: {
          const taskId = dataOf(event, 'taskId')!;
          bump(taskCompleted, taskId);
          bump(userTaskCompletions, elementId);
          open.tasks.delete(taskId);
          if (!created.has(taskId)) doubled.push(`task ${taskId} completed without having been created`);
          break;
        }
        case HistoryEventType.TimerFired: {
          const timerId = dataOf(event, 'timerId')!;
          bump(timerFired, timerId);
          open.timers.delete(timerId);
          const dueAt = Date.parse(armed.get(timerId) ?? dataOf(event, 'dueAt') ?? '');
          const late = Date.parse(event.at) - dueAt;
          if (late < 0) doubled.push(`timer ${timerId} fired ${-late} ms before it was due`);
          else lateness.push(late);
          break;
        }
        case HistoryEventType.JobCompleted:
          bump(jobCompleted, dataOf(event, 'jobId')!);
          if (elementId === 'Task_Approve') asyncRun++;
          break;
      }
    }
    for (const [element, n] of elementCompleted) {
      if (n > 1) doubled.push(`${element} completed ${n} times`);
      if (USER_TASKS.has(element) && n > (userTaskCompletions.get(element) ?? 0)) doubled.push(`${element} completed ${n} times but its task ${userTaskCompletions.get(element) ?? 0} times`);
    }
    for (const [flow, n] of flowTaken) if (n > 1) doubled.push(`${flow} taken ${n} times`);
    for (const [what, n] of perElement) if (n > 1) doubled.push(`${what} ${n} times`);
    const starts = events.filter((e) => e.type === HistoryEventType.InstanceStarted).length;
    const ends = events.filter((e) => e.type === HistoryEventType.InstanceCompleted).length;
    if (starts !== 1) doubled.push(`InstanceStarted ${starts} times`);
    if (ends > 1) doubled.push(`InstanceCompleted ${ends} times`);
    if (doubled.length > 0) {
      doubleEffects += doubled.length;
      violations.push(`double effect in ${id}: ${doubled.join('; ')}`);
    }

    // the projections agree with the state (they were committed in one unit)
    const taskRows = (await store.listTasks({ instanceId: id })).map((task) => task.id);
    const jobRows = await store.allJobs({ instanceId: id });
    const stateTasks = Object.keys(state.tasks);
    const stateJobs = [...Object.keys(state.timers), ...Object.keys(state.jobs)];
    const disagreements: string[] = [];
    for (const taskId of stateTasks) if (!taskRows.includes(taskId)) disagreements.push(`task ${taskId} open in the state has no task row`);
    for (const taskId of taskRows) if (!stateTasks.includes(taskId)) disagreements.push(`task row ${taskId} is not open in the state`);
    for (const jobId of stateJobs) if (!jobRows.some((row) => row.id === jobId)) disagreements.push(`${state.timers[jobId] ? 'timer' : 'job'} ${jobId} armed in the state has no job row`);
    for (const row of jobRows) if (!stateJobs.includes(row.id)) orphanRows.push(`${row.kind} job row ${row.id} of ${id} (${row.elementId}) is armed in no state`);
    for (const taskId of open.tasks) if (!state.tasks[taskId]) disagreements.push(`history leaves task ${taskId} open, the state does not`);
    for (const timerId of open.timers) if (!state.timers[timerId]) disagreements.push(`history leaves timer ${timerId} armed, the state does not`);

    if (record.status === InstanceStatus.Completed) {
      completed++;
      const notOnce = FLOWS.filter((flow) => flowTaken.get(flow) !== 1);
      if (notOnce.length > 0) disagreements.push(`completed, but ${notOnce.join(', ')} not taken exactly once`);
      if (ends !== 1) disagreements.push('completed without InstanceCompleted in its history');
      if (Object.keys(state.tokens).length > 0 || stateTasks.length > 0 || stateJobs.length > 0) disagreements.push('completed with tokens, tasks or jobs left in its state');
      // start, Task_Receive, Task_Verify, async before Task_Approve, timer, Task_Approve
      if (revision !== 6) disagreements.push(`completed at revision ${revision}, expected 6 commits`);
    } else if (record.status === InstanceStatus.Active) {
      const why = unbackedTokens(state, jobRows, taskRows);
      if (why.length > 0) disagreements.push(...why);
      else {
        waiting++;
        violations.push(`instance ${id} is still waiting at ${Object.values(state.tokens).map((t) => `${t.elementId} (${t.wait})`).join(', ')} after the finish phase`);
      }
    } else {
      disagreements.push(`ended as ${record.status}`);
    }
    if (disagreements.length > 0) {
      stalled++;
      violations.push(`stalled or inconsistent ${id}: ${disagreements.join('; ')}`);
    }
  }
  if (orphanRows.length > 0) {
    violations.push(`${orphanRows.length} job rows are armed in no instance state (never removed), e.g. ${orphanRows.slice(0, 3).join('; ')}`);
  }

  // no task, timer or job took effect twice, across all instances (ids are global)
  const twice = (map: Map<string, number>, what: string) => {
    for (const [key, n] of map) {
      if (n > 1) {
        doubleEffects++;
        violations.push(`${what} ${key} took effect ${n} times`);
      }
    }
  };
  twice(taskCompleted, 'task');
  twice(timerFired, 'timer');
  twice(jobCompleted, 'job');

  // every commit a process reported is there
  let tasksFound = 0;
  for (const taskId of reported.tasks) {
    if (taskCompleted.has(taskId)) tasksFound++;
    else violations.push(`task ${taskId} was reported completed but its TaskCompleted is not in the history (lost commit)`);
  }
  let externalFound = 0;
  for (const jobId of reported.externalTasks) {
    if (jobCompleted.has(jobId)) externalFound++;
    else violations.push(`external task ${jobId} was reported completed but its JobCompleted is not in the history (lost commit)`);
  }

  // every due timer fired: no timer or async job row left that is due
  const due = (await store.allJobs()).filter((row) => row.kind !== 'external' && Date.parse(row.dueAt) <= now);
  const dueTimers = due.filter((row) => row.kind === 'timer');
  for (const row of dueTimers) violations.push(`timer ${row.id} of ${row.instanceId} was due at ${row.dueAt} and never fired`);
  const dueJobs = due.filter((row) => row.kind !== 'timer');

  for (const line of reported.unexpectedErrors) violations.push(`engine process error: ${line}`);

  lateness.sort((a, b) => a - b);
  const p99 = lateness.length > 0 ? lateness[Math.min(lateness.length - 1, Math.floor(lateness.length * 0.99))]! : 0;
  const max = lateness.length > 0 ? lateness[lateness.length - 1]! : 0;
  const firedCount = [...timerFired.values()].reduce((a, b) => a + b, 0);
  const lines = [
    `instances: ${ids.length} in the store, ${reported.started.size} reported started (${missing.length} missing), ${unreported} started unreported (killed before the line was written)`,
    `outcome: ${completed} completed, ${waiting} still waiting, ${stalled} stalled or inconsistent (state, task rows, job rows and history compared)`,
    `effects: ${taskCompleted.size} user tasks, ${jobCompleted.size - asyncRun} external tasks, ${asyncRun} async continuations, ${timerFired.size} timers — ${doubleEffects} took effect twice`,
    `reported commits found: ${tasksFound}/${reported.tasks.size} task completions, ${externalFound}/${reported.externalTasks.size} external-task completions`,
    `timers: ${firedCount} fired (none early; lateness p99 ${p99} ms, max ${max} ms), ${dueTimers.length} due timers left, ${dueJobs.length} due async jobs left, ${orphanRows.length} orphan job rows`,
    `history: ${chainsOk}/${ids.length} chains verify; ${reported.unexpectedErrors.length} unexpected engine errors`,
    `checked ${ids.length} instances: ${reported.started.size - missing.length}/${reported.started.size} reported exist, ${stalled} stalled, ${doubleEffects} double effects, ${firedCount} timers fired, ${chainsOk} chains verify`,
  ];
  return { lines, violations };
}

/** Why an active instance cannot move on by itself: tokens whose wait has nothing to end it. */
function unbackedTokens(state: InstanceState, jobRows: readonly JobRecord[], taskRows: readonly string[]): string[] {
  const problems: string[] = [];
  const hasRow = (jobId: string) => jobRows.some((row) => row.id === jobId);
  for (const token of Object.values(state.tokens)) {
    const at = `token ${token.id} at ${token.elementId}`;
    switch (token.wait) {
      case WaitKind.UserTask: {
        const task = Object.values(state.tasks).find((t) => t.tokenId === token.id);
        if (!task || !taskRows.includes(task.id)) problems.push(`${at} waits for a user task that does not exist`);
        break;
      }
      case WaitKind.ExternalTask:
      case WaitKind.AsyncBefore:
      case WaitKind.AsyncAfter: {
        const job = Object.values(state.jobs).find((j) => j.tokenId === token.id);
        if (!job || !hasRow(job.id)) problems.push(`${at} waits for a job that does not exist`);
        break;
      }
      case WaitKind.Catch: {
        const timer = Object.values(state.timers).find((t) => t.tokenId === token.id);
        if (!timer || !hasRow(timer.id)) problems.push(`${at} waits for a timer that is not armed`);
        break;
      }
      case WaitKind.Join:
        break;
      default:
        problems.push(`${at} waits (${token.wait}) for nothing this diagram provides`);
    }
  }
  const incidents = Object.values(state.incidents);
  if (incidents.length > 0) problems.push(`incidents: ${incidents.map((i) => i.message).join('; ')}`);
  return problems;
}
