/**
 * Values in failure lines, written the way the scenario writes them (YAML flow style): an analyst
 * compares `[Task_A, Timer_1]` with their file at a glance.
 */
const BARE = /^[\p{L}\p{N}_.:+\-@/]+$/u;
const LOOKS_TYPED = /^(true|false|null|~|[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)$/i;

export function formatValue(value: unknown): string {
  if (value === undefined) return '(none)';
  if (value === null) return 'null';
  if (typeof value === 'string') return BARE.test(value) && !LOOKS_TYPED.test(value) ? value : JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${BARE.test(k) ? k : JSON.stringify(k)}: ${formatValue(v)}`).join(', ')} }`;
}
