/**
 * Listeners: timers and message / signal / conditional subscriptions that catch events, boundary
 * events, event-based gateway branches and event sub-process starts wait on, and what happens
 * when one of them is triggered.
 */
import { isMotcuaError } from '../../../errors.ts';
import { NodeKind, type FlowNode } from '../../model.ts';
import { nextCycle, scheduleTimer } from '../../timers/index.ts';
import type { StepContext } from '../context.ts';
import { HistoryEventType } from '../results.ts';
import {
  ScopeKind,
  SubscriptionKind,
  WaitKind,
  type ScopeInstance,
  type ScopeInstanceId,
  type Subscription,
  type TimerState,
  type Token,
  type Variables,
} from '../state.ts';
import { disarmToken } from './activity.ts';
import { cancelToken } from './cancellation.ts';
import { triggerEventSubProcess } from './subprocesses.ts';
import { completeWithVariables } from './tasks.ts';

/** Who a listener belongs to: a parked token, or (event sub-process starts) a scope instance. */
export type ListenerOwner = { readonly tokenId: string; readonly scopeId?: undefined } | { readonly scopeId: ScopeInstanceId; readonly tokenId?: undefined };

export function armListener(ctx: StepContext, node: FlowNode, owner: ListenerOwner, evalScopeId: ScopeInstanceId): void {
  if (node.kind === NodeKind.ReceiveTask) {
    subscribe(ctx, SubscriptionKind.Message, node.messageName!, node, owner);
    return;
  }
  const event = node.event;
  if (!event) return;
  switch (event.type) {
    case 'timer':
      armTimer(ctx, node, owner, evalScopeId);
      return;
    case 'message':
      subscribe(ctx, SubscriptionKind.Message, event.messageName, node, owner);
      return;
    case 'signal':
      subscribe(ctx, SubscriptionKind.Signal, event.signalName, node, owner);
      return;
    case 'conditional':
      subscribe(ctx, SubscriptionKind.Conditional, node.id, node, owner);
      // evaluated once the queue drains, so a condition that already holds triggers at once
      ctx.variablesChanged = true;
      return;
    default:
      // error and escalation listeners are passive: a throw looks for them (propagation.ts)
      return;
  }
}

function subscribe(ctx: StepContext, kind: Subscription['kind'], name: string, node: FlowNode, owner: ListenerOwner): void {
  const id = ctx.newId(kind === SubscriptionKind.Message ? 'm' : kind === SubscriptionKind.Signal ? 'g' : 'c');
  ctx.state.subscriptions[id] = { id, kind, name, elementId: node.id, ...owner };
}

export function armTimer(ctx: StepContext, node: FlowNode, owner: ListenerOwner, evalScopeId: ScopeInstanceId): void {
  const event = node.event;
  if (event?.type !== 'timer') return;
  const { kind, expression } = event.timer;
  const text = expression.language === 'literal' ? expression.text : timerText(ctx.evaluate(expression, evalScopeId, node, kind));
  const schedule = scheduleTimer(kind, text, ctx.now, ctx.options.calendar, { elementId: node.id, elementType: node.bpmnType });
  addTimer(ctx, node, owner, schedule.dueAt, schedule.repeat);
}

function timerText(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

function addTimer(ctx: StepContext, node: FlowNode, owner: ListenerOwner, dueAt: number, repeat: TimerState['repeat']): void {
  const id = ctx.newId('tm');
  const due = new Date(dueAt).toISOString();
  ctx.state.timers[id] = { id, elementId: node.id, ...owner, dueAt: due, ...(repeat ? { repeat } : {}) };
  ctx.scheduleJob({ id, kind: 'timer', elementId: node.id, dueAt: due });
  ctx.emit(HistoryEventType.TimerArmed, node, { timerId: id, dueAt: due }, owner.tokenId);
}

/** Re-arm the next repetition of a cycle timer whose owner still listens (non-interrupting events). */
export function rearmCycle(ctx: StepContext, fired: TimerState): void {
  if (!fired.repeat) return;
  const owner: ListenerOwner | undefined = fired.tokenId
    ? ctx.state.tokens[fired.tokenId] && { tokenId: fired.tokenId }
    : fired.scopeId && ctx.state.scopes[fired.scopeId] && !ctx.state.scopes[fired.scopeId].interrupted
      ? { scopeId: fired.scopeId }
      : undefined;
  if (!owner) return;
  const next = nextCycle(fired.repeat, Date.parse(fired.dueAt), ctx.options.calendar);
  if (next) addTimer(ctx, ctx.node(fired.elementId), owner, next.dueAt, next.repeat);
}

export function armBoundaryEvents(ctx: StepContext, token: Token, node: FlowNode): void {
  for (const id of node.boundaryEvents) armListener(ctx, ctx.node(id), { tokenId: token.id }, token.scopeId);
}

/** Arm the start events of the event sub-processes a new scope instance declares. */
export function armEventSubProcesses(ctx: StepContext, scope: ScopeInstance): void {
  if (scope.kind === ScopeKind.MultiInstanceBody || scope.kind === ScopeKind.MultiInstanceInner) return;
  const model = ctx.process.scopes[scope.elementId];
  if (!model) return;
  for (const espId of model.eventSubProcesses) {
    for (const startId of ctx.process.scopes[espId].eventStarts) {
      armListener(ctx, ctx.node(startId), { scopeId: scope.id }, scope.id);
    }
  }
}

/** A listener's event happened: run what waits on it. */
export function triggerListener(ctx: StepContext, elementId: string, owner: ListenerOwner, variables?: Variables): void {
  const node = ctx.node(elementId);
  if (owner.scopeId !== undefined) {
    triggerEventSubProcess(ctx, owner.scopeId, node, variables);
    return;
  }
  const token = ctx.state.tokens[owner.tokenId];
  if (!token) return;
  if (node.kind === NodeKind.BoundaryEvent) triggerBoundary(ctx, token, node, variables);
  else if (token.wait === WaitKind.EventGateway) chooseEventGatewayBranch(ctx, token, node, variables);
  else completeWithVariables(ctx, token.id, variables);
}

export function triggerBoundary(ctx: StepContext, activityToken: Token, boundary: FlowNode, variables?: Variables): void {
  const scopeId = activityToken.scopeId;
  if (boundary.cancelActivity !== false) cancelToken(ctx, activityToken, `interrupted by ${boundary.id}`);
  ctx.setVariables(scopeId, variables);
  ctx.enqueue({ elementId: boundary.id, scopeId, triggered: true });
}

function chooseEventGatewayBranch(ctx: StepContext, gatewayToken: Token, event: FlowNode, variables?: Variables): void {
  const gateway = ctx.node(gatewayToken.elementId);
  const flow = gateway.outgoing.find((id) => ctx.process.flows[id].target === event.id)!;
  disarmToken(ctx, gatewayToken);
  ctx.removeToken(gatewayToken.id);
  ctx.emit(HistoryEventType.GatewayDecided, gateway, { flow, reason: `event ${event.id} happened first` }, gatewayToken.id);
  ctx.emit(HistoryEventType.ElementCompleted, gateway, undefined, gatewayToken.id);
  ctx.emit(HistoryEventType.FlowTaken, gateway, { flow, target: event.id });
  ctx.setVariables(gatewayToken.scopeId, variables);
  ctx.enqueue({ elementId: event.id, scopeId: gatewayToken.scopeId, via: flow, triggered: true });
}

/** Deliver signals thrown inside this instance to its own listeners. Returns whether any listened. */
export function deliverSignal(ctx: StepContext, name: string, variables: Variables): boolean {
  const listening = Object.values(ctx.state.subscriptions).filter((s) => s.kind === SubscriptionKind.Signal && s.name === name);
  for (const subscription of listening) {
    if (!ctx.state.subscriptions[subscription.id]) continue;
    ctx.emit(HistoryEventType.SignalReceived, ctx.node(subscription.elementId), { signalName: name }, subscription.tokenId);
    triggerListener(ctx, subscription.elementId, ownerOf(subscription), variables);
  }
  return listening.length > 0;
}

/**
 * Re-evaluate conditional events after variables changed. A condition that cannot be evaluated
 * yet (e.g. its variable is not set) counts as false: it is checked again on the next change.
 */
export function evaluateConditionals(ctx: StepContext): boolean {
  let triggered = false;
  const conditionals = Object.values(ctx.state.subscriptions).filter((s) => s.kind === SubscriptionKind.Conditional);
  for (const subscription of conditionals) {
    if (!ctx.state.subscriptions[subscription.id]) continue;
    const node = ctx.node(subscription.elementId);
    if (node.event?.type !== 'conditional') continue;
    const scopeId = subscription.scopeId ?? ctx.state.tokens[subscription.tokenId!]?.scopeId;
    if (!scopeId || !ctx.state.scopes[scopeId]) continue;
    let holds: boolean;
    try {
      holds = ctx.condition(node.event.condition, scopeId, node, 'condition');
    } catch (error) {
      if (isMotcuaError(error)) continue;
      throw error;
    }
    if (!holds) continue;
    triggered = true;
    triggerListener(ctx, subscription.elementId, ownerOf(subscription));
  }
  return triggered;
}

export function ownerOf(listener: { readonly tokenId?: string; readonly scopeId?: string }): ListenerOwner {
  return listener.tokenId !== undefined ? { tokenId: listener.tokenId } : { scopeId: listener.scopeId! };
}
