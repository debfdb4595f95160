/**
 * Working calendars per agency and year, without a release: generate a year from the statutory
 * rules as a draft, edit it (the government's annual swaps, local closures), publish it. From the
 * publication on, the agency's deadlines count in it, in every server process (engine
 * CalendarRegistry). Staff read their agency's years; its administrator changes them; another
 * agency answers 404.
 */
import { NationalDayAdjacent } from '../../../engine/index.ts';
import { inAgency } from '../../http/agency-scope.ts';
import { caller, type Route, type RouteContext } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';

const PARAMS = {
  type: 'object',
  required: ['agency', 'year'],
  additionalProperties: false,
  properties: {
    agency: { type: 'string', pattern: '^[0-9A-Za-z][0-9A-Za-z._-]*$', maxLength: 100, description: "the caller's agency code" },
    year: { type: 'integer', minimum: 1900, maximum: 2199, description: 'a Gregorian year' },
  },
};

const DAY = {
  type: 'object',
  required: ['date', 'name'],
  additionalProperties: false,
  properties: {
    date: { type: 'string', format: 'date' },
    name: { type: 'string', minLength: 1, maxLength: 300 },
    pairedWith: { type: 'string', format: 'date' },
    certainty: { enum: ['V', 'S', 'U', 'COMPUTED'] },
  },
};
const DAYS = { type: 'array', maxItems: 366, items: DAY };
const YEAR = {
  type: 'object',
  required: ['year', 'holidays'],
  additionalProperties: false,
  properties: {
    year: { type: 'integer', minimum: 1900, maximum: 2199 },
    holidays: { ...DAYS, description: 'statutory holidays, with the announced Tết break' },
    compensatoryDaysOff: { ...DAYS, description: 'nghỉ bù' },
    swapDaysOff: { ...DAYS, description: 'hoán đổi: extra days off, each paired with a make-up day' },
    makeUpWorkingDays: { ...DAYS, description: 'làm bù: weekly rest days worked' },
    localClosures: { ...DAYS, description: 'closures of this agency only' },
  },
};
const STAMPED = (stamp: string) => ({ ...YEAR, properties: { ...YEAR.properties, [stamp]: { type: 'object', properties: { at: { type: 'string' }, by: { type: 'string' } } } } });
const VIEW = {
  type: 'object',
  properties: {
    agency: { type: 'string' },
    year: { type: 'integer' },
    source: { enum: ['agency', 'national', 'seed', 'missing'], description: 'where the year the agency counts in comes from' },
    effective: YEAR,
    draft: STAMPED('updated'),
    published: STAMPED('published'),
  },
};

function ownYear(context: RouteContext): { agency: string; year: number; by: string } {
  const identity = caller(context);
  const agency = inAgency(identity, context.params.agency, (code) => code, `calendar of ${context.params.agency}`);
  return { agency, year: Number(context.params.year), by: identity.sub };
}

export const calendarRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/calendars/:agency/:year',
    face: 'v1',
    access: { roles: [Role.Admin, Role.Officer, Role.Analyst, Role.Auditor] },
    summary: 'A year of the agency calendar: what it counts in (and from where), its draft and its published version',
    tags: ['calendars'],
    params: PARAMS,
    responses: { 200: { description: 'the year', schema: VIEW } },
    async handle(context) {
      const { agency, year } = ownYear(context);
      return { body: await context.services.motcua.calendars.year(agency, year) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/calendars/:agency/:year/generate',
    face: 'v1',
    access: { roles: [Role.Admin] },
    summary: 'Draft the year from the statutory rules: solar holidays, lunar Tết and Giỗ Tổ, compensatory days',
    tags: ['calendars'],
    params: PARAMS,
    body: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tetStartOffset: { type: 'integer', minimum: -4, maximum: 0, description: 'first of the five Tết days relative to mùng 1 (default −1)' },
        nationalDayAdjacent: { enum: Object.values(NationalDayAdjacent), description: 'which day joins 02/09 (default BRIDGE)' },
      },
    },
    responses: { 200: { description: 'the year with its new draft', schema: VIEW } },
    async handle(context) {
      const { agency, year, by } = ownYear(context);
      return { body: await context.services.motcua.calendars.generate(agency, year, by, context.body as object) };
    },
  },
  {
    method: 'put',
    path: '/api/v1/calendars/:agency/:year/draft',
    face: 'v1',
    access: { roles: [Role.Admin] },
    summary: "Save the year's draft (the announced Tết break, swaps, local closures); it counts once published",
    tags: ['calendars'],
    params: PARAMS,
    body: YEAR,
    responses: { 200: { description: 'the year with the draft saved', schema: VIEW } },
    async handle(context) {
      const { agency, year, by } = ownYear(context);
      const input = context.body as Record<string, unknown>;
      const draft = { compensatoryDaysOff: [], swapDaysOff: [], makeUpWorkingDays: [], localClosures: [], ...input };
      return { body: await context.services.motcua.calendars.saveDraft(agency, draft, by, year) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/calendars/:agency/:year/publish',
    face: 'v1',
    access: { roles: [Role.Admin] },
    summary: "Publish the year's draft: from now on the agency's deadlines count in it",
    tags: ['calendars'],
    params: PARAMS,
    body: { type: 'object', additionalProperties: false, properties: {} },
    responses: { 200: { description: 'the year, published', schema: VIEW }, 404: { description: 'no draft of the year' } },
    async handle(context) {
      const { agency, year, by } = ownYear(context);
      return { body: await context.services.motcua.calendars.publishDraft(agency, year, by) };
    },
  },
];
