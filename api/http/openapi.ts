/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the route table: the schemas that validate
 * requests are the ones published, so the document cannot drift from the server.
 */
import type { SchemaObject } from 'ajv';
import type { Route } from './route.ts';

const PROBLEM = {
  description: 'a problem (RFC 9457) naming the field or element',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail', 'code'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          code: { type: 'string' },
          field: { type: 'string' },
          element: { type: 'string' },
          problems: { type: 'array', items: { type: 'object' } },
        },
      },
    },
  },
};

function openapiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(schema: SchemaObject | undefined, where: 'path' | 'query'): object[] {
  const properties = (schema?.properties ?? {}) as Record<string, SchemaObject>;
  const required = new Set<string>((schema?.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(property.description ? { description: property.description } : {}),
    schema: property,
  }));
}

function operation(route: Route): object {
  const responses: Record<string, object> = {};
  for (const [status, doc] of Object.entries(route.responses ?? { 200: { description: 'OK' } })) {
    responses[status] = {
      description: doc.description,
      ...(doc.schema || doc.contentType ? { content: { [doc.contentType ?? 'application/json']: { schema: doc.schema ?? { type: 'string' } } } } : {}),
    };
  }
  if (!('public' in route.access)) {
    responses['401'] = PROBLEM;
    responses['403'] = PROBLEM;
  }
  responses['400'] = PROBLEM;
  const requestBody =
    route.body === 'multipart'
      ? { required: true, content: { 'multipart/form-data': { schema: { type: 'object' } } } }
      : route.body
        ? { required: true, content: { 'application/json': { schema: route.body } } }
        : undefined;
  const headerParameters = route.idempotent
    ? [{ name: 'Idempotency-Key', in: 'header', required: false, description: 'a retried request with the same key returns the first answer and changes nothing more', schema: { type: 'string', maxLength: 255 } }]
    : [];
  return {
    summary: route.summary,
    operationId: `${route.method}${openapiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    ...(route.tags ? { tags: [...route.tags] } : {}),
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query'), ...headerParameters],
    ...(requestBody ? { requestBody } : {}),
    responses,
    security: 'public' in route.access ? [] : [{ bearer: [] }],
    ...('roles' in route.access ? { 'x-roles': [...route.access.roles] } : {}),
  };
}

export function openapiDocument(routes: readonly Route[], version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    if (route.face === 'engine-rest') continue;
    const path = openapiPath(route.path);
    (paths[path] ??= {})[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'motcua API',
      version,
      description: 'The domain API of motcua (dossiers, tasks, procedures, audit, calendars). The Camunda 7 REST subset at /engine-rest follows the Camunda 7 reference.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
