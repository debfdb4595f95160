/**
 * Every row of every table of the engine's SQLite store (instances, history, tasks, jobs,
 * counters — dossier sequences and KPI counters alike — outbox…): two equal snapshots mean that
 * nothing at all was written in between. Read through the store's own connection, no mock.
 */
import type { Store } from '../../../engine/store/port.ts';
import { SqliteStore } from '../../../engine/store/sqlite/SqliteStore.ts';

export type StoreSnapshot = Readonly<Record<string, readonly string[]>>;

export function storeSnapshot(store: Store): StoreSnapshot {
  if (!(store instanceof SqliteStore)) throw new Error('storeSnapshot reads the embedded SQLite store only');
  const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (store.db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort()]));
}

/** How many rows each table holds: what a failure message can show at a glance. */
export function rowCounts(snapshot: StoreSnapshot): Record<string, number> {
  return Object.fromEntries(Object.entries(snapshot).map(([table, rows]) => [table, rows.length]));
}
