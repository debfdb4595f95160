/**
 * What the engine accepts as variables (and dossier data) at its API boundary: plain JSON, since
 * the state is stored and replayed as JSON. Anything JSON would change or cannot hold is refused
 * with INVALID_INPUT naming the variable's path, before any state changes — never silently
 * turned into something else (NaN into null, a function into nothing, a Date into a text) and
 * never left for the store to fail on (a 10 000-level object overflows its serializer's stack).
 */
import { ErrorCode, MotcuaError } from '../errors.ts';

/** Deepest nesting of objects and lists a variable may have (a dossier needs a handful). */
export const MAX_VARIABLE_DEPTH = 32;
/** Largest JSON form of one variable, in bytes (UTF-8): documents belong in a file store, not in variables. */
export const MAX_VARIABLE_BYTES = 1024 * 1024;
/** Largest JSON form of all variables of one command, in bytes. */
export const MAX_VARIABLES_BYTES = 4 * 1024 * 1024;

function refuse(path: string, message: string): never {
  throw new MotcuaError(ErrorCode.InvalidInput, `${path}: ${message}`, { field: path });
}

/** Every variable of `variables` (a mapping), its path starting with `field` (e.g. `variables`; '' for none). */
export function checkVariables(variables: unknown, field = 'variables'): void {
  if (variables === undefined) return;
  if (!isPlainObject(variables)) refuse(field || 'variables', `must be a mapping of variable names to values, not ${kindOf(variables)}`);
  let total = 0;
  for (const [name, value] of Object.entries(variables)) {
    const path = field ? `${field}.${name}` : name;
    checkValue(value, path, 1, new Set());
    const bytes = value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');
    if (bytes > MAX_VARIABLE_BYTES) refuse(path, `is ${bytes} bytes as JSON, over the ${MAX_VARIABLE_BYTES}-byte limit of one variable: keep documents in a file store and their reference here`);
    total += bytes;
  }
  if (total > MAX_VARIABLES_BYTES) refuse(field || 'variables', `are ${total} bytes as JSON together, over the ${MAX_VARIABLES_BYTES}-byte limit of one command`);
}

function checkValue(value: unknown, path: string, depth: number, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return;
    case 'number':
      if (!Number.isFinite(value)) refuse(path, `${value} cannot be stored (JSON has no NaN or Infinity): use null or a finite number`);
      return;
    case 'bigint':
      refuse(path, `is a BigInt (${value}n), which JSON cannot hold: pass it as a text or, when it fits, a number`);
    case 'function':
      refuse(path, 'is a function: variables hold data only');
    case 'symbol':
      refuse(path, 'is a symbol: variables hold data only');
  }
  if (value === null) return;
  const object = value as object;
  if (!Array.isArray(object) && !isPlainObject(object)) refuse(path, `is ${kindOf(object)}: pass plain data (a Date as an ISO 8601 text, e.g. 2025-03-03T08:00:00+07:00)`);
  if (ancestors.has(object)) refuse(path, 'refers back to a value that contains it (a cycle), which JSON cannot hold');
  if (depth > MAX_VARIABLE_DEPTH) refuse(path, `nests deeper than ${MAX_VARIABLE_DEPTH} levels of objects and lists`);
  ancestors.add(object);
  if (Array.isArray(object)) object.forEach((item, index) => checkValue(item, `${path}[${index}]`, depth + 1, ancestors));
  else for (const [key, item] of Object.entries(object)) checkValue(item, `${path}.${key}`, depth + 1, ancestors);
  ancestors.delete(object);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return `a ${(value as object).constructor?.name ?? 'non-plain'} object`;
  return `a ${typeof value}`;
}
