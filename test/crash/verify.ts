/**
 * The checks of `npm run test:crash`, run on the store once every engine process has exited.
 * They read the store through its port only (instances, history, task, job and outbox rows) and
 * know the crash diagrams (fixtures/CrashCalls.bpmn and the CrashChild.bpmn it calls): they have
 * no loops, so in a finished instance every flow was taken exactly once, and in any instance no
 * element completed twice.
 */
import { HistoryEventType } from '../../engine/bpmn/execution/results.ts';
import { InstanceStatus, WaitKind, type InstanceState } from '../../engine/bpmn/execution/state.ts';
import type { RecordedEvent } from '../../engine/runtime/api.ts';
import { ENGINE_EFFECTS_TOPIC } from '../../engine/runtime/Engine.ts';
import type { JobRecord, Store } from '../../engine/store/port.ts';

/** Where a SIGKILL landed: before READY, right after a reported commit or job run, or neither (none came). */
export type KillLanding = 'start-up' | 'commit' | 'job' | 'unaimed';

/** What the engine processes said, on stdout, they had committed (and, on stderr, what went wrong). */
export interface Reported {
  readonly started: Set<string>;
  /** failed starts, by error code */
  readonly startFailures: Map<string, number>;
  readonly tasks: Set<string>;
  readonly externalTasks: Set<string>;
  /** timers and async continuations the job executors reported run */
  jobsRun: number;
  /** instances the finish phase's postman sent CrashReply to */
  readonly postman: Set<string>;
  /** thrown messages the engine logged as reaching no instance (fire-and-forget) */
  messagesToNobody: number;
  readonly unexpectedErrors: string[];
  readonly kills: KillLanding[];
}

export interface RunTimes {
  readonly now: number;
  /** when the finish phase started: what happened before, happened while processes were being killed */
  readonly finishStartedAt: number;
}

/**
 * What the load phase must at least have done, while it was being killed, for the run to count:
 * a run that did little proves little. Set well below what a loaded two-core machine does.
 */
/** A report with nothing in it yet, for the engine processes to fill. */
export function emptyReport(): Reported {
  return {
    started: new Set(),
    startFailures: new Map(),
    tasks: new Set(),
    externalTasks: new Set(),
    jobsRun: 0,
    postman: new Set(),
    messagesToNobody: 0,
    unexpectedErrors: [],
    kills: [],
  };
}

export const MINIMUM_LOAD = { started: 150, completed: 50, timersFired: 50, calledInstances: 50, messages: 50, signals: 50 } as const;
/** Kills of each aimed kind a run must have landed (the rest may have found nothing to aim at). */
const MINIMUM_AIMED_KILLS = 3;

export interface CrashVerification {
  /** what was checked, with counts, for the console */
  readonly lines: readonly string[];
  /** one sentence per violation, naming the ids */
  readonly violations: readonly string[];
}

const LOAD_PROCESS = 'Process_CrashCalls';
const CHILD_PROCESS = 'Process_CrashChild';
const FLOWS = Array.from({ length: 14 }, (_, i) => `Flow_${i + 1}`);
const CHILD_FLOWS = ['Child_Flow_1', 'Child_Flow_2', 'Child_Flow_3'];
const USER_TASKS = new Set(['Task_Receive', 'Task_Approve']);
/**
 * Commits of a finished dossier: start, Task_Receive, Task_Verify (the fork: timer, async job,
 * call, message and signal waits), the async continuation, the timer, Task_Approve, the called
 * instance's end, CrashReply, CrashChecked.
 */
const LOAD_COMMITS = 9;

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function dataOf(event: RecordedEvent, field: string): string | undefined {
  const value = event.data?.[field];
  return typeof value === 'string' ? value : undefined;
}

export async function verifyCrashRun(store: Store, reported: Reported, times: RunTimes): Promise<CrashVerification> {
  const { now, finishStartedAt } = times;
  const duringLoad = (at: string | undefined) => at !== undefined && Date.parse(at) < finishStartedAt;
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
  let unreported = 0;

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
  // the load phase's work, counted from the history (what happened before the finish phase)
  const load = { completed: 0, timersFired: 0, calledInstances: 0, callsReturned: 0, messages: 0, signals: 0 };
  // the whole run's instances and what went through the outbox between them
  const seen = { parents: 0, children: 0, messagesThrown: 0, signalsThrown: 0, messagesReceived: 0, signalsReceived: 0, postmanReceived: 0 };

  for (const id of ids) {
    const loaded = await store.getInstance(id);
    if (!loaded) {
      violations.push(`instance ${id} is listed but cannot be loaded`);
      continue;
    }
    const { record, revision } = loaded;
    const state = record.state;
    const events = await store.history(id);
    const isChild = record.processKey === CHILD_PROCESS;
    if (isChild) seen.children++;
    else if (record.processKey === LOAD_PROCESS) {
      seen.parents++;
      if (!reported.started.has(id)) unreported++;
    } else violations.push(`instance ${id} runs ${record.processKey}, which the crash load never starts`);

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
        case HistoryEventType.CallActivityStarted:
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
          if (duringLoad(event.at)) load.timersFired++;
          break;
        }
        case HistoryEventType.CallActivityCompleted:
          if (duringLoad(event.at)) load.callsReturned++;
          break;
        case HistoryEventType.MessageSent:
          seen.messagesThrown++;
          break;
        case HistoryEventType.SignalThrown:
          seen.signalsThrown++;
          break;
        case HistoryEventType.MessageReceived:
          seen.messagesReceived++;
          if (reported.postman.has(id)) seen.postmanReceived++;
          // the postman works in the finish phase only: before it, every reply was a thrown message
          else if (duringLoad(event.at)) load.messages++;
          break;
        case HistoryEventType.SignalReceived:
          seen.signalsReceived++;
          if (duringLoad(event.at)) load.signals++;
          break;
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

    // a called instance is started exactly once, by a caller that waits for it
    if (isChild) {
      const parent = record.parentInstanceId ? await store.getInstance(record.parentInstanceId) : undefined;
      if (!parent || parent.record.processKey !== LOAD_PROCESS) disagreements.push(`called instance without its caller (${record.parentInstanceId ?? 'none'})`);
      if (duringLoad(record.startedAt)) load.calledInstances++;
    } else {
      const called = await store.childInstances(id);
      if (called.length > 1) {
        doubleEffects++;
        violations.push(`double effect in ${id}: Call_Check started ${called.length} called instances (${called.map((c) => c.record.id).join(', ')})`);
      }
      if (record.status === InstanceStatus.Completed && called.length === 0) disagreements.push('completed, but its call activity started no instance');
    }

    if (record.status === InstanceStatus.Completed) {
      completed++;
      const flows = isChild ? CHILD_FLOWS : FLOWS;
      const notOnce = flows.filter((flow) => flowTaken.get(flow) !== 1);
      if (notOnce.length > 0) disagreements.push(`completed, but ${notOnce.join(', ')} not taken exactly once`);
      if (ends !== 1) disagreements.push('completed without InstanceCompleted in its history');
      if (Object.keys(state.tokens).length > 0 || stateTasks.length > 0 || stateJobs.length > 0) disagreements.push('completed with tokens, tasks or jobs left in its state');
      const commits = isChild ? 1 : LOAD_COMMITS;
      if (revision !== commits) disagreements.push(`completed at revision ${revision}, expected ${commits} commits`);
      if (!isChild && duringLoad(record.endedAt)) load.completed++;
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

  // every effect a commit put in the outbox was carried out: none pending, none parked
  const pendingEffects = await store.pendingOutbox(ENGINE_EFFECTS_TOPIC, 1000, Number.MAX_SAFE_INTEGER);
  const parkedEffects = await store.parkedOutbox(ENGINE_EFFECTS_TOPIC, 1000);
  for (const entry of [...pendingEffects, ...parkedEffects]) {
    violations.push(`effect ${entry.key} (${(entry.payload as { type?: string }).type}) was never carried out (${entry.lastError ?? 'no attempt recorded'})`);
  }

  // at least once: every thrown CrashReply reached a caller, unless none waited at that moment;
  // the postman's replies (finish phase) are not thrown ones
  const thrownReceived = seen.messagesReceived - seen.postmanReceived;
  if (thrownReceived + reported.messagesToNobody < seen.messagesThrown) {
    violations.push(`${seen.messagesThrown} CrashReply messages were thrown but only ${thrownReceived} received and ${reported.messagesToNobody} found nobody waiting: ${seen.messagesThrown - thrownReceived - reported.messagesToNobody} lost`);
  }
  // every caller waited for CrashChecked before its called instance threw it: each thrown signal reached at least its own caller
  if (seen.signalsThrown > 0 && seen.signalsReceived < Math.min(seen.signalsThrown, seen.parents)) {
    violations.push(`${seen.signalsThrown} CrashChecked signals were thrown but only ${seen.signalsReceived} received`);
  }

  // starts: counted, and a run where most failed proves nothing
  const startFailures = [...reported.startFailures.values()].reduce((a, b) => a + b, 0);
  if (startFailures > reported.started.size) violations.push(`${startFailures} starts failed and only ${reported.started.size} succeeded`);

  // the load phase did real work while it was being killed
  const short = (what: string, got: number, least: number) => {
    if (got < least) violations.push(`too little activity while being killed: ${got} ${what}, at least ${least} wanted`);
  };
  short('instances started', reported.started.size, MINIMUM_LOAD.started);
  short('dossiers completed', load.completed, MINIMUM_LOAD.completed);
  short('timers fired', load.timersFired, MINIMUM_LOAD.timersFired);
  short('called instances started', load.calledInstances, MINIMUM_LOAD.calledInstances);
  short('call activities returned', load.callsReturned, MINIMUM_LOAD.calledInstances);
  short('thrown messages received', load.messages, MINIMUM_LOAD.messages);
  short('signals received', load.signals, MINIMUM_LOAD.signals);

  // the kills landed where they were meant to
  const landed = (kind: KillLanding) => reported.kills.filter((k) => k === kind).length;
  if (reported.kills.length < 20) violations.push(`only ${reported.kills.length} SIGKILLs, at least 20 wanted`);
  if (landed('start-up') !== 1) violations.push(`${landed('start-up')} kills during start-up, one wanted`);
  if (landed('commit') < MINIMUM_AIMED_KILLS) violations.push(`only ${landed('commit')} kills right after a commit, at least ${MINIMUM_AIMED_KILLS} wanted`);
  if (landed('job') < MINIMUM_AIMED_KILLS) violations.push(`only ${landed('job')} kills while jobs were firing, at least ${MINIMUM_AIMED_KILLS} wanted`);

  lateness.sort((a, b) => a - b);
  const p99 = lateness.length > 0 ? lateness[Math.min(lateness.length - 1, Math.floor(lateness.length * 0.99))]! : 0;
  const max = lateness.length > 0 ? lateness[lateness.length - 1]! : 0;
  const firedCount = [...timerFired.values()].reduce((a, b) => a + b, 0);
  const failures = [...reported.startFailures].map(([code, n]) => `${n} ${code}`).join(', ') || 'none';
  const lines = [
    `kills: ${reported.kills.length} SIGKILLs — ${landed('start-up')} during start-up, ${landed('commit')} right after a commit, ${landed('job')} while jobs fired, ${landed('unaimed')} with nothing to aim at`,
    `starts: ${reported.started.size} reported, ${startFailures} failed (${failures})`,
    `instances: ${ids.length} in the store (${seen.parents} dossiers, ${seen.children} called), ${reported.started.size} reported started (${missing.length} missing), ${unreported} started unreported (killed before the line was written)`,
    `outcome: ${completed} completed, ${waiting} still waiting, ${stalled} stalled or inconsistent (state, task rows, job rows and history compared)`,
    `effects: ${taskCompleted.size} user tasks, ${jobCompleted.size - asyncRun} external tasks, ${asyncRun} async continuations, ${timerFired.size} timers — ${doubleEffects} took effect twice`,
    `reported commits found: ${tasksFound}/${reported.tasks.size} task completions, ${externalFound}/${reported.externalTasks.size} external-task completions`,
    `timers: ${firedCount} fired (none early; lateness p99 ${p99} ms, max ${max} ms), ${dueTimers.length} due timers left, ${dueJobs.length} due async jobs left, ${orphanRows.length} orphan job rows`,
    `outbox: ${seen.children} called instances (none twice), ${seen.messagesThrown} messages thrown / ${thrownReceived} received (+${seen.postmanReceived} from the postman, ${reported.messagesToNobody} found nobody), ${seen.signalsThrown} signals thrown / ${seen.signalsReceived} received; ${pendingEffects.length} effects pending, ${parkedEffects.length} parked`,
    `while being killed: ${reported.started.size} started, ${load.completed} completed, ${load.timersFired} timers fired, ${load.calledInstances} called instances started and ${load.callsReturned} returned, ${load.messages} messages and ${load.signals} signals received (least: ${JSON.stringify(MINIMUM_LOAD)}); ${reported.jobsRun} job runs reported`,
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
        const subscribed = Object.values(state.subscriptions).some((s) => s.tokenId === token.id);
        if (timer ? !hasRow(timer.id) : !subscribed) problems.push(`${at} waits for a timer that is not armed, or a message or signal it is not subscribed to`);
        break;
      }
      case WaitKind.CallActivity:
        break;
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
