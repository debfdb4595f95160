/**
 * Camunda 7 typed values (`{ value, type, valueInfo }`) ⇄ the engine's plain JSON variables.
 * The engine keeps JSON, so a typed value is read into the JSON value it stands for and written
 * back with the type that JSON value has (`Json` for objects and lists, `Integer` / `Long` /
 * `Double` for numbers). Types the engine cannot hold (`Bytes`, `File`, Java-serialised `Object`)
 * are refused naming the variable, never stored half-understood.
 */
import { HttpProblem } from '../../http/problem.ts';

export interface TypedValue {
  readonly value: unknown;
  readonly type: string | null;
  readonly valueInfo: Record<string, unknown>;
}

/** The schema of one typed value in a request (C7's VariableValueDto). */
export const TYPED_VALUE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    value: {},
    type: { type: ['string', 'null'], maxLength: 40 },
    valueInfo: { type: ['object', 'null'] },
  },
} as const;

/** A map of variable name → typed value, as C7 requests carry them. */
export const TYPED_VARIABLES_SCHEMA = {
  type: 'object',
  maxProperties: 500,
  propertyNames: { minLength: 1, maxLength: 200 },
  additionalProperties: TYPED_VALUE_SCHEMA,
} as const;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function refuse(field: string, message: string): HttpProblem {
  return new HttpProblem(400, 'INVALID_INPUT', `${field}: ${message}`, { field });
}

/** C7 dates are `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (`+0200`); the engine keeps ISO 8601 in UTC. */
function dateOf(raw: unknown, field: string): string {
  if (typeof raw !== 'string') throw refuse(field, 'a Date value must be a string');
  const iso = raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw refuse(field, `"${raw}" is not a date (yyyy-MM-dd'T'HH:mm:ss.SSSZ)`);
  return new Date(time).toISOString();
}

function numberOf(raw: unknown, field: string, integer: boolean): number {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw refuse(field, 'must be a number');
  if (integer && !Number.isInteger(value)) throw refuse(field, 'must be a whole number');
  return value;
}

function jsonOf(raw: unknown, field: string): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw refuse(field, 'the Json value is not valid JSON');
  }
}

/** One typed value → the JSON value the engine keeps. */
export function fromTyped(name: string, typed: Partial<TypedValue>, root = 'variables'): unknown {
  const field = `${root}.${name}`;
  const type = (typed.type ?? '').toLowerCase();
  const raw = typed.value;
  if (raw === null || raw === undefined || type === 'null') return null;
  switch (type) {
    case '':
      return raw;
    case 'string':
      if (typeof raw !== 'string') throw refuse(field, 'a String value must be a string');
      return raw;
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw refuse(field, 'a Boolean value must be true or false');
    case 'integer':
    case 'short':
    case 'long':
      return numberOf(raw, field, true);
    case 'double':
      return numberOf(raw, field, false);
    case 'date':
      return dateOf(raw, field);
    case 'json':
      return jsonOf(raw, field);
    case 'object': {
      const format = typed.valueInfo?.serializationDataFormat;
      if (format !== undefined && format !== 'application/json') throw refuse(field, `an Object serialised as ${String(format)} is not supported (only application/json)`);
      return jsonOf(raw, field);
    }
    default:
      throw refuse(field, `the variable type ${typed.type} is not supported (String, Boolean, Integer, Short, Long, Double, Date, Json, Object as JSON, Null)`);
  }
}

/** A C7 variables map → the engine's variables; undefined when none were given. */
export function fromTypedMap(variables: Readonly<Record<string, Partial<TypedValue>>> | undefined | null, root = 'variables'): Record<string, unknown> | undefined {
  if (!variables) return undefined;
  const result: Record<string, unknown> = {};
  for (const [name, typed] of Object.entries(variables)) result[name] = fromTyped(name, typed ?? {}, root);
  return result;
}

/** One engine value → its C7 typed value. */
export function toTyped(value: unknown): TypedValue {
  if (value === null || value === undefined) return { value: null, type: 'Null', valueInfo: {} };
  if (typeof value === 'string') return { value, type: 'String', valueInfo: {} };
  if (typeof value === 'boolean') return { value, type: 'Boolean', valueInfo: {} };
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { value, type: 'Double', valueInfo: {} };
    return { value, type: value >= INT32_MIN && value <= INT32_MAX ? 'Integer' : 'Long', valueInfo: {} };
  }
  return { value: JSON.stringify(value), type: 'Json', valueInfo: {} };
}

/** Engine variables → a C7 variables map, optionally only the names asked for. */
export function toTypedMap(variables: Readonly<Record<string, unknown>>, names?: readonly string[]): Record<string, TypedValue> {
  const result: Record<string, TypedValue> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (names && !names.includes(name)) continue;
    result[name] = toTyped(value);
  }
  return result;
}
