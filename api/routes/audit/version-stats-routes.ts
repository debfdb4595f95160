/** Per-version element statistics and the time lost past step budgets, read from counters. */
import { type CounterReader, counterReaderOf, type Motcua, MotcuaError, ErrorCode, type ProcessModel, periodRange, type StatsFilter, timeLost, versionStats } from '../../../engine/index.ts';
import { HttpProblem } from '../../http/problem.ts';
import { caller, type Route, type RouteContext } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { AUDIT_READERS } from './audit-access.ts';

const PARAMS = {
  type: 'object',
  required: ['processKey', 'version'],
  additionalProperties: false,
  properties: { processKey: { type: 'string', minLength: 1, maxLength: 200 }, version: { type: 'integer', minimum: 1 } },
};

const MONTH = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' };

const QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { ...MONTH, description: 'first month (YYYY-MM, Vietnam time); with `to`' },
    to: { ...MONTH, description: 'last month (YYYY-MM)' },
    agency: { type: 'string', minLength: 1, maxLength: 100, description: 'an agency code; an auditor sees only their own' },
  },
};

async function processOf(motcua: Motcua, key: string, version: number): Promise<ProcessModel> {
  const deployment = await motcua.store.deploymentByVersion(key, version);
  const process = deployment ? (await motcua.engine.definitions(deployment.deploymentId)).processes[key] : undefined;
  if (!process) throw new MotcuaError(ErrorCode.ProcessNotFound, `process ${key} version ${version} is not deployed`, { field: 'processKey' });
  return process;
}

/** Auditors read their own agency; an administrator any agency, or all when none is named. */
function filterOf(context: RouteContext): StatsFilter {
  const identity = caller(context);
  const query = context.query as { from?: string; to?: string; agency?: string };
  const admin = identity.roles.includes(Role.Admin);
  if (!admin && query.agency !== undefined && query.agency !== identity.agency) {
    throw new HttpProblem(403, 'AGENCY_FORBIDDEN', `an auditor reads only the statistics of agency ${identity.agency}`, { field: 'agency' });
  }
  if ((query.from === undefined) !== (query.to === undefined)) throw new HttpProblem(400, 'INVALID_INPUT', 'from and to go together', { field: query.from ? 'to' : 'from' });
  if (query.from && query.to && query.from > query.to) throw new HttpProblem(400, 'INVALID_INPUT', 'from is after to', { field: 'from' });
  const agency = admin ? query.agency : identity.agency;
  return { ...(query.from && query.to ? { months: periodRange(query.from, query.to) } : {}), ...(agency ? { agency } : {}) };
}

/** What both version routes read: the counters, the version's diagram and the caller's filter. */
async function versionRequest(context: RouteContext): Promise<{ reader: CounterReader; process: ProcessModel; version: number; filter: StatsFilter }> {
  const { motcua } = context.services;
  const filter = filterOf(context);
  const version = Number(context.params.version);
  const process = await processOf(motcua, context.params.processKey!, version);
  return { reader: counterReaderOf(motcua.store), process, version, filter };
}

export const versionStatsRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/audit/versions/:processKey/:version/stats',
    face: 'v1',
    access: { roles: AUDIT_READERS },
    summary: 'Per-element statistics of one process version (count, average and p90 wait, late share, open incidents, budget) and the flows taken, from counters',
    tags: ['audit'],
    params: PARAMS,
    query: QUERY,
    responses: {
      200: {
        description: 'the statistics',
        schema: {
          type: 'object',
          properties: {
            processKey: { type: 'string' },
            version: { type: 'integer' },
            dossiers: { type: 'integer' },
            elements: { type: 'array', items: { type: 'object', properties: { elementId: { type: 'string' }, name: { type: 'string' }, count: { type: 'integer' }, timed: { type: 'integer', description: 'completions whose wait is known: the base of avgMs, p90Ms and lateShare' }, avgMs: { type: ['integer', 'null'] }, p90Ms: { type: ['integer', 'null'] }, lateShare: { type: ['number', 'null'] }, lateCount: { type: 'integer' }, openIncidents: { type: 'integer' }, budgetMs: { type: ['integer', 'null'] }, overBudgetMs: { type: 'integer' } } } },
            flows: { type: 'array', items: { type: 'object', properties: { flowId: { type: 'string' }, count: { type: 'integer' } } } },
          },
        },
      },
      404: { description: 'no such process version' },
    },
    async handle(context) {
      const { reader, process, version, filter } = await versionRequest(context);
      return { body: await versionStats(reader, process, version, filter) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/audit/versions/:processKey/:version/time-lost',
    face: 'v1',
    access: { roles: AUDIT_READERS },
    summary: 'The steps of one process version ranked by the time spent past their budget, each with its late dossiers (the 20 that lost most)',
    tags: ['audit'],
    params: PARAMS,
    query: QUERY,
    responses: {
      200: {
        description: 'the steps, most time lost first',
        schema: { type: 'object', properties: { steps: { type: 'array', items: { type: 'object', properties: { elementId: { type: 'string' }, name: { type: 'string' }, overBudgetMs: { type: 'integer' }, lateCount: { type: 'integer' }, lateDossiers: { type: 'array', items: { type: 'string' } } } } } } },
      },
      404: { description: 'no such process version' },
    },
    async handle(context) {
      const { reader, process, version, filter } = await versionRequest(context);
      return { body: { steps: await timeLost(reader, process, version, filter) } };
    },
  },
];
