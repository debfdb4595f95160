/**
 * Reading counters back. The store port bumps counters in commits (`CommitUnit.counters`) but has
 * no read yet; the KPI queries need one, narrow capability: every counter under a key prefix.
 * `counterReaderOf` uses the store's `countersWithPrefix` when the adapter has it (proposed for
 * the port: `countersWithPrefix(prefix: string): Promise<Record<string, number>>`, an indexed
 * range read `key >= prefix AND key < prefix + '\uffff'`), and says clearly when it has not.
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { Store } from '../../store/port.ts';

export interface CounterReader {
  /** Every counter whose key starts with `prefix`, key → value. */
  countersWithPrefix(prefix: string): Promise<Readonly<Record<string, number>>>;
}

/** The store as a counter reader; throws `STORE_UNAVAILABLE` when its adapter cannot read counters. */
export function counterReaderOf(store: Store): CounterReader {
  const candidate = store as Store & Partial<CounterReader>;
  if (typeof candidate.countersWithPrefix !== 'function') {
    throw new MotcuaError(ErrorCode.StoreUnavailable, 'this store cannot read counters back (no countersWithPrefix): indicators need it');
  }
  return { countersWithPrefix: (prefix) => candidate.countersWithPrefix!(prefix) };
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
