/** Cancelling tokens and scopes: interrupting events, terminate end events, instance cancellation. */
import type { StepContext } from '../context.ts';
import { HistoryEventType } from '../results.ts';
import { ScopeKind, WaitKind, type ScopeInstance, type ScopeInstanceId, type Token } from '../state.ts';
import { disarmTimer, disarmToken } from './activity.ts';

export function cancelToken(ctx: StepContext, token: Token, reason: string): void {
  const state = ctx.state;
  if (!state.tokens[token.id]) return;
  const node = ctx.node(token.elementId);
  disarmToken(ctx, token);
  for (const id in state.tasks) {
    if (state.tasks[id].tokenId !== token.id) continue;
    delete state.tasks[id];
    ctx.tasks.push({ op: 'removed', taskId: id, reason: 'cancelled' });
    ctx.emit(HistoryEventType.TaskCancelled, node, { taskId: id, reason }, token.id);
  }
  for (const id in state.jobs) {
    if (state.jobs[id].tokenId !== token.id) continue;
    delete state.jobs[id];
    ctx.cancelJob(id);
    ctx.emit(HistoryEventType.JobCancelled, node, { jobId: id, reason }, token.id);
  }
  for (const id in state.incidents) {
    if (state.incidents[id].tokenId !== token.id) continue;
    delete state.incidents[id];
    ctx.emit(HistoryEventType.IncidentResolved, node, { incidentId: id, reason }, token.id);
  }
  if (token.holds && state.scopes[token.holds]) cancelScope(ctx, state.scopes[token.holds], reason);
  if (token.wait === WaitKind.CallActivity && token.childInstanceId) {
    ctx.effects.push({ type: 'CancelCalledInstance', childInstanceId: token.childInstanceId });
  }
  if (token.wait !== WaitKind.Scope || node.multiInstance === undefined) {
    ctx.emit(HistoryEventType.ElementTerminated, node, { reason }, token.id);
  }
  ctx.removeToken(token.id);
}

/** Cancel everything that runs inside a scope, leaving the scope itself in place. */
export function cancelScopeContents(ctx: StepContext, scope: ScopeInstance, reason: string): void {
  for (const token of ctx.tokensIn(scope.id)) cancelToken(ctx, token, reason);
  for (const child of ctx.childScopes(scope.id)) cancelScope(ctx, child, reason);
}

export function cancelScope(ctx: StepContext, scope: ScopeInstance, reason: string): void {
  if (!ctx.state.scopes[scope.id]) return;
  cancelScopeContents(ctx, scope, reason);
  disarmScope(ctx, scope.id);
  delete ctx.state.scopes[scope.id];
  if (scope.kind === ScopeKind.EventSubProcess || scope.kind === ScopeKind.MultiInstanceBody) {
    ctx.emit(HistoryEventType.ElementTerminated, ctx.node(scope.elementId), { reason });
  }
}

/** Remove the event sub-process listeners a scope holds (its start timers and subscriptions). */
export function disarmScope(ctx: StepContext, scopeId: ScopeInstanceId): void {
  const state = ctx.state;
  for (const id in state.timers) {
    if (state.timers[id].scopeId === scopeId) disarmTimer(ctx, id);
  }
  for (const id in state.subscriptions) {
    if (state.subscriptions[id].scopeId === scopeId) delete state.subscriptions[id];
  }
}
