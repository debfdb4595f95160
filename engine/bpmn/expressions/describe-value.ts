/** How a value is named in error messages: its type and a short rendering, never a whole object. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return `the text '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'function':
      return 'a function';
    default:
      if (Array.isArray(value)) return `a list of ${value.length}`;
      if (value instanceof Date) return `the date ${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}`;
      return 'an object';
  }
}
