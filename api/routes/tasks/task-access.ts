/** Loading a task for its caller: another agency's task is answered as a missing one (404). */
import type { OpenTask } from '../../../engine/index.ts';
import { inAgency } from '../../http/agency-scope.ts';
import type { RouteContext } from '../../http/route.ts';
import { caller } from '../../http/route.ts';

export const TASK_PARAMS = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 200, description: 'the task id' } },
};

export async function taskOfCaller(context: RouteContext): Promise<OpenTask> {
  const task = await context.services.motcua.store.getTask(context.params.id!);
  return inAgency(caller(context), task, (found) => found.agency, `task ${context.params.id}`);
}

/** The deployment the task's instance runs (its forms were deployed with it). */
export async function deploymentOf(context: RouteContext, task: OpenTask): Promise<{ deploymentId: string; variables: Readonly<Record<string, unknown>> }> {
  const instance = await context.services.motcua.store.getInstance(task.instanceId);
  const state = instance?.record.state;
  return { deploymentId: instance?.record.deploymentId ?? '', variables: (state && state.scopes[state.rootScopeId]?.variables) ?? {} };
}
