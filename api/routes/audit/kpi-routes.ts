/** QĐ 766 indicators of the caller's agency over a period, whole and grouped. */
import { counterReaderOf, KpiGroupBy, type KpiReportQuery, kpiReport } from '../../../engine/index.ts';
import { caller, type Route, type RouteContext } from '../../http/route.ts';
import { HttpProblem } from '../../http/problem.ts';
import { Role } from '../../identity/identity.ts';
import { AUDIT_READERS } from './audit-access.ts';

const MONTH = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' };

export const KPI_QUERY = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: {
    from: { ...MONTH, description: 'first month, YYYY-MM' },
    to: { ...MONTH, description: 'last month, YYYY-MM' },
    agency: { type: 'string', minLength: 1, maxLength: 100, description: 'an agency code; an auditor reads only their own' },
    procedure: { type: 'string', minLength: 1, maxLength: 100, description: 'procedure code' },
    channel: { type: 'integer', enum: [1, 2, 3] },
    groupBy: { enum: Object.values(KpiGroupBy) },
  },
};

/** The report query of a KPI request: auditors are held to their agency, administrators choose. */
export function kpiQueryOf(context: RouteContext): KpiReportQuery {
  const identity = caller(context);
  const query = context.query as { from: string; to: string; agency?: string; procedure?: string; channel?: number; groupBy?: KpiGroupBy };
  const admin = identity.roles.includes(Role.Admin);
  if (!admin && query.agency !== undefined && query.agency !== identity.agency) {
    throw new HttpProblem(403, 'AGENCY_FORBIDDEN', `an auditor reads only the indicators of agency ${identity.agency}`, { field: 'agency' });
  }
  if (query.from > query.to) throw new HttpProblem(400, 'INVALID_INPUT', 'from is after to', { field: 'from' });
  const agency = admin ? query.agency : identity.agency;
  return {
    from: query.from,
    to: query.to,
    ...(agency ? { agency } : {}),
    ...(query.procedure ? { procedure: query.procedure } : {}),
    ...(query.channel !== undefined ? { channel: query.channel } : {}),
    ...(query.groupBy ? { groupBy: query.groupBy } : {}),
  };
}

const BUCKETS = { type: 'object', properties: { early: { type: 'integer' }, onTime: { type: 'integer' }, late: { type: 'integer' } } };

export const kpiRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/kpi',
    face: 'v1',
    access: { roles: AUDIT_READERS },
    summary: 'QĐ 766 indicators (on-time, late, online, digitisation, reuse, average processing time) with early / on-time / late counts, whole and grouped by month, channel or procedure',
    tags: ['audit'],
    query: KPI_QUERY,
    responses: {
      200: {
        description: 'the indicators (rates are fractions 0…1, absent when there is no data)',
        schema: {
          type: 'object',
          properties: {
            from: { type: 'string' },
            to: { type: 'string' },
            groupBy: { type: 'string' },
            buckets: BUCKETS,
            indicators: { type: 'object' },
            groups: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, label: { type: 'string' }, buckets: BUCKETS, indicators: { type: 'object' } } } },
          },
        },
      },
    },
    async handle(context) {
      const { motcua } = context.services;
      return { body: await kpiReport(counterReaderOf(motcua.store), motcua.store, kpiQueryOf(context)) };
    },
  },
];
