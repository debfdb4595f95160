/**
 * The tasklist: an officer's tasks in its agency (assigned to it, offered to one of its groups or
 * naming it), served by the store's officer index in due-date order; claim, unclaim, complete with
 * C7 typed variables, and the variables a task's form sees. Administrators see every task of
 * their agency. Another agency's task, or one not meant for the caller, is a 404.
 */
import { ErrorCode, isMotcuaError, type OpenTask, type TaskQuery } from '../../../engine/index.ts';
import { HttpProblem } from '../../http/problem.ts';
import { caller, type Route, type RouteContext } from '../../http/route.ts';
import { type Identity, Role } from '../../identity/identity.ts';
import { COUNT_SCHEMA, EXCEPTION_SCHEMA, listParam, pageOf, PAGING_PROPERTIES, queryDate, SORT_ORDER, sortOf } from './c7-format.ts';
import { excludesOwnTenant, seesAllTasks, visibleTask } from './c7-scope.ts';
import { TASK_SCHEMA, taskDtos, variablesSeenBy } from './c7-tasks.ts';
import { fromTypedMap, toTypedMap, TYPED_VARIABLES_SCHEMA } from './c7-variables.ts';
import { wakeFetchers } from './fetch-waiters.ts';

const TASK_ROLES = [Role.Officer, Role.Admin];

const FILTERS = {
  assignee: { type: 'string', maxLength: 200 },
  candidateGroup: { type: 'string', maxLength: 200 },
  candidateGroups: { type: 'string', maxLength: 2000 },
  candidateUser: { type: 'string', maxLength: 200 },
  includeAssignedTasks: { type: 'boolean' },
  unassigned: { type: 'boolean' },
  processInstanceId: { type: 'string', maxLength: 200 },
  processDefinitionKey: { type: 'string', maxLength: 255 },
  taskDefinitionKey: { type: 'string', maxLength: 255 },
  dueBefore: { type: 'string', maxLength: 40 },
  tenantIdIn: { type: 'string', maxLength: 2000 },
} as const;

type SortField = 'dueDate' | 'created' | 'priority';

/**
 * Orders other than the store's own (due date ascending) are sorted here over at most this many
 * matching tasks; a larger set is refused with advice to narrow it.
 */
const MAX_SORTED_IN_MEMORY = 5000;

/** The store query for the caller's view with the C7 filters; undefined when nothing can match. */
function taskQuery(identity: Identity, query: Record<string, unknown>): TaskQuery | undefined {
  if (excludesOwnTenant(identity, query.tenantIdIn)) return undefined;
  const groups = [...(query.candidateGroup !== undefined ? [String(query.candidateGroup)] : []), ...(listParam(query.candidateGroups) ?? [])];
  const offered = groups.length > 0 || query.candidateUser !== undefined;
  return {
    agency: identity.agency,
    ...(seesAllTasks(identity) ? {} : { visibleTo: { user: identity.sub, groups: identity.groups } }),
    ...(query.assignee !== undefined ? { assignee: String(query.assignee) } : {}),
    ...(groups.length === 1 ? { candidateGroup: groups[0] } : groups.length > 1 ? { candidateGroups: groups } : {}),
    ...(query.candidateUser !== undefined ? { candidateUser: String(query.candidateUser) } : {}),
    // C7 offers a task to its candidates only while nobody holds it
    ...((offered && query.includeAssignedTasks !== true) || query.unassigned === true ? { unassigned: true } : {}),
    ...(query.processInstanceId !== undefined ? { instanceId: String(query.processInstanceId) } : {}),
    ...(query.processDefinitionKey !== undefined ? { processKey: String(query.processDefinitionKey) } : {}),
    ...(query.taskDefinitionKey !== undefined ? { elementId: String(query.taskDefinitionKey) } : {}),
    ...(query.dueBefore !== undefined ? { dueBefore: queryDate(String(query.dueBefore), 'dueBefore') } : {}),
  };
}

const compare: Record<SortField, (a: OpenTask, b: OpenTask) => number> = {
  dueDate: (a, b) => (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff'),
  created: (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  priority: (a, b) => a.priority - b.priority || a.id.localeCompare(b.id),
};

async function listVisible(context: RouteContext): Promise<OpenTask[]> {
  const identity = caller(context);
  const base = taskQuery(identity, context.query);
  const page = pageOf(context.query);
  // maxResults=0 asks for nothing (C7 clients check a connection this way)
  if (!base || page.limit === 0) return [];
  const sort = sortOf<SortField>(context.query);
  const { store } = context.services.motcua;
  if (!sort || (sort.by === 'dueDate' && !sort.descending)) return store.listTasks({ ...base, limit: page.limit, offset: page.offset });
  const all = await store.listTasks({ ...base, limit: MAX_SORTED_IN_MEMORY + 1 });
  if (all.length > MAX_SORTED_IN_MEMORY) {
    throw new HttpProblem(400, 'INVALID_INPUT', `sorting by ${sort.by} ${sort.descending ? 'desc' : 'asc'} is served for at most ${MAX_SORTED_IN_MEMORY} tasks; narrow the query or sort by dueDate asc`, { field: 'query.sortBy' });
  }
  all.sort((a, b) => compare[sort.by](a, b) * (sort.descending ? -1 : 1));
  return all.slice(page.offset, page.offset + page.limit);
}

const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 300 } } } as const;

/**
 * An officer acts on tasks nobody holds or it holds; an administrator on any. (The engine decides
 * claims atomically; a completion racing a colleague's claim is checked here, just before.)
 */
function refuseIfHeldByAnother(identity: Identity, task: OpenTask): void {
  if (task.assignee && task.assignee !== identity.sub && !seesAllTasks(identity)) throw claimedProblem(task.id, task.assignee);
}

function claimedProblem(taskId: string, assignee: string | null): HttpProblem {
  return new HttpProblem(409, 'TASK_CLAIMED', `Task '${taskId}' is already claimed by someone else.`, { type: 'TaskAlreadyClaimedException', assignee });
}

/**
 * Run a task command whose holder check the engine decides atomically (two officers claiming
 * at once: one wins); the loser gets C7's TaskAlreadyClaimedException, as 409.
 */
async function onHeldTask(taskId: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!isMotcuaError(error, ErrorCode.TaskClaimed)) throw error;
    throw claimedProblem(taskId, (error.details as { assignee?: string | null } | undefined)?.assignee ?? null);
  }
}

export const taskRoutes: Route[] = [
  {
    method: 'get',
    path: '/engine-rest/task',
    face: 'engine-rest',
    access: { roles: TASK_ROLES },
    summary: 'The caller’s tasks in its agency, due first (C7 GET /task)',
    tags: ['engine-rest'],
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { ...FILTERS, sortBy: { type: 'string', enum: ['dueDate', 'created', 'priority'] }, sortOrder: SORT_ORDER, ...PAGING_PROPERTIES },
    },
    responses: { 200: { description: 'tasks', schema: { type: 'array', items: TASK_SCHEMA } }, 400: { description: 'bad query', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      return { body: await taskDtos(context.services.motcua.store, await listVisible(context)) };
    },
  },
  {
    method: 'get',
    path: '/engine-rest/task/count',
    face: 'engine-rest',
    access: { roles: TASK_ROLES },
    summary: 'How many of the caller’s tasks match (C7 GET /task/count)',
    tags: ['engine-rest'],
    query: { type: 'object', additionalProperties: false, properties: FILTERS },
    responses: { 200: { description: 'the count', schema: COUNT_SCHEMA } },
    async handle(context) {
      const query = taskQuery(caller(context), context.query);
      return { body: { count: query ? await context.services.motcua.store.countTasks(query) : 0 } };
    },
  },
  {
    method: 'get',
    path: '/engine-rest/task/:id',
    face: 'engine-rest',
    access: { roles: TASK_ROLES },
    summary: 'One task meant for the caller (C7 GET /task/{id})',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    responses: { 200: { description: 'the task', schema: TASK_SCHEMA }, 404: { description: 'missing, another agency’s or not meant for the caller', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const task = await visibleTask(context, context.params.id!);
      const [dto] = await taskDtos(context.services.motcua.store, [task]);
      const { attachment: _attachment, comment: _comment, ...single } = dto!;
      return { body: single };
    },
  },
  {
    method: 'post',
    path: '/engine-rest/task/:id/claim',
    face: 'engine-rest',
    access: { roles: TASK_ROLES },
    summary: 'Claim a task (C7 POST /task/{id}/claim); an officer claims for itself',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    body: { type: 'object', additionalProperties: false, required: ['userId'], properties: { userId: { type: 'string', minLength: 1, maxLength: 200 } } },
    responses: { 204: { description: 'claimed' }, 404: { description: 'no such task for the caller', schema: EXCEPTION_SCHEMA }, 409: { description: 'someone else holds it', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const identity = caller(context);
      const { userId } = context.body as { userId: string };
      const task = await visibleTask(context, context.params.id!);
      if (userId !== identity.sub && !seesAllTasks(identity)) throw new HttpProblem(403, 'FORBIDDEN', `an officer claims tasks for itself, not for ${userId}`, { type: 'AuthorizationException', field: 'userId' });
      // C7: a claim takes a task nobody holds (claiming one's own again changes nothing)
      if (task.assignee !== userId) await onHeldTask(task.id, () => context.services.motcua.engine.claimTask(task.id, userId, identity.sub, { exclusive: true }));
      return { status: 204 };
    },
  },
  {
    method: 'post',
    path: '/engine-rest/task/:id/unclaim',
    face: 'engine-rest',
    access: { roles: TASK_ROLES },
    summary: 'Give a task back to its candidates (C7 POST /task/{id}/unclaim)',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    body: { type: 'object', additionalProperties: false, properties: {} },
    responses: { 204: { description: 'unclaimed' }, 404: { description: 'no such task for the caller', schema: EXCEPTION_SCHEMA }, 409: { description: 'someone else holds it', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const identity = caller(context);
      const task = await visibleTask(context, context.params.id!);
      // an officer gives back only what it holds (decided by the engine); an administrator any task
      if (task.assignee) await onHeldTask(task.id, () => context.services.motcua.engine.claimTask(task.id, null, identity.sub, { exclusive: !seesAllTasks(identity) }));
      return { status: 204 };
    },
  },
  {
    method: 'post',
    path: '/engine-rest/task/:id/complete',
    face: 'engine-rest',
    access: { roles: TASK_ROLES },
    summary: 'Complete a task with C7 typed variables (C7 POST /task/{id}/complete)',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    body: {
      type: 'object',
      additionalProperties: false,
      properties: { variables: { ...TYPED_VARIABLES_SCHEMA, type: ['object', 'null'] }, withVariablesInReturn: { type: 'boolean' } },
    },
    responses: {
      200: { description: 'completed; the instance’s variables (withVariablesInReturn)' },
      204: { description: 'completed' },
      400: { description: 'bad variables', schema: EXCEPTION_SCHEMA },
      404: { description: 'no such task for the caller', schema: EXCEPTION_SCHEMA },
      409: { description: 'someone else holds it', schema: EXCEPTION_SCHEMA },
    },
    async handle(context) {
      const identity = caller(context);
      const body = context.body as { variables?: Record<string, { value?: unknown; type?: string }> | null; withVariablesInReturn?: boolean };
      const task = await visibleTask(context, context.params.id!);
      const variables = fromTypedMap(body.variables);
      refuseIfHeldByAnother(identity, task);
      await context.services.motcua.engine.completeTask(task.id, variables, identity.sub);
      wakeFetchers(context.services.motcua.store);
      if (!body.withVariablesInReturn) return { status: 204 };
      const after = await context.services.motcua.store.getInstance(task.instanceId);
      return { body: toTypedMap(after ? (after.record.state.scopes[after.record.state.rootScopeId]?.variables ?? {}) : {}) };
    },
  },
  {
    method: 'get',
    path: '/engine-rest/task/:id/form-variables',
    face: 'engine-rest',
    access: { roles: TASK_ROLES },
    summary: 'The variables the task’s form sees (C7 GET /task/{id}/form-variables)',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    query: { type: 'object', additionalProperties: false, properties: { variableNames: { type: 'string', maxLength: 4000 }, deserializeValues: { type: 'boolean' } } },
    responses: { 200: { description: 'name → { value, type, valueInfo }' }, 404: { description: 'no such task for the caller', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const task = await visibleTask(context, context.params.id!);
      const loaded = await context.services.motcua.store.getInstance(task.instanceId);
      const seen = loaded ? variablesSeenBy(loaded.record.state, task.tokenId) : {};
      return { body: toTypedMap(seen, listParam(context.query.variableNames)) };
    },
  },
];
