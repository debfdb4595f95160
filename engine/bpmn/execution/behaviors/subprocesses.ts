/** Embedded and event sub-processes, and when a scope instance is done. */
import type { FlowNode } from '../../model.ts';
import type { Arrival, StepContext } from '../context.ts';
import { HistoryEventType } from '../results.ts';
import { InstanceStatus, ScopeKind, WaitKind, type ScopeInstance, type ScopeInstanceId, type Variables } from '../state.ts';
import { completeActivity, inputVariables, park } from './activity.ts';
import { cancelScopeContents, disarmScope } from './cancellation.ts';
import { armEventSubProcesses } from './listeners.ts';
import { finishInnerInstance } from './multi-instance.ts';

export function enterSubProcess(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  const locals = inputVariables(ctx, node, arrival.scopeId);
  const holder = park(ctx, node, arrival.scopeId, WaitKind.Scope);
  const scope = ctx.addScope({ kind: ScopeKind.SubProcess, elementId: node.id, parentId: arrival.scopeId, holderTokenId: holder.id, variables: locals ?? {} });
  holder.holds = scope.id;
  armEventSubProcesses(ctx, scope);
  for (const start of ctx.process.scopes[node.id].noneStarts) ctx.enqueue({ elementId: start, scopeId: scope.id });
}

export function enterEventSubProcess(_ctx: StepContext, node: FlowNode): void {
  // validation rejects sequence flows into an event sub-process; reaching here is a bug
  throw new Error(`event sub-process ${node.id} cannot be entered by a sequence flow`);
}

/** Start an event sub-process of `parentScopeId` whose start event `start` was triggered. */
export function triggerEventSubProcess(ctx: StepContext, parentScopeId: ScopeInstanceId, start: FlowNode, variables?: Variables): void {
  const parent = ctx.state.scopes[parentScopeId];
  if (!parent || parent.interrupted) return;
  const esp = ctx.node(start.scope);
  if (start.isInterrupting !== false) {
    cancelScopeContents(ctx, parent, `interrupted by ${esp.id}`);
    disarmScope(ctx, parent.id);
    ctx.dropArrivals(parent.id);
    parent.interrupted = true;
  }
  const scope = ctx.addScope({ kind: ScopeKind.EventSubProcess, elementId: esp.id, parentId: parent.id, variables: {} });
  ctx.emit(HistoryEventType.ElementActivated, esp, { trigger: start.id });
  armEventSubProcesses(ctx, scope);
  if (variables) Object.assign(scope.variables, variables);
  ctx.enqueue({ elementId: start.id, scopeId: scope.id, triggered: true });
}

/**
 * A scope instance is done when nothing runs in it any more: no token, no child scope, no queued
 * arrival. Called once the queue has drained, for the scopes that lost a token.
 */
export function maybeCompleteScope(ctx: StepContext, scopeId: ScopeInstanceId): void {
  const scope = ctx.state.scopes[scopeId];
  if (!scope || scope.kind === ScopeKind.MultiInstanceBody) return;
  if (scope.kind === ScopeKind.Process && ctx.state.status !== InstanceStatus.Active) return;
  if (ctx.tokensIn(scopeId).length > 0 || ctx.childScopes(scopeId).length > 0 || ctx.pendingArrivals(scopeId).length > 0) return;
  switch (scope.kind) {
    case ScopeKind.Process:
      completeProcess(ctx, scope);
      return;
    case ScopeKind.MultiInstanceInner:
      finishInnerInstance(ctx, scope);
      return;
    case ScopeKind.SubProcess: {
      const holder = ctx.state.tokens[scope.holderTokenId!];
      disarmScope(ctx, scope.id);
      delete ctx.state.scopes[scope.id];
      // output mappings see the sub-process's own variables: hand them over as the holder's locals
      holder.variables = scope.variables;
      holder.holds = undefined;
      completeActivity(ctx, holder);
      return;
    }
    case ScopeKind.EventSubProcess:
      disarmScope(ctx, scope.id);
      delete ctx.state.scopes[scope.id];
      ctx.emit(HistoryEventType.ElementCompleted, ctx.node(scope.elementId));
      ctx.scopesToCheck.add(scope.parentId!);
      return;
  }
}

function completeProcess(ctx: StepContext, root: ScopeInstance): void {
  const state = ctx.state;
  disarmScope(ctx, root.id);
  const terminated = ctx.terminatedScopes.has(root.id) || ctx.callerError !== undefined;
  state.status = terminated ? InstanceStatus.Terminated : InstanceStatus.Completed;
  state.endedAt = ctx.at;
  ctx.emit(terminated ? HistoryEventType.InstanceTerminated : HistoryEventType.InstanceCompleted, undefined, ctx.callerError ? { error: ctx.callerError } : undefined);
  if (state.parent) {
    ctx.effects.push({
      type: 'CalledInstanceEnded',
      parentInstanceId: state.parent.instanceId,
      tokenId: state.parent.tokenId,
      childInstanceId: state.id,
      variables: { ...root.variables },
      ...(ctx.callerError ? { error: ctx.callerError } : {}),
    });
  }
}
