/**
 * BPMN errors and escalations: where a throw is caught. The search goes from the throwing
 * activity's own boundary events outwards, scope by scope — event sub-processes of the scope
 * first, then the boundary events of the activity that holds it — and, for errors, on to the
 * call activity of a calling instance (Camunda 7 propagates both "till it is caught").
 *
 * Two Camunda 7 rules shape the walk. A multi-instance activity's boundary events belong to its
 * body: a throw from one inner instance is caught there and destroys every instance. An error
 * thrown inside an event sub-process is not caught by that event sub-process again, nor by the
 * event sub-processes of a scope it already interrupted: it goes on outwards (catch and re-throw).
 */
import type { EventDefinition, FlowNode } from '../../model.ts';
import type { StepContext } from '../context.ts';
import { HistoryEventType } from '../results.ts';
import { ScopeKind, type ScopeInstance, type ScopeInstanceId, type Token, type Variables } from '../state.ts';
import { cancelScopeContents } from './cancellation.ts';
import { triggerBoundary } from './listeners.ts';
import { triggerEventSubProcess } from './subprocesses.ts';

export type Catcher =
  | { readonly kind: 'boundary'; readonly token: Token; readonly node: FlowNode }
  | { readonly kind: 'eventSubProcess'; readonly scopeId: ScopeInstanceId; readonly node: FlowNode }
  | { readonly kind: 'caller' };

type ThrowKind = 'error' | 'escalation';

function codeOf(def: EventDefinition): string | undefined {
  return def.type === 'error' ? def.errorCode : def.type === 'escalation' ? def.escalationCode : undefined;
}

/** The best catching event among candidates: one naming the code beats a catch-all. */
function best(ctx: StepContext, ids: readonly string[], kind: ThrowKind, code: string | undefined): FlowNode | undefined {
  let catchAll: FlowNode | undefined;
  for (const id of ids) {
    const node = ctx.node(id);
    const def = node.event;
    if (def?.type !== kind) continue;
    const catches = codeOf(def);
    if (catches === undefined) catchAll ??= node;
    else if (catches === code) return node;
  }
  return catchAll;
}

export function findCatcher(ctx: StepContext, kind: ThrowKind, code: string | undefined, scopeId: ScopeInstanceId, activityToken?: Token): Catcher | undefined {
  if (activityToken && !isInnerInstanceToken(ctx, activityToken)) {
    const node = best(ctx, ctx.node(activityToken.elementId).boundaryEvents, kind, code);
    if (node) return { kind: 'boundary', token: activityToken, node };
  }
  const { scopes, tokens } = ctx.state;
  let scope: ScopeInstance | undefined = scopes[scopeId];
  // the event sub-process the throw comes from: it does not catch its own re-throw
  let from: ScopeInstance | undefined;
  while (scope) {
    if (scope.kind !== ScopeKind.MultiInstanceBody && scope.kind !== ScopeKind.MultiInstanceInner && !scope.interrupted) {
      const model = ctx.process.scopes[scope.elementId];
      const espIds = (model?.eventSubProcesses ?? []).filter((id) => from?.kind !== ScopeKind.EventSubProcess || id !== from.elementId);
      const node = best(ctx, espIds.flatMap((id) => ctx.process.scopes[id].eventStarts), kind, code);
      if (node) return { kind: 'eventSubProcess', scopeId: scope.id, node };
    }
    const holder = scope.holderTokenId ? tokens[scope.holderTokenId] : undefined;
    if (holder && !isInnerInstanceToken(ctx, holder)) {
      const node = best(ctx, ctx.node(holder.elementId).boundaryEvents, kind, code);
      if (node) return { kind: 'boundary', token: holder, node };
    }
    from = scope;
    scope = scope.parentId ? scopes[scope.parentId] : undefined;
  }
  return ctx.state.parent ? { kind: 'caller' } : undefined;
}

/** A token of one inner instance of a multi-instance activity: its boundary events are the body's. */
function isInnerInstanceToken(ctx: StepContext, token: Token): boolean {
  const scope = ctx.state.scopes[token.scopeId];
  return scope?.kind === ScopeKind.MultiInstanceInner && scope.elementId === token.elementId;
}

export function throwToCatcher(ctx: StepContext, catcher: Catcher, kind: ThrowKind, code: string, message: string | undefined, thrower: FlowNode): void {
  ctx.emit(kind === 'error' ? HistoryEventType.ErrorThrown : HistoryEventType.EscalationThrown, thrower, {
    code,
    ...(message ? { message } : {}),
    caughtBy: catcher.kind === 'caller' ? 'calling instance' : catcher.node.id,
  });
  if (catcher.kind === 'caller' && kind === 'escalation') {
    // the calling instance decides whether a boundary of its call activity catches it; this instance goes on
    const parent = ctx.state.parent!;
    ctx.effects.push({ type: 'EscalationToCaller', parentInstanceId: parent.instanceId, tokenId: parent.tokenId, childInstanceId: ctx.state.id, code });
    return;
  }
  if (catcher.kind === 'caller') {
    // the calling instance's call activity catches it: this instance ends here
    ctx.callerError = { code, ...(message ? { message } : {}) };
    const root = ctx.state.scopes[ctx.state.rootScopeId];
    cancelScopeContents(ctx, root, `error ${code} thrown to the calling instance`);
    ctx.dropArrivals(root.id);
    ctx.scopesToCheck.add(root.id);
    return;
  }
  const def = catcher.node.event!;
  const variables: Variables = {};
  if (def.type === 'error') {
    if (def.errorCodeVariable) variables[def.errorCodeVariable] = code;
    if (def.errorMessageVariable) variables[def.errorMessageVariable] = message ?? null;
  }
  if (def.type === 'escalation' && def.escalationCodeVariable) variables[def.escalationCodeVariable] = code;
  if (catcher.kind === 'boundary') triggerBoundary(ctx, catcher.token, catcher.node, variables);
  else triggerEventSubProcess(ctx, catcher.scopeId, catcher.node, variables);
}
