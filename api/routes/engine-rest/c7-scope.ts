/**
 * Who sees what on /engine-rest. The agency is the C7 tenant: instances and tasks of another
 * agency answer exactly like missing ones (404). Within its agency an officer sees the tasks it
 * holds, may claim (a candidate group it belongs to) or is named on; an administrator sees all of
 * the agency's; auditors read instances and history of their agency.
 */
import type { OpenTask, StoredInstance } from '../../../engine/index.ts';
import { type Identity, Role } from '../../identity/identity.ts';
import type { RouteContext } from '../../http/route.ts';
import { caller } from '../../http/route.ts';
import { listParam, notFound } from './c7-format.ts';

/** Whether the caller sees every task of its agency (not only those meant for it). */
export function seesAllTasks(identity: Identity): boolean {
  return identity.roles.includes(Role.Admin);
}

/** Whether an officer may see this task (its agency is checked separately). */
export function taskMeantFor(identity: Identity, task: OpenTask): boolean {
  if (seesAllTasks(identity)) return true;
  return task.assignee === identity.sub || task.candidateUsers.includes(identity.sub) || task.candidateGroups.some((group) => identity.groups.includes(group));
}

/** The open task, if the caller may see it; otherwise the 404 of a missing one. */
export async function visibleTask(context: RouteContext, taskId: string): Promise<OpenTask> {
  const identity = caller(context);
  const task = await context.services.motcua.store.getTask(taskId);
  if (!task || task.agency !== identity.agency || !taskMeantFor(identity, task)) throw notFound('Task', taskId);
  return task;
}

/** Whether a C7 `tenantIdIn` filter leaves out the caller's agency (then nothing can match). */
export function excludesOwnTenant(identity: Identity, tenantIdIn: unknown): boolean {
  const tenants = listParam(tenantIdIn);
  return tenants !== undefined && !tenants.includes(identity.agency);
}

/** The instance, if it belongs to the caller's agency; otherwise the 404 of a missing one. */
export async function agencyInstance(context: RouteContext, instanceId: string, what = 'Process instance'): Promise<StoredInstance> {
  const identity = caller(context);
  const loaded = await context.services.motcua.store.getInstance(instanceId);
  if (!loaded || loaded.record.agency !== identity.agency) throw notFound(what, instanceId);
  return loaded;
}
