/** Start, end, intermediate catch / throw and boundary events. */
import type { FlowNode } from '../../model.ts';
import type { Arrival, StepContext } from '../context.ts';
import { HistoryEventType } from '../results.ts';
import { WaitKind, type ScopeInstanceId } from '../state.ts';
import { park, passThrough } from './activity.ts';
import { cancelScopeContents } from './cancellation.ts';
import { armListener } from './listeners.ts';
import { findCatcher, throwToCatcher } from './propagation.ts';

export function enterStartEvent(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  passThrough(ctx, node, arrival.scopeId);
}

/** A boundary event is only ever entered once its trigger happened (see listeners.ts). */
export function enterBoundaryEvent(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  passThrough(ctx, node, arrival.scopeId);
}

export function enterEndEvent(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  const event = node.event ?? { type: 'none' as const };
  switch (event.type) {
    case 'terminate':
      ctx.emit(HistoryEventType.ElementCompleted, node);
      terminateScope(ctx, arrival.scopeId);
      return;
    case 'error': {
      const catcher = findCatcher(ctx, 'error', event.errorCode, arrival.scopeId);
      ctx.emit(HistoryEventType.ElementCompleted, node);
      // uncaught, an error end event ends its path like a none end event (Camunda 7 semantics)
      if (catcher) throwToCatcher(ctx, catcher, 'error', event.errorCode ?? '', undefined, node);
      else ctx.scopesToCheck.add(arrival.scopeId);
      return;
    }
    case 'escalation': {
      const catcher = findCatcher(ctx, 'escalation', event.escalationCode, arrival.scopeId);
      ctx.emit(HistoryEventType.ElementCompleted, node);
      if (catcher) throwToCatcher(ctx, catcher, 'escalation', event.escalationCode ?? '', undefined, node);
      ctx.scopesToCheck.add(arrival.scopeId);
      return;
    }
    case 'message':
      sendMessage(ctx, node, event.messageName);
      break;
    case 'signal':
      throwSignal(ctx, node, event.signalName);
      break;
    default:
      break;
  }
  ctx.emit(HistoryEventType.ElementCompleted, node);
  ctx.scopesToCheck.add(arrival.scopeId);
}

export function enterThrowEvent(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  const event = node.event ?? { type: 'none' as const };
  if (event.type === 'message') sendMessage(ctx, node, event.messageName);
  if (event.type === 'signal') throwSignal(ctx, node, event.signalName);
  if (event.type === 'escalation') {
    const catcher = findCatcher(ctx, 'escalation', event.escalationCode, arrival.scopeId);
    if (catcher) throwToCatcher(ctx, catcher, 'escalation', event.escalationCode ?? '', undefined, node);
    // an interrupting catcher cancelled the scope this event runs in: its path ends here
    if (!ctx.state.scopes[arrival.scopeId]) return;
  }
  passThrough(ctx, node, arrival.scopeId);
}

export function enterCatchEvent(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  const event = node.event!;
  if (arrival.triggered) {
    passThrough(ctx, node, arrival.scopeId);
    return;
  }
  // a conditional event whose condition already holds does not wait (Camunda 7)
  if (event.type === 'conditional' && ctx.condition(event.condition, arrival.scopeId, node, 'condition')) {
    passThrough(ctx, node, arrival.scopeId);
    return;
  }
  const token = park(ctx, node, arrival.scopeId, WaitKind.Catch);
  armListener(ctx, node, { tokenId: token.id }, arrival.scopeId);
}

function sendMessage(ctx: StepContext, node: FlowNode, messageName: string): void {
  const variables = { ...ctx.rootVariables() };
  ctx.effects.push({ type: 'MessageSent', messageName, variables, fromElementId: node.id });
  ctx.emit(HistoryEventType.MessageSent, node, { messageName });
}

function throwSignal(ctx: StepContext, node: FlowNode, signalName: string): void {
  const variables = { ...ctx.rootVariables() };
  ctx.thrownSignals.push({ name: signalName, variables: {} });
  ctx.effects.push({ type: 'SignalThrown', signalName, variables, fromElementId: node.id });
  ctx.emit(HistoryEventType.SignalThrown, node, { signalName });
}

/** A terminate end event ends every path of its scope; the scope then completes (BPMN 2.0 §10.5.3). */
function terminateScope(ctx: StepContext, scopeId: ScopeInstanceId): void {
  const scope = ctx.state.scopes[scopeId];
  if (!scope) return;
  cancelScopeContents(ctx, scope, 'terminate end event');
  ctx.dropArrivals(scopeId);
  ctx.terminatedScopes.add(scopeId);
  ctx.scopesToCheck.add(scopeId);
}
