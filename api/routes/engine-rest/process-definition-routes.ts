/**
 * Process definitions: listed and read by analysts (and officers and auditors, who need to know
 * what can be started and what history refers to); started by officers in their own agency, the
 * token's user becoming the starter (`camunda:initiator`) and its agency the instance's tenant.
 */
import type { DeploymentInfo } from '../../../engine/index.ts';
import { caller, type Route, type RouteContext } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { definitionDto, DEFINITION_SCHEMA, deploymentFacts, parseDefinitionId } from './c7-definitions.ts';
import { EXCEPTION_SCHEMA, notFound, pageOf, PAGING_PROPERTIES, SORT_ORDER, sortOf } from './c7-format.ts';
import { INSTANCE_SCHEMA, instanceDto } from './c7-instances.ts';
import { fromTypedMap, toTypedMap, TYPED_VARIABLES_SCHEMA } from './c7-variables.ts';
import { wakeFetchers } from './fetch-waiters.ts';

const READERS = [Role.Analyst, Role.Admin, Role.Officer, Role.Auditor];
const STARTERS = [Role.Officer, Role.Admin];

const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 300 } } } as const;
const KEY_PARAMS = { type: 'object', required: ['key'], properties: { key: { type: 'string', minLength: 1, maxLength: 255 } } } as const;

async function byId(context: RouteContext, id: string): Promise<DeploymentInfo> {
  const parsed = parseDefinitionId(id);
  const deployment = parsed ? await context.services.motcua.store.deploymentByVersion(parsed.key, parsed.version) : undefined;
  if (!deployment) throw notFound('Process definition', id);
  return deployment;
}

async function latest(context: RouteContext, key: string): Promise<DeploymentInfo> {
  const deployment = await context.services.motcua.store.latestDeployment(key);
  if (!deployment) throw notFound('Process definition with key', key);
  return deployment;
}

const START_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    variables: { ...TYPED_VARIABLES_SCHEMA, type: ['object', 'null'] },
    businessKey: { type: ['string', 'null'], maxLength: 255 },
    withVariablesInReturn: { type: 'boolean' },
    skipCustomListeners: { type: 'boolean', const: false },
    skipIoMappings: { type: 'boolean', const: false },
  },
} as const;

async function start(context: RouteContext, deployment: DeploymentInfo) {
  const identity = caller(context);
  const body = context.body as { variables?: Record<string, { value?: unknown; type?: string }> | null; businessKey?: string | null; withVariablesInReturn?: boolean };
  const variables = fromTypedMap(body.variables);
  const view = await context.services.motcua.engine.startInstance(deployment.key, {
    version: deployment.version,
    ...(variables ? { variables } : {}),
    ...(body.businessKey ? { businessKey: body.businessKey } : {}),
    by: identity.sub,
    agency: identity.agency,
  });
  wakeFetchers(context.services.motcua.store);
  const dto = instanceDto({ id: view.id, deploymentId: deployment.deploymentId, processKey: deployment.key, businessKey: body.businessKey ?? undefined, status: view.state.status, agency: identity.agency });
  const links = [{ method: 'GET', href: `${context.req.protocol}://${context.req.get('host')}/engine-rest/process-instance/${view.id}`, rel: 'self' }];
  const withVariables = body.withVariablesInReturn ? { variables: toTypedMap(view.state.scopes[view.state.rootScopeId]?.variables ?? {}) } : {};
  return { body: { ...dto, links, ...withVariables } };
}

const startResponses = { 200: { description: 'the new instance', schema: INSTANCE_SCHEMA }, 400: { description: 'bad variables', schema: EXCEPTION_SCHEMA }, 404: { description: 'no such definition', schema: EXCEPTION_SCHEMA } };

export const processDefinitionRoutes: Route[] = [
  {
    method: 'get',
    path: '/engine-rest/process-definition',
    face: 'engine-rest',
    access: { roles: READERS },
    summary: 'Process definitions (C7 GET /process-definition)',
    tags: ['engine-rest'],
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        processDefinitionId: { type: 'string' },
        processDefinitionIdIn: { type: 'string' },
        key: { type: 'string' },
        keysIn: { type: 'string' },
        name: { type: 'string' },
        deploymentId: { type: 'string' },
        version: { type: 'integer' },
        latestVersion: { type: 'boolean' },
        sortBy: { type: 'string', enum: ['key', 'name', 'version', 'id', 'deploymentId'] },
        sortOrder: SORT_ORDER,
        ...PAGING_PROPERTIES,
      },
    },
    responses: { 200: { description: 'definitions', schema: { type: 'array', items: DEFINITION_SCHEMA } }, 400: { description: 'bad query', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const { query, services } = context;
      const sort = sortOf<'key' | 'name' | 'version' | 'id' | 'deploymentId'>(query);
      const page = pageOf(query);
      const ids = [query.processDefinitionId, ...(query.processDefinitionIdIn ? String(query.processDefinitionIdIn).split(',') : [])].filter((id): id is string => typeof id === 'string');
      const keys = query.keysIn ? String(query.keysIn).split(',') : undefined;
      let infos = (await services.motcua.store.listDeployments()).filter(
        (info) =>
          (ids.length === 0 || ids.includes(info.deploymentId)) &&
          (query.key === undefined || info.key === query.key) &&
          (!keys || keys.includes(info.key)) &&
          (query.deploymentId === undefined || info.deploymentId === query.deploymentId) &&
          (query.version === undefined || info.version === query.version),
      );
      if (query.latestVersion === true) {
        const highest = new Map<string, number>();
        for (const info of infos) highest.set(info.key, Math.max(highest.get(info.key) ?? 0, info.version));
        infos = infos.filter((info) => highest.get(info.key) === info.version);
      }
      let dtos = await Promise.all(infos.map(async (info) => definitionDto(services.motcua, info, await deploymentFacts(services.motcua, info.deploymentId))));
      if (query.name !== undefined) dtos = dtos.filter((dto) => dto.name === query.name);
      if (sort) {
        const field = sort.by;
        dtos.sort((a, b) => {
          const order = field === 'version' ? a.version - b.version : String(a[field] ?? '').localeCompare(String(b[field] ?? ''));
          return sort.descending ? -order : order;
        });
      }
      return { body: dtos.slice(page.offset, page.offset + page.limit) };
    },
  },
  {
    method: 'get',
    path: '/engine-rest/process-definition/key/:key',
    face: 'engine-rest',
    access: { roles: READERS },
    summary: 'The latest version of a process definition (C7 GET /process-definition/key/{key})',
    tags: ['engine-rest'],
    params: KEY_PARAMS,
    responses: { 200: { description: 'the definition', schema: DEFINITION_SCHEMA }, 404: { description: 'no such key', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const info = await latest(context, context.params.key!);
      return { body: await definitionDto(context.services.motcua, info, await deploymentFacts(context.services.motcua, info.deploymentId)) };
    },
  },
  {
    method: 'get',
    path: '/engine-rest/process-definition/key/:key/xml',
    face: 'engine-rest',
    access: { roles: READERS },
    summary: 'The BPMN XML of the latest version (C7 GET /process-definition/key/{key}/xml)',
    tags: ['engine-rest'],
    params: KEY_PARAMS,
    responses: { 200: { description: 'the diagram' }, 404: { description: 'no such key', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const info = await context.services.motcua.store.latestDeployment(context.params.key!);
      if (!info) throw notFound('Process definition with key', context.params.key!);
      return { body: { id: info.deploymentId, bpmn20Xml: info.source } };
    },
  },
  {
    method: 'post',
    path: '/engine-rest/process-definition/key/:key/start',
    face: 'engine-rest',
    access: { roles: STARTERS },
    summary: 'Start the latest version in the caller’s agency (C7 POST /process-definition/key/{key}/start)',
    tags: ['engine-rest'],
    params: KEY_PARAMS,
    body: START_BODY,
    responses: startResponses,
    async handle(context) {
      return start(context, await latest(context, context.params.key!));
    },
  },
  {
    method: 'get',
    path: '/engine-rest/process-definition/:id',
    face: 'engine-rest',
    access: { roles: READERS },
    summary: 'One process definition (C7 GET /process-definition/{id})',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    responses: { 200: { description: 'the definition', schema: DEFINITION_SCHEMA }, 404: { description: 'no such definition', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const info = await byId(context, context.params.id!);
      return { body: await definitionDto(context.services.motcua, info, await deploymentFacts(context.services.motcua, info.deploymentId)) };
    },
  },
  {
    method: 'get',
    path: '/engine-rest/process-definition/:id/xml',
    face: 'engine-rest',
    access: { roles: READERS },
    summary: 'The BPMN XML of a process definition (C7 GET /process-definition/{id}/xml)',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    responses: { 200: { description: 'the diagram' }, 404: { description: 'no such definition', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const parsed = parseDefinitionId(context.params.id!);
      const deployment = parsed ? await context.services.motcua.store.deploymentByVersion(parsed.key, parsed.version) : undefined;
      if (!deployment) throw notFound('Process definition', context.params.id!);
      return { body: { id: deployment.deploymentId, bpmn20Xml: deployment.source } };
    },
  },
  {
    method: 'post',
    path: '/engine-rest/process-definition/:id/start',
    face: 'engine-rest',
    access: { roles: STARTERS },
    summary: 'Start this version in the caller’s agency (C7 POST /process-definition/{id}/start)',
    tags: ['engine-rest'],
    params: ID_PARAMS,
    body: START_BODY,
    responses: startResponses,
    async handle(context) {
      return start(context, await byId(context, context.params.id!));
    },
  },
];
