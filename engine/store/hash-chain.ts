/**
 * The per-instance SHA-256 chain over history events, shared by every adapter so that a history
 * exported from one store verifies in another.
 *
 * hash(n) = SHA-256 hex of the canonical JSON of `{ event, instanceId, prevHash, seq }`, where
 * prevHash is hash(n-1) and the first event's prevHash is 64 zeros. The canonical JSON is
 * RFC 8785 (JCS) for the values an event can hold: keys sorted by UTF-16 code units, no
 * whitespace, ECMAScript number and string forms, `undefined` members dropped. Hashing covers
 * `seq` and `instanceId`, so moving an event to another position or instance breaks the chain.
 * Adapters store the event as its canonical JSON, so what is stored is exactly what was hashed.
 */
import { createHash } from 'node:crypto';
import type { HistoryEvent } from '../bpmn/execution/results.ts';
import type { RecordedEvent } from './records.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** The last link of a chain: what the next event chains to. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** One history row as an adapter writes and reads it. */
export interface Link {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  /** the event's canonical JSON */
  readonly event: string;
}

export function canonicalJson(value: unknown): string {
  const text = canonical(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return text;
}

function canonical(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (value === null || typeof value !== 'object') {
    // JSON.stringify already gives JCS's number and string forms, and undefined for what has none
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonical(item) ?? 'null').join(',')}]`;
  }
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = canonical((value as Record<string, unknown>)[key]);
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${members.join(',')}}`;
}

/** The hash of one link, given the event's canonical JSON. */
export function linkHash(instanceId: string, seq: number, prevHash: string, eventJson: string): string {
  // the canonical JSON of { event, instanceId, prevHash, seq }, keys already in sorted order
  const text = `{"event":${eventJson},"instanceId":${JSON.stringify(instanceId)},"prevHash":${JSON.stringify(prevHash)},"seq":${seq}}`;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Number and chain `events` after `head`. */
export function chainEvents(instanceId: string, head: ChainHead, events: readonly HistoryEvent[]): Link[] {
  return chainCanonical(instanceId, head, events.map(canonicalJson));
}

/**
 * `chainEvents` for events already in canonical JSON: the canonical form does not depend on the
 * head, so a writer can have it made before it takes the write lock (or on another thread).
 */
export function chainCanonical(instanceId: string, head: ChainHead, eventsJson: readonly string[]): Link[] {
  const links: Link[] = [];
  let { seq, hash } = head;
  for (const json of eventsJson) {
    seq += 1;
    const prevHash = hash;
    hash = linkHash(instanceId, seq, prevHash, json);
    links.push({ seq, prevHash, hash, event: json });
  }
  return links;
}

export function headAfter(links: readonly Link[], previous: ChainHead): ChainHead {
  const last = links[links.length - 1];
  return last ? { seq: last.seq, hash: last.hash } : previous;
}

export function recordedEvent(instanceId: string, link: Link): RecordedEvent {
  return { ...(JSON.parse(link.event) as HistoryEvent), instanceId, seq: link.seq, prevHash: link.prevHash, hash: link.hash };
}

/**
 * Check stored links (as the store returns them, by seq) against the chain rules and against
 * `head`, the last link the instance recorded when it last committed (undefined: no instance).
 * The head catches what the chain alone cannot: events cut off the end.
 */
export function verifyLinks(instanceId: string, links: readonly Link[], head: ChainHead | undefined): string[] {
  const problems: string[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (const link of links) {
    if (link.seq > expectedSeq) {
      problems.push(expectedSeq === link.seq - 1 ? `event ${expectedSeq} is missing (removed)` : `events ${expectedSeq}..${link.seq - 1} are missing (removed)`);
    } else if (link.seq < expectedSeq) {
      problems.push(`event ${link.seq} appears out of order, after event ${expectedSeq - 1}`);
    }
    if (link.prevHash !== prevHash) {
      problems.push(`event ${link.seq}: prevHash is not the hash of the event before it (an event was removed, inserted or reordered)`);
    }
    const hash = rehash(instanceId, link);
    if (hash === undefined) {
      problems.push(`event ${link.seq}: the stored event is not valid JSON (altered)`);
    } else if (hash !== link.hash) {
      problems.push(`event ${link.seq} (${eventType(link.event)}): its content does not match its hash (altered)`);
    }
    expectedSeq = link.seq + 1;
    prevHash = link.hash;
  }
  if (head === undefined) {
    problems.push(`instance ${instanceId} not found: its history cannot be checked against a recorded head`);
    return problems;
  }
  const last = links[links.length - 1] ?? { seq: 0, hash: GENESIS_HASH };
  if (last.seq < head.seq) {
    problems.push(`the history ends at event ${last.seq} but the instance recorded ${head.seq} events (events removed from the end)`);
  } else if (last.seq > head.seq) {
    problems.push(`the history has events after event ${head.seq}, the last one the instance recorded (events inserted)`);
  } else if (last.hash !== head.hash) {
    problems.push(`event ${last.seq}: its hash differs from the one the instance recorded (altered)`);
  }
  return problems;
}

function rehash(instanceId: string, link: Link): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(link.event);
  } catch {
    return undefined;
  }
  return linkHash(instanceId, link.seq, link.prevHash, canonicalJson(parsed));
}

function eventType(json: string): string {
  try {
    return String((JSON.parse(json) as { type?: unknown }).type);
  } catch {
    return 'unreadable';
  }
}
