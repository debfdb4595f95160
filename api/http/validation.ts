/**
 * Request validation from the routes' own schemas (the same ones the OpenAPI document shows).
 * Every problem names its field (`applicant.idNumber: must match pattern …`); path and query
 * values are strings on the wire, so they are coerced to the schema's types first.
 */
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { HttpProblem } from './problem.ts';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

const bodies = new Ajv({ allErrors: true, strict: false });
const strings = new Ajv({ allErrors: true, strict: false, coerceTypes: 'array' });
addFormats.default(bodies);
addFormats.default(strings);

export type Validator = (value: unknown) => FieldProblem[];

function fieldOf(error: ErrorObject, root: string): string {
  const path = error.instancePath.split('/').filter(Boolean).join('.');
  const joined = (name: string) => [root, path, name].filter(Boolean).join('.');
  if (error.keyword === 'required') return joined((error.params as { missingProperty: string }).missingProperty);
  if (error.keyword === 'additionalProperties') return joined((error.params as { additionalProperty: string }).additionalProperty);
  return [root, path].filter(Boolean).join('.') || root;
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return 'unknown field';
  if (error.keyword === 'required') return 'required';
  if (error.keyword === 'enum') return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return error.message ?? 'invalid';
}

function compile(ajv: Ajv, schema: SchemaObject, root: string): Validator {
  const validate: ValidateFunction = ajv.compile(schema);
  return (value) => {
    if (validate(value)) return [];
    const seen = new Set<string>();
    return (validate.errors ?? [])
      .filter((error) => error.keyword !== 'if' && error.keyword !== 'anyOf' && error.keyword !== 'oneOf')
      .map((error) => ({ field: fieldOf(error, root), message: messageOf(error) }))
      .filter((problem) => !seen.has(`${problem.field}:${problem.message}`) && seen.add(`${problem.field}:${problem.message}`));
  };
}

export const bodyValidator = (schema: SchemaObject): Validator => compile(bodies, schema, '');
/** path parameters and query strings: coerced in place to the schema's types */
export const stringValidator = (schema: SchemaObject, root: 'query' | 'path'): Validator => compile(strings, schema, root);

/** 400 naming the first field in error, with every problem listed */
export function invalidRequest(problems: readonly FieldProblem[]): HttpProblem {
  const [first] = problems;
  const summary = problems.map((problem) => `${problem.field || '(body)'}: ${problem.message}`).join('; ');
  return new HttpProblem(400, 'INVALID_INPUT', summary, { ...(first?.field ? { field: first.field } : {}), problems });
}

/** Deepest nesting a JSON body may have: deeper input is refused before any handler sees it. */
export const MAX_JSON_DEPTH = 32;

export function depthOf(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    if (item && typeof item === 'object') for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}
