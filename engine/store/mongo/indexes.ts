/**
 * Indexes that a later index replaced. mongoose creates the indexes a schema declares but never
 * drops one (only syncIndexes() does, and it would also drop any index an operator added), so a
 * database created by an older release keeps the replaced ones: each costs every write to its
 * collection and serves no query. They are dropped by name at connect; dropping one that is not
 * there (a new database, or already dropped by another node) is not an error.
 */
import type { Connection } from 'mongoose';

interface ReplacedIndex {
  readonly collection: string;
  readonly name: string;
  /** what replaced it, for whoever reads the list */
  readonly by: string;
}

export const REPLACED_INDEXES: readonly ReplacedIndex[] = [
  { collection: 'jobs', name: 'kind_1_topic_1_priority_-1_dueMs_1__id_1', by: 'the same keys plus retries (tasks out of retries skipped on index keys)' },
  { collection: 'outbox', name: 'topic_1__id_1', by: 'topic_1__id_1_nextAttemptMs_1 (due entries told apart on index keys)' },
];

const INDEX_NOT_FOUND = 27;
const NAMESPACE_NOT_FOUND = 26;

export async function dropReplacedIndexes(connection: Connection): Promise<void> {
  for (const index of REPLACED_INDEXES) {
    try {
      await connection.collection(index.collection).dropIndex(index.name);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== INDEX_NOT_FOUND && code !== NAMESPACE_NOT_FOUND) throw error;
    }
  }
}
