/**
 * National-portal sync through the transactional outbox (DOMAIN.md §7: 61 % of "overdue" dossiers
 * in one province were sync delays). Every status change queues a message in the same commit as
 * the change; `NationalSyncOutbox` delivers them with retries and backoff, and what is still
 * pending is the reconciliation list the dashboard shows. The transport comes later: it is the
 * `send` function given here, and it must be idempotent (messages carry `syncSeq`, so the
 * receiver can drop a duplicate or an older status).
 */
import type { OutboxEntry, OutboxMessage, Store } from '../../store/port.ts';
import type { Dossier } from './dossier.ts';
import { NATIONAL_STATUS_CODE } from './dossier-status.ts';

export const NATIONAL_SYNC_TOPIC = 'national-sync';

/** What the national portal receives about one dossier change. */
export interface NationalSyncPayload {
  readonly code: string;
  readonly status: string;
  /** TrangThaiHoSo */
  readonly nationalStatus: number;
  /** the dossier's change sequence number: the receiver's order and dedup key */
  readonly syncSeq: number;
  readonly at: string;
  readonly procedure: string;
  readonly agency: string;
  readonly channel: number;
  readonly acceptedAt?: string;
  readonly dueAt?: string;
  readonly finishedAt?: string;
  readonly result?: string;
}

/** The outbox message for the dossier as it is now (after a change at `at`). */
export function nationalSyncMessage(dossier: Dossier, at: string): OutboxMessage {
  const payload: NationalSyncPayload = {
    code: dossier.code,
    status: dossier.status,
    nationalStatus: NATIONAL_STATUS_CODE[dossier.status],
    syncSeq: dossier.syncSeq,
    at,
    procedure: dossier.procedure.code,
    agency: dossier.handlingAgency,
    channel: dossier.channel,
    ...(dossier.acceptedAt ? { acceptedAt: dossier.acceptedAt } : {}),
    ...(dossier.dueAt ? { dueAt: dossier.dueAt } : {}),
    ...(dossier.finishedAt ? { finishedAt: dossier.finishedAt } : {}),
    ...(dossier.result ? { result: dossier.result } : {}),
  };
  return { topic: NATIONAL_SYNC_TOPIC, key: dossier.code, payload };
}

export interface NationalSyncOptions {
  /** attempts before an entry is parked for an operator (default 10) */
  readonly maxAttempts?: number;
  /** wait before attempt n+1 (default 1 min × 2^(n-1), at most 6 h) */
  readonly backoffMs?: (attempts: number) => number;
}

export interface DeliveryReport {
  readonly sent: number;
  readonly retrying: number;
  readonly parked: number;
}

/** Delivers queued national-sync messages; idempotent on the receiving side by `syncSeq`. */
export class NationalSyncOutbox {
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempts: number) => number;

  constructor(
    private readonly store: Store,
    private readonly send: (payload: NationalSyncPayload) => Promise<void>,
    options: NationalSyncOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 10;
    this.backoffMs = options.backoffMs ?? ((n) => Math.min(60_000 * 2 ** (n - 1), 6 * 3_600_000));
  }

  /** Try every entry due at `now` (up to `limit`), oldest first. */
  async deliverDue(now: number, limit = 100): Promise<DeliveryReport> {
    let sent = 0;
    let retrying = 0;
    let parked = 0;
    for (const entry of await this.store.pendingOutbox(NATIONAL_SYNC_TOPIC, limit, now)) {
      const attempts = entry.attempts + 1;
      try {
        await this.send(entry.payload as NationalSyncPayload);
        await this.store.markOutbox(entry.id, { ok: true, attempts });
        sent++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (attempts >= this.maxAttempts) {
          await this.store.markOutbox(entry.id, { ok: false, error: message, attempts });
          parked++;
        } else {
          await this.store.markOutbox(entry.id, { ok: false, error: message, attempts, nextAttemptAt: now + this.backoffMs(attempts) });
          retrying++;
        }
      }
    }
    return { sent, retrying, parked };
  }

  /**
   * The reconciliation list: changes the portal has not acknowledged, oldest first — those still
   * retried, and those parked after their last attempt, which wait for an operator.
   */
  async unsynced(limit = 1000): Promise<{ readonly retrying: OutboxEntry[]; readonly parked: OutboxEntry[] }> {
    return { retrying: await this.store.pendingOutbox(NATIONAL_SYNC_TOPIC, limit), parked: await this.store.parkedOutbox(NATIONAL_SYNC_TOPIC, limit) };
  }

  /** An operator sends a parked change again: it is due at `now`, with a fresh count of attempts. */
  retryParked(entryId: string, now: number): Promise<boolean> {
    return this.store.markOutbox(entryId, { ok: false, error: 'sent again by an operator', attempts: 0, nextAttemptAt: now });
  }
}
