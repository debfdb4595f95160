/**
 * Messages and signals from outside, within the caller's agency: a message reaches one waiting
 * instance of the agency (by business key or instance id when given) or starts one at a message
 * start event; a signal reaches every listening instance of the agency and starts those with a
 * signal start. Instances started this way belong to the caller's agency and name it as starter.
 */
import { ErrorCode, isMotcuaError } from '../../../engine/index.ts';
import { HttpProblem } from '../../http/problem.ts';
import { caller, type Route } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { EXCEPTION_SCHEMA } from './c7-format.ts';
import { instanceDto } from './c7-instances.ts';
import { agencyInstance } from './c7-scope.ts';
import { fromTypedMap, toTypedMap, TYPED_VARIABLES_SCHEMA, type TypedValue } from './c7-variables.ts';
import { wakeFetchers } from './fetch-waiters.ts';

const SENDERS = [Role.Officer, Role.Admin];
const VARIABLES = { ...TYPED_VARIABLES_SCHEMA, type: ['object', 'null'] } as const;
const NONE = { type: ['object', 'null'], maxProperties: 0 } as const;

export const runtimeEventRoutes: Route[] = [
  {
    method: 'post',
    path: '/engine-rest/message',
    face: 'engine-rest',
    access: { roles: SENDERS },
    summary: 'Correlate a message in the caller’s agency (C7 POST /message)',
    tags: ['engine-rest'],
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['messageName'],
      properties: {
        messageName: { type: 'string', minLength: 1, maxLength: 255 },
        businessKey: { type: ['string', 'null'], maxLength: 255 },
        processInstanceId: { type: ['string', 'null'], maxLength: 200 },
        tenantId: { type: ['string', 'null'], maxLength: 200 },
        withoutTenantId: { type: 'boolean', const: false },
        processVariables: VARIABLES,
        processVariablesLocal: NONE,
        processVariablesToTriggeredScope: NONE,
        correlationKeys: NONE,
        localCorrelationKeys: NONE,
        all: { type: 'boolean', const: false },
        resultEnabled: { type: 'boolean' },
        variablesInResultEnabled: { type: 'boolean' },
      },
    },
    responses: {
      200: { description: 'the correlation result (resultEnabled)' },
      204: { description: 'correlated' },
      400: { description: 'no instance of the agency waits for it and no process starts with it', schema: EXCEPTION_SCHEMA },
    },
    async handle(context) {
      const identity = caller(context);
      const body = context.body as {
        messageName: string;
        businessKey?: string | null;
        processInstanceId?: string | null;
        tenantId?: string | null;
        processVariables?: Record<string, Partial<TypedValue>> | null;
        resultEnabled?: boolean;
        variablesInResultEnabled?: boolean;
      };
      if (body.tenantId && body.tenantId !== identity.agency) throw new HttpProblem(403, 'FORBIDDEN', `cannot correlate in tenant ${body.tenantId}`, { type: 'AuthorizationException', field: 'tenantId' });
      if (body.processInstanceId) await agencyInstance(context, body.processInstanceId);
      const variables = fromTypedMap(body.processVariables, 'processVariables');
      const { engine, store } = context.services.motcua;
      // an instance that was not waiting for the message was started by it (C7: resultType ProcessDefinition)
      const waiting = new Set(await store.instancesSubscribed('message', body.messageName));
      let reached: string[];
      try {
        reached = await engine.correlateMessage(body.messageName, {
          ...(body.processInstanceId ? { instanceId: body.processInstanceId } : {}),
          ...(body.businessKey ? { businessKey: body.businessKey } : {}),
          ...(variables ? { variables } : {}),
          agency: identity.agency,
          by: identity.sub,
        });
      } catch (error) {
        if (isMotcuaError(error, ErrorCode.NoSubscription) || isMotcuaError(error, ErrorCode.InstanceNotActive)) {
          throw new HttpProblem(400, 'NO_SUBSCRIPTION', `Cannot correlate message '${body.messageName}': No process definition or execution matches the parameters`, {
            type: 'RestException',
            field: 'messageName',
          });
        }
        throw error;
      }
      wakeFetchers(store);
      if (!body.resultEnabled) return { status: 204 };
      const results = [];
      for (const id of reached) {
        const loaded = await store.getInstance(id);
        if (!loaded) continue;
        const started = !waiting.has(id);
        results.push({
          resultType: started ? 'ProcessDefinition' : 'Execution',
          // C7 leaves out the one that does not apply (its document cannot say null for them)
          ...(started
            ? { processInstance: instanceDto(loaded.record) }
            : { execution: { id: loaded.record.id, processInstanceId: loaded.record.id, ended: loaded.record.status !== 'ACTIVE', tenantId: loaded.record.agency ?? null } }),
          ...(body.variablesInResultEnabled ? { variables: toTypedMap(loaded.record.state.scopes[loaded.record.state.rootScopeId]?.variables ?? {}) } : {}),
        });
      }
      return { body: results };
    },
  },
  {
    method: 'post',
    path: '/engine-rest/signal',
    face: 'engine-rest',
    access: { roles: SENDERS },
    summary: 'Broadcast a signal in the caller’s agency (C7 POST /signal)',
    tags: ['engine-rest'],
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 255 },
        executionId: { type: 'null' },
        tenantId: { type: ['string', 'null'], maxLength: 200 },
        withoutTenantId: { type: 'boolean', const: false },
        variables: VARIABLES,
      },
    },
    responses: { 204: { description: 'delivered to every listening instance of the agency' }, 400: { description: 'bad variables', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const identity = caller(context);
      const body = context.body as { name: string; tenantId?: string | null; variables?: Record<string, Partial<TypedValue>> | null };
      if (body.tenantId && body.tenantId !== identity.agency) throw new HttpProblem(403, 'FORBIDDEN', `cannot signal tenant ${body.tenantId}`, { type: 'AuthorizationException', field: 'tenantId' });
      await context.services.motcua.engine.broadcastSignal(body.name, fromTypedMap(body.variables), { agency: identity.agency, by: identity.sub });
      wakeFetchers(context.services.motcua.store);
      return { status: 204 };
    },
  },
];
