/**
 * Camunda 7 wire conventions shared by every /engine-rest resource: its date format, its paging
 * parameters and its error types. Shapes of single resources live beside their routes.
 */
import { HttpProblem } from '../../http/problem.ts';

/** C7's default date format, `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (`2026-12-02T05:18:26.000+0000`), in UTC. */
export function c7Date(iso: string | undefined | null): string | null {
  if (!iso) return null;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return null;
  return new Date(time).toISOString().replace(/Z$/, '+0000');
}

/** A date given in a C7 query (`…+0200`, `…Z`, or ISO) as ISO 8601 UTC; 400 naming the parameter. */
export function queryDate(raw: string, field: string): string {
  const time = Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(time)) throw new HttpProblem(400, 'INVALID_INPUT', `Cannot set query parameter '${field}' to value '${raw}': not a date`, { field: `query.${field}` });
  return new Date(time).toISOString();
}

/** `firstResult` / `maxResults` of every C7 list. */
export const PAGING_PROPERTIES = {
  firstResult: { type: 'integer', minimum: 0 },
  maxResults: { type: 'integer', minimum: 0, maximum: 10_000 },
} as const;

/** `sortOrder` goes with `sortBy`, as C7 requires. */
export const SORT_ORDER = { type: 'string', enum: ['asc', 'desc'] } as const;

/**
 * A C7 list without `maxResults` returns everything; ours stops at this many, so that one request
 * cannot read a whole agency. Clients page with `firstResult` as C7 clients already do.
 */
export const DEFAULT_MAX_RESULTS = 1000;

export interface Page {
  readonly offset: number;
  readonly limit: number;
}

export function pageOf(query: Record<string, unknown>): Page {
  return { offset: (query.firstResult as number | undefined) ?? 0, limit: (query.maxResults as number | undefined) ?? DEFAULT_MAX_RESULTS };
}

/** `sortBy` and `sortOrder` come together or not at all (C7's rule). */
export function sortOf<T extends string>(query: Record<string, unknown>): { by: T; descending: boolean } | undefined {
  const by = query.sortBy as T | undefined;
  const order = query.sortOrder as 'asc' | 'desc' | undefined;
  if ((by === undefined) !== (order === undefined)) {
    throw new HttpProblem(400, 'INVALID_INPUT', 'Only a single sorting parameter specified. sortBy and sortOrder required', { field: by === undefined ? 'query.sortBy' : 'query.sortOrder' });
  }
  return by === undefined ? undefined : { by, descending: order === 'desc' };
}

/** A 404 with C7's wording, for anything missing or of another agency. */
export function notFound(what: string, id: string): HttpProblem {
  return new HttpProblem(404, 'NOT_FOUND', `${what} with id ${id} does not exist`, { type: 'InvalidRequestException' });
}

/** A comma-separated C7 list parameter (`candidateGroups=a,b`). */
export function listParam(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  return String(raw)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** C7's `{ count }`. */
export const COUNT_SCHEMA = { type: 'object', properties: { count: { type: 'integer' } } } as const;

/** C7's error body, for the response documentation. */
export const EXCEPTION_SCHEMA = { type: 'object', properties: { type: { type: 'string' }, message: { type: 'string' } } } as const;
