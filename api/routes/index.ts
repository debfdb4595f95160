/**
 * The route table: every route the server has, each with its access rule. A feature adds its
 * routes here; test/api/route-table.test.ts checks that none lacks a rule or a schema.
 */
import type { Route } from '../http/route.ts';
import { authRoutes } from './auth/auth-routes.ts';
import { engineRestRoutes } from './engine-rest/index.ts';
import { healthRoutes } from './health/health-routes.ts';
import { openapiRoutes } from './openapi/openapi-routes.ts';

export function routeTable(): Route[] {
  return [...healthRoutes, ...authRoutes, ...openapiRoutes, ...engineRestRoutes];
}
