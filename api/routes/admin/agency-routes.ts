/**
 * The administrator's agency: its name and its candidate groups (the officer roles a diagram's
 * `camunda:candidateGroups` may name). Analysts read the groups for the modeler's select.
 * Another agency answers 404.
 */
import { inAgency } from '../../http/agency-scope.ts';
import { caller, type Route } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import type { AgencyRecord } from '../../identity/users.ts';

const AGENCY_CODE = { type: 'string', pattern: '^[0-9A-Za-z][0-9A-Za-z._-]*$', maxLength: 100, description: 'an agency code such as UBNDXA-MAU' };
const GROUP = {
  type: 'object',
  required: ['id', 'name'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,100}$', description: 'the id diagrams name, e.g. mot_cua' }, name: { type: 'string', minLength: 1, maxLength: 200 } },
};
const AGENCY_SCHEMA = { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, groups: { type: 'array', items: GROUP } } };

export const agencyRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/admin/agencies/:code',
    face: 'v1',
    access: { roles: [Role.Admin] },
    summary: "The administrator's agency: name and candidate groups",
    tags: ['admin'],
    params: { type: 'object', required: ['code'], additionalProperties: false, properties: { code: AGENCY_CODE } },
    responses: { 200: { description: 'the agency', schema: AGENCY_SCHEMA }, 404: { description: 'not the caller agency' } },
    async handle(context) {
      const identity = caller(context);
      inAgency(identity, context.params.code, (code) => code, `agency ${context.params.code}`);
      // an agency nobody described yet still exists for its administrator: its code, no groups
      const agency = (await context.services.directory.agency(identity.agency)) ?? { code: identity.agency, name: identity.agency, groups: [] };
      return { body: agency };
    },
  },
  {
    method: 'put',
    path: '/api/v1/admin/agencies/:code',
    face: 'v1',
    access: { roles: [Role.Admin] },
    summary: "Set the administrator's agency name and candidate groups",
    tags: ['admin'],
    params: { type: 'object', required: ['code'], additionalProperties: false, properties: { code: AGENCY_CODE } },
    body: {
      type: 'object',
      required: ['name', 'groups'],
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1, maxLength: 300 }, groups: { type: 'array', maxItems: 200, items: GROUP } },
    },
    responses: { 200: { description: 'the agency', schema: AGENCY_SCHEMA }, 404: { description: 'not the caller agency' } },
    async handle(context) {
      const identity = caller(context);
      inAgency(identity, context.params.code, (code) => code, `agency ${context.params.code}`);
      const { name, groups } = context.body as Omit<AgencyRecord, 'code'>;
      const ids = new Set<string>();
      const unique = groups.filter((group) => !ids.has(group.id) && ids.add(group.id));
      const agency: AgencyRecord = { code: identity.agency, name, groups: unique };
      await context.services.directory.putAgency(agency);
      return { body: agency };
    },
  },
  {
    method: 'get',
    path: '/api/v1/agencies/:agency/groups',
    face: 'v1',
    access: { roles: [Role.Analyst, Role.Admin] },
    summary: "The candidate groups of the caller's agency (the modeler's select for camunda:candidateGroups)",
    tags: ['admin'],
    params: { type: 'object', required: ['agency'], additionalProperties: false, properties: { agency: AGENCY_CODE } },
    responses: { 200: { description: 'the groups', schema: { type: 'object', properties: { groups: { type: 'array', items: GROUP } } } }, 404: { description: 'not the caller agency' } },
    async handle(context) {
      const identity = caller(context);
      inAgency(identity, context.params.agency, (code) => code, `agency ${context.params.agency}`);
      const agency = await context.services.directory.agency(identity.agency);
      return { body: { groups: agency?.groups ?? [] } };
    },
  },
];
