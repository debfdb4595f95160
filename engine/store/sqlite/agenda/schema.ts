/**
 * The SQLite tables behind agenda's job repository. Everything here is idempotent: any number
 * of processes may run it against the same file, at any time, in any order.
 *
 * Dates are epoch milliseconds (INTEGER); `data` and `skip_days` are JSON text.
 */
import type Database from 'better-sqlite3';

/** The table agenda's jobs live in unless the backend is told otherwise. */
export const DEFAULT_AGENDA_JOBS_TABLE = 'agenda_jobs';

/** One row of the jobs table, as better-sqlite3 returns it. */
export interface AgendaJobRow {
  readonly id: number;
  readonly name: string;
  readonly priority: number;
  readonly next_run_at: number | null;
  readonly type: string;
  readonly data: string | null;
  readonly locked_at: number | null;
  readonly last_run_at: number | null;
  readonly last_finished_at: number | null;
  readonly failed_at: number | null;
  readonly fail_count: number | null;
  readonly fail_reason: string | null;
  readonly repeat_interval: string | number | null;
  readonly repeat_at: string | null;
  readonly repeat_timezone: string | null;
  readonly disabled: number;
  readonly progress: number | null;
  readonly fork: number | null;
  readonly last_modified_by: string | null;
  readonly debounce_started_at: number | null;
  readonly start_date: number | null;
  readonly end_date: number | null;
  readonly skip_days: string | null;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Returns `name` if it is safe to splice into SQL as an identifier, throws otherwise. Table names
 * cannot be bound as parameters, so this check is what keeps them from being an injection point.
 */
export function assertTableName(name: string): string {
  if (!TABLE_NAME.test(name)) {
    throw new TypeError(`invalid agenda table name "${name}": use letters, digits and _ only`);
  }
  return name;
}

/** The DDL for the jobs table `table` and its indexes, every statement `IF NOT EXISTS`. */
export function agendaJobsDdl(table: string): string {
  const t = assertTableName(table);
  return `
    CREATE TABLE IF NOT EXISTS ${t} (
      -- AUTOINCREMENT so that an id is never reused: a stale Job object held by an agenda
      -- instance must not be able to write into a newer job that got the same id
      id                  INTEGER PRIMARY KEY AUTOINCREMENT,
      name                TEXT    NOT NULL,
      priority            INTEGER NOT NULL DEFAULT 0,
      next_run_at         INTEGER,
      type                TEXT    NOT NULL DEFAULT 'normal',
      data                TEXT,
      locked_at           INTEGER,
      last_run_at         INTEGER,
      last_finished_at    INTEGER,
      failed_at           INTEGER,
      fail_count          INTEGER,
      fail_reason         TEXT,
      -- no declared type on purpose: agenda accepts a number (ms) or a string ('5 minutes',
      -- a cron line), and a column without affinity gives back exactly what was stored
      repeat_interval,
      repeat_at           TEXT,
      repeat_timezone     TEXT,
      disabled            INTEGER NOT NULL DEFAULT 0,
      progress            REAL,
      fork                INTEGER,
      last_modified_by    TEXT,
      debounce_started_at INTEGER,
      start_date          INTEGER,
      end_date            INTEGER,
      skip_days           TEXT
    );

    -- find-and-lock: equality on (name, disabled, locked_at IS NULL), range on next_run_at, and
    -- the index order is the pick order (next_run_at, priority desc, id), so the first entry
    -- that qualifies is the answer; the expired-lock branch uses the same prefix with a range
    -- on locked_at.
    CREATE INDEX IF NOT EXISTS ${t}_find_next
      ON ${t} (name, disabled, locked_at, next_run_at, priority DESC);

    -- queue size (next_run_at < now over all names) and the dashboard's default sort
    CREATE INDEX IF NOT EXISTS ${t}_next_run_at ON ${t} (next_run_at);

    -- agenda.every() relies on "at most one 'single' job per name"; the upsert in the
    -- repository keeps it, this index makes it impossible to break from outside
    CREATE UNIQUE INDEX IF NOT EXISTS ${t}_single_name ON ${t} (name) WHERE type = 'single';
  `;
}

/**
 * Creates the jobs table `table` and its indexes in `db` unless they exist. Runs in an
 * IMMEDIATE transaction (or a savepoint, when the caller already holds one) so that several
 * processes starting together do not trip over each other.
 */
export function createAgendaSchema(db: Database.Database, table: string = DEFAULT_AGENDA_JOBS_TABLE): void {
  const ddl = agendaJobsDdl(table);
  db.transaction(() => db.exec(ddl)).immediate();
}
