/**
 * Group commit on a writer thread, for a store on a file. better-sqlite3 blocks while it writes,
 * and a commit's SQL, hash chain and sync to disk are about half of what a command costs: written
 * on the engine's own thread, they leave it idle while the disk syncs and leave the disk idle
 * while the engine steps. Here each unit goes at once to a worker thread that holds the store's
 * writing connection (commit-thread-worker.ts), and the engine's thread goes on with the
 * commands that are not waiting. The worker writes in one transaction whatever has arrived while
 * it wrote the previous one, so two cores work at once and the batches grow with the load.
 *
 * A commit's promise settles when the worker's transaction has committed, so a resolved commit
 * is as durable as before (on disk with `synchronous = FULL`) and visible to the store's own
 * reads, which open a new snapshot each time. A store's units are written in the order they were
 * submitted.
 *
 * One worker serves every store of the process, each on its own port with its own connection;
 * it is started at the first write (a store opened only to read never needs it), since starting
 * it costs a few hundred milliseconds (the TypeScript loader). It never keeps the process alive
 * by itself: a store's port does, while a unit waits for its answer. If the worker dies, what it
 * held fails with STORE_UNAVAILABLE (SQLite rolled back an unfinished transaction) and the next
 * write starts a new one.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { storeUnavailable } from '../adapter-rules.ts';
import type { WriteUnit } from './commit-writer.ts';
import { fromWire, type Attach, type FromWriter, type ToWriter, type WriterSettings } from './commit-thread-protocol.ts';

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

const WORKER_URL = new URL('./commit-thread-boot.mjs', import.meta.url);

/** The process's writer thread and the stores attached to it. */
interface Shared {
  readonly worker: Worker;
  readonly attached: Set<CommitThread>;
}

let shared: Shared | undefined;

function sharedWorker(): Shared {
  if (shared) return shared;
  const worker = new Worker(WORKER_URL);
  worker.unref();
  const current: Shared = { worker, attached: new Set() };
  const lost = (cause: Error): void => {
    if (shared === current) shared = undefined;
    for (const thread of current.attached) thread.lost(cause);
    current.attached.clear();
  };
  worker.on('error', lost);
  worker.on('exit', (code) => lost(new Error(`the SQLite writer thread stopped (exit code ${code})`)));
  shared = current;
  return current;
}

export class CommitThread {
  private port: MessagePort | undefined;
  private readonly pending = new Map<number, Pending>();
  private lastId = 0;
  private drained: (() => void)[] = [];
  private closed: (() => void) | undefined;

  constructor(private readonly settings: WriterSettings) {}

  /** Write `unit`; settles once the transaction it was written in has committed (or failed). */
  submit(unit: WriteUnit): Promise<unknown> {
    const port = this.port ?? this.attach();
    const id = ++this.lastId;
    if (this.pending.size === 0) port.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      port.postMessage({ id, unit } satisfies ToWriter);
    });
  }

  /** Once everything submitted is answered, close the store's connection in the worker. */
  async close(): Promise<void> {
    if (this.pending.size > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    const port = this.port;
    if (!port) return;
    await new Promise<void>((resolve) => {
      this.closed = resolve;
      port.ref();
      port.postMessage({ close: true } satisfies ToWriter);
    });
  }

  /** The worker failed or stopped: what it held is not written; the next write starts another. */
  lost(cause: Error): void {
    this.detach();
    const error = storeUnavailable(`SQLite writer thread: ${cause.message}`, cause);
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.settled();
  }

  private attach(): MessagePort {
    const writer = sharedWorker();
    const { port1: port, port2 } = new MessageChannel();
    port.unref();
    port.on('message', (reply: FromWriter) => this.answered(reply));
    writer.worker.postMessage({ settings: this.settings, port: port2 } satisfies Attach, [port2]);
    writer.attached.add(this);
    this.port = port;
    return port;
  }

  private detach(): void {
    this.port?.close();
    this.port = undefined;
    shared?.attached.delete(this);
    this.closed?.();
    this.closed = undefined;
  }

  private answered(reply: FromWriter): void {
    if ('closed' in reply) return this.detach();
    const failed = 'failed' in reply ? fromWire(reply.failed) : undefined;
    reply.ids.forEach((id, index) => {
      const pending = this.pending.get(id);
      if (!pending) return;
      this.pending.delete(id);
      if (failed) return pending.reject(failed);
      const outcome = (reply as Extract<FromWriter, { outcomes: unknown }>).outcomes[index]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(fromWire(outcome.error));
    });
    if (this.pending.size === 0) this.settled();
  }

  private settled(): void {
    this.port?.unref();
    for (const resolve of this.drained.splice(0)) resolve();
  }
}
