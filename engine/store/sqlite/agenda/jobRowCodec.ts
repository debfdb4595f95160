/**
 * Translation between agenda's `JobParameters` and rows of the jobs table (see schema.ts).
 * One table of columns drives inserts, updates, reads and unique-key lookups, so a field is
 * named and encoded in exactly one place.
 */
import { toJobId } from 'agenda';
import type { JobParameters } from 'agenda';
import type { AgendaJobRow } from './schema.ts';

/** A value better-sqlite3 can bind. */
export type SqlValue = string | number | bigint | Buffer | null;

/** How a field is stored. */
type ColumnKind =
  | 'text'
  | 'number'
  | 'date' // epoch ms
  | 'flag' // boolean stored 0/1, never NULL
  | 'bool' // boolean stored 0/1, NULL when unset
  | 'json'
  | 'scalar'; // number or string, stored as given

/** A job field the repository persists, and where. */
export interface ColumnSpec {
  /** the `JobParameters` key */
  readonly field: string;
  /** the table column */
  readonly column: keyof AgendaJobRow & string;
  /** how the value is encoded for the column */
  readonly kind: ColumnKind;
  /**
   * Managed by agenda's job processor (`Job.PROCESSOR_MANAGED_FIELDS`). `Job.save()` leaves
   * these out on purpose, so an update only writes them when the caller actually sent them.
   */
  readonly processorManaged: boolean;
}

const spec = (field: string, column: ColumnSpec['column'], kind: ColumnKind, processorManaged = false): ColumnSpec => ({
  field,
  column,
  kind,
  processorManaged,
});

/** Every persisted field except the id, in table order. */
export const JOB_COLUMNS: readonly ColumnSpec[] = [
  spec('name', 'name', 'text'),
  spec('priority', 'priority', 'number'),
  spec('nextRunAt', 'next_run_at', 'date'),
  spec('type', 'type', 'text'),
  spec('data', 'data', 'json'),
  spec('lockedAt', 'locked_at', 'date', true),
  spec('lastRunAt', 'last_run_at', 'date', true),
  spec('lastFinishedAt', 'last_finished_at', 'date', true),
  spec('failedAt', 'failed_at', 'date', true),
  spec('failCount', 'fail_count', 'number', true),
  spec('failReason', 'fail_reason', 'text', true),
  spec('repeatInterval', 'repeat_interval', 'scalar'),
  spec('repeatAt', 'repeat_at', 'text'),
  spec('repeatTimezone', 'repeat_timezone', 'text'),
  spec('disabled', 'disabled', 'flag'),
  spec('progress', 'progress', 'number', true),
  spec('fork', 'fork', 'bool'),
  spec('lastModifiedBy', 'last_modified_by', 'text'),
  spec('debounceStartedAt', 'debounce_started_at', 'date'),
  spec('startDate', 'start_date', 'date'),
  spec('endDate', 'end_date', 'date'),
  spec('skipDays', 'skip_days', 'json'),
];

const BY_FIELD = new Map(JOB_COLUMNS.map((c) => [c.field, c]));

/** The column spec of job field `field`, or undefined when the field is not persisted. */
export function columnOf(field: string): ColumnSpec | undefined {
  return BY_FIELD.get(field);
}

/**
 * Epoch ms of a date-ish value, or null. Agenda hands over `Date`s, but a job that went through
 * JSON (a forked worker, a REST call) carries ISO strings; an invalid date is stored as "none"
 * rather than as NaN, which SQLite would turn into NULL anyway.
 */
export function toEpochMs(value: unknown): number | null {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value;
  else if (typeof value === 'string') ms = Date.parse(value);
  else return null;
  return Number.isFinite(ms) ? ms : null;
}

/** Encodes one field value for its column. */
export function encodeValue(columnSpec: ColumnSpec, value: unknown): SqlValue {
  switch (columnSpec.kind) {
    case 'date':
      return toEpochMs(value);
    case 'flag':
      return value ? 1 : 0;
    case 'bool':
      return value === undefined || value === null ? null : value ? 1 : 0;
    case 'json':
      return value === undefined || value === null ? null : JSON.stringify(value);
    case 'number': {
      if (value === undefined || value === null) return null;
      const n = Number(value);
      return Number.isFinite(n) ? n : null;
    }
    case 'text':
      return value === undefined || value === null ? null : String(value);
    case 'scalar':
      return typeof value === 'number' || typeof value === 'string' ? value : null;
  }
}

/** All columns of `job` encoded, keyed by column name (the shape of the INSERT's parameters). */
export function encodeJob(job: Partial<JobParameters>, lastModifiedBy: string | null): Record<string, SqlValue> {
  const row: Record<string, SqlValue> = {};
  const fields = job as Record<string, unknown>;
  for (const c of JOB_COLUMNS) row[c.column] = encodeValue(c, fields[c.field]);
  row.last_modified_by = lastModifiedBy;
  if (row.priority === null) row.priority = 0;
  if (row.type === null) row.type = 'normal';
  return row;
}

/**
 * The job's numeric row id, or null when `id` cannot be one of ours (the Mongo backend treats a
 * malformed ObjectId the same way: as matching nothing).
 */
export function parseJobId(id: unknown): number | null {
  const text = typeof id === 'number' ? String(id) : typeof id === 'string' ? id.trim() : '';
  if (!/^[1-9][0-9]{0,15}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

const dateOrUndefined = (ms: number | null): Date | undefined => (ms === null ? undefined : new Date(ms));

/** The `JobParameters` a row stands for: Dates back from epoch ms, JSON parsed, NULL → undefined. */
export function decodeRow<DATA = unknown>(row: AgendaJobRow): JobParameters<DATA> {
  return {
    _id: toJobId(String(row.id)),
    name: row.name,
    priority: row.priority,
    nextRunAt: row.next_run_at === null ? null : new Date(row.next_run_at),
    type: row.type === 'single' ? 'single' : 'normal',
    // Mongo stores an absent `data` as null, and agenda code downstream expects the key
    data: (row.data === null ? null : JSON.parse(row.data)) as DATA,
    lockedAt: dateOrUndefined(row.locked_at),
    lastRunAt: dateOrUndefined(row.last_run_at),
    lastFinishedAt: dateOrUndefined(row.last_finished_at),
    failedAt: dateOrUndefined(row.failed_at),
    failCount: row.fail_count ?? undefined,
    failReason: row.fail_reason ?? undefined,
    repeatInterval: row.repeat_interval ?? undefined,
    repeatAt: row.repeat_at ?? undefined,
    repeatTimezone: row.repeat_timezone ?? undefined,
    disabled: row.disabled === 1,
    progress: row.progress ?? undefined,
    fork: row.fork === null ? undefined : row.fork === 1,
    lastModifiedBy: row.last_modified_by ?? undefined,
    debounceStartedAt: dateOrUndefined(row.debounce_started_at),
    startDate: dateOrUndefined(row.start_date),
    endDate: dateOrUndefined(row.end_date),
    skipDays: row.skip_days === null ? undefined : (JSON.parse(row.skip_days) as number[]),
  };
}
