/**
 * The generic activity shell every element runs in: arriving (async-before, multi-instance body,
 * incidents), parking a token, leaving (output mappings, async-after, outgoing flows). Element
 * families plug in through `behaviors` (registry.ts); each is a small file of its own.
 */
import { ErrorCode, isMotcuaError } from '../../../errors.ts';
import type { FlowNode, SequenceFlow } from '../../model.ts';
import type { Arrival, StepContext } from '../context.ts';
import { HistoryEventType } from '../results.ts';
import {
  DEFAULT_JOB_RETRIES,
  IncidentType,
  JobKind,
  ScopeKind,
  WaitKind,
  type ScopeInstanceId,
  type Token,
  type TokenId,
  type Variables,
} from '../state.ts';
import { armBoundaryEvents } from './listeners.ts';
import { enterMultiInstanceBody, finishInnerInstance } from './multi-instance.ts';
import { behaviorOf } from './registry.ts';

/** Evaluation failures that park the token in an incident instead of rejecting the command. */
const INCIDENT_CODES: ReadonlySet<string> = new Set([ErrorCode.ExpressionFailed, ErrorCode.TimerInvalid]);

export function arrive(ctx: StepContext, arrival: Arrival): void {
  const scope = ctx.state.scopes[arrival.scopeId];
  // the scope was cancelled (boundary, terminate, interrupting event) while this arrival was queued
  if (!scope) return;
  const node = ctx.node(arrival.elementId);
  ctx.emit(HistoryEventType.ElementActivated, node, arrival.via ? { via: arrival.via } : undefined);
  if (node.asyncBefore && !arrival.skipAsyncBefore) {
    parkForJob(ctx, node, arrival.scopeId, WaitKind.AsyncBefore);
    return;
  }
  try {
    if (node.multiInstance && !isInnerInstance(ctx, node, arrival.scopeId)) enterMultiInstanceBody(ctx, node, arrival);
    else behaviorOf(node).enter(ctx, node, arrival);
  } catch (error) {
    if (!isMotcuaError(error) || !INCIDENT_CODES.has(error.code)) throw error;
    raiseIncident(ctx, node, arrival.scopeId, IncidentType.Expression, error.message, 'enter');
  }
}

/** Park a token at an element; activities also arm their boundary events. */
export function park(ctx: StepContext, node: FlowNode, scopeId: ScopeInstanceId, wait: Token['wait'], extra: Partial<Token> = {}): Token {
  const token = ctx.addToken({ elementId: node.id, scopeId, wait, ...extra });
  if (node.boundaryEvents.length > 0 && wait !== WaitKind.AsyncBefore && wait !== WaitKind.Join && !isInnerInstance(ctx, node, scopeId)) {
    armBoundaryEvents(ctx, token, node);
  }
  return token;
}

/** Boundary events of a multi-instance activity belong to its body, not to each inner instance. */
function isInnerInstance(ctx: StepContext, node: FlowNode, scopeId: ScopeInstanceId): boolean {
  const scope = ctx.state.scopes[scopeId];
  return scope?.kind === ScopeKind.MultiInstanceInner && scope.elementId === node.id;
}

/** Input mappings (camunda:inputOutput) become local variables of the activity. */
export function inputVariables(ctx: StepContext, node: FlowNode, scopeId: ScopeInstanceId): Variables | undefined {
  if (node.inputs.length === 0) return undefined;
  const locals: Variables = {};
  for (const param of node.inputs) {
    locals[param.name] = param.value ? ctx.evaluate(param.value, scopeId, node, `input ${param.name}`, locals) : null;
  }
  return locals;
}

function outputVariables(ctx: StepContext, node: FlowNode, scopeId: ScopeInstanceId, locals?: Variables): Variables | undefined {
  if (node.outputs.length === 0) return undefined;
  const values: Variables = {};
  for (const param of node.outputs) {
    values[param.name] = param.value ? ctx.evaluate(param.value, scopeId, node, `output ${param.name}`, locals) : null;
  }
  return values;
}

function parkForJob(ctx: StepContext, node: FlowNode, scopeId: ScopeInstanceId, wait: typeof WaitKind.AsyncBefore | typeof WaitKind.AsyncAfter, existing?: Token): void {
  const token = existing ?? ctx.addToken({ elementId: node.id, scopeId, wait });
  token.wait = wait;
  const jobId = ctx.newId('j');
  ctx.state.jobs[jobId] = { id: jobId, kind: JobKind.Async, elementId: node.id, tokenId: token.id, retries: node.retryCycle?.attempts ?? DEFAULT_JOB_RETRIES, dueAt: ctx.at, priority: 50 };
  ctx.scheduleJob({ id: jobId, kind: JobKind.Async, elementId: node.id, dueAt: ctx.at });
  ctx.emit(HistoryEventType.JobCreated, node, { jobId, kind: JobKind.Async, phase: wait }, token.id);
}

export interface LeaveOptions {
  readonly by?: string;
  /** outputs already computed (sub-processes compute them inside their own scope) */
  readonly outputs?: Variables;
  /** the multi-instance body holder completes: output mappings ran per inner instance */
  readonly skipOutputs?: boolean;
  /** resuming after the asyncAfter job ran */
  readonly afterAsync?: boolean;
}

/**
 * Complete the element a parked token waits at: output mappings, then async-after or the outgoing
 * flows. A failing expression turns the token into an incident that resolving retries from here.
 */
export function completeActivity(ctx: StepContext, token: Token, options: LeaveOptions = {}): void {
  const node = ctx.node(token.elementId);
  let flows: readonly SequenceFlow[];
  let outputs: Variables | undefined;
  try {
    outputs = options.outputs ?? (options.skipOutputs || options.afterAsync ? undefined : outputVariables(ctx, node, token.scopeId, token.variables));
    flows = selectOutgoing(ctx, node, token.scopeId);
  } catch (error) {
    if (!isMotcuaError(error) || !INCIDENT_CODES.has(error.code)) throw error;
    disarmToken(ctx, token);
    token.wait = WaitKind.Incident;
    recordIncident(ctx, node, token.id, IncidentType.Expression, error.message, 'leave');
    return;
  }
  disarmToken(ctx, token);
  ctx.setVariables(token.scopeId, outputs);
  if (!options.afterAsync) ctx.emit(HistoryEventType.ElementCompleted, node, undefined, token.id, options.by);
  const scope = ctx.state.scopes[token.scopeId];
  if (scope?.kind === ScopeKind.MultiInstanceInner && scope.elementId === node.id) {
    ctx.removeToken(token.id);
    finishInnerInstance(ctx, scope);
    return;
  }
  if (node.asyncAfter && !options.afterAsync) {
    token.variables = undefined;
    parkForJob(ctx, node, token.scopeId, WaitKind.AsyncAfter, token);
    return;
  }
  ctx.removeToken(token.id);
  takeFlows(ctx, node, token.scopeId, flows);
}

/** An element that does not wait (manual task, throw event, …): complete it at once. */
export function passThrough(ctx: StepContext, node: FlowNode, scopeId: ScopeInstanceId, locals?: Variables): void {
  if (node.asyncAfter || node.outputs.length > 0) {
    const token = ctx.addToken({ elementId: node.id, scopeId, wait: WaitKind.Incident, variables: locals });
    completeActivity(ctx, token);
    return;
  }
  const flows = selectOutgoing(ctx, node, scopeId);
  ctx.emit(HistoryEventType.ElementCompleted, node);
  const scope = ctx.state.scopes[scopeId];
  if (scope?.kind === ScopeKind.MultiInstanceInner && scope.elementId === node.id) {
    finishInnerInstance(ctx, scope);
    return;
  }
  takeFlows(ctx, node, scopeId, flows);
}

/**
 * The flows an activity or event leaves by (BPMN 2.0 §13.2.1): every unconditional flow, every
 * conditional one whose condition holds, and the default flow only when no conditional one does.
 */
export function selectOutgoing(ctx: StepContext, node: FlowNode, scopeId: ScopeInstanceId): readonly SequenceFlow[] {
  const flows = ctx.process.flows;
  if (node.outgoing.length === 1 && !flows[node.outgoing[0]].condition) return [flows[node.outgoing[0]]];
  const taken: SequenceFlow[] = [];
  let conditionalTaken = false;
  for (const id of node.outgoing) {
    const flow = flows[id];
    if (id === node.defaultFlow) continue;
    if (!flow.condition) {
      taken.push(flow);
    } else if (ctx.condition(flow.condition, scopeId, { id: flow.id, bpmnType: 'bpmn:SequenceFlow' }, 'conditionExpression')) {
      taken.push(flow);
      conditionalTaken = true;
    }
  }
  if (!conditionalTaken && node.defaultFlow) taken.push(flows[node.defaultFlow]);
  return taken;
}

export function takeFlows(ctx: StepContext, node: FlowNode, scopeId: ScopeInstanceId, flows: readonly SequenceFlow[]): void {
  if (flows.length === 0) {
    // implicit end (BPMN allows an activity without outgoing flows): the scope may now be done
    ctx.scopesToCheck.add(scopeId);
    return;
  }
  for (const flow of flows) {
    ctx.emit(HistoryEventType.FlowTaken, node, { flow: flow.id, target: flow.target });
    ctx.enqueue({ elementId: flow.target, scopeId, via: flow.id });
  }
}

/** Remove what listens on behalf of a token (its timers, subscriptions and boundary events). */
export function disarmToken(ctx: StepContext, token: Token): void {
  const state = ctx.state;
  for (const id in state.timers) {
    if (state.timers[id].tokenId === token.id) {
      const timer = state.timers[id];
      disarmTimer(ctx, id);
      ctx.emit(HistoryEventType.TimerCancelled, ctx.node(timer.elementId), { timerId: id }, token.id);
    }
  }
  for (const id in state.subscriptions) {
    if (state.subscriptions[id].tokenId === token.id) delete state.subscriptions[id];
  }
}

/** Remove an armed timer, with the incident its failed firing left, if any: nothing is left to retry. */
export function disarmTimer(ctx: StepContext, timerId: string): void {
  const state = ctx.state;
  const timer = state.timers[timerId];
  delete state.timers[timerId];
  ctx.cancelJob(timerId);
  for (const id in state.incidents) {
    if (state.incidents[id].jobId !== timerId) continue;
    delete state.incidents[id];
    ctx.emit(HistoryEventType.IncidentResolved, ctx.node(timer.elementId), { incidentId: id, reason: 'timer disarmed' }, timer.tokenId);
  }
}

function raiseIncident(ctx: StepContext, node: FlowNode, scopeId: ScopeInstanceId, type: IncidentType, message: string, retry: 'enter' | 'leave'): void {
  const token = ctx.addToken({ elementId: node.id, scopeId, wait: WaitKind.Incident });
  recordIncident(ctx, node, token.id, type, message, retry);
}

export function recordIncident(ctx: StepContext, node: FlowNode, tokenId: TokenId | undefined, type: IncidentType, message: string, retry: 'enter' | 'leave' | 'job', jobId?: string): void {
  const id = ctx.newId('i');
  ctx.state.incidents[id] = { id, type, elementId: node.id, ...(tokenId ? { tokenId } : {}), message, retry, createdAt: ctx.at, ...(jobId ? { jobId } : {}) };
  ctx.emit(HistoryEventType.IncidentRaised, node, { incidentId: id, type, message }, tokenId);
}

/** Park the token at a gateway that found no flow to take: visible and resolvable, never a silent stall. */
export function raiseNoFlowIncident(ctx: StepContext, node: FlowNode, scopeId: ScopeInstanceId): void {
  raiseIncident(ctx, node, scopeId, IncidentType.NoOutgoingFlow, `no outgoing flow of ${node.id} has a true condition and there is no default flow`, 'enter');
}
