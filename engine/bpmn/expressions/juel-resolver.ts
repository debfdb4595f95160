/**
 * Property access for JUEL, the sandbox's second wall (the parser refuses the names statically;
 * this refuses them when the key is computed). Only own properties of plain objects and indexes
 * of arrays are readable, so no expression can reach a prototype, a method or a global.
 */
import { EvaluationFailure } from './expression-errors.ts';
import { describeValue } from './describe-value.ts';

export const FORBIDDEN_PROPERTIES: ReadonlySet<string> = new Set(['constructor', '__proto__', 'prototype']);

const INTEGER = /^-?[0-9]+$/;

/** EL's Map and List resolvers: a null target or key, a missing key or an index out of range yield null. */
export function readProperty(target: unknown, key: unknown): unknown {
  if (target === null || target === undefined || key === null || key === undefined) return null;
  if (Array.isArray(target)) {
    const index = typeof key === 'number' ? key : typeof key === 'string' && INTEGER.test(key) ? Number(key) : NaN;
    if (!Number.isInteger(index)) {
      throw new EvaluationFailure(`a list is read by index, e.g. [0], not by ${describeValue(key)}`);
    }
    return index >= 0 && index < target.length ? (target[index] ?? null) : null;
  }
  if (!isPlainObject(target)) {
    throw new EvaluationFailure(`cannot read property '${String(key)}' of ${describeValue(target)}`);
  }
  const name = String(key);
  if (FORBIDDEN_PROPERTIES.has(name)) throw new EvaluationFailure(`access to '${name}' is not allowed`);
  return Object.hasOwn(target, name) ? (target[name] ?? null) : null;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
