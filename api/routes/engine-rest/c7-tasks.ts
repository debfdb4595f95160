/**
 * User tasks as Camunda 7 shows them. An open task row knows its instance but not the deployed
 * version; that fact never changes for an instance, so it is remembered per store (bounded), and a
 * task list page costs one index read, not one instance load per task.
 */
import type { InstanceState, OpenTask, Store } from '../../../engine/index.ts';
import { c7Date } from './c7-format.ts';

const REMEMBERED = 20_000;
const definitionIds = new WeakMap<Store, Map<string, string>>();

/** The deployment (C7 process definition id) of each instance, loading only the unknown ones. */
export async function definitionIdsOf(store: Store, instanceIds: readonly string[]): Promise<Map<string, string>> {
  let known = definitionIds.get(store);
  if (!known) definitionIds.set(store, (known = new Map()));
  const result = new Map<string, string>();
  for (const id of new Set(instanceIds)) {
    let definitionId = known.get(id);
    if (definitionId === undefined) {
      definitionId = (await store.getInstance(id))?.record.deploymentId;
      if (definitionId === undefined) continue;
      if (known.size >= REMEMBERED) known.delete(known.keys().next().value!);
      known.set(id, definitionId);
    }
    result.set(id, definitionId);
  }
  return result;
}

/** C7 TaskDto. */
export function taskDto(task: OpenTask, definitionId: string | undefined) {
  return {
    id: task.id,
    name: task.name ?? null,
    assignee: task.assignee ?? null,
    owner: null,
    created: c7Date(task.createdAt),
    lastUpdated: null,
    due: c7Date(task.dueAt),
    followUp: c7Date(task.followUpAt),
    delegationState: null,
    description: null,
    executionId: task.instanceId,
    parentTaskId: null,
    priority: task.priority,
    processDefinitionId: definitionId ?? null,
    processInstanceId: task.instanceId,
    caseExecutionId: null,
    caseDefinitionId: null,
    caseInstanceId: null,
    taskDefinitionKey: task.elementId,
    suspended: false,
    formKey: task.formKey ?? null,
    tenantId: task.agency ?? null,
  };
}

export async function taskDtos(store: Store, tasks: readonly OpenTask[]) {
  const ids = await definitionIdsOf(
    store,
    tasks.map((task) => task.instanceId),
  );
  return tasks.map((task) => ({ ...taskDto(task, ids.get(task.instanceId)), attachment: false, comment: false }));
}

export const TASK_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: ['string', 'null'] },
    assignee: { type: ['string', 'null'] },
    created: { type: ['string', 'null'] },
    due: { type: ['string', 'null'] },
    priority: { type: 'integer' },
    processInstanceId: { type: 'string' },
    taskDefinitionKey: { type: 'string' },
    formKey: { type: ['string', 'null'] },
    tenantId: { type: ['string', 'null'] },
  },
} as const;

/** The variables a task sees: the instance's, overlaid by those of each scope down to the task's token. */
export function variablesSeenBy(state: InstanceState, tokenId: string): Record<string, unknown> {
  const token = state.tokens[tokenId];
  const chain: Record<string, unknown>[] = [];
  for (let scopeId: string | undefined = token?.scopeId; scopeId; scopeId = state.scopes[scopeId]?.parentId) {
    const scope = state.scopes[scopeId];
    if (!scope) break;
    chain.unshift(scope.variables);
  }
  if (chain.length === 0) chain.push(state.scopes[state.rootScopeId]?.variables ?? {});
  return Object.assign({}, ...chain, token?.variables ?? {});
}
