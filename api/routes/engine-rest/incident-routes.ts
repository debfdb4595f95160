/**
 * Open incidents of the caller's agency (C7 GET /incident), read from the instances' state: a
 * failed external task out of retries, a failed job, an expression that could not be evaluated.
 * Without `processInstanceId` the agency's running instances are read page by page (see
 * README: the cost grows with them).
 */
import type { Incident, InstanceRecord } from '../../../engine/index.ts';
import { caller, type Route } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { c7Date, EXCEPTION_SCHEMA, pageOf, PAGING_PROPERTIES } from './c7-format.ts';
import { excludesOwnTenant } from './c7-scope.ts';
import { agencyInstances } from './process-instance-routes.ts';

function incidentType(record: InstanceRecord, incident: Incident): string {
  if (incident.jobId && record.state.jobs[incident.jobId]?.kind === 'external') return 'failedExternalTask';
  return incident.type;
}

function incidentDto(record: InstanceRecord, incident: Incident) {
  return {
    id: incident.id,
    processDefinitionId: record.deploymentId,
    processInstanceId: record.id,
    executionId: record.id,
    incidentTimestamp: c7Date(incident.createdAt),
    incidentType: incidentType(record, incident),
    activityId: incident.elementId,
    failedActivityId: incident.elementId,
    causeIncidentId: incident.id,
    rootCauseIncidentId: incident.id,
    configuration: incident.jobId ?? null,
    tenantId: record.agency ?? null,
    incidentMessage: incident.message,
    jobDefinitionId: null,
    annotation: null,
  };
}

export const incidentRoutes: Route[] = [
  {
    method: 'get',
    path: '/engine-rest/incident',
    face: 'engine-rest',
    access: { roles: [Role.Auditor, Role.Admin] },
    summary: 'Open incidents of the caller’s agency (C7 GET /incident)',
    tags: ['engine-rest'],
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        incidentId: { type: 'string' },
        incidentType: { type: 'string' },
        processInstanceId: { type: 'string' },
        processDefinitionId: { type: 'string' },
        activityId: { type: 'string' },
        tenantIdIn: { type: 'string' },
        ...PAGING_PROPERTIES,
      },
    },
    responses: { 200: { description: 'incidents' }, 400: { description: 'bad query', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const identity = caller(context);
      const { query } = context;
      const { store } = context.services.motcua;
      if (excludesOwnTenant(identity, query.tenantIdIn)) return { body: [] };
      const records: InstanceRecord[] = [];
      if (query.processInstanceId !== undefined) {
        const loaded = await store.getInstance(String(query.processInstanceId));
        if (loaded?.record.agency === identity.agency) records.push(loaded.record);
      } else {
        for (const summary of await agencyInstances(store, { agency: identity.agency, status: 'ACTIVE' }, () => true, 'all')) {
          const loaded = await store.getInstance(summary.id);
          if (loaded) records.push(loaded.record);
        }
      }
      const dtos = records
        .flatMap((record) => Object.values(record.state.incidents).map((incident) => incidentDto(record, incident)))
        .filter(
          (dto) =>
            (query.incidentId === undefined || dto.id === query.incidentId) &&
            (query.incidentType === undefined || dto.incidentType === query.incidentType) &&
            (query.processDefinitionId === undefined || dto.processDefinitionId === query.processDefinitionId) &&
            (query.activityId === undefined || dto.activityId === query.activityId),
        );
      const page = pageOf(query);
      return { body: dtos.slice(page.offset, page.offset + page.limit) };
    },
  },
];
