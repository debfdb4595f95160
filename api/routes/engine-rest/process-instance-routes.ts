/**
 * Running process instances of the caller's agency: read by auditors and administrators,
 * deleted (cancelled) by administrators. Another agency's instance is a 404.
 */
import type { InstanceQuery, InstanceSummary, Store } from '../../../engine/index.ts';
import { caller, type Route } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { parseDefinitionId } from './c7-definitions.ts';
import { COUNT_SCHEMA, EXCEPTION_SCHEMA, listParam, pageOf, PAGING_PROPERTIES, type Page } from './c7-format.ts';
import { INSTANCE_SCHEMA, instanceDto } from './c7-instances.ts';
import { agencyInstance } from './c7-scope.ts';
import { toTypedMap } from './c7-variables.ts';

const READERS = [Role.Auditor, Role.Admin];

const FILTERS = {
  processInstanceIds: { type: 'string' },
  businessKey: { type: 'string' },
  processDefinitionKey: { type: 'string' },
  processDefinitionId: { type: 'string' },
  tenantIdIn: { type: 'string' },
  active: { type: 'boolean' },
} as const;

const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;

/** How many instance summaries one store read takes while filtering a page. */
const CHUNK = 500;

/**
 * Read the agency's instances matching `filter` page by page from the store (newest first) and
 * keep the `page` wanted; a count reads them all. The store serves agency, key, business key and
 * status from its indexes; the rest is filtered here.
 */
export async function agencyInstances(store: Store, base: InstanceQuery, filter: (summary: InstanceSummary) => boolean, page: Page | 'all'): Promise<InstanceSummary[]> {
  const wanted = page === 'all' ? Number.POSITIVE_INFINITY : page.offset + page.limit;
  const matches: InstanceSummary[] = [];
  for (let offset = 0; matches.length < wanted; offset += CHUNK) {
    const chunk = await store.listInstances({ ...base, limit: CHUNK, offset });
    for (const summary of chunk) if (filter(summary)) matches.push(summary);
    if (chunk.length < CHUNK) break;
  }
  return page === 'all' ? matches : matches.slice(page.offset, page.offset + page.limit);
}

function instanceQuery(
  agency: string,
  query: Record<string, unknown>,
): { base: InstanceQuery; filter: (summary: InstanceSummary) => boolean; empty: boolean; indexed: boolean } {
  const ids = listParam(query.processInstanceIds);
  const tenants = listParam(query.tenantIdIn);
  const definition = query.processDefinitionId === undefined ? undefined : parseDefinitionId(String(query.processDefinitionId));
  const key = (query.processDefinitionKey as string | undefined) ?? definition?.key;
  const empty = (tenants !== undefined && !tenants.includes(agency)) || (query.processDefinitionId !== undefined && !definition) || (definition !== undefined && key !== definition.key);
  return {
    base: { agency, status: 'ACTIVE', ...(key ? { processKey: key } : {}), ...(query.businessKey !== undefined ? { businessKey: String(query.businessKey) } : {}) },
    filter: (summary) => (!ids || ids.includes(summary.id)) && (query.processDefinitionId === undefined || summary.deploymentId === query.processDefinitionId),
    empty,
    indexed: ids === undefined && query.processDefinitionId === undefined,
  };
}

export const processInstanceRoutes: Route[] = [
  {
    method: 'get',
    path: '/engine-rest/process-instance',
    face: 'engine-rest',
    access: { roles: READERS },
    summary: 'Running instances of the caller’s agency (C7 GET /process-instance)',
    tags: ['engine-rest'],
    query: { type: 'object', additionalProperties: false, properties: { ...FILTERS, ...PAGING_PROPERTIES } },
    responses: { 200: { description: 'instances, newest first', schema: { type: 'array', items: INSTANCE_SCHEMA } }, 400: { description: 'bad query', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const { base, filter, empty } = instanceQuery(caller(context).agency, context.query);
      if (empty) return { body: [] };
      const found = await agencyInstances(context.services.motcua.store, base, filter, pageOf(context.query));
      return { body: found.map(instanceDto) };
    },
  },
  {
    method: 'get',
    path: '/engine-rest/process-instance/count',
    face: 'engine-rest',
    access: { roles: READERS },
    summary: 'How many running instances the agency has (C7 GET /process-instance/count)',
    tags: ['engine-rest'],
    query: { type: 'object', additionalProperties: false, properties: FILTERS },
    responses: { 200: { description: 'the count', schema: COUNT_SCHEMA } },
    async handle(context) {
      const { base, filter, empty, indexed } = instanceQuery(caller(context).agency, context.query);
      if (empty) return { body: { count: 0 } };
      const { store } = context.services.motcua;
      // counted in the store's indexes unless a filter only this route applies is set
      return { body: { count: indexed ? await store.countInstances(base) : (await agencyInstances(store, base, filter, 'all')).length } };
    },
  },
  {
    method: 'get',
    path: '/engine-rest/process-instance/:id',
    face: 'engine-rest',
    access: { roles: READERS },
    summary: 'One instance of the caller’s agency (C7 GET /process-instance/{id})',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    responses: { 200: { description: 'the instance', schema: INSTANCE_SCHEMA }, 404: { description: 'missing or another agency’s', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const loaded = await agencyInstance(context, context.params.id!);
      return { body: instanceDto(loaded.record) };
    },
  },
  {
    method: 'get',
    path: '/engine-rest/process-instance/:id/variables',
    face: 'engine-rest',
    access: { roles: READERS },
    summary: 'The instance’s variables as C7 typed values (C7 GET /process-instance/{id}/variables)',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    query: { type: 'object', additionalProperties: false, properties: { deserializeValues: { type: 'boolean' } } },
    responses: { 200: { description: 'name → { value, type, valueInfo }' }, 404: { description: 'missing or another agency’s', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const { record } = await agencyInstance(context, context.params.id!);
      return { body: toTypedMap(record.state.scopes[record.state.rootScopeId]?.variables ?? {}) };
    },
  },
  {
    method: 'delete',
    path: '/engine-rest/process-instance/:id',
    face: 'engine-rest',
    access: { roles: [Role.Admin] },
    summary: 'Cancel an instance of the caller’s agency (C7 DELETE /process-instance/{id})',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { skipCustomListeners: { type: 'boolean' }, skipIoMappings: { type: 'boolean' }, skipSubprocesses: { type: 'boolean' }, failIfNotExists: { type: 'boolean' } },
    },
    responses: { 204: { description: 'cancelled' }, 404: { description: 'missing or another agency’s', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const loaded = await agencyInstance(context, context.params.id!);
      if (loaded.record.status === 'ACTIVE') await context.services.motcua.engine.cancelInstance(loaded.record.id, 'deleted through /engine-rest', caller(context).sub);
      return { status: 204 };
    },
  },
];
