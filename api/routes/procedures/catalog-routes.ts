/**
 * The procedure catalog: search it, read one procedure with its versions (who published each,
 * which process version it runs, dossiers running and finished on it), import records, and read
 * one version's record, diagram and forms. The catalog is shared by every agency and every
 * server process (engine SharedCatalog: the procedures folder plus what was imported or
 * published, kept in the store).
 */
import { basename } from 'node:path';
import { HttpProblem } from '../../http/problem.ts';
import { caller, type Route } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { ErrorCode, ProcedureLevel, searchCatalog, versionUsage, type ProcedureRecord } from '../../../engine/index.ts';
import { CODE_PARAMS, RECORD_SCHEMA, SUMMARY_SCHEMA, VERSION_USAGE_SCHEMA } from './procedure-schemas.ts';

const READERS = [Role.Analyst, Role.Officer, Role.Auditor, Role.Admin];

function summaryOf(record: ProcedureRecord) {
  return {
    code: record.code,
    name: record.name,
    level: record.level,
    sector: record.sector,
    agencies: record.agencies,
    version: record.version,
    processKey: record.process.key,
    effectiveFrom: record.effectiveFrom,
  };
}

export const catalogRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/procedures',
    face: 'v1',
    access: { roles: READERS },
    summary: 'Search the catalog by code or name (accents ignored), level, sector and agency; latest version of each',
    tags: ['procedures'],
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        q: { type: 'string', maxLength: 200, description: 'words of the code or name, e.g. "dang ky khai sinh"' },
        level: { enum: Object.values(ProcedureLevel) },
        sector: { type: 'string', maxLength: 200, description: 'a sector code, or words of its name' },
        agency: { type: 'string', maxLength: 200, description: 'words of the executing, receiving or coordinating agency' },
        limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
        offset: { type: 'integer', minimum: 0, default: 0 },
      },
    },
    responses: { 200: { description: 'a page of procedures', schema: { type: 'object', properties: { items: { type: 'array', items: SUMMARY_SCHEMA }, total: { type: 'integer' } } } } },
    async handle({ query, services }) {
      const catalog = await services.motcua.procedures.refresh();
      const page = searchCatalog(catalog, query as Parameters<typeof searchCatalog>[1]);
      return { body: { items: page.items.map(summaryOf), total: page.total } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/procedures/:code',
    face: 'v1',
    access: { roles: READERS },
    summary: 'One procedure: its latest record and every version with its process version and dossier counts',
    tags: ['procedures'],
    params: CODE_PARAMS,
    responses: {
      200: {
        description: 'the procedure',
        schema: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, record: RECORD_SCHEMA, versions: { type: 'array', items: VERSION_USAGE_SCHEMA } } },
      },
      404: { description: 'no such procedure' },
    },
    async handle({ params, services }) {
      const { motcua } = services;
      const record = await motcua.procedures.require(params.code);
      const versions = await versionUsage(motcua.store, motcua.procedures, motcua.catalog.versions(params.code));
      return { body: { code: record.code, name: record.name, record, versions } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/procedures/import',
    face: 'v1',
    access: { roles: [Role.Analyst] },
    summary: 'Import catalog records (one, a list, or { procedures: [...] }); all or nothing, problems name the field',
    tags: ['procedures'],
    body: { type: ['object', 'array'], description: 'a procedure record, a list of records, or { procedures: [...] }' },
    responses: {
      201: {
        description: 'the versions imported',
        schema: { type: 'object', properties: { imported: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, version: { type: 'integer' } } } } } },
      },
    },
    async handle(context) {
      const records = await context.services.motcua.procedures.import(context.body, caller(context).sub);
      return { status: 201, body: { imported: records.map((record) => ({ code: record.code, version: record.version })) } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/procedures/:code/versions/:version',
    face: 'v1',
    access: { roles: READERS },
    summary: "One version: its record, its process's diagram (BPMN XML) and the forms deployed with it",
    tags: ['procedures'],
    params: {
      type: 'object',
      required: ['code', 'version'],
      additionalProperties: false,
      properties: { ...CODE_PARAMS.properties, version: { type: 'integer', minimum: 1, description: 'a catalog version' } },
    },
    responses: {
      200: {
        description: 'the version',
        schema: {
          type: 'object',
          properties: {
            record: RECORD_SCHEMA,
            processKey: { type: 'string' },
            processVersion: { type: 'integer' },
            diagramName: { type: 'string', description: 'the file name the version was deployed as (scenarios name it in bpmn:)' },
            xml: { type: 'string' },
            scenarios: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, yaml: { type: 'string' } } }, description: 'the scenarios to start a draft with' },
            forms: { type: 'object', additionalProperties: { type: 'object' }, description: 'form-js schemas by file name' },
          },
        },
      },
      404: { description: 'no such version, or its process is not deployed' },
    },
    async handle({ params, services }) {
      const { motcua } = services;
      const record = await motcua.procedures.require(params.code, Number(params.version));
      const usage = await versionUsage(motcua.store, motcua.procedures, motcua.catalog.versions(record.code));
      const processVersion = usage.find((candidate) => candidate.version === record.version)?.processVersion;
      const deployment = processVersion === undefined ? undefined : await motcua.store.deploymentByVersion(record.process.key, processVersion);
      if (!deployment) throw new HttpProblem(404, ErrorCode.ProcessNotFound, `process ${record.process.key} of procedure ${record.code} version ${record.version} is not deployed`);
      return {
        body: {
          record,
          processKey: deployment.key,
          processVersion: deployment.version,
          diagramName: basename(deployment.name ?? `${deployment.key}.bpmn`),
          xml: deployment.source,
          forms: await motcua.forms.ofDeployment(deployment.deploymentId),
          scenarios: await motcua.procedures.scenariosOf(record.code, record.version),
        },
      };
    },
  },
];
