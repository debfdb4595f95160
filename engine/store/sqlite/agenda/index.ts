/**
 * agenda's storage backend over SQLite, for the embedded store. Plug it in with
 * `new Agenda({ backend: new SqliteAgendaBackend({ path }) })` or `({ database })` to share a
 * connection the caller owns.
 */
export { SqliteAgendaBackend } from './SqliteAgendaBackend.ts';
export type { SqliteAgendaBackendConfig } from './SqliteAgendaBackend.ts';
export { SqliteJobRepository } from './SqliteJobRepository.ts';
export type {
  SqliteConnectionConfig,
  SqliteJobRepositoryConfig,
  SqliteJobRepositoryOptions,
} from './SqliteJobRepository.ts';
export { DEFAULT_AGENDA_JOBS_TABLE, createAgendaSchema } from './schema.ts';
