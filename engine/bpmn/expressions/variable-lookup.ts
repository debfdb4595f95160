/**
 * How expressions see the outside: variables through a lookup (the engine resolves them along
 * the scope chain without copying), functions through a plain record supplied by the caller.
 */

export interface VariableLookup {
  get(name: string): unknown;
  has(name: string): boolean;
}

export type ExpressionFunctions = Readonly<Record<string, (...args: unknown[]) => unknown>>;

/** A lookup over plain objects, first match wins; only own properties count, so no prototype leaks in. */
export function lookupFrom(...records: ReadonlyArray<Readonly<Record<string, unknown>>>): VariableLookup {
  if (records.length === 1) {
    const record = records[0];
    return {
      get: (name) => (Object.hasOwn(record, name) ? record[name] : undefined),
      has: (name) => Object.hasOwn(record, name),
    };
  }
  const find = (name: string) => records.find((record) => Object.hasOwn(record, name));
  return {
    get: (name) => find(name)?.[name],
    has: (name) => find(name) !== undefined,
  };
}
