/**
 * `step`: the pure heart of the engine. Given a process, the current state and one command, it
 * returns the new state and everything that happened — or throws a MotcuaError rejection, in
 * which case nothing happened. Time and ids come in as arguments; there is no I/O here.
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { ProcessModel } from '../model.ts';
import type {
  CancelInstance,
  ClaimTask,
  Command,
  CompleteCallActivity,
  CompleteTask,
  CorrelateMessage,
  PropagateEscalation,
  ResolveIncident,
  StartInstance,
  TriggerTimer,
} from './commands.ts';
import { StepContext, type StepOptions } from './context.ts';
import { HistoryEventType, type StepResult } from './results.ts';
import {
  IncidentType,
  InstanceStatus,
  ScopeKind,
  SubscriptionKind,
  WaitKind,
  type InstanceState,
  type Token,
} from './state.ts';
import { arrive, completeActivity, disarmTimer, recordIncident } from './behaviors/activity.ts';
import { outputMappings } from './behaviors/call-activity.ts';
import { cancelScopeContents } from './behaviors/cancellation.ts';
import { fireInclusiveJoins } from './behaviors/gateways.ts';
import { armEventSubProcesses, deliverSignal, evaluateConditionals, ownerOf, rearmCycle, triggerListener } from './behaviors/listeners.ts';
import { findCatcher, throwToCatcher } from './behaviors/propagation.ts';
import { completeExternalTask, failExternalTask, failJob, retryFailedJob, runAsyncContinuation, throwBpmnError } from './behaviors/jobs.ts';
import { maybeCompleteScope } from './behaviors/subprocesses.ts';
import { completeWithVariables } from './behaviors/tasks.ts';

export type { StepOptions } from './context.ts';

/**
 * A loop is the same element entered again and again in the same scope instance within one step
 * (nothing waits in between); a long chain enters each element once and is not one, however long.
 * Inner instances of a multi-instance activity are scopes of their own, so they never add up.
 */
export const MAX_VISITS_PER_STEP = 10_000;

export function step(process: ProcessModel, state: InstanceState | undefined, command: Command, now: number, options: StepOptions): StepResult {
  const draft = command.type === 'StartInstance' ? initialState(process, command, now) : copyOf(activeState(state, command));
  const ctx = new StepContext(process, draft, now, options);
  apply(ctx, command);
  run(ctx);
  return { state: draft, events: ctx.events, tasks: ctx.tasks, jobs: ctx.jobs, effects: ctx.effects };
}

function activeState(state: InstanceState | undefined, command: Command): InstanceState {
  if (!state) throw new MotcuaError(ErrorCode.InstanceNotFound, `no instance state given for ${command.type}`);
  if (state.status !== InstanceStatus.Active) {
    throw new MotcuaError(ErrorCode.InstanceNotActive, `instance ${state.id} has ended (${state.status}); ${command.type} is not possible`);
  }
  return state;
}

// JSON is the state's contract (plain data only), and JSON round trips are faster than structuredClone for it
function copyOf(state: InstanceState): InstanceState {
  return JSON.parse(JSON.stringify(state)) as InstanceState;
}

function initialState(process: ProcessModel, command: StartInstance, now: number): InstanceState {
  if (!process.isExecutable) {
    throw new MotcuaError(ErrorCode.InvalidInput, `process ${process.id} is not executable (isExecutable="false")`, { elementId: process.id, elementType: 'bpmn:Process' });
  }
  const rootScopeId = `${command.instanceId}.s0`;
  return {
    schema: 1,
    id: command.instanceId,
    processId: process.id,
    ...(command.businessKey !== undefined ? { businessKey: command.businessKey } : {}),
    ...(command.parent ? { parent: command.parent } : {}),
    status: InstanceStatus.Active,
    seq: 0,
    startedAt: new Date(now).toISOString(),
    rootScopeId,
    scopes: { [rootScopeId]: { id: rootScopeId, kind: ScopeKind.Process, elementId: process.id, variables: { ...command.variables } } },
    tokens: {},
    tasks: {},
    timers: {},
    subscriptions: {},
    jobs: {},
    incidents: {},
  };
}

function apply(ctx: StepContext, command: Command): void {
  switch (command.type) {
    case 'StartInstance':
      return startInstance(ctx, command);
    case 'CompleteTask':
      return completeTask(ctx, command);
    case 'ClaimTask':
      return claimTask(ctx, command);
    case 'CorrelateMessage':
      return correlateMessage(ctx, command);
    case 'BroadcastSignal':
      ctx.setVariables(ctx.state.rootScopeId, command.variables);
      if (!deliverSignal(ctx, command.signalName, {})) {
        throw new MotcuaError(ErrorCode.NoSubscription, `instance ${ctx.state.id} does not listen for signal "${command.signalName}"`);
      }
      return;
    case 'TriggerTimer':
      return triggerTimer(ctx, command);
    case 'CompleteExternalTask':
      return completeExternalTask(ctx, command);
    case 'FailExternalTask':
      return failExternalTask(ctx, command);
    case 'ThrowBpmnError':
      return throwBpmnError(ctx, command);
    case 'RunAsyncContinuation':
      return runAsyncContinuation(ctx, command);
    case 'FailJob':
      return failJob(ctx, command);
    case 'CompleteCallActivity':
      return completeCallActivity(ctx, command);
    case 'PropagateEscalation':
      return propagateEscalation(ctx, command);
    case 'SetVariables':
      ctx.setVariables(ctx.state.rootScopeId, command.variables);
      ctx.emit(HistoryEventType.VariablesUpdated, undefined, { variables: command.variables }, undefined, command.by);
      return;
    case 'ResolveIncident':
      return resolveIncident(ctx, command);
    case 'CancelInstance':
      return cancelInstance(ctx, command);
  }
}

function startInstance(ctx: StepContext, command: StartInstance): void {
  const { process, state } = ctx;
  const startId = command.startEventId ?? process.scopes[process.id].noneStarts[0];
  const start = startId ? process.nodes[startId] : undefined;
  if (!start || start.kind !== 'startEvent' || start.scope !== process.id) {
    throw new MotcuaError(
      ErrorCode.InvalidInput,
      startId ? `${startId} is not a start event of process ${process.id}` : `process ${process.id} has no none start event: start it by message, signal or timer`,
      { elementId: startId ?? process.id, field: 'startEventId' },
    );
  }
  // camunda:initiator: Camunda 7 sets it to the authenticated user, null when nobody is
  if (start.initiator !== undefined) state.scopes[state.rootScopeId].variables[start.initiator] = command.by ?? null;
  ctx.emit(HistoryEventType.InstanceStarted, undefined, { processId: process.id, businessKey: state.businessKey, startEventId: start.id, variables: command.variables ?? {} }, undefined, command.by);
  armEventSubProcesses(ctx, state.scopes[state.rootScopeId]);
  ctx.enqueue({ elementId: start.id, scopeId: state.rootScopeId });
}

function completeTask(ctx: StepContext, command: CompleteTask): void {
  const task = ctx.state.tasks[command.taskId];
  if (!task) throw new MotcuaError(ErrorCode.TaskNotOpen, `task ${command.taskId} is not open in instance ${ctx.state.id}`, { field: 'taskId' });
  delete ctx.state.tasks[task.id];
  ctx.tasks.push({ op: 'removed', taskId: task.id, reason: 'completed' });
  ctx.emit(HistoryEventType.TaskCompleted, ctx.node(task.elementId), { taskId: task.id, variables: command.variables ?? {} }, task.tokenId, command.by);
  completeWithVariables(ctx, task.tokenId, command.variables, command.by);
}

function claimTask(ctx: StepContext, command: ClaimTask): void {
  const task = ctx.state.tasks[command.taskId];
  if (!task) throw new MotcuaError(ErrorCode.TaskNotOpen, `task ${command.taskId} is not open in instance ${ctx.state.id}`, { field: 'taskId' });
  const holder = command.userId ?? command.by;
  if (command.exclusive && task.assignee !== undefined && task.assignee !== holder) {
    throw new MotcuaError(ErrorCode.TaskClaimed, `task ${task.id} is claimed by ${task.assignee}`, { field: 'taskId', elementId: task.elementId }, { assignee: task.assignee });
  }
  if (command.userId === null) delete task.assignee;
  else task.assignee = command.userId;
  ctx.tasks.push({ op: 'updated', task });
  ctx.emit(HistoryEventType.TaskClaimed, ctx.node(task.elementId), { taskId: task.id, assignee: command.userId }, task.tokenId, command.by);
}

function correlateMessage(ctx: StepContext, command: CorrelateMessage): void {
  const subscription = Object.values(ctx.state.subscriptions).find((s) => s.kind === SubscriptionKind.Message && s.name === command.messageName);
  if (!subscription) {
    throw new MotcuaError(ErrorCode.NoSubscription, `instance ${ctx.state.id} does not wait for message "${command.messageName}"`, { field: 'messageName' });
  }
  ctx.emit(HistoryEventType.MessageReceived, ctx.node(subscription.elementId), { messageName: command.messageName, variables: command.variables ?? {} }, subscription.tokenId);
  triggerListener(ctx, subscription.elementId, ownerOf(subscription), command.variables);
}

function triggerTimer(ctx: StepContext, command: TriggerTimer): void {
  const timer = ctx.state.timers[command.timerId];
  if (!timer) throw new MotcuaError(ErrorCode.TimerNotArmed, `timer ${command.timerId} is not armed in instance ${ctx.state.id} (already fired or cancelled)`);
  delete ctx.state.timers[timer.id];
  ctx.cancelJob(timer.id);
  ctx.emit(HistoryEventType.TimerFired, ctx.node(timer.elementId), { timerId: timer.id, dueAt: timer.dueAt }, timer.tokenId);
  triggerListener(ctx, timer.elementId, ownerOf(timer));
  rearmCycle(ctx, timer);
}

function waitingCallActivity(ctx: StepContext, command: { readonly tokenId: string; readonly childInstanceId: string }): Token {
  const token = ctx.state.tokens[command.tokenId];
  if (!token || token.wait !== WaitKind.CallActivity || token.childInstanceId !== command.childInstanceId) {
    throw new MotcuaError(ErrorCode.NotFound, `no call activity of instance ${ctx.state.id} waits for instance ${command.childInstanceId}`);
  }
  return token;
}

function completeCallActivity(ctx: StepContext, command: CompleteCallActivity): void {
  const token = waitingCallActivity(ctx, command);
  const node = ctx.node(token.elementId);
  if (command.failure) {
    token.wait = WaitKind.Incident;
    recordIncident(ctx, node, token.id, IncidentType.CalledProcess, command.failure, 'enter');
    return;
  }
  if (command.error) {
    const catcher = findCatcher(ctx, 'error', command.error.code, token.scopeId, token);
    // Camunda 7 "Variable Output on BPMN Error Event": caught on the call activity, its outputs still run
    if (catcher?.kind === 'boundary' && catcher.token === token) ctx.setVariables(token.scopeId, outputMappings(ctx, node, command.childVariables));
    if (catcher) {
      throwToCatcher(ctx, catcher, 'error', command.error.code, command.error.message, node);
    } else {
      token.wait = WaitKind.Incident;
      recordIncident(ctx, node, token.id, IncidentType.UnhandledError, `the called instance ended with BPMN error ${command.error.code}, which nothing catches`, 'enter');
    }
    return;
  }
  ctx.emit(HistoryEventType.CallActivityCompleted, node, { childInstanceId: command.childInstanceId }, token.id);
  ctx.setVariables(token.scopeId, outputMappings(ctx, node, command.childVariables));
  completeActivity(ctx, token);
}

/** An escalation the called instance did not catch: the call activity's boundaries and the scopes around it may. */
function propagateEscalation(ctx: StepContext, command: PropagateEscalation): void {
  const token = waitingCallActivity(ctx, command);
  const catcher = findCatcher(ctx, 'escalation', command.escalationCode, token.scopeId, token);
  // uncaught, an escalation changes nothing (Camunda 7): it is only recorded
  if (catcher) throwToCatcher(ctx, catcher, 'escalation', command.escalationCode, undefined, ctx.node(token.elementId));
  else ctx.emit(HistoryEventType.EscalationThrown, ctx.node(token.elementId), { code: command.escalationCode, caughtBy: null }, token.id);
}

function resolveIncident(ctx: StepContext, command: ResolveIncident): void {
  const incident = ctx.state.incidents[command.incidentId];
  if (!incident) throw new MotcuaError(ErrorCode.IncidentNotOpen, `incident ${command.incidentId} is not open in instance ${ctx.state.id}`, { field: 'incidentId' });
  delete ctx.state.incidents[incident.id];
  const node = ctx.node(incident.elementId);
  ctx.emit(HistoryEventType.IncidentResolved, node, { incidentId: incident.id }, incident.tokenId, command.by);
  if (incident.retry === 'job') return retryFailedJob(ctx, incident);
  const token = ctx.state.tokens[incident.tokenId!];
  if (incident.retry === 'enter') {
    ctx.removeToken(token.id);
    ctx.enqueue({ elementId: token.elementId, scopeId: token.scopeId, skipAsyncBefore: true });
  } else {
    completeActivity(ctx, token);
  }
}

function cancelInstance(ctx: StepContext, command: CancelInstance): void {
  const state = ctx.state;
  const reason = command.reason ?? 'cancelled';
  cancelScopeContents(ctx, state.scopes[state.rootScopeId], reason);
  for (const id in state.timers) disarmTimer(ctx, id);
  state.subscriptions = {};
  state.status = InstanceStatus.Cancelled;
  state.endedAt = ctx.at;
  ctx.emit(HistoryEventType.InstanceCancelled, undefined, { reason }, undefined, command.by);
}

/** Run queued arrivals and everything they set off until every token waits again. */
function run(ctx: StepContext): void {
  const visits = new Map<string, number>();
  for (;;) {
    for (let arrival = ctx.dequeue(); arrival; arrival = ctx.dequeue()) {
      const key = `${arrival.scopeId} ${arrival.elementId}`;
      const count = (visits.get(key) ?? 0) + 1;
      if (count > MAX_VISITS_PER_STEP) {
        throw new MotcuaError(
          ErrorCode.InvalidInput,
          `process ${ctx.process.id} loops without reaching a wait state: ${arrival.elementId} was entered ${MAX_VISITS_PER_STEP} times in one step; put a wait (a task, a timer) on the loop or make its condition end it`,
          { elementId: arrival.elementId },
        );
      }
      visits.set(key, count);
      arrive(ctx, arrival);
    }
    if (ctx.scopesToCheck.size > 0) {
      const scopes = [...ctx.scopesToCheck];
      ctx.scopesToCheck.clear();
      for (const id of scopes) maybeCompleteScope(ctx, id);
      continue;
    }
    if (ctx.state.status !== InstanceStatus.Active) return;
    if (fireInclusiveJoins(ctx)) continue;
    const signal = ctx.thrownSignals.shift();
    if (signal) {
      deliverSignal(ctx, signal.name, signal.variables);
      continue;
    }
    if (ctx.variablesChanged) {
      ctx.variablesChanged = false;
      evaluateConditionals(ctx);
      continue;
    }
    return;
  }
}
