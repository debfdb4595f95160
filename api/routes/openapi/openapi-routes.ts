/** The contract of /api/v1, served from the route table itself. */
import { createRequire } from 'node:module';
import { openapiDocument } from '../../http/openapi.ts';
import type { Route } from '../../http/route.ts';
import { routeTable } from '../index.ts';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

export const openapiRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    face: 'v1',
    access: { public: true },
    summary: 'The OpenAPI 3.1 document of this API',
    tags: ['meta'],
    async handle() {
      return { body: openapiDocument(routeTable(), version) };
    },
  },
];
