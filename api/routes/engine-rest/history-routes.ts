/**
 * History for auditors and administrators of the agency, built from the audit record
 * (c7-history.ts). Process instances are listed from the store's instance index; activity,
 * task, variable and user-operation history is read per instance (`processInstanceId`, or
 * `processInstanceBusinessKey`, which the store finds by its index).
 */
import type { InstanceRecord, ProcessModel, RecordedEvent } from '../../../engine/index.ts';
import { HttpProblem } from '../../http/problem.ts';
import { caller, type Route, type RouteContext } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { parseDefinitionId } from './c7-definitions.ts';
import { EXCEPTION_SCHEMA, listParam, pageOf, PAGING_PROPERTIES, queryDate, SORT_ORDER, sortOf } from './c7-format.ts';
import { excludesOwnTenant } from './c7-scope.ts';
import { historicActivities, historicInstanceDto, historicTasks, historicVariables, userOperations } from './c7-history.ts';
import { agencyInstances } from './process-instance-routes.ts';

const AUDIT = [Role.Auditor, Role.Admin];

interface Loaded {
  readonly record: InstanceRecord;
  readonly process: ProcessModel | undefined;
  readonly events: readonly RecordedEvent[];
}

async function loadWithHistory(context: RouteContext, record: InstanceRecord): Promise<Loaded> {
  const { engine } = context.services.motcua;
  const definitions = await engine.definitions(record.deploymentId).catch(() => undefined);
  return { record, process: definitions?.processes[record.processKey], events: await engine.history(record.id) };
}

/** The instances a per-instance history query is about: by id or by business key, of the caller's agency. */
async function instancesOf(context: RouteContext): Promise<Loaded[]> {
  const identity = caller(context);
  const { store } = context.services.motcua;
  const id = context.query.processInstanceId as string | undefined;
  const businessKey = context.query.processInstanceBusinessKey as string | undefined;
  if (id === undefined && businessKey === undefined) {
    throw new HttpProblem(400, 'INVALID_INPUT', 'this history is read per instance: give processInstanceId or processInstanceBusinessKey', { field: 'query.processInstanceId' });
  }
  const records: InstanceRecord[] = [];
  if (id !== undefined) {
    const loaded = await store.getInstance(id);
    if (loaded && loaded.record.agency === identity.agency && (businessKey === undefined || loaded.record.businessKey === businessKey)) records.push(loaded.record);
  } else {
    for (const summary of await store.listInstances({ agency: identity.agency, businessKey: businessKey!, limit: 100 })) {
      const loaded = await store.getInstance(summary.id);
      if (loaded) records.push(loaded.record);
    }
  }
  return Promise.all(records.map((record) => loadWithHistory(context, record)));
}

const PER_INSTANCE = { processInstanceId: { type: 'string', maxLength: 200 }, processInstanceBusinessKey: { type: 'string', maxLength: 255 } } as const;

function paged<T>(context: RouteContext, items: T[]): { body: T[] } {
  const page = pageOf(context.query);
  return { body: items.slice(page.offset, page.offset + page.limit) };
}

function byTime<T>(items: T[], field: keyof T, descending: boolean): T[] {
  return items.sort((a, b) => String(a[field] ?? '').localeCompare(String(b[field] ?? '')) * (descending ? -1 : 1));
}

export const historyRoutes: Route[] = [
  {
    method: 'get',
    path: '/engine-rest/history/process-instance',
    face: 'engine-rest',
    access: { roles: AUDIT },
    summary: 'Historic process instances of the caller’s agency, newest first (C7 GET /history/process-instance)',
    tags: ['engine-rest'],
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        processInstanceId: { type: 'string' },
        processInstanceIds: { type: 'string' },
        processInstanceBusinessKey: { type: 'string' },
        processDefinitionKey: { type: 'string' },
        processDefinitionId: { type: 'string' },
        finished: { type: 'boolean' },
        unfinished: { type: 'boolean' },
        completed: { type: 'boolean' },
        active: { type: 'boolean' },
        startedBefore: { type: 'string' },
        startedAfter: { type: 'string' },
        tenantIdIn: { type: 'string' },
        ...PAGING_PROPERTIES,
      },
    },
    responses: { 200: { description: 'historic instances' }, 400: { description: 'bad query', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const identity = caller(context);
      const { query } = context;
      const { store } = context.services.motcua;
      if (excludesOwnTenant(identity, query.tenantIdIn)) return { body: [] };
      const ids = [query.processInstanceId, ...(listParam(query.processInstanceIds) ?? [])].filter((id): id is string => typeof id === 'string');
      const definition = query.processDefinitionId === undefined ? undefined : parseDefinitionId(String(query.processDefinitionId));
      const key = (query.processDefinitionKey as string | undefined) ?? definition?.key;
      const before = query.startedBefore === undefined ? undefined : queryDate(String(query.startedBefore), 'startedBefore');
      const after = query.startedAfter === undefined ? undefined : queryDate(String(query.startedAfter), 'startedAfter');
      const status = query.active === true || query.unfinished === true ? 'ACTIVE' : query.completed === true ? 'COMPLETED' : undefined;
      const found = await agencyInstances(
        store,
        { agency: identity.agency, ...(key ? { processKey: key } : {}), ...(status ? { status } : {}), ...(query.processInstanceBusinessKey !== undefined ? { businessKey: String(query.processInstanceBusinessKey) } : {}) },
        (summary) =>
          (ids.length === 0 || ids.includes(summary.id)) &&
          (query.processDefinitionId === undefined || summary.deploymentId === query.processDefinitionId) &&
          (query.finished !== true || summary.status !== 'ACTIVE') &&
          (before === undefined || summary.startedAt < before) &&
          (after === undefined || summary.startedAt > after),
        pageOf(query),
      );
      const body = [];
      for (const summary of found) {
        const loaded = await store.getInstance(summary.id);
        if (!loaded) continue;
        const { process, events } = await loadWithHistory(context, loaded.record);
        body.push(historicInstanceDto(loaded.record, process, events));
      }
      return { body };
    },
  },
  {
    method: 'get',
    path: '/engine-rest/history/activity-instance',
    face: 'engine-rest',
    access: { roles: AUDIT },
    summary: 'The activities an instance went through (C7 GET /history/activity-instance)',
    tags: ['engine-rest'],
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { ...PER_INSTANCE, activityId: { type: 'string' }, activityType: { type: 'string' }, finished: { type: 'boolean' }, unfinished: { type: 'boolean' }, sortBy: { type: 'string', enum: ['startTime', 'endTime'] }, sortOrder: SORT_ORDER, ...PAGING_PROPERTIES },
    },
    responses: { 200: { description: 'historic activity instances' }, 400: { description: 'no instance named', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const { query } = context;
      const sort = sortOf<'startTime' | 'endTime'>(query);
      const items = (await instancesOf(context))
        .flatMap(({ record, process, events }) => historicActivities(record, process, events))
        .filter(
          (activity) =>
            (query.activityId === undefined || activity.activityId === query.activityId) &&
            (query.activityType === undefined || activity.activityType === query.activityType) &&
            (query.finished !== true || activity.endTime !== null) &&
            (query.unfinished !== true || activity.endTime === null),
        );
      return paged(context, sort ? byTime(items, sort.by, sort.descending) : items);
    },
  },
  {
    method: 'get',
    path: '/engine-rest/history/task',
    face: 'engine-rest',
    access: { roles: AUDIT },
    summary: 'The user tasks an instance had, open and done (C7 GET /history/task)',
    tags: ['engine-rest'],
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { ...PER_INSTANCE, taskId: { type: 'string' }, taskAssignee: { type: 'string' }, taskDefinitionKey: { type: 'string' }, finished: { type: 'boolean' }, unfinished: { type: 'boolean' }, ...PAGING_PROPERTIES },
    },
    responses: { 200: { description: 'historic task instances' }, 400: { description: 'no instance named', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const { query } = context;
      const items = (await instancesOf(context))
        .flatMap(({ record, process, events }) => historicTasks(record, process, events))
        .filter(
          (task) =>
            (query.taskId === undefined || task.id === query.taskId) &&
            (query.taskAssignee === undefined || task.assignee === query.taskAssignee) &&
            (query.taskDefinitionKey === undefined || task.taskDefinitionKey === query.taskDefinitionKey) &&
            (query.finished !== true || task.endTime !== null) &&
            (query.unfinished !== true || task.endTime === null),
        );
      return paged(context, items);
    },
  },
  {
    method: 'get',
    path: '/engine-rest/history/variable-instance',
    face: 'engine-rest',
    access: { roles: AUDIT },
    summary: 'The latest value of each variable of an instance (C7 GET /history/variable-instance)',
    tags: ['engine-rest'],
    query: { type: 'object', additionalProperties: false, properties: { ...PER_INSTANCE, variableName: { type: 'string' }, deserializeValues: { type: 'boolean' }, ...PAGING_PROPERTIES } },
    responses: { 200: { description: 'historic variable instances' }, 400: { description: 'no instance named', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const items = (await instancesOf(context)).flatMap(({ record }) => historicVariables(record)).filter((variable) => context.query.variableName === undefined || variable.name === context.query.variableName);
      return paged(context, items);
    },
  },
  {
    method: 'get',
    path: '/engine-rest/history/user-operation',
    face: 'engine-rest',
    access: { roles: AUDIT },
    summary: 'What people did on an instance: started, claimed, completed, set variables, cancelled (C7 GET /history/user-operation)',
    tags: ['engine-rest'],
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        processInstanceId: PER_INSTANCE.processInstanceId,
        userId: { type: 'string' },
        taskId: { type: 'string' },
        operationType: { type: 'string' },
        entityType: { type: 'string' },
        afterTimestamp: { type: 'string' },
        beforeTimestamp: { type: 'string' },
        sortBy: { type: 'string', enum: ['timestamp'] },
        sortOrder: SORT_ORDER,
        ...PAGING_PROPERTIES,
      },
    },
    responses: { 200: { description: 'user operation log entries' }, 400: { description: 'no instance named', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const { query } = context;
      const sort = sortOf<'timestamp'>(query);
      const after = query.afterTimestamp === undefined ? undefined : queryDate(String(query.afterTimestamp), 'afterTimestamp');
      const before = query.beforeTimestamp === undefined ? undefined : queryDate(String(query.beforeTimestamp), 'beforeTimestamp');
      const items = (await instancesOf(context))
        .flatMap(({ record, events }) =>
          userOperations(
            record,
            events.filter((event) => (after === undefined || event.at > after) && (before === undefined || event.at < before)),
          ),
        )
        .filter(
          (entry) =>
            (query.userId === undefined || entry.userId === query.userId) &&
            (query.taskId === undefined || entry.taskId === query.taskId) &&
            (query.operationType === undefined || entry.operationType === query.operationType) &&
            (query.entityType === undefined || entry.entityType === query.entityType),
        );
      return paged(context, sort ? byTime(items, 'timestamp', sort.descending) : items);
    },
  },
];
