/**
 * agenda's `JobRepository` over better-sqlite3: the storage half of `SqliteAgendaBackend`.
 *
 * Semantics follow `@agendajs/mongo-backend` (the reference implementation): which job runs
 * next, what a lock is, how `single` and `unique` jobs upsert, how debounce moves `nextRunAt`.
 * Deliberate differences are marked "Unlike Mongo" below.
 *
 * Concurrency: every write is a single statement or an IMMEDIATE transaction, so it holds
 * SQLite's write lock from its first read to its commit. Several processes sharing one file
 * (WAL) therefore never lock the same job twice and never insert two copies of a unique job.
 *
 * better-sqlite3 is synchronous; the async methods only adapt it to agenda's interface. Their
 * SQL runs before they return, which is what makes `saveJobSync` usable inside a caller's own
 * transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { computeJobState } from 'agenda';
import type {
  JobId,
  JobParameters,
  JobRepository,
  JobRepositoryOptions,
  JobState,
  JobsOverview,
  JobsQueryOptions,
  JobsResult,
  JobsSort,
  JobWithState,
  RemoveJobsOptions,
  UniqueOpts,
} from 'agenda';
import { ErrorCode, MotcuaError } from '../../../errors.ts';
import { createAgendaSchema, DEFAULT_AGENDA_JOBS_TABLE, assertTableName } from './schema.ts';
import type { AgendaJobRow } from './schema.ts';
import { JOB_COLUMNS, decodeRow, encodeJob, parseJobId, toEpochMs } from './jobRowCodec.ts';
import type { ColumnSpec, SqlValue } from './jobRowCodec.ts';
import { WhereClause } from './WhereClause.ts';
import { folderFailure, openFailure } from '../open-errors.ts';

/**
 * Where the jobs live: a file the repository opens (and later closes) itself, or a connection
 * the caller owns and keeps open; the repository never closes a borrowed connection.
 */
export type SqliteConnectionConfig =
  | { readonly path: string; readonly database?: undefined }
  | { readonly database: Database.Database; readonly path?: undefined };

/** Tuning that applies to either kind of connection. */
export interface SqliteJobRepositoryOptions {
  /** Jobs table name (letters, digits, `_`). Default `agenda_jobs`. */
  readonly tableName?: string;
  /** Create the table and indexes on connect if missing. Default true. */
  readonly ensureSchema?: boolean;
  /**
   * How long an owned connection waits for another process's write lock before failing with
   * SQLITE_BUSY, in ms. Default 5000. A borrowed connection keeps its own setting.
   */
  readonly busyTimeoutMs?: number;
}

/** Constructor argument of `SqliteJobRepository`. */
export type SqliteJobRepositoryConfig = SqliteConnectionConfig & SqliteJobRepositoryOptions;

type Statement = Database.Statement<unknown[], unknown>;

const SORT_COLUMNS: Record<keyof JobsSort, string> = {
  nextRunAt: 'next_run_at',
  lastRunAt: 'last_run_at',
  lastFinishedAt: 'last_finished_at',
  priority: 'priority',
  name: 'name',
  data: 'data',
};

/** The columns a `saveJobState` writes: what the job processor changes while running a job. */
const STATE_COLUMNS = [
  'locked_at',
  'next_run_at',
  'last_run_at',
  'progress',
  'fail_reason',
  'fail_count',
  'failed_at',
  'last_finished_at',
] as const;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

/**
 * The columns an update of an existing job writes. Unlike Mongo, which nulls every field the
 * caller left out, processor-managed fields (lock, run and failure bookkeeping, progress) are
 * written only when present: `Job.save()` omits them precisely so that saving a job from a
 * handler, or re-declaring `every()` at start-up, cannot unlock a running job or wipe its
 * failure history.
 */
function columnsToUpdate(job: object, exclude: ReadonlySet<string>): ColumnSpec[] {
  return JOB_COLUMNS.filter(
    (c) => !exclude.has(c.column) && (!c.processorManaged || Object.hasOwn(job, c.field)),
  );
}

const NOT_NAME = new Set(['name']);

/** agenda's `JobRepository` over a SQLite database (see the module comment). */
export class SqliteJobRepository implements JobRepository {
  /** True when this repository opened the connection and so is the one to close it. */
  readonly ownsConnection: boolean;
  /** The jobs table. */
  readonly tableName: string;

  private readonly config: SqliteJobRepositoryConfig;
  private db: Database.Database | undefined;
  private statements = new Map<string, Statement>();

  /** Prepares nothing and opens nothing: `connect()` does. */
  constructor(config: SqliteJobRepositoryConfig) {
    if (!config.path && !config.database) {
      throw new TypeError('SqliteJobRepository needs either { path } or { database }');
    }
    this.config = config;
    this.ownsConnection = config.database === undefined;
    this.tableName = assertTableName(config.tableName ?? DEFAULT_AGENDA_JOBS_TABLE);
  }

  /**
   * The connection in use. Exposed so that a caller sharing the database can run
   * `saveJobSync` inside its own transaction. Throws when not connected.
   */
  get database(): Database.Database {
    if (!this.db || !this.db.open) {
      throw new MotcuaError(ErrorCode.StoreUnavailable, `agenda job store (${this.tableName}) is not connected`);
    }
    return this.db;
  }

  /**
   * Opens the file (owned) or adopts the given connection (borrowed), then creates the schema.
   * An owned file is put in WAL mode with `synchronous = NORMAL`, the pairing SQLite recommends
   * for many readers beside one writer. Idempotent; reconnects after `disconnect()`.
   */
  async connect(): Promise<void> {
    if (this.db?.open) return;
    if (this.config.database) {
      this.db = this.config.database;
    } else {
      this.db = this.open(this.config.path!);
    }
    this.statements = new Map();
    if (this.config.ensureSchema ?? true) {
      try {
        createAgendaSchema(this.db, this.tableName);
      } catch (error) {
        throw openFailure(this.db.name, error);
      }
    }
  }

  /** Open the file (creating its folder), failing with a MotcuaError that names it and says what to do. */
  private open(file: string): Database.Database {
    // the embedded default (./data/motcua.db) must work on a fresh checkout
    if (file !== ':memory:' && !file.startsWith('file:')) {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
      } catch (error) {
        throw folderFailure(file, error);
      }
    }
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { timeout: this.config.busyTimeoutMs ?? 5000 });
      db.pragma('journal_mode = WAL');
      // NORMAL: the agenda table holds only the tick, which the executor wakes again from the store's job rows
      db.pragma('synchronous = NORMAL');
      return db;
    } catch (error) {
      db?.close();
      throw openFailure(file, error);
    }
  }

  /** Closes the connection if this repository opened it; forgets a borrowed one either way. */
  async disconnect(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    this.statements = new Map();
    if (db && this.ownsConnection && db.open) db.close();
  }

  /** The job with id `id`, or null (also for an id that cannot be one of ours). */
  async getJobById(id: string): Promise<JobParameters | null> {
    const n = parseJobId(id);
    if (n === null) return null;
    const row = this.stmt(`SELECT * FROM ${this.tableName} WHERE id = ?`).get(n) as AgendaJobRow | undefined;
    return row ? decodeRow(row) : null;
  }

  /**
   * Jobs matching `options`, each with its computed state, and the total before pagination.
   * Without a state filter, paging happens in SQL; with one, state is computed per row (as the
   * Mongo backend does), so all matching rows are read and paged afterwards. Unlike Mongo, a
   * `search` narrows a `name` filter instead of replacing it.
   */
  async queryJobs(options: JobsQueryOptions = {}): Promise<JobsResult> {
    const { name, names, state, id, ids, search, data, includeDisabled = true, sort, skip = 0, limit = 0 } = options;
    const now = new Date();
    const where = new WhereClause();
    if (name && typeof name === 'string') where.and('name = ?', name);
    else if (Array.isArray(names) && names.some((n) => typeof n === 'string')) {
      where.in('name', names.filter((n) => typeof n === 'string'));
    }
    if (id && typeof id === 'string') where.id(id);
    else if (Array.isArray(ids) && ids.length > 0) where.ids(ids);
    if (search && typeof search === 'string') where.and("name LIKE ? ESCAPE '\\'", `%${escapeLike(search)}%`);
    if (data !== undefined) where.dataMatches(data);
    if (!includeDisabled) where.and('disabled = 0');

    const select = `SELECT * FROM ${this.tableName} ${where.toSql()} ORDER BY ${this.orderBy(sort)}`;
    const withState = (row: AgendaJobRow): JobWithState => {
      const job = decodeRow(row);
      return { ...job, _id: job._id as JobId, state: computeJobState(job, now) };
    };

    // one read transaction, so that the page and the total come from the same snapshot
    return this.database.transaction((): JobsResult => {
      if (!state) {
        const page = limit > 0 ? ' LIMIT ? OFFSET ?' : skip > 0 ? ' LIMIT -1 OFFSET ?' : '';
        const pageParams = limit > 0 ? [limit, skip] : skip > 0 ? [skip] : [];
        const rows = this.stmt(select + page).all(...where.params, ...pageParams) as AgendaJobRow[];
        const total = this.stmt(`SELECT count(*) FROM ${this.tableName} ${where.toSql()}`)
          .pluck()
          .get(...where.params) as number;
        return { jobs: rows.map(withState), total };
      }
      const matching = (this.stmt(select).all(...where.params) as AgendaJobRow[])
        .map(withState)
        .filter((job) => (state === 'paused' ? job.disabled === true : job.state === state));
      const end = limit > 0 ? skip + limit : undefined;
      return { jobs: matching.slice(skip, end), total: matching.length };
    })();
  }

  /** Per job name: the total and how many jobs are in each computed state (paused counted apart). */
  async getJobsOverview(): Promise<JobsOverview[]> {
    const now = new Date();
    const rows = this.stmt(
      `SELECT name, locked_at, last_finished_at, failed_at, next_run_at, repeat_interval, disabled
         FROM ${this.tableName} ORDER BY name`,
    ).all() as Array<Pick<AgendaJobRow, 'name' | 'locked_at' | 'last_finished_at' | 'failed_at' | 'next_run_at' | 'repeat_interval' | 'disabled'>>;
    const byName = new Map<string, JobsOverview>();
    const date = (ms: number | null): Date | undefined => (ms === null ? undefined : new Date(ms));
    for (const row of rows) {
      let overview = byName.get(row.name);
      if (!overview) {
        overview = { name: row.name, total: 0, running: 0, scheduled: 0, queued: 0, completed: 0, failed: 0, repeating: 0, paused: 0 };
        byName.set(row.name, overview);
      }
      const state: JobState = computeJobState(
        {
          name: row.name,
          priority: 0,
          type: 'normal',
          data: undefined,
          nextRunAt: row.next_run_at === null ? null : new Date(row.next_run_at),
          lockedAt: date(row.locked_at),
          lastFinishedAt: date(row.last_finished_at),
          failedAt: date(row.failed_at),
          repeatInterval: row.repeat_interval ?? undefined,
        },
        now,
      );
      overview.total++;
      overview[state]++;
      if (row.disabled === 1) overview.paused++;
    }
    return [...byName.values()];
  }

  /** Every job name present, sorted. */
  async getDistinctJobNames(): Promise<string[]> {
    return this.stmt(`SELECT DISTINCT name FROM ${this.tableName} ORDER BY name`).pluck().all() as string[];
  }

  /** How many jobs are due (`nextRunAt` before now), locked or not — the Mongo definition. */
  async getQueueSize(): Promise<number> {
    return this.stmt(`SELECT count(*) FROM ${this.tableName} WHERE next_run_at < ?`).pluck().get(Date.now()) as number;
  }

  /** Deletes the jobs `options` selects; selects nothing (returns 0) when it names no criterion. */
  async removeJobs(options: RemoveJobsOptions): Promise<number> {
    const where = new WhereClause().selects(options);
    if (where.isEmpty) return 0;
    return this.stmt(`DELETE FROM ${this.tableName} ${where.toSql()}`).run(...where.params).changes;
  }

  /** Disables the selected jobs; returns how many changed (already-disabled ones do not count). */
  async disableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.setDisabled(options, true);
  }

  /** Enables the selected jobs; returns how many changed. */
  async enableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.setDisabled(options, false);
  }

  /** Deletes every job in the table; returns how many. */
  async purgeAllJobs(): Promise<number> {
    return this.stmt(`DELETE FROM ${this.tableName}`).run().changes;
  }

  /**
   * Inserts or updates a job (see `saveJobSync`) and returns it as stored, with its id.
   */
  async saveJob<DATA = unknown>(
    job: JobParameters<DATA>,
    options?: JobRepositoryOptions,
  ): Promise<JobParameters<DATA>> {
    return this.saveJobSync(job, options);
  }

  /**
   * `saveJob`, synchronously. Called inside the caller's better-sqlite3 transaction on the same
   * connection, the job row commits or rolls back with the caller's own writes.
   *
   * - with `_id`: updates that job (matched by id and name); returns `job` unchanged if it is gone;
   * - `type: 'single'` (agenda.every): one job per name, upserted; a `nextRunAt` already due is
   *   not written over the stored one, so re-declaring the job at every start-up does not pull
   *   its next run forward to now;
   * - with `unique`: upserted by the unique query (plus the name), honouring `insertOnly` and
   *   debounce (`delay`, `maxWait`, `leading` / `trailing`);
   * - otherwise: inserted.
   */
  saveJobSync<DATA = unknown>(job: JobParameters<DATA>, options?: JobRepositoryOptions): JobParameters<DATA> {
    const lastModifiedBy = options?.lastModifiedBy ?? null;
    const { _id, unique, uniqueOpts, ...props } = job;
    if (_id) {
      const row = this.update(encodeJob(props, lastModifiedBy), columnsToUpdate(props, NOT_NAME), {
        id: _id,
        name: props.name,
      });
      return row ? decodeRow<DATA>(row) : job;
    }
    if (props.type === 'single') {
      return this.inTransaction(() => decodeRow<DATA>(this.upsertSingle(props, lastModifiedBy)));
    }
    if (unique) {
      return this.inTransaction(() => decodeRow<DATA>(this.upsertUnique(props, unique, uniqueOpts, lastModifiedBy)));
    }
    return decodeRow<DATA>(this.insert(encodeJob(props, lastModifiedBy)));
  }

  /**
   * Writes what the job processor changed while running a job: lock, next/last run, progress
   * and failure bookkeeping. Throws when the job (id + name) no longer exists; agenda catches
   * that when a job was removed while it ran.
   */
  async saveJobState(job: JobParameters, options?: JobRepositoryOptions): Promise<void> {
    if (!job._id) throw new MotcuaError(ErrorCode.JobNotFound, 'cannot save the state of a job without an id');
    const row = encodeJob(job, options?.lastModifiedBy ?? null);
    const sets = [...STATE_COLUMNS, 'last_modified_by'].map((c) => `${c} = @${c}`).join(', ');
    const params: Record<string, SqlValue> = { where_id: parseJobId(job._id), where_name: job.name, last_modified_by: row.last_modified_by };
    for (const c of STATE_COLUMNS) params[c] = row[c];
    const { changes } = this.stmt(
      `UPDATE ${this.tableName} SET ${sets} WHERE id = @where_id AND name = @where_name`,
    ).run(params);
    if (changes !== 1) {
      throw new MotcuaError(
        ErrorCode.JobNotFound,
        `job ${job._id} (name: ${job.name}) cannot be updated in the database, maybe it does not exist anymore?`,
      );
    }
  }

  /**
   * Locks `job` if it is still exactly as the caller saw it: unlocked, enabled, same name and
   * same `nextRunAt`. Returns the locked job, or undefined when someone else got there first.
   */
  async lockJob(job: JobParameters, options?: JobRepositoryOptions): Promise<JobParameters | undefined> {
    const id = parseJobId(job._id);
    if (id === null) return undefined;
    const row = this.stmt(
      `UPDATE ${this.tableName} SET locked_at = ?, last_modified_by = ?
        WHERE id = ? AND name = ? AND locked_at IS NULL AND next_run_at IS ? AND disabled = 0
        RETURNING *`,
    ).get(Date.now(), options?.lastModifiedBy ?? null, id, job.name, toEpochMs(job.nextRunAt)) as AgendaJobRow | undefined;
    return row ? decodeRow(row) : undefined;
  }

  /** Releases the lock of `job` unless it is a one-off job already running (`nextRunAt` null). */
  async unlockJob(job: JobParameters): Promise<void> {
    const id = parseJobId(job._id);
    if (id === null) return;
    this.stmt(`UPDATE ${this.tableName} SET locked_at = NULL WHERE id = ? AND next_run_at IS NOT NULL`).run(id);
  }

  /** Releases the locks of the jobs `jobIds`, whatever their state (agenda.stop()). */
  async unlockJobs(jobIds: (JobId | string)[]): Promise<void> {
    const where = new WhereClause().ids(jobIds);
    this.stmt(`UPDATE ${this.tableName} SET locked_at = NULL ${where.toSql()}`).run(...where.params);
  }

  /**
   * Finds the next job named `jobName` to run and locks it, atomically, in one statement.
   * Candidates (Mongo's query): enabled, and either unlocked with `nextRunAt <= nextScanAt`, or
   * locked at or before `lockDeadline` (its holder is presumed dead). The pick: earliest
   * `nextRunAt` (NULL first, as Mongo sorts it), then highest priority, then oldest id.
   */
  async getNextJobToRun(
    jobName: string,
    nextScanAt: Date,
    lockDeadline: Date,
    now?: Date,
    options?: JobRepositoryOptions,
  ): Promise<JobParameters | undefined> {
    const t = this.tableName;
    // The two branches are looked up separately (each a short walk of the find_next index)
    // and merged, because an OR across them would make SQLite scan every job of that name.
    const row = this.stmt(
      `UPDATE ${t} SET locked_at = @lockTime, last_modified_by = @by
        WHERE id = (
          SELECT id FROM (
            SELECT * FROM (
              SELECT id, next_run_at, priority FROM ${t}
               WHERE name = @name AND disabled = 0 AND locked_at IS NULL AND next_run_at <= @nextScanAt
               ORDER BY next_run_at, priority DESC, id LIMIT 1)
            UNION ALL
            SELECT * FROM (
              SELECT id, next_run_at, priority FROM ${t}
               WHERE name = @name AND disabled = 0 AND locked_at <= @lockDeadline
               ORDER BY next_run_at, priority DESC, id LIMIT 1)
          ) ORDER BY next_run_at, priority DESC, id LIMIT 1)
        RETURNING *`,
    ).get({
      lockTime: toEpochMs(now) ?? Date.now(),
      by: options?.lastModifiedBy ?? null,
      name: jobName,
      nextScanAt: toEpochMs(nextScanAt),
      lockDeadline: toEpochMs(lockDeadline),
    }) as AgendaJobRow | undefined;
    return row ? decodeRow(row) : undefined;
  }

  private stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.database.prepare(sql) as Statement;
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `work` holding the write lock from its first read (BEGIN IMMEDIATE), so a
   * read-then-write cannot interleave with another process; nested in a caller's transaction,
   * it becomes a savepoint of that transaction.
   */
  private inTransaction<T>(work: () => T): T {
    return this.database.transaction(work).immediate();
  }

  private insert(row: Record<string, SqlValue>): AgendaJobRow {
    const columns = JOB_COLUMNS.map((c) => c.column);
    return this.stmt(
      `INSERT INTO ${this.tableName} (${columns.join(', ')})
       VALUES (${columns.map((c) => `@${c}`).join(', ')}) RETURNING *`,
    ).get(row) as AgendaJobRow;
  }

  /** Updates `columns` of the row `where` picks from `row`; undefined when no row matched. */
  private update(
    row: Record<string, SqlValue>,
    columns: readonly ColumnSpec[],
    where: { id: unknown; name?: string },
  ): AgendaJobRow | undefined {
    const id = parseJobId(where.id);
    if (id === null) return undefined;
    const sets = columns.map((c) => `${c.column} = @${c.column}`).join(', ');
    const byName = where.name === undefined ? '' : ' AND name = @where_name';
    const params: Record<string, SqlValue> = { where_id: id };
    if (where.name !== undefined) params.where_name = where.name;
    for (const c of columns) params[c.column] = row[c.column];
    return this.stmt(`UPDATE ${this.tableName} SET ${sets} WHERE id = @where_id${byName} RETURNING *`).get(params) as
      | AgendaJobRow
      | undefined;
  }

  private upsertSingle(props: Omit<JobParameters, '_id'>, lastModifiedBy: string | null): AgendaJobRow {
    const row = encodeJob(props, lastModifiedBy);
    const existing = this.stmt(`SELECT id FROM ${this.tableName} WHERE name = ? AND type = 'single'`)
      .pluck()
      .get(props.name) as number | undefined;
    if (existing === undefined) return this.insert(row);
    const dueAlready = row.next_run_at !== null && (row.next_run_at as number) <= Date.now();
    const exclude = new Set(dueAlready ? ['name', 'next_run_at'] : ['name']);
    return this.update(row, columnsToUpdate(props, exclude), { id: existing })!;
  }

  private upsertUnique(
    props: Omit<JobParameters, '_id'>,
    unique: Record<string, unknown>,
    uniqueOpts: UniqueOpts | undefined,
    lastModifiedBy: string | null,
  ): AgendaJobRow {
    const now = Date.now();
    const row = encodeJob(props, lastModifiedBy);
    const where = new WhereClause().and('name = ?', props.name).uniqueMatches(unique);
    const existing = this.stmt(`SELECT * FROM ${this.tableName} ${where.toSql()} ORDER BY id LIMIT 1`).get(
      ...where.params,
    ) as AgendaJobRow | undefined;
    const debounce = uniqueOpts?.debounce;

    if (!existing) {
      if (debounce) {
        row.debounce_started_at = now;
        // leading: run at the first call's time; trailing: after a quiet period
        if (debounce.strategy !== 'leading') row.next_run_at = now + debounce.delay;
      }
      return this.insert(row);
    }
    if (uniqueOpts?.insertOnly && !debounce) return existing;
    if (debounce) {
      const startedAt = existing.debounce_started_at ?? now;
      if (debounce.strategy === 'leading') {
        row.next_run_at = existing.next_run_at;
        row.debounce_started_at = startedAt;
      } else if (debounce.maxWait && now - startedAt >= debounce.maxWait) {
        // waited long enough: run now and start a fresh window afterwards
        row.next_run_at = now;
        row.debounce_started_at = null;
      } else {
        row.next_run_at = now + debounce.delay;
        row.debounce_started_at = startedAt;
      }
    }
    return this.update(row, columnsToUpdate(props, NOT_NAME), { id: existing.id })!;
  }

  private setDisabled(options: RemoveJobsOptions, disabled: boolean): number {
    const where = new WhereClause().selects(options);
    if (where.isEmpty) return 0;
    // count only rows that actually change, as Mongo's modifiedCount does
    where.and('disabled = ?', disabled ? 0 : 1);
    return this.stmt(`UPDATE ${this.tableName} SET disabled = ? ${where.toSql()}`).run(disabled ? 1 : 0, ...where.params)
      .changes;
  }

  private orderBy(sort: JobsSort | undefined): string {
    const parts = Object.entries(sort ?? {})
      .filter(([key, dir]) => key in SORT_COLUMNS && (dir === 'asc' || dir === 'desc'))
      .map(([key, dir]) => `${SORT_COLUMNS[key as keyof JobsSort]} ${dir === 'asc' ? 'ASC' : 'DESC'}`);
    // Mongo's default; id last so that pages never overlap or skip rows
    if (parts.length === 0) parts.push('next_run_at DESC', 'last_run_at DESC');
    return [...parts, 'id ASC'].join(', ');
  }
}
