/** Drops the keys whose value is undefined, so compiled objects stay plain JSON (stringify round-trips). */
export function omitUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}
