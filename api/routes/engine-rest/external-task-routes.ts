/**
 * External tasks for workers (camunda-external-task-client-js runs against these unchanged):
 * fetchAndLock with long polling, complete, failure (retries and retry timeout; no retries left
 * raises an incident), bpmnError, extendLock and unlock. A worker serves its topics for every
 * agency (the task's agency is its `tenantId`); the lock, not the agency, says who may report on
 * a task. Administrators may list their agency's external tasks.
 */
import { ErrorCode, isMotcuaError, type JobRecord, type LockedExternalTask } from '../../../engine/index.ts';
import { HttpProblem } from '../../http/problem.ts';
import { caller, type Route, type RouteContext } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { c7Date, EXCEPTION_SCHEMA, listParam, pageOf, PAGING_PROPERTIES } from './c7-format.ts';
import { pollUntil, wakeFetchers } from './fetch-waiters.ts';
import { fromTypedMap, toTypedMap, TYPED_VARIABLES_SCHEMA, type TypedValue } from './c7-variables.ts';
import { seesAllTasks } from './c7-scope.ts';

const WORKERS = [Role.Worker];

/** C7 caps the long poll at 30 minutes. */
const MAX_ASYNC_RESPONSE_MS = 1_800_000;

const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 300 } } } as const;
const WORKER_ID = { type: 'string', minLength: 1, maxLength: 255 } as const;
const VARIABLES = { ...TYPED_VARIABLES_SCHEMA, type: ['object', 'null'] } as const;
const NO_LOCAL_VARIABLES = { type: ['object', 'null'], maxProperties: 0 } as const;

interface Topic {
  readonly topicName: string;
  readonly lockDuration: number;
  readonly variables?: readonly string[] | null;
}

function lockedDto(task: LockedExternalTask, workerId: string, names: readonly string[] | null | undefined) {
  return {
    activityId: task.elementId,
    activityInstanceId: null,
    errorMessage: null,
    errorDetails: null,
    executionId: task.instanceId,
    id: task.jobId,
    lockExpirationTime: c7Date(task.lockExpiresAt),
    createTime: null,
    processDefinitionId: task.deploymentId,
    processDefinitionKey: task.processKey,
    processDefinitionVersionTag: null,
    processInstanceId: task.instanceId,
    tenantId: task.agency ?? null,
    retries: task.retries,
    suspended: false,
    workerId,
    priority: task.priority,
    topicName: task.topic,
    businessKey: task.businessKey ?? null,
    variables: toTypedMap(task.variables, names ?? undefined),
    extensionProperties: {},
  };
}

/** The engine's refusals on a locked task, as C7 answers them. */
async function onLockedTask(context: RouteContext, action: () => Promise<void>): Promise<{ status: number }> {
  try {
    await action();
  } catch (error) {
    if (isMotcuaError(error, ErrorCode.JobNotFound)) throw new HttpProblem(404, 'JOB_NOT_FOUND', `External task with id ${context.params.id} does not exist`, { type: 'NotFoundException' });
    if (isMotcuaError(error, ErrorCode.JobLocked)) throw new HttpProblem(400, 'JOB_LOCKED', error.message, { type: 'BadUserRequestException', field: 'workerId' });
    throw error;
  }
  wakeFetchers(context.services.motcua.store);
  return { status: 204 };
}

function externalTaskDto(job: JobRecord, agency: string | undefined, deploymentId: string | undefined, processKey: string | undefined) {
  return {
    activityId: job.elementId,
    activityInstanceId: null,
    errorMessage: null,
    executionId: job.instanceId,
    id: job.id,
    lockExpirationTime: c7Date(job.lockExpiresAt),
    processDefinitionId: deploymentId ?? null,
    processDefinitionKey: processKey ?? null,
    processDefinitionVersionTag: null,
    processInstanceId: job.instanceId,
    tenantId: agency ?? null,
    retries: job.retries ?? null,
    suspended: false,
    workerId: job.lockOwner ?? null,
    topicName: job.topic ?? null,
    priority: job.priority,
    businessKey: null,
    createTime: null,
  };
}

export const externalTaskRoutes: Route[] = [
  {
    method: 'post',
    path: '/engine-rest/external-task/fetchAndLock',
    face: 'engine-rest',
    access: { roles: WORKERS },
    summary: 'Lock tasks of the given topics for a worker, waiting up to asyncResponseTimeout (C7 POST /external-task/fetchAndLock)',
    tags: ['engine-rest'],
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['workerId', 'maxTasks', 'topics'],
      properties: {
        workerId: WORKER_ID,
        maxTasks: { type: 'integer', minimum: 0, maximum: 1000 },
        usePriority: { type: 'boolean' },
        asyncResponseTimeout: { type: 'integer', minimum: 0, maximum: MAX_ASYNC_RESPONSE_MS },
        topics: {
          type: 'array',
          maxItems: 100,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['topicName', 'lockDuration'],
            properties: {
              topicName: { type: 'string', minLength: 1, maxLength: 255 },
              lockDuration: { type: 'integer', minimum: 1, maximum: 2_147_483_647 },
              variables: { type: ['array', 'null'], maxItems: 500, items: { type: 'string', maxLength: 200 } },
              localVariables: { type: 'boolean', const: false },
              deserializeValues: { type: 'boolean' },
              includeExtensionProperties: { type: 'boolean' },
            },
          },
        },
      },
    },
    responses: { 200: { description: 'the locked tasks (an empty list when none came in time)' }, 400: { description: 'bad request', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const { engine, store } = context.services.motcua;
      const body = context.body as { workerId: string; maxTasks: number; asyncResponseTimeout?: number; topics: Topic[] };
      const client = new AbortController();
      // 'close' before the answer is written means the worker went away
      context.res.on('close', () => client.abort());
      const lock = async (): Promise<ReturnType<typeof lockedDto>[]> => {
        const locked: ReturnType<typeof lockedDto>[] = [];
        for (const topic of body.topics) {
          const room = body.maxTasks - locked.length;
          if (room <= 0 || client.signal.aborted) break;
          for (const task of await engine.fetchAndLock(topic.topicName, body.workerId, topic.lockDuration, room)) locked.push(lockedDto(task, body.workerId, topic.variables));
        }
        return locked;
      };
      const locked = await pollUntil(store, lock, Date.now() + (body.asyncResponseTimeout ?? 0), client.signal);
      if (client.signal.aborted) {
        // nobody will work on them: give them back at once instead of when the lock runs out
        for (const task of locked) await store.unlockJob(task.id);
        return undefined;
      }
      return { body: locked };
    },
  },
  {
    method: 'post',
    path: '/engine-rest/external-task/:id/complete',
    face: 'engine-rest',
    access: { roles: WORKERS },
    summary: 'Complete a locked task with C7 typed variables (C7 POST /external-task/{id}/complete)',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    body: { type: 'object', additionalProperties: false, required: ['workerId'], properties: { workerId: WORKER_ID, variables: VARIABLES, localVariables: NO_LOCAL_VARIABLES } },
    responses: { 204: { description: 'completed' }, 400: { description: 'not locked by this worker, or bad variables', schema: EXCEPTION_SCHEMA }, 404: { description: 'no such task', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const body = context.body as { workerId: string; variables?: Record<string, Partial<TypedValue>> | null };
      const variables = fromTypedMap(body.variables);
      return onLockedTask(context, () => context.services.motcua.engine.completeExternalTask(context.params.id!, body.workerId, variables));
    },
  },
  {
    method: 'post',
    path: '/engine-rest/external-task/:id/failure',
    face: 'engine-rest',
    access: { roles: WORKERS },
    summary: 'Report a failure: retries left and when to retry; none left raises an incident (C7 POST /external-task/{id}/failure)',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['workerId'],
      properties: {
        workerId: WORKER_ID,
        errorMessage: { type: ['string', 'null'], maxLength: 4000 },
        errorDetails: { type: ['string', 'null'], maxLength: 100_000 },
        retries: { type: ['integer', 'null'], minimum: 0, maximum: 1_000_000 },
        retryTimeout: { type: ['integer', 'null'], minimum: 0, maximum: 31_536_000_000 },
        variables: { type: ['object', 'null'], maxProperties: 0 },
        localVariables: NO_LOCAL_VARIABLES,
      },
    },
    responses: { 204: { description: 'recorded' }, 400: { description: 'not locked by this worker', schema: EXCEPTION_SCHEMA }, 404: { description: 'no such task', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const body = context.body as { workerId: string; errorMessage?: string | null; retries?: number | null; retryTimeout?: number | null };
      return onLockedTask(context, () =>
        context.services.motcua.engine.failExternalTask(context.params.id!, body.workerId, body.retries ?? 0, body.errorMessage ?? undefined, body.retryTimeout ?? undefined),
      );
    },
  },
  {
    method: 'post',
    path: '/engine-rest/external-task/:id/bpmnError',
    face: 'engine-rest',
    access: { roles: WORKERS },
    summary: 'Throw a BPMN error from a locked task (C7 POST /external-task/{id}/bpmnError)',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['workerId', 'errorCode'],
      properties: { workerId: WORKER_ID, errorCode: { type: 'string', minLength: 1, maxLength: 255 }, errorMessage: { type: ['string', 'null'], maxLength: 4000 }, variables: VARIABLES },
    },
    responses: { 204: { description: 'thrown' }, 400: { description: 'not locked by this worker', schema: EXCEPTION_SCHEMA }, 404: { description: 'no such task', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const body = context.body as { workerId: string; errorCode: string; errorMessage?: string | null; variables?: Record<string, Partial<TypedValue>> | null };
      const variables = fromTypedMap(body.variables);
      return onLockedTask(context, () => context.services.motcua.engine.throwBpmnError(context.params.id!, body.workerId, body.errorCode, body.errorMessage ?? undefined, variables));
    },
  },
  {
    method: 'post',
    path: '/engine-rest/external-task/:id/extendLock',
    face: 'engine-rest',
    access: { roles: WORKERS },
    summary: 'Keep a locked task longer (C7 POST /external-task/{id}/extendLock)',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    body: { type: 'object', additionalProperties: false, required: ['workerId', 'newDuration'], properties: { workerId: WORKER_ID, newDuration: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } } },
    responses: { 204: { description: 'extended' }, 400: { description: 'not locked by this worker', schema: EXCEPTION_SCHEMA }, 404: { description: 'no such task', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const body = context.body as { workerId: string; newDuration: number };
      return onLockedTask(context, () => context.services.motcua.engine.extendExternalTaskLock(context.params.id!, body.workerId, body.newDuration));
    },
  },
  {
    method: 'post',
    path: '/engine-rest/external-task/:id/unlock',
    face: 'engine-rest',
    access: { roles: WORKERS },
    summary: 'Give a locked task back (C7 POST /external-task/{id}/unlock)',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    body: { type: 'object', additionalProperties: false, properties: {} },
    responses: { 204: { description: 'unlocked' }, 404: { description: 'no such task', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      return onLockedTask(context, () => context.services.motcua.engine.unlockExternalTask(context.params.id!));
    },
  },
  {
    method: 'get',
    path: '/engine-rest/external-task',
    face: 'engine-rest',
    access: { roles: [Role.Worker, Role.Admin] },
    summary: 'External tasks (C7 GET /external-task); an administrator sees its agency’s',
    tags: ['engine-rest'],
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        externalTaskId: { type: 'string' },
        topicName: { type: 'string' },
        workerId: { type: 'string' },
        locked: { type: 'boolean' },
        notLocked: { type: 'boolean' },
        withRetriesLeft: { type: 'boolean' },
        noRetriesLeft: { type: 'boolean' },
        processInstanceId: { type: 'string' },
        activityId: { type: 'string' },
        tenantIdIn: { type: 'string' },
        ...PAGING_PROPERTIES,
      },
    },
    responses: { 200: { description: 'external tasks' }, 400: { description: 'bad query', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const identity = caller(context);
      const { query } = context;
      const { store } = context.services.motcua;
      const now = Date.now();
      const tenants = listParam(query.tenantIdIn);
      const jobs = (await store.allJobs(query.processInstanceId !== undefined ? { instanceId: String(query.processInstanceId) } : undefined)).filter((job) => {
        const locked = job.lockExpiresAt !== undefined && Date.parse(job.lockExpiresAt) > now;
        return (
          job.kind === 'external' &&
          (query.externalTaskId === undefined || job.id === query.externalTaskId) &&
          (query.topicName === undefined || job.topic === query.topicName) &&
          (query.workerId === undefined || (locked && job.lockOwner === query.workerId)) &&
          (query.locked !== true || locked) &&
          (query.notLocked !== true || !locked) &&
          (query.withRetriesLeft !== true || job.retries === undefined || job.retries > 0) &&
          (query.noRetriesLeft !== true || job.retries === 0) &&
          (query.activityId === undefined || job.elementId === query.activityId)
        );
      });
      const instances = new Map<string, { agency?: string; deploymentId: string; processKey: string } | undefined>();
      for (const job of jobs) if (!instances.has(job.instanceId)) instances.set(job.instanceId, (await store.getInstance(job.instanceId))?.record);
      const scoped = jobs.filter((job) => {
        const agency = instances.get(job.instanceId)?.agency;
        if (seesAllTasks(identity) && agency !== identity.agency) return false;
        return !tenants || tenants.includes(agency ?? '');
      });
      const page = pageOf(query);
      return {
        body: scoped.slice(page.offset, page.offset + page.limit).map((job) => {
          const instance = instances.get(job.instanceId);
          return externalTaskDto(job, instance?.agency, instance?.deploymentId, instance?.processKey);
        }),
      };
    },
  },
];
