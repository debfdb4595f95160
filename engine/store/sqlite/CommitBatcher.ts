/**
 * Group commit on the engine's own thread, for a store in memory (no other connection can reach
 * it) or one given a fault-injection hook; a store on a file commits on its writer thread
 * (commit-thread.ts). With `synchronous = FULL` every SQLite transaction ends in an fsync of the
 * WAL, so writes are not committed one by one: each `submit` queues its unit — an instance's
 * commit, or a counter taken for a dossier number — and the batch is written on the next turn of
 * the event loop (`setImmediate`), in ONE transaction (CommitWriter.writeBatch). Everything the
 * process's concurrent commands queued meanwhile (while the previous batch was being written, or
 * while their own promises resolved) shares that transaction and its one fsync.
 *
 * better-sqlite3 blocks while it writes, so "while a commit is being written" means the rest of
 * the current turn: the commands whose previous commit the batch just resolved run their next
 * load and step in the microtasks that follow, and their commits land in the next batch.
 *
 * Each unit keeps its own outcome: `writeBatch` reports a result or an error per unit (a lost
 * compare-and-set fails alone). When `writeBatch` itself throws (the transaction could not begin
 * or commit: the file is locked by another process, the disk is full), every unit of the batch
 * gets that error and none of them was written.
 */

/** What happened to one unit of a batch. */
export type UnitOutcome<Result> = { readonly ok: true; readonly value: Result } | { readonly ok: false; readonly error: unknown };

/** One unit of a batch: the writes it makes inside the batch's transaction, and what they return. */
export type Unit<Result = unknown> = () => Result;

interface Pending {
  readonly unit: Unit;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export class CommitBatcher {
  private queue: Pending[] = [];
  private scheduled = false;

  /**
   * @param writeBatch runs the units in one transaction and returns one outcome per unit, in order
   * @param maxBatch the most units one transaction takes, so that the write lock is never held long
   */
  constructor(
    private readonly writeBatch: (units: readonly Unit[]) => readonly UnitOutcome<unknown>[],
    private readonly maxBatch: number,
  ) {}

  /** Queue `unit` for the next batch; settles once that batch's transaction has committed (or failed). */
  submit<Result>(unit: Unit<Result>): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ unit, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Write everything queued now, synchronously (before the connection closes). */
  flushAll(): void {
    while (this.queue.length > 0) this.flush();
  }

  private flush(): void {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    if (this.queue.length > 0) setImmediate(() => this.flush());
    else this.scheduled = false;
    let outcomes: readonly UnitOutcome<unknown>[];
    try {
      outcomes = this.writeBatch(batch.map((pending) => pending.unit));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }
}
