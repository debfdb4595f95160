/**
 * The exported history of one dossier: a self-contained file that `motcua verify` re-checks
 * offline with the same recipe the stores chain with (engine/store/hash-chain.ts).
 */
import type { RecordedEvent } from '../../store/records.ts';
import { canonicalJson, GENESIS_HASH, linkHash } from '../../store/hash-chain.ts';

export const HISTORY_EXPORT_FORMAT = 'motcua-history/1';

export const CHAIN_RECIPE =
  'hash(n) = SHA-256 hex (UTF-8) of the RFC 8785 canonical JSON of {"event": <event>, "instanceId": <instanceId>, "prevHash": <hash(n-1)>, "seq": n}; ' +
  'the event is the recorded event without instanceId, seq, prevHash and hash; the first prevHash is 64 zeros; seq counts from 1 with no gaps.';

export interface ExportedEvent {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly event: Record<string, unknown>;
}

export interface HistoryExport {
  readonly format: typeof HISTORY_EXPORT_FORMAT;
  readonly instanceId: string;
  readonly dossierCode?: string;
  readonly exportedAt: string;
  readonly recipe: string;
  readonly count: number;
  readonly events: ExportedEvent[];
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly count: number;
  /** seq of the first event that does not hold */
  readonly brokenAt?: number;
  readonly problems: string[];
}

export function exportHistory(instanceId: string, events: readonly RecordedEvent[], exportedAt: string, dossierCode?: string): HistoryExport {
  return {
    format: HISTORY_EXPORT_FORMAT,
    instanceId,
    ...(dossierCode ? { dossierCode } : {}),
    exportedAt,
    recipe: CHAIN_RECIPE,
    count: events.length,
    events: events.map(({ seq, prevHash, hash, instanceId: _instance, ...event }) => ({ seq, prevHash, hash, event })),
  };
}

/** Re-check an exported file's chain; the first problem names the event and what differs. */
export function verifyHistoryExport(file: unknown): ChainVerification {
  const problems: string[] = [];
  if (!isRecord(file) || typeof file.instanceId !== 'string' || !Array.isArray(file.events)) {
    return { ok: false, count: 0, problems: ['not a motcua history export: instanceId and events are required'] };
  }
  const instanceId = file.instanceId;
  let brokenAt: number | undefined;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  const fail = (seq: number, problem: string): void => {
    brokenAt ??= seq;
    problems.push(problem);
  };
  for (const entry of file.events as unknown[]) {
    if (!isRecord(entry) || typeof entry.seq !== 'number' || typeof entry.hash !== 'string' || typeof entry.prevHash !== 'string' || !isRecord(entry.event)) {
      fail(expectedSeq, `event ${expectedSeq}: not an exported event (seq, prevHash, hash and event are required)`);
      break;
    }
    const { seq, hash } = entry;
    if (seq !== expectedSeq) fail(seq, `event ${seq}: expected seq ${expectedSeq} (an event was removed, inserted or reordered)`);
    if (entry.prevHash !== prevHash) fail(seq, `event ${seq}: prevHash ${entry.prevHash.slice(0, 12)}… is not the hash of the event before it (${prevHash.slice(0, 12)}…)`);
    const computed = linkHash(instanceId, seq, entry.prevHash, canonicalJson(entry.event));
    if (computed !== hash) fail(seq, `event ${seq} (${String(entry.event.type)}): its content hashes to ${computed.slice(0, 12)}… but the recorded hash is ${hash.slice(0, 12)}… (altered)`);
    prevHash = hash;
    expectedSeq = seq + 1;
  }
  if (typeof file.count === 'number' && file.count !== file.events.length) {
    fail(file.events.length + 1, `the file says ${file.count} events but holds ${file.events.length} (events removed or added)`);
  }
  return { ok: problems.length === 0, count: file.events.length, ...(brokenAt !== undefined ? { brokenAt } : {}), problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
