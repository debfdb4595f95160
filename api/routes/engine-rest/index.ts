/**
 * The Camunda 7 REST subset at /engine-rest, for the clients that already speak it (Camunda
 * Modeler's deploy, camunda-external-task-client-js, C7 tasklists): C7 paths, shapes, typed
 * variables, status codes and `{ type, message }` errors; the token's agency is the C7 tenant.
 * What is served and what is not: api/README.md, "Camunda 7 REST subset".
 */
import type { Route } from '../../http/route.ts';
import { deploymentRoutes } from './deployment-routes.ts';
import { externalTaskRoutes } from './external-task-routes.ts';
import { historyRoutes } from './history-routes.ts';
import { incidentRoutes } from './incident-routes.ts';
import { processDefinitionRoutes } from './process-definition-routes.ts';
import { processInstanceRoutes } from './process-instance-routes.ts';
import { runtimeEventRoutes } from './runtime-event-routes.ts';
import { taskRoutes } from './task-routes.ts';

/** The C7 version this subset follows (Camunda Modeler reads it to choose what it offers). */
export const C7_VERSION = '7.24.0';

const versionRoutes: Route[] = [
  {
    method: 'get',
    path: '/engine-rest/version',
    face: 'engine-rest',
    access: { public: true },
    summary: 'The Camunda 7 version this REST subset follows (C7 GET /version)',
    tags: ['engine-rest'],
    responses: { 200: { description: 'the version', schema: { type: 'object', properties: { version: { type: 'string' } } } } },
    async handle() {
      return { body: { version: C7_VERSION } };
    },
  },
];

export const engineRestRoutes: Route[] = [
  ...versionRoutes,
  ...deploymentRoutes,
  ...processDefinitionRoutes,
  ...processInstanceRoutes,
  ...taskRoutes,
  ...runtimeEventRoutes,
  ...incidentRoutes,
  ...externalTaskRoutes,
  ...historyRoutes,
];
