/**
 * Multi-instance activities (parallel and sequential): a body scope holds the loop counters and
 * one inner scope per instance holds its local variables (loopCounter, the element variable).
 * Boundary events attach to the body, as in Camunda 7.
 */
import { ErrorCode, MotcuaError } from '../../../errors.ts';
import type { FlowNode } from '../../model.ts';
import type { Arrival, StepContext } from '../context.ts';
import { ScopeKind, WaitKind, type ScopeInstance } from '../state.ts';
import { completeActivity, park } from './activity.ts';
import { cancelScope } from './cancellation.ts';

export function enterMultiInstanceBody(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  const spec = node.multiInstance!;
  let items: unknown[] | undefined;
  let total: number;
  if (spec.collection) {
    const value = ctx.evaluate(spec.collection, arrival.scopeId, node, 'camunda:collection');
    if (!Array.isArray(value)) {
      throw new MotcuaError(ErrorCode.ExpressionFailed, `camunda:collection of ${node.id} (${spec.collection.text}) is not a list`, { elementId: node.id, elementType: node.bpmnType, field: 'camunda:collection' });
    }
    items = value;
    total = value.length;
  } else {
    total = Number(ctx.evaluate(spec.loopCardinality!, arrival.scopeId, node, 'loopCardinality'));
    if (!Number.isInteger(total) || total < 0) {
      throw new MotcuaError(ErrorCode.ExpressionFailed, `loopCardinality of ${node.id} (${spec.loopCardinality!.text}) is not a whole number ≥ 0`, { elementId: node.id, elementType: node.bpmnType, field: 'loopCardinality' });
    }
  }
  const holder = park(ctx, node, arrival.scopeId, WaitKind.Scope);
  const body = ctx.addScope({
    kind: ScopeKind.MultiInstanceBody,
    elementId: node.id,
    parentId: arrival.scopeId,
    holderTokenId: holder.id,
    variables: { nrOfInstances: total, nrOfActiveInstances: 0, nrOfCompletedInstances: 0 },
    mi: { total, ...(items ? { items } : {}), nextIndex: 0, active: 0, completed: 0 },
  });
  holder.holds = body.id;
  if (total === 0) {
    completeBody(ctx, body);
    return;
  }
  const first = spec.sequential ? 1 : total;
  for (let i = 0; i < first; i++) spawnInner(ctx, node, body);
}

function spawnInner(ctx: StepContext, node: FlowNode, body: ScopeInstance): void {
  const mi = body.mi!;
  const index = mi.nextIndex++;
  mi.active++;
  body.variables.nrOfActiveInstances = mi.active;
  const variables: Record<string, unknown> = { loopCounter: index };
  const elementVariable = node.multiInstance!.elementVariable;
  if (elementVariable && mi.items) variables[elementVariable] = mi.items[index];
  const inner = ctx.addScope({ kind: ScopeKind.MultiInstanceInner, elementId: node.id, parentId: body.id, variables });
  ctx.enqueue({ elementId: node.id, scopeId: inner.id, skipAsyncBefore: true });
}

/** One inner instance completed: count it, then start the next, or finish the body. */
export function finishInnerInstance(ctx: StepContext, inner: ScopeInstance): void {
  const body = ctx.state.scopes[inner.parentId!];
  const node = ctx.node(inner.elementId);
  delete ctx.state.scopes[inner.id];
  const mi = body.mi!;
  mi.active--;
  mi.completed++;
  body.variables.nrOfActiveInstances = mi.active;
  body.variables.nrOfCompletedInstances = mi.completed;
  const condition = node.multiInstance!.completionCondition;
  const done = mi.completed >= mi.total || (condition !== undefined && ctx.condition(condition, body.id, node, 'completionCondition', inner.variables));
  if (done) {
    for (const other of ctx.childScopes(body.id)) cancelScope(ctx, other, `completion condition of ${node.id} met`);
    completeBody(ctx, body);
    return;
  }
  if (node.multiInstance!.sequential && mi.nextIndex < mi.total) spawnInner(ctx, node, body);
}

function completeBody(ctx: StepContext, body: ScopeInstance): void {
  const holder = ctx.state.tokens[body.holderTokenId!];
  delete ctx.state.scopes[body.id];
  holder.holds = undefined;
  completeActivity(ctx, holder, { skipOutputs: true });
}
