/** CSV exports for spreadsheets (UTF-8 with BOM, Vietnamese headers): a dossier search, register 07, the KPI. */
import { counterReaderOf, type DossierResult, DossierResult as Result, DOSSIER_STATUSES, type DossierStatus, KPI_CSV_COLUMNS, kpiCsvRows, kpiReport, REGISTER_COLUMNS, registerTable, searchDossiers, toCsv } from '../../../engine/index.ts';
import { dayStart } from '../../http/vietnam-day.ts';
import { caller, type Reply, type Route } from '../../http/route.ts';
import { AUDIT_READERS } from '../audit/audit-access.ts';
import { KPI_QUERY, kpiQueryOf } from '../audit/kpi-routes.ts';

const DAY = { type: 'string', format: 'date' };
const CSV_RESPONSE = { 200: { description: 'the CSV file (UTF-8 with BOM)', contentType: 'text/csv', schema: { type: 'string' } } };

function csvReply(csv: string, name: string): Reply {
  return { body: csv, type: 'text/csv; charset=utf-8', headers: { 'content-disposition': `attachment; filename="${name}"` } };
}

/** At most this many dossiers in one export: a bigger one is asked month by month. */
const EXPORT_LIMIT = 10_000;

export const exportRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/exports/dossiers.csv',
    face: 'v1',
    access: { roles: AUDIT_READERS },
    summary: 'The dossiers of the caller\'s agency matching a search, as CSV (the register\'s columns)',
    tags: ['exports'],
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        procedure: { type: 'string', minLength: 1, maxLength: 100 },
        status: { enum: DOSSIER_STATUSES },
        result: { enum: Object.values(Result) },
        from: { ...DAY, description: 'received on or after this day (Vietnam time)' },
        to: { ...DAY, description: 'received on or before this day' },
      },
    },
    responses: CSV_RESPONSE,
    async handle(context) {
      const identity = caller(context);
      const query = context.query as { procedure?: string; status?: DossierStatus; result?: DossierResult; from?: string; to?: string };
      const found = await searchDossiers(context.services.motcua.store, {
        agency: identity.agency,
        ...(query.procedure ? { procedureCode: query.procedure } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.result ? { result: query.result } : {}),
        ...(query.from ? { from: dayStart(query.from) } : {}),
        ...(query.to ? { to: dayStart(query.to, true) } : {}),
        limit: EXPORT_LIMIT,
        offset: 0,
      });
      const table = registerTable(found.items);
      return csvReply(toCsv(REGISTER_COLUMNS, table.rows), 'ho-so.csv');
    },
  },
  {
    method: 'get',
    path: '/api/v1/exports/register.csv',
    face: 'v1',
    access: { roles: AUDIT_READERS },
    summary: 'Register 07 (sổ theo dõi hồ sơ) of the caller\'s agency for a period, as CSV',
    tags: ['exports'],
    query: { type: 'object', additionalProperties: false, properties: { from: { ...DAY, description: 'submitted on or after this day' }, to: { ...DAY, description: 'submitted on or before this day' } } },
    responses: CSV_RESPONSE,
    async handle(context) {
      const identity = caller(context);
      const query = context.query as { from?: string; to?: string };
      const table = await context.services.motcua.dossiers.register({
        agency: identity.agency,
        ...(query.from ? { from: dayStart(query.from) } : {}),
        ...(query.to ? { to: dayStart(query.to, true) } : {}),
      });
      return csvReply(toCsv(table.columns, table.rows), 'so-theo-doi-ho-so.csv');
    },
  },
  {
    method: 'get',
    path: '/api/v1/exports/kpi.csv',
    face: 'v1',
    access: { roles: AUDIT_READERS },
    summary: 'The QĐ 766 indicators as CSV, one row per group',
    tags: ['exports'],
    query: KPI_QUERY,
    responses: CSV_RESPONSE,
    async handle(context) {
      const { motcua } = context.services;
      const report = await kpiReport(counterReaderOf(motcua.store), motcua.store, kpiQueryOf(context));
      return csvReply(toCsv(KPI_CSV_COLUMNS, kpiCsvRows(report)), 'chi-so-766.csv');
    },
  },
];
