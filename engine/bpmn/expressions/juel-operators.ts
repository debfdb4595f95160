/**
 * The JUEL operators with the coercions of the EL specification (section 1.8 and 1.18), over the
 * JSON values our variables hold. Where EL coerces, we coerce the same way; where it would throw
 * (a text that is not a number in `+`), we throw an `EvaluationFailure` saying what to write instead.
 */
import { EvaluationFailure } from './expression-errors.ts';
import { describeValue } from './describe-value.ts';
import { isPlainObject } from './juel-resolver.ts';

const NUMERIC_TEXT = /^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/;

/** EL: null and '' count as 0, numeric text is parsed, anything else is an error. */
export function toNumber(value: unknown, operator: string): number {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined || value === '') return 0;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return Number(value);
  const hint =
    operator === '+' && typeof value === 'string'
      ? "; '+' only adds numbers in JUEL: to join texts, write the parts side by side, e.g. '${a}${b}'"
      : '';
  throw new EvaluationFailure(`'${operator}' needs numbers, but got ${describeValue(value)}${hint}`);
}

/** EL: null and '' are false, a text is true only if it reads `true` (any case). */
export function toBoolean(value: unknown, operator: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  throw new EvaluationFailure(`'${operator}' needs a boolean, but got ${describeValue(value)}`);
}

export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) {
    for (const key in value) if (Object.hasOwn(value, key)) return false;
    return true;
  }
  return false;
}

export function add(a: unknown, b: unknown): number {
  return toNumber(a, '+') + toNumber(b, '+');
}

export function subtract(a: unknown, b: unknown): number {
  return toNumber(a, '-') - toNumber(b, '-');
}

export function multiply(a: unknown, b: unknown): number {
  return toNumber(a, '*') * toNumber(b, '*');
}

/** EL divides as doubles and would give Infinity; a deadline or amount of Infinity is never meant. */
export function divide(a: unknown, b: unknown): number {
  const divisor = toNumber(b, '/');
  if (divisor === 0) throw new EvaluationFailure('division by zero');
  return toNumber(a, '/') / divisor;
}

export function remainder(a: unknown, b: unknown): number {
  const divisor = toNumber(b, '%');
  if (divisor === 0) throw new EvaluationFailure('remainder of a division by zero');
  return toNumber(a, '%') % divisor;
}

export function negate(value: unknown): number {
  return -toNumber(value, '-');
}

/**
 * EL 1.8.2: a number on either side compares numerically, then a boolean as booleans, then a text
 * as texts; lists and maps compare by content (Java's List/Map equals).
 */
export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a === 'number' || typeof b === 'number') return toNumber(a, '==') === toNumber(b, '==');
  if (typeof a === 'boolean' || typeof b === 'boolean') return toBoolean(a, '==') === toBoolean(b, '==');
  if (typeof a === 'string' || typeof b === 'string') return toText(a) === toText(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equals(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && equals(a[key], b[key]));
  }
  return false;
}

export type Ordering = '<' | '>' | '<=' | '>=';

/** EL 1.8.1: null on either side is false (after `A == B` for `<=`/`>=`); texts compare by code unit. */
export function compare(a: unknown, b: unknown, operator: Ordering): boolean {
  if ((operator === '<=' || operator === '>=') && a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  let left: number | string;
  let right: number | string;
  if (typeof a === 'number' || typeof b === 'number') {
    left = toNumber(a, operator);
    right = toNumber(b, operator);
  } else if (typeof a === 'string' && typeof b === 'string') {
    left = a;
    right = b;
  } else if (a instanceof Date && b instanceof Date) {
    left = a.getTime();
    right = b.getTime();
  } else {
    throw new EvaluationFailure(`cannot compare ${describeValue(a)} with ${describeValue(b)} using '${operator}'`);
  }
  switch (operator) {
    case '<':
      return left < right;
    case '>':
      return left > right;
    case '<=':
      return left <= right;
    case '>=':
      return left >= right;
  }
}

/** EL's coercion to String, for composite texts: null is '', lists and maps are JSON. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) || isPlainObject(value)) return JSON.stringify(value);
  return String(value);
}
