/**
 * agenda's `AgendaBackend` for the embedded store: jobs in a SQLite table, found and locked by
 * polling (`processEvery`). There is no notification channel: SQLite has no cross-process
 * pub/sub, and an in-process one would only help a single process; agenda accepts one through
 * its own `notificationChannel` option if a deployment wants it.
 *
 * ```ts
 * const agenda = new Agenda({ backend: new SqliteAgendaBackend({ path: './data/motcua.db' }) });
 * ```
 */
import type { AgendaBackend } from 'agenda';
import { SqliteJobRepository } from './SqliteJobRepository.ts';
import type { SqliteJobRepositoryConfig } from './SqliteJobRepository.ts';

/** Constructor argument: `{ path }` (owned) or `{ database }` (borrowed), plus repository options. */
export type SqliteAgendaBackendConfig = SqliteJobRepositoryConfig;

/**
 * Storage for agenda in SQLite. Give it `{ path }` and it opens the file on `connect()` and
 * closes it on `disconnect()` (agenda.stop() / drain() call that); give it `{ database }` and it
 * uses that connection and never closes it.
 *
 * One backend per Agenda instance when the backend owns its connection: the first instance to
 * stop would otherwise close the file under the others.
 */
export class SqliteAgendaBackend implements AgendaBackend {
  /** Shown in agenda's status and dashboards. */
  readonly name = 'SQLite';
  /** The job storage. */
  readonly repository: SqliteJobRepository;
  /** None: agenda polls every `processEvery`. */
  readonly notificationChannel = undefined;

  /** Opens nothing yet; agenda calls `connect()` from its constructor. */
  constructor(config: SqliteAgendaBackendConfig) {
    this.repository = new SqliteJobRepository(config);
  }

  /** True when the backend opened the database itself (`{ path }`), so agenda.stop() closes it. */
  get ownsConnection(): boolean {
    return this.repository.ownsConnection;
  }

  /** Opens (or adopts) the connection and creates the jobs table if needed. Idempotent. */
  async connect(): Promise<void> {
    await this.repository.connect();
  }

  /** Closes the connection if the backend opened it; a borrowed one stays open. */
  async disconnect(): Promise<void> {
    await this.repository.disconnect();
  }
}
