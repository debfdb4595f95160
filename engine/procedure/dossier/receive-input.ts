/**
 * What a one-stop desk (or the portal) hands in to receive a dossier, and its schema. Problems
 * name the field (`applicant.name: required`) and are found before anything is written.
 */
import type { SchemaObject } from 'ajv';
import { compileSchema, type FieldProblem, schemaProblems } from '../../validation/schema-problems.ts';
import type { DossierApplicant } from './dossier.ts';
import type { Channel } from './dossier-status.ts';

/** An agency code (mã định danh), e.g. `000.00.53.H48` or `G09.20`. */
export const AGENCY_CODE_PATTERN = '^[0-9A-Za-z][0-9A-Za-z._-]*$';

export interface ReceiveInput {
  /** the catalog code; the version in force at submission is used */
  readonly procedureCode: string;
  readonly channel: Channel;
  readonly applicant: DossierApplicant;
  /** the documents handed in; default: the procedure's components, none digitised or reused */
  readonly components?: readonly { readonly name: string; readonly digitised?: boolean; readonly reused?: boolean; readonly quantity?: number }[];
  /** agency code of the desk receiving it */
  readonly receivingAgency: string;
  /** agency code of the agency handling it; default the receiving agency */
  readonly handlingAgency?: string;
  /** fees already paid at submission */
  readonly fees?: { readonly paid?: boolean; readonly paidOnline?: boolean };
  /** further process variables to start with (never `dossier`) */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** who receives it (the officer, or the portal) */
  readonly by?: string;
}

export const TEXT = { type: 'string', minLength: 1, description: 'a text' };
export const AGENCY = { type: 'string', pattern: AGENCY_CODE_PATTERN, description: 'an agency code such as 000.00.53.H48' };
const FLAG = { type: 'boolean', description: 'true or false' };

/** The documents handed in; shared with the scenario's `start.dossier`. */
export const COMPONENTS_SCHEMA: SchemaObject = {
  type: 'array',
  description: 'a list of components',
  items: {
    type: 'object',
    description: 'a component { name, digitised?, reused?, quantity? }',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: TEXT,
      digitised: FLAG,
      reused: FLAG,
      quantity: { type: 'integer', minimum: 1, description: 'a whole number from 1' },
    },
  },
};

/** Fees paid at submission; shared with the scenario's `start.dossier`. */
export const FEES_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'fees { paid?, paidOnline? }',
  additionalProperties: false,
  properties: { paid: FLAG, paidOnline: FLAG },
};

export const RECEIVE_INPUT_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'the dossier to receive',
  required: ['procedureCode', 'channel', 'applicant', 'receivingAgency'],
  additionalProperties: false,
  properties: {
    procedureCode: TEXT,
    channel: { enum: [1, 2, 3] },
    applicant: {
      type: 'object',
      description: 'an object { name, idNumber?, address?, phone?, email?, type?, onBehalfOf? }',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: TEXT,
        idNumber: { type: 'string', pattern: '^[0-9A-Za-z.-]+$', description: 'an identity number (digits and letters)' },
        address: TEXT,
        phone: { type: 'string', pattern: '^[0-9+ ().-]{6,20}$', description: 'a phone number' },
        email: { type: 'string', format: 'email', description: 'an e-mail address' },
        type: TEXT,
        onBehalfOf: TEXT,
      },
    },
    components: COMPONENTS_SCHEMA,
    receivingAgency: AGENCY,
    handlingAgency: AGENCY,
    fees: FEES_SCHEMA,
    variables: {
      type: 'object',
      description: 'an object of process variables without dossier or __dossierCommand (receive makes the dossier)',
      not: { anyOf: [{ required: ['dossier'] }, { required: ['__dossierCommand'] }] },
    },
    by: TEXT,
  },
};

let validator: ReturnType<typeof compileSchema> | undefined;

export function receiveInputProblems(input: unknown): FieldProblem[] {
  validator ??= compileSchema(RECEIVE_INPUT_SCHEMA);
  return schemaProblems(validator, input);
}
