/** Response shapes of the catalog routes, shared by the OpenAPI document and the modeler. */
import { PROCEDURE_SCHEMA } from '../../../engine/index.ts';

/** A catalog record (the same schema imports are validated with, without its `$id`). */
export const RECORD_SCHEMA = (({ $id: _id, ...schema }) => schema)(PROCEDURE_SCHEMA as Record<string, unknown>);

export const CODE_PARAMS = {
  type: 'object',
  required: ['code'],
  additionalProperties: false,
  properties: { code: { type: 'string', pattern: '^[0-9A-Za-z][0-9A-Za-z._-]*$', maxLength: 100, description: 'a procedure code such as 1.001193' } },
};

export const SUMMARY_SCHEMA = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    level: { type: 'string' },
    sector: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } },
    agencies: { type: 'object', properties: { executing: { type: 'string' }, receiving: { type: 'string' }, coordinating: { type: 'array', items: { type: 'string' } } } },
    version: { type: 'integer' },
    processKey: { type: 'string' },
    effectiveFrom: { type: 'string', format: 'date' },
  },
};

export const VERSION_USAGE_SCHEMA = {
  type: 'object',
  properties: {
    version: { type: 'integer' },
    effectiveFrom: { type: 'string', format: 'date' },
    effectiveTo: { type: 'string', format: 'date' },
    processKey: { type: 'string' },
    processVersion: { type: 'integer' },
    processVersions: { type: 'array', items: { type: 'integer' } },
    publishedAt: { type: 'string', format: 'date-time' },
    publishedBy: { type: 'string' },
    running: { type: 'integer', description: 'dossiers still running on this version' },
    finished: { type: 'integer', description: 'dossiers that ended on this version' },
  },
};
