/**
 * The SQLite schema as an append-only list of migrations. A database records the versions it has
 * applied in `schema_migrations`; opening it applies only the newer ones, all in one IMMEDIATE
 * transaction so that two processes opening the same file at once cannot both apply them.
 * Never edit or remove a released migration, and never drop data: add a new one.
 */
import type Database from 'better-sqlite3';
import { storeUnavailable } from '../adapter-rules.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE deployments (
        id          TEXT PRIMARY KEY,
        key         TEXT NOT NULL,
        version     INTEGER NOT NULL,
        name        TEXT,
        checksum    TEXT NOT NULL,
        deployed_at TEXT NOT NULL,
        source      TEXT NOT NULL,
        compiled    TEXT NOT NULL,
        UNIQUE (key, version)
      );

      -- history_seq / history_hash: the chain head at the last commit, so appending needs no
      -- scan of history and verification can tell that events were cut off the end.
      CREATE TABLE instances (
        id                 TEXT PRIMARY KEY,
        revision           INTEGER NOT NULL,
        process_key        TEXT NOT NULL,
        deployment_id      TEXT NOT NULL,
        process_version    INTEGER NOT NULL,
        business_key       TEXT,
        parent_instance_id TEXT,
        status             TEXT NOT NULL,
        started_at         TEXT NOT NULL,
        started_ms         INTEGER NOT NULL,
        ended_at           TEXT,
        history_seq        INTEGER NOT NULL,
        history_hash       TEXT NOT NULL,
        state              TEXT NOT NULL
      );
      CREATE INDEX instances_parent ON instances (parent_instance_id) WHERE parent_instance_id IS NOT NULL;
      CREATE INDEX instances_by_start ON instances (started_ms, id);
      CREATE INDEX instances_by_key ON instances (process_key, started_ms, id);
      CREATE INDEX instances_by_status ON instances (status, started_ms, id);

      -- due_sort: the due time in ms, or a far-future sentinel, so "no due date last" is plain
      -- index order. body: the UserTaskState as JSON, returned as written. WITHOUT ROWID: the id
      -- is the key, so a task costs one b-tree less on every create and remove.
      CREATE TABLE tasks (
        id          TEXT PRIMARY KEY,
        instance_id TEXT NOT NULL,
        process_key TEXT NOT NULL,
        element_id  TEXT NOT NULL,
        assignee    TEXT,
        due_sort    INTEGER NOT NULL,
        priority    INTEGER NOT NULL,
        created_ms  INTEGER NOT NULL,
        body        TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX tasks_in_order ON tasks (due_sort, priority DESC, created_ms, id);
      CREATE INDEX tasks_by_instance ON tasks (instance_id);
      CREATE INDEX tasks_by_assignee ON tasks (assignee, due_sort, priority DESC, created_ms, id) WHERE assignee IS NOT NULL;

      -- One row per (candidate group, task), clustered in the task-list order: an officer's
      -- first page is a range read of one group's rows, whatever the number of tasks. Rows are
      -- deleted by their full key (the task row tells it), so no index on task_id is needed.
      CREATE TABLE task_groups (
        group_id   TEXT NOT NULL,
        due_sort   INTEGER NOT NULL,
        priority   INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        task_id    TEXT NOT NULL,
        PRIMARY KEY (group_id, due_sort, priority DESC, created_ms, task_id)
      ) WITHOUT ROWID;

      -- A rowid table: events of all instances are appended to the last pages in commit order,
      -- so a commit dirties those shared pages plus one small index page, instead of a page (and
      -- its splits) somewhere in a tree keyed by random instance ids.
      CREATE TABLE history (
        id          INTEGER PRIMARY KEY,
        instance_id TEXT NOT NULL,
        seq         INTEGER NOT NULL,
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL,
        event       TEXT NOT NULL,
        UNIQUE (instance_id, seq)
      );

      CREATE TABLE jobs (
        id              TEXT PRIMARY KEY,
        kind            TEXT NOT NULL,
        instance_id     TEXT NOT NULL,
        element_id      TEXT NOT NULL,
        due_at          TEXT NOT NULL,
        due_ms          INTEGER NOT NULL,
        topic           TEXT,
        retries         INTEGER,
        priority        INTEGER NOT NULL,
        lock_owner      TEXT,
        lock_expires_ms INTEGER
      );
      CREATE INDEX jobs_due ON jobs (due_ms, id) WHERE kind <> 'external';
      CREATE INDEX jobs_external ON jobs (topic, priority DESC, due_ms, id) WHERE kind = 'external';
      CREATE INDEX jobs_by_instance ON jobs (instance_id);

      CREATE TABLE subscriptions (
        instance_id TEXT NOT NULL,
        id          TEXT NOT NULL,
        kind        TEXT NOT NULL,
        name        TEXT NOT NULL,
        element_id  TEXT NOT NULL,
        token_id    TEXT,
        scope_id    TEXT,
        PRIMARY KEY (instance_id, id)
      ) WITHOUT ROWID;
      CREATE INDEX subscriptions_lookup ON subscriptions (kind, name, instance_id);

      CREATE TABLE counters (
        key   TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- AUTOINCREMENT: ids are never reused, so id order is commit order for consumers.
      CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        instance_id     TEXT NOT NULL,
        topic           TEXT NOT NULL,
        key             TEXT NOT NULL,
        payload         TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        status          TEXT NOT NULL DEFAULT 'pending',
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT
      );
      CREATE INDEX outbox_pending ON outbox (topic, id) WHERE status = 'pending';
    `,
  },
  {
    version: 2,
    name: 'external tasks out of retries are not fetchable',
    // An external task failed down to 0 retries has an open incident and must not be fetched.
    // Leaving it out of the index (rather than filtering rows read from it) means incidents
    // piling up on a topic cost a fetch nothing. The lock query repeats this WHERE word for word:
    // SQLite uses a partial index only for a query whose WHERE contains the index's terms.
    sql: `
      DROP INDEX jobs_external;
      CREATE INDEX jobs_fetchable ON jobs (topic, priority DESC, due_ms, id)
        WHERE kind = 'external' AND (retries IS NULL OR retries > 0);
    `,
  },
  {
    version: 3,
    name: 'instances by business key',
    // partial: instances without a business key (most called processes) cost the index nothing
    sql: `
      CREATE INDEX instances_by_business_key ON instances (business_key, started_ms, id) WHERE business_key IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'parked outbox entries',
    // the operator's list of messages that ran out of retries (national-sync reconciliation)
    sql: `
      CREATE INDEX outbox_parked ON outbox (topic, id) WHERE status = 'parked';
    `,
  },
  {
    version: 5,
    name: 'agencies, task visibility and records',
    // Agency: fixed at an instance's start and copied onto its tasks ('' = none: a key column).
    // task_candidates holds one row per principal of a task (see engine/store/task-visibility.ts)
    // keyed agency first, then in the task-list order: an officer's first page merges a few
    // ranges of it (assigned to me, naming me, each of my groups) and stops at the page. Like
    // task_groups, rows are deleted by their full key, which the task row tells. Existing tasks
    // get their rows here. records: the API's JSON documents, a rowid table since drafts are large.
    sql: `
      ALTER TABLE instances ADD COLUMN agency TEXT;
      CREATE INDEX instances_by_agency ON instances (agency, started_ms, id) WHERE agency IS NOT NULL;

      ALTER TABLE tasks ADD COLUMN agency TEXT NOT NULL DEFAULT '';
      CREATE INDEX tasks_by_agency ON tasks (agency, due_sort, priority DESC, created_ms, id);

      CREATE TABLE task_candidates (
        agency     TEXT NOT NULL,
        principal  TEXT NOT NULL,
        due_sort   INTEGER NOT NULL,
        priority   INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        task_id    TEXT NOT NULL,
        PRIMARY KEY (agency, principal, due_sort, priority DESC, created_ms, task_id)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO task_candidates
        SELECT agency, 'a:' || assignee, due_sort, priority, created_ms, id FROM tasks WHERE assignee IS NOT NULL;
      INSERT OR IGNORE INTO task_candidates
        SELECT t.agency, 'u:' || u.value, t.due_sort, t.priority, t.created_ms, t.id FROM tasks t, json_each(t.body, '$.candidateUsers') u;
      INSERT OR IGNORE INTO task_candidates
        SELECT t.agency, 'g:' || g.value, t.due_sort, t.priority, t.created_ms, t.id FROM tasks t, json_each(t.body, '$.candidateGroups') g;

      CREATE TABLE records (
        kind       TEXT NOT NULL,
        id         TEXT NOT NULL,
        revision   INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        value      TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      );
    `,
  },
  {
    version: 6,
    name: 'instances by process version',
    // the catalog's running / finished dossiers per version: a covering index, counted without the rows
    sql: `
      CREATE INDEX instances_by_version ON instances (process_key, process_version, status);
    `,
  },
  {
    version: 7,
    name: 'instance attributes',
    // searchable facts a commit extension keeps (a dossier's procedure, status, result, reception
    // time): a search by them reads this index, never the instances' states
    sql: `
      CREATE TABLE instance_attributes (
        instance_id TEXT NOT NULL,
        name        TEXT NOT NULL,
        value       TEXT NOT NULL,
        PRIMARY KEY (instance_id, name)
      ) WITHOUT ROWID;
      CREATE INDEX instance_attributes_by_value ON instance_attributes (name, value, instance_id);
    `,
  },
];

/**
 * Bring `db` up to the newest of `migrations` and return the versions applied now. Refuses a
 * database migrated by a newer engine: running old code on a newer schema could lose data.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  checkOrder(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const run = db.transaction((): number[] => {
    const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
    const current = row.version ?? 0;
    const newest = migrations[migrations.length - 1]?.version ?? 0;
    if (current > newest) {
      throw storeUnavailable(`the database schema is at version ${current}, newer than this engine knows (${newest}); upgrade motcua`);
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: number[] = [];
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
      applied.push(migration.version);
    }
    return applied;
  });
  return run.immediate();
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}: versions run 1, 2, 3, … without gaps`);
    }
  });
}
