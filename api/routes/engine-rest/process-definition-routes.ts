/**
 * Process definitions: listed and read by analysts (and officers and auditors, who need to know
 * what can be started and what history refers to); started by officers in their own agency, the
 * token's user becoming the starter (`camunda:initiator`) and its agency the instance's tenant.
 */
import type { Deployment, DeploymentInfo } from '../../../engine/index.ts';
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

async function byId(context: RouteContext, id: string): Promise<Deployment> {
  const parsed = parseDefinitionId(id);
  const deployment = parsed ? await context.services.motcua.store.deploymentByVersion(parsed.key, parsed.version) : undefined;
  if (!deployment) throw notFound('Process definition', id);
  return deployment;
}

async function latest(context: RouteContext, key: string): Promise<Deployment> {
  const deployment = await context.services.motcua.store.latestDeployment(key);
  if (!deployment) throw notFound('Process definition with key', key);
  return deployment;
}

async function definitionReply(context: RouteContext, info: DeploymentInfo) {
  return { body: await definitionDto(context.services.motcua, info, await deploymentFacts(context.services.motcua, info.deploymentId)) };
}

const xmlReply = (deployment: Deployment) => ({ body: { id: deployment.deploymentId, bpmn20Xml: deployment.source } });

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

/**
 * C7 addresses one definition two ways, with the same three routes under each: by key (its
 * latest version) and by id (`key:version`).
 */
function addressedBy(how: 'key' | 'id'): Route[] {
  const base = how === 'key' ? '/engine-rest/process-definition/key/:key' : '/engine-rest/process-definition/:id';
  const c7 = how === 'key' ? '/process-definition/key/{key}' : '/process-definition/{id}';
  const which = how === 'key' ? 'the latest version of a key' : 'one version';
  const find = (context: RouteContext) => (how === 'key' ? latest(context, context.params.key!) : byId(context, context.params.id!));
  const common = { face: 'engine-rest', tags: ['engine-rest'], params: how === 'key' ? KEY_PARAMS : ID_PARAMS } as const;
  return [
    {
      ...common,
      method: 'get',
      path: base,
      access: { roles: READERS },
      summary: `A process definition, ${which} (C7 GET ${c7})`,
      responses: { 200: { description: 'the definition', schema: DEFINITION_SCHEMA }, 404: { description: 'no such definition', schema: EXCEPTION_SCHEMA } },
      async handle(context) {
        return definitionReply(context, await find(context));
      },
    },
    {
      ...common,
      method: 'get',
      path: `${base}/xml`,
      access: { roles: READERS },
      summary: `The BPMN XML of ${which} (C7 GET ${c7}/xml)`,
      responses: { 200: { description: 'the diagram' }, 404: { description: 'no such definition', schema: EXCEPTION_SCHEMA } },
      async handle(context) {
        return xmlReply(await find(context));
      },
    },
    {
      ...common,
      method: 'post',
      path: `${base}/start`,
      access: { roles: STARTERS },
      summary: `Start ${which} in the caller’s agency (C7 POST ${c7}/start)`,
      body: START_BODY,
      responses: startResponses,
      async handle(context) {
        return start(context, await find(context));
      },
    },
  ];
}

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
  ...addressedBy('key'),
  ...addressedBy('id'),
];
