/**
 * Instance ids: UUIDs of version 7 (RFC 9562), whose first 48 bits are the creation time in
 * milliseconds and the rest random. The store keys an instance, its history and its tasks by
 * this id; random (version 4) ids scatter each commit over random pages of those b-trees, while
 * ids that grow with time keep the instances being worked on side by side, so the commits that
 * share a transaction also share most of the pages it writes (about 30 % fewer pages written to
 * the WAL by the durable bench). Still unguessable enough (74 random bits) and unique.
 */
import { randomBytes } from 'node:crypto';

/** A new id; its time is the wall clock's (it orders pages on disk, not events: the engine's clock may be a test's). */
export function timeOrderedId(): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // the RFC's variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
