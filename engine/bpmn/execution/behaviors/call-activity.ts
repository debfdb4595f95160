/**
 * Call activities: the called process runs as an instance of its own. The pure core only asks
 * for it (effect StartCalledInstance) and resumes when told it ended (command CompleteCallActivity).
 */
import type { FlowNode, VariableMapping } from '../../model.ts';
import type { Arrival, StepContext } from '../context.ts';
import { HistoryEventType } from '../results.ts';
import { WaitKind, type ScopeInstance, type ScopeInstanceId, type Variables } from '../state.ts';
import { inputVariables, park } from './activity.ts';

export function enterCallActivity(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  const spec = node.callActivity!;
  const locals = inputVariables(ctx, node, arrival.scopeId);
  const processKey = String(ctx.evaluate(spec.calledElement, arrival.scopeId, node, 'calledElement', locals));
  const variables: Variables = {};
  let businessKey: string | undefined;
  for (const mapping of spec.inputs) {
    if (mapping.businessKey) {
      businessKey = String(ctx.evaluate(mapping.businessKey, arrival.scopeId, node, 'camunda:in businessKey', locals));
      continue;
    }
    Object.assign(variables, mapped(ctx, node, mapping, arrival.scopeId, () => visibleVariables(ctx, arrival.scopeId, locals), locals));
  }
  const childInstanceId = ctx.newId('pi');
  const token = park(ctx, node, arrival.scopeId, WaitKind.CallActivity, { childInstanceId, ...(locals ? { variables: locals } : {}) });
  ctx.effects.push({
    type: 'StartCalledInstance',
    parentInstanceId: ctx.state.id,
    tokenId: token.id,
    elementId: node.id,
    childInstanceId,
    processKey,
    binding: spec.binding,
    ...(spec.version !== undefined ? { version: spec.version } : {}),
    ...(businessKey !== undefined ? { businessKey } : {}),
    variables,
  });
  ctx.emit(HistoryEventType.CallActivityStarted, node, { processKey, childInstanceId }, token.id);
}

/** camunda:out mappings: which of the called instance's variables come back, and under which name. */
export function outputMappings(ctx: StepContext, node: FlowNode, childVariables: Variables): Variables {
  const result: Variables = {};
  for (const mapping of node.callActivity!.outputs) {
    Object.assign(result, mapped(ctx, node, mapping, undefined, () => childVariables, childVariables));
  }
  return result;
}

function mapped(ctx: StepContext, node: FlowNode, mapping: VariableMapping, scopeId: ScopeInstanceId | undefined, all: () => Variables, source: Variables | undefined): Variables {
  if (mapping.all) return { ...all() };
  const target = mapping.target ?? mapping.source;
  if (!target) return {};
  if (mapping.sourceExpression) {
    const evalScope = scopeId ?? ctx.state.rootScopeId;
    return { [target]: ctx.evaluate(mapping.sourceExpression, evalScope, node, `camunda:${scopeId ? 'in' : 'out'} ${target}`, source) };
  }
  const name = mapping.source!;
  if (scopeId === undefined) return Object.hasOwn(source ?? {}, name) ? { [target]: source![name] } : {};
  const lookup = ctx.lookup(scopeId, source);
  return lookup.has(name) ? { [target]: lookup.get(name) } : {};
}

/** Every variable visible from a scope, inner ones shadowing outer ones (camunda:in variables="all"). */
function visibleVariables(ctx: StepContext, scopeId: ScopeInstanceId, locals?: Variables): Variables {
  const chain: ScopeInstance[] = [];
  let scope: ScopeInstance | undefined = ctx.state.scopes[scopeId];
  while (scope) {
    chain.unshift(scope);
    scope = scope.parentId ? ctx.state.scopes[scope.parentId] : undefined;
  }
  return Object.assign({}, ...chain.map((s) => s.variables), locals ?? {});
}
