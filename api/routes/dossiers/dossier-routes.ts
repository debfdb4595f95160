/** Dossiers at the desk: receive one (accepted at once when the reception step is the caller's), read one, search. */
import { type DeskInput, DOSSIER_STATUSES, type DossierResult, DossierResult as Result, type DossierStatus, searchDossiers } from '../../../engine/index.ts';
import { officerOf } from '../../http/officer.ts';
import { dayStart } from '../../http/vietnam-day.ts';
import { caller, type Route } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { CODE_PARAMS, DOSSIER_DETAIL, DOSSIER_SUMMARY, RECEIVE_BODY, SLIP_LINK, withLinks } from './dossier-schemas.ts';

const READERS = [Role.Officer, Role.Auditor];

export const dossierRoutes: Route[] = [
  {
    method: 'post',
    path: '/api/v1/dossiers',
    face: 'v1',
    access: { roles: [Role.Officer] },
    summary: 'Receive a dossier at the desk of the caller\'s agency: its code, appointment, slip 01 and lookup secret',
    tags: ['dossiers'],
    idempotent: true,
    body: RECEIVE_BODY,
    responses: {
      201: {
        description: 'the dossier received (accepted when the reception step was the caller\'s); `lookupSecret` is shown once, to print on slip 01',
        schema: { type: 'object', properties: { ...(DOSSIER_DETAIL.properties as object), lookupSecret: { type: 'string' }, slips: { type: 'array', items: SLIP_LINK } } },
      },
      404: { description: 'unknown procedure' },
      422: { description: 'the working calendar does not declare the year the deadline falls in' },
    },
    async handle(context) {
      const identity = caller(context);
      const { accept, ...input } = context.body as DeskInput & { accept?: boolean };
      const officer = officerOf(identity);
      const { desk } = context.services.motcua;
      const { stored, lookupSecret } = await desk.receiveAtDesk(input, officer, { ...(accept !== undefined ? { accept } : {}) });
      const detail = await desk.detail(stored.dossier.code, officer);
      return { status: 201, body: { ...withLinks(detail, lookupSecret), lookupSecret } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/dossiers',
    face: 'v1',
    access: { roles: READERS },
    summary: 'Search the dossiers the caller\'s agency handles (newest first)',
    tags: ['dossiers'],
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        code: { type: 'string', minLength: 1, maxLength: 100, description: 'exact dossier code' },
        procedure: { type: 'string', minLength: 1, maxLength: 100, description: 'procedure code' },
        status: { enum: DOSSIER_STATUSES },
        result: { enum: Object.values(Result) },
        from: { type: 'string', format: 'date', description: 'received on or after this day (Vietnam time)' },
        to: { type: 'string', format: 'date', description: 'received on or before this day (Vietnam time)' },
        limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
        offset: { type: 'integer', minimum: 0, maximum: 100_000, default: 0 },
      },
    },
    responses: {
      200: {
        description: 'one page, newest first, and how many dossiers match in all (counted in the indexes)',
        schema: { type: 'object', properties: { items: { type: 'array', items: DOSSIER_SUMMARY }, total: { type: 'integer' } } },
      },
    },
    async handle(context) {
      const identity = caller(context);
      const query = context.query as { code?: string; procedure?: string; status?: DossierStatus; result?: DossierResult; from?: string; to?: string; limit?: number; offset?: number };
      const { motcua } = context.services;
      const found = await searchDossiers(motcua.store, {
        agency: identity.agency,
        ...(query.code ? { code: query.code } : {}),
        ...(query.procedure ? { procedureCode: query.procedure } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.result ? { result: query.result } : {}),
        ...(query.from ? { from: dayStart(query.from) } : {}),
        ...(query.to ? { to: dayStart(query.to, true) } : {}),
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      });
      return { body: { items: found.items.map((dossier) => motcua.desk.summary(dossier)), total: found.total } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/dossiers/:code',
    face: 'v1',
    access: { roles: READERS },
    summary: 'One dossier: status, dates, pauses, extensions, open steps, slips and the actions open to the caller now',
    tags: ['dossiers'],
    params: CODE_PARAMS,
    responses: { 200: { description: 'the dossier', schema: DOSSIER_DETAIL }, 404: { description: 'no such dossier in the caller\'s agency' } },
    async handle(context) {
      const detail = await context.services.motcua.desk.detail(context.params.code!, officerOf(caller(context)));
      return { body: withLinks(detail) };
    },
  },
];
