/**
 * Reading counters back. Commits bump counters (`CommitUnit.counters`); the KPI queries need one
 * narrow capability to read them: every counter under a key prefix, which the store answers with
 * an indexed range read (`Store.countersWithPrefix`).
 */
import type { Store } from '../../store/port.ts';

export interface CounterReader {
  /** Every counter whose key starts with `prefix`, key → value. */
  countersWithPrefix(prefix: string): Promise<Readonly<Record<string, number>>>;
}

/** The store as a counter reader, so that the KPI service is handed nothing more of it. */
export function counterReaderOf(store: Store): CounterReader {
  return { countersWithPrefix: (prefix) => store.countersWithPrefix(prefix) };
}

/** Counters held in memory: for tests, and for a dashboard fed from the outbox or a replay. */
export class MemoryCounters implements CounterReader {
  private readonly values = new Map<string, number>();

  /** Add increments (key → amount), as a commit does. */
  bump(increments: Readonly<Record<string, number>>): void {
    for (const [key, amount] of Object.entries(increments)) this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }

  async countersWithPrefix(prefix: string): Promise<Record<string, number>> {
    const found: Record<string, number> = {};
    for (const [key, value] of this.values) if (key.startsWith(prefix)) found[key] = value;
    return found;
  }
}
