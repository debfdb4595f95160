/**
 * The route table: every route the server has, each with its access rule. A feature adds its
 * routes here; test/api/route-table.test.ts checks that none lacks a rule or a schema.
 */
import type { Route } from '../http/route.ts';
import { agencyRoutes } from './admin/agency-routes.ts';
import { userRoutes } from './admin/user-routes.ts';
import { authRoutes } from './auth/auth-routes.ts';
import { historyRoutes } from './audit/history-routes.ts';
import { kpiRoutes } from './audit/kpi-routes.ts';
import { versionStatsRoutes } from './audit/version-stats-routes.ts';
import { calendarRoutes } from './calendars/calendar-routes.ts';
import { exportRoutes } from './exports/export-routes.ts';
import { draftRoutes } from './drafts/draft-routes.ts';
import { engineRestRoutes } from './engine-rest/index.ts';
import { dossierActionRoutes } from './dossiers/dossier-action-routes.ts';
import { dossierRoutes } from './dossiers/dossier-routes.ts';
import { slipRoutes } from './dossiers/slip-routes.ts';
import { healthRoutes } from './health/health-routes.ts';
import { openapiRoutes } from './openapi/openapi-routes.ts';
import { catalogRoutes } from './procedures/catalog-routes.ts';
import { publicRoutes } from './public/public-routes.ts';
import { taskEventRoutes } from './tasks/task-events.ts';
import { taskFormRoutes } from './tasks/task-form-routes.ts';
import { taskRoutes } from './tasks/task-routes.ts';

export function routeTable(): Route[] {
  return [
    ...healthRoutes,
    ...authRoutes,
    ...openapiRoutes,
    ...catalogRoutes,
    ...draftRoutes,
    ...userRoutes,
    ...agencyRoutes,
    ...calendarRoutes,
    ...dossierRoutes,
    ...dossierActionRoutes,
    ...slipRoutes,
    ...historyRoutes,
    ...versionStatsRoutes,
    ...kpiRoutes,
    ...exportRoutes,
    // before /tasks/:id, which would take "events" for an id
    ...taskEventRoutes,
    ...taskRoutes,
    ...taskFormRoutes,
    ...publicRoutes,
    ...engineRestRoutes,
  ];
}
