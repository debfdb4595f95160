/** Gateways: exclusive, parallel, inclusive (fork and join) and event-based. */
import type { FlowNode, SequenceFlow } from '../../model.ts';
import type { Arrival, StepContext } from '../context.ts';
import { HistoryEventType } from '../results.ts';
import { WaitKind, type ScopeInstanceId, type Token } from '../state.ts';
import { park, raiseNoFlowIncident, takeFlows } from './activity.ts';
import { armListener } from './listeners.ts';

export function enterExclusiveGateway(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  const flows = ctx.process.flows;
  let chosen: SequenceFlow | undefined;
  let reason = '';
  for (const id of node.outgoing) {
    const flow = flows[id];
    if (id === node.defaultFlow) continue;
    if (!flow.condition) {
      chosen = flow;
      reason = 'unconditional flow';
      break;
    }
    if (ctx.condition(flow.condition, arrival.scopeId, { id: flow.id, bpmnType: 'bpmn:SequenceFlow' }, 'conditionExpression')) {
      chosen = flow;
      reason = `${flow.condition.text} is true`;
      break;
    }
  }
  if (!chosen && node.defaultFlow) {
    chosen = flows[node.defaultFlow];
    reason = 'no condition is true: default flow';
  }
  if (!chosen) {
    raiseNoFlowIncident(ctx, node, arrival.scopeId);
    return;
  }
  ctx.emit(HistoryEventType.GatewayDecided, node, { flow: chosen.id, reason });
  ctx.emit(HistoryEventType.ElementCompleted, node);
  takeFlows(ctx, node, arrival.scopeId, [chosen]);
}

export function enterParallelGateway(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  if (node.incoming.length > 1) {
    park(ctx, node, arrival.scopeId, WaitKind.Join, arrival.via ? { arrivedVia: arrival.via } : {});
    const waiting = joinTokens(ctx, node, arrival.scopeId);
    const firstPerFlow = new Map<string, Token>();
    for (const token of waiting) if (token.arrivedVia && !firstPerFlow.has(token.arrivedVia)) firstPerFlow.set(token.arrivedVia, token);
    if (firstPerFlow.size < node.incoming.length) return;
    for (const token of firstPerFlow.values()) ctx.removeToken(token.id);
  }
  ctx.emit(HistoryEventType.ElementCompleted, node);
  // conditions on flows out of a parallel gateway are ignored (BPMN 2.0 §13.3.2)
  takeFlows(ctx, node, arrival.scopeId, node.outgoing.map((id) => ctx.process.flows[id]));
}

export function enterInclusiveGateway(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  if (node.incoming.length > 1) {
    // the join fires once no other token of the scope can still arrive: decided when the queue drains
    park(ctx, node, arrival.scopeId, WaitKind.Join, arrival.via ? { arrivedVia: arrival.via } : {});
    return;
  }
  forkInclusive(ctx, node, arrival.scopeId);
}

function forkInclusive(ctx: StepContext, node: FlowNode, scopeId: ScopeInstanceId): void {
  const flows = ctx.process.flows;
  const taken: SequenceFlow[] = [];
  for (const id of node.outgoing) {
    const flow = flows[id];
    if (id === node.defaultFlow) continue;
    if (!flow.condition || ctx.condition(flow.condition, scopeId, { id: flow.id, bpmnType: 'bpmn:SequenceFlow' }, 'conditionExpression')) {
      taken.push(flow);
    }
  }
  if (taken.length === 0 && node.defaultFlow) taken.push(flows[node.defaultFlow]);
  if (taken.length === 0) {
    raiseNoFlowIncident(ctx, node, scopeId);
    return;
  }
  ctx.emit(HistoryEventType.GatewayDecided, node, { flows: taken.map((f) => f.id), reason: taken.length === 1 && taken[0].id === node.defaultFlow ? 'no condition is true: default flow' : 'every flow whose condition is true' });
  ctx.emit(HistoryEventType.ElementCompleted, node);
  takeFlows(ctx, node, scopeId, taken);
}

/**
 * Fire every inclusive join that no other token of its scope can still reach (the `reaches` map
 * is precomputed at compile time). Called only when no arrival is queued, so every token is parked.
 */
export function fireInclusiveJoins(ctx: StepContext): boolean {
  let fired = false;
  const tokens = Object.values(ctx.state.tokens);
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.wait !== WaitKind.Join) continue;
    const key = `${token.scopeId}/${token.elementId}`;
    if (seen.has(key) || !ctx.state.tokens[token.id]) continue;
    seen.add(key);
    const node = ctx.node(token.elementId);
    if (node.kind !== 'inclusiveGateway') continue;
    const reaches = ctx.process.scopes[node.scope]?.reaches ?? {};
    const blocked = Object.values(ctx.state.tokens).some(
      (other) => other.scopeId === token.scopeId && other.elementId !== node.id && (reaches[other.elementId] ?? []).includes(node.id),
    );
    if (blocked) continue;
    for (const waiting of joinTokens(ctx, node, token.scopeId)) ctx.removeToken(waiting.id);
    forkInclusive(ctx, node, token.scopeId);
    fired = true;
  }
  return fired;
}

function joinTokens(ctx: StepContext, node: FlowNode, scopeId: ScopeInstanceId): Token[] {
  return ctx.tokensIn(scopeId).filter((t) => t.elementId === node.id && t.wait === WaitKind.Join);
}

export function enterEventBasedGateway(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  const token = park(ctx, node, arrival.scopeId, WaitKind.EventGateway);
  for (const id of node.outgoing) {
    armListener(ctx, ctx.node(ctx.process.flows[id].target), { tokenId: token.id }, arrival.scopeId);
  }
}
