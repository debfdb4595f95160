/**
 * The JSON schema of a catalog record (procedure-record.ts) and the checks a schema says badly
 * (one way per channel, dates in order, an online level when there is an online way). Every
 * problem names its field, e.g. `ways[0].deadline.unit`.
 */
import type { SchemaObject } from 'ajv';
import { DeadlineUnit, PaymentWaitPolicy, SupplementPolicy } from '../calendar/index.ts';
import { compileSchema, type FieldProblem, schemaProblems } from '../../validation/schema-problems.ts';
import { OnlineLevel, type ProcedureRecord, ProcedureLevel } from './procedure-record.ts';

const TEXT = { type: 'string', minLength: 1, description: 'a text' };
const TEXTS = { type: 'array', items: TEXT, description: 'a list of texts' };
const DATE = { type: 'string', format: 'date', description: 'a date YYYY-MM-DD' };
const PERIOD = {
  type: 'object',
  description: 'an object { value, unit }',
  required: ['value', 'unit'],
  additionalProperties: false,
  properties: {
    value: { type: 'number', minimum: 0, description: 'a number' },
    unit: { enum: Object.values(DeadlineUnit) },
  },
};
const COUNT = { type: 'integer', minimum: 0, description: 'a whole number' };

export const PROCEDURE_SCHEMA: SchemaObject = {
  $id: 'https://motcua.vn/schema/procedure.json',
  title: 'motcua procedure catalog record',
  type: 'object',
  description: 'a procedure record',
  required: ['code', 'version', 'name', 'level', 'agencies', 'sector', 'ways', 'components', 'applicantTypes', 'result', 'legalBasis', 'effectiveFrom', 'process'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    code: { type: 'string', pattern: '^[0-9A-Za-z][0-9A-Za-z._-]*$', description: 'a procedure code such as 1.001612 (letters, digits, . _ -)' },
    version: { type: 'integer', minimum: 1, description: 'a whole number from 1' },
    name: TEXT,
    level: { enum: Object.values(ProcedureLevel) },
    agencies: {
      type: 'object',
      description: 'an object { executing, receiving?, coordinating? }',
      required: ['executing'],
      additionalProperties: false,
      properties: { executing: TEXT, receiving: TEXT, coordinating: TEXTS },
    },
    sector: {
      type: 'object',
      description: 'an object { code?, name }',
      required: ['name'],
      additionalProperties: false,
      properties: { code: TEXT, name: TEXT },
    },
    ways: {
      type: 'array',
      minItems: 1,
      description: 'a list of ways (one per channel)',
      items: {
        type: 'object',
        description: 'an object { channel, deadline, fee?, description? }',
        required: ['channel', 'deadline'],
        additionalProperties: false,
        properties: {
          channel: { enum: [1, 2, 3] },
          deadline: PERIOD,
          fee: {
            type: 'object',
            description: 'an object { amount, description? }',
            required: ['amount'],
            additionalProperties: false,
            properties: { amount: { type: 'number', minimum: 0, description: 'an amount in VND' }, description: TEXT },
          },
          description: TEXT,
        },
      },
    },
    onlineLevel: { enum: Object.values(OnlineLevel) },
    copies: COUNT,
    components: {
      type: 'array',
      description: 'a list of components',
      items: {
        type: 'object',
        description: 'an object { name, template?, quantity?, required? }',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: TEXT,
          template: TEXT,
          quantity: {
            type: 'object',
            description: 'an object { original?, certifiedCopy?, copy? }',
            additionalProperties: false,
            properties: { original: COUNT, certifiedCopy: COUNT, copy: COUNT },
          },
          required: { type: 'boolean', description: 'true or false' },
        },
      },
    },
    applicantTypes: { ...TEXTS, minItems: 1 },
    result: {
      type: 'object',
      description: 'an object { name, electronic }',
      required: ['name', 'electronic'],
      additionalProperties: false,
      properties: { name: TEXT, electronic: { type: 'boolean', description: 'true or false' } },
    },
    legalBasis: { ...TEXTS, minItems: 1 },
    requirements: TEXTS,
    effectiveFrom: DATE,
    effectiveTo: DATE,
    process: {
      type: 'object',
      description: 'an object { key, version? }',
      required: ['key'],
      additionalProperties: false,
      properties: { key: TEXT, version: { type: 'integer', minimum: 1, description: 'a whole number from 1' } },
    },
    supplementPolicy: { enum: Object.values(SupplementPolicy) },
    paymentWaitPolicy: { enum: Object.values(PaymentWaitPolicy) },
    cutoffTime: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'a time HH:mm' },
    applyCutoffToAcceptance: { type: 'boolean', description: 'true or false' },
    extensions: {
      type: 'array',
      description: 'a list of extensions',
      items: {
        type: 'object',
        description: 'an object { cause, max }',
        required: ['cause', 'max'],
        additionalProperties: false,
        properties: { cause: TEXT, max: PERIOD },
      },
    },
    portalId: TEXT,
  },
};

let validator: ReturnType<typeof compileSchema> | undefined;

/** Every problem of one record (schema first; the cross-field rules only on a well-formed record). */
export function procedureProblems(record: unknown): FieldProblem[] {
  validator ??= compileSchema(PROCEDURE_SCHEMA);
  const problems = schemaProblems(validator, record);
  if (problems.length > 0) return problems;
  return crossFieldProblems(record as ProcedureRecord);
}

function crossFieldProblems(record: ProcedureRecord): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<number, number>();
  record.ways.forEach((way, i) => {
    const first = seen.get(way.channel);
    if (first !== undefined) problems.push({ field: `ways[${i}].channel`, message: `channel ${way.channel} is already described by ways[${first}]: one way per channel` });
    else seen.set(way.channel, i);
    if (way.deadline.unit !== DeadlineUnit.SameDay && !Number.isInteger(way.deadline.value)) {
      problems.push({ field: `ways[${i}].deadline.value`, message: `must be a whole number of ${way.deadline.unit}, found ${way.deadline.value}` });
    }
    if (way.deadline.unit !== DeadlineUnit.SameDay && way.deadline.value === 0) {
      problems.push({ field: `ways[${i}].deadline.value`, message: 'must be above 0 (use the unit SAME_DAY for a same-day result)' });
    }
  });
  if (seen.has(2) && record.onlineLevel === undefined) {
    problems.push({ field: 'onlineLevel', message: 'required when the procedure has an online way (channel 2): TOAN_TRINH or MOT_PHAN' });
  }
  if (record.effectiveTo !== undefined && record.effectiveTo < record.effectiveFrom) {
    problems.push({ field: 'effectiveTo', message: `must not be before effectiveFrom ${record.effectiveFrom}, found "${record.effectiveTo}"` });
  }
  const causes = new Set<string>();
  (record.extensions ?? []).forEach((extension, i) => {
    if (causes.has(extension.cause)) problems.push({ field: `extensions[${i}].cause`, message: `"${extension.cause}" is listed twice` });
    causes.add(extension.cause);
    if (!(extension.max.value > 0)) problems.push({ field: `extensions[${i}].max.value`, message: 'must be above 0' });
  });
  return problems;
}
