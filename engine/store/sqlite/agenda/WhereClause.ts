/**
 * Builds the WHERE clauses of the job repository from agenda's database-agnostic selectors
 * (`RemoveJobsOptions`, `JobsQueryOptions.data`, `job.unique(...)`), with the meaning the Mongo
 * backend gives them. Every value is bound; only fixed SQL text and validated JSON paths (see
 * `jsonPathLiteral`) are spliced in.
 */
import type { RemoveJobsOptions } from 'agenda';
import { ErrorCode, MotcuaError } from '../../../errors.ts';
import { columnOf, encodeValue, parseJobId } from './jobRowCodec.ts';
import type { SqlValue } from './jobRowCodec.ts';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function unsupported(field: string, message: string): MotcuaError {
  return new MotcuaError(ErrorCode.InvalidInput, message, { field });
}

/** Rejects Mongo query operators: the SQLite backend matches by equality only. */
function assertNoOperators(field: string, value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach((item) => assertNoOperators(field, item));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('$')) {
      throw unsupported(field, `query operator "${key}" is not supported by the SQLite agenda backend; use plain values`);
    }
    assertNoOperators(field, child);
  }
}

/**
 * `'$."a"."b"'`, a SQL string literal: quoted labels, so keys holding spaces, dashes or Vietnamese
 * letters work. Written into the SQL text rather than bound, because SQLite can use an expression
 * index on `json_extract(data, '$."key"')` only when the query names the same constant path: a
 * bound path made every unique() lookup scan the whole table. Labels that could end the label or
 * the statement early are refused; a `'` is doubled, as SQL quoting wants.
 */
function jsonPathLiteral(field: string, segments: readonly string[]): string {
  for (const segment of segments) {
    if (segment === '' || segment.includes('"') || segment.includes('\0') || segment.startsWith('$')) {
      throw unsupported(field, `cannot match on data key "${segment}"`);
    }
  }
  const path = '$' + segments.map((s) => `."${s}"`).join('');
  return `'${path.replaceAll("'", "''")}'`;
}

/** Leaf paths of a nested filter object, as Mongo's dot-notation flattening produces them. */
function flatten(value: Record<string, unknown>, prefix: readonly string[]): Array<[string[], unknown]> {
  const leaves: Array<[string[], unknown]> = [];
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, key];
    if (isPlainObject(child)) leaves.push(...flatten(child, path));
    else leaves.push([path, child]);
  }
  return leaves;
}

/** An AND-list of SQL conditions with their positional parameters. */
export class WhereClause {
  private readonly conditions: string[] = [];
  private readonly values: SqlValue[] = [];

  /** ANDs `condition`, whose `?` placeholders take `params` in order. */
  and(condition: string, ...params: SqlValue[]): this {
    this.conditions.push(condition);
    this.values.push(...params);
    return this;
  }

  /** Makes the clause match no row (a malformed id, an empty id list). */
  matchNothing(): this {
    return this.and('0');
  }

  /** True when no condition was added, i.e. the clause would match every row. */
  get isEmpty(): boolean {
    return this.conditions.length === 0;
  }

  /** The parameters, in placeholder order. */
  get params(): SqlValue[] {
    return [...this.values];
  }

  /** `WHERE c1 AND c2 …`, or '' when empty. */
  toSql(): string {
    return this.isEmpty ? '' : `WHERE ${this.conditions.map((c) => `(${c})`).join(' AND ')}`;
  }

  /** `column` is one of `values` (bound as one JSON array, so the statement shape never varies). */
  in(column: string, values: readonly SqlValue[]): this {
    return this.and(`${column} IN (SELECT value FROM json_each(?))`, JSON.stringify(values));
  }

  /** `column` is none of `values`. */
  notIn(column: string, values: readonly SqlValue[]): this {
    return this.and(`${column} NOT IN (SELECT value FROM json_each(?))`, JSON.stringify(values));
  }

  /** The row with job id `id`; matches nothing when `id` cannot be a job id. */
  id(id: unknown): this {
    const n = parseJobId(id);
    return n === null ? this.matchNothing() : this.and('id = ?', n);
  }

  /** Rows whose id is one of `ids`; malformed ids are ignored, none left matches nothing. */
  ids(ids: readonly unknown[]): this {
    const valid = ids.map(parseJobId).filter((n): n is number => n !== null);
    return valid.length === 0 ? this.matchNothing() : this.in('id', valid);
  }

  /**
   * Mongo's data filter: a plain object matches partially, leaf by leaf (`{ a: { b: 1 } }` means
   * `data.a.b = 1`, other keys are free); anything else must equal `data` as a whole.
   */
  dataMatches(filter: unknown): this {
    assertNoOperators('data', filter);
    if (isPlainObject(filter)) {
      for (const [path, leaf] of flatten(filter, [])) this.dataLeaf(path, leaf);
      return this;
    }
    return this.dataEquals(filter);
  }

  /**
   * The job selector of cancel / disable / enable: by id(s), by name(s) or not-names, and by
   * data, exactly the fields and precedence the Mongo backend honours.
   */
  selects(options: RemoveJobsOptions): this {
    if (options.id) this.id(options.id);
    else if (Array.isArray(options.ids) && options.ids.length > 0) this.ids(options.ids);

    if (options.name && typeof options.name === 'string') {
      this.and('name = ?', options.name);
    } else if (Array.isArray(options.names) && options.names.length > 0) {
      const names = options.names.filter((n): n is string => typeof n === 'string');
      if (names.length > 0) this.in('name', names);
    } else if (Array.isArray(options.notNames) && options.notNames.length > 0) {
      const notNames = options.notNames.filter((n): n is string => typeof n === 'string');
      if (notNames.length > 0) this.notIn('name', notNames);
    }

    if (options.data !== undefined) this.dataMatches(options.data);
    return this;
  }

  /**
   * A `job.unique({...})` query: keys are field paths (`data.dossierId`, `type`, `priority`, …),
   * values are matched by equality. `name` is left out: the caller always pins the job's own name,
   * as the Mongo backend does.
   */
  uniqueMatches(unique: Record<string, unknown>): this {
    for (const [key, value] of Object.entries(unique)) {
      const field = `unique.${key}`;
      assertNoOperators(field, value);
      if (key.startsWith('$')) throw unsupported(field, `query operator "${key}" is not supported in unique()`);
      if (key === 'name') continue;
      if (key === 'data') {
        this.dataEquals(value);
      } else if (key.startsWith('data.')) {
        this.dataLeaf(key.slice('data.'.length).split('.'), value);
      } else if (key === '_id') {
        this.id(value);
      } else {
        const column = columnOf(key);
        if (!column) throw unsupported(field, `unique() on "${key}": not a field of an agenda job`);
        // IS, not =: Mongo's { field: null } matches a missing field too
        this.and(`${column.column} IS ?`, encodeValue(column, value));
      }
    }
    return this;
  }

  private dataEquals(value: unknown): this {
    if (value === undefined || value === null) return this.and('data IS NULL');
    return this.and('data = ?', JSON.stringify(value));
  }

  /**
   * One leaf of a data match. The JSON type is checked along with the value so that, as in
   * Mongo, 1 does not match "1" and true does not match 1.
   */
  private dataLeaf(segments: readonly string[], raw: unknown): this {
    const path = jsonPathLiteral(`data.${segments.join('.')}`, segments);
    const value = raw instanceof Date ? raw.toISOString() : raw;
    if (value === undefined || value === null) {
      // JSON null and an absent key both come out as SQL NULL, which is Mongo's { x: null }
      return this.and(`json_extract(data, ${path}) IS NULL`);
    }
    if (typeof value === 'boolean') {
      return this.and(`json_type(data, ${path}) = ?`, value ? 'true' : 'false');
    }
    if (typeof value === 'number' || typeof value === 'bigint') {
      return this.and(`json_type(data, ${path}) IN ('integer', 'real') AND json_extract(data, ${path}) = ?`, value);
    }
    if (typeof value === 'string') {
      return this.and(`json_type(data, ${path}) = 'text' AND json_extract(data, ${path}) = ?`, value);
    }
    // an array or a sub-document: equal as a whole, in key order, like Mongo's embedded match
    return this.and(`json_type(data, ${path}) IN ('object', 'array') AND json_extract(data, ${path}) = json(?)`, JSON.stringify(value));
  }
}
