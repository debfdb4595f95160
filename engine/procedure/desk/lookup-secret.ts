/**
 * The second secret printed on slip 01 beside the dossier code: with both, a citizen looks the
 * dossier up without logging in. Only a salted hash is kept (record kind `lookup`, id = the code),
 * so the store never holds a secret that would open someone's dossier.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Store } from '../../store/port.ts';

export const LOOKUP_RECORD_KIND = 'lookup';

/** Letters and digits nobody confuses on paper (no 0/O, 1/I/L). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const SECRET_LENGTH = 10;

interface LookupRecord {
  readonly salt: string;
  readonly hash: string;
}

function digest(salt: string, code: string, secret: string): Buffer {
  return createHash('sha256').update(`${salt}\n${code}\n${secret.toUpperCase()}`).digest();
}

export function newLookupSecret(): string {
  let secret = '';
  for (let i = 0; i < SECRET_LENGTH; i++) secret += ALPHABET[randomInt(ALPHABET.length)];
  return secret;
}

/** Mint the dossier's secret and keep its hash; the secret is returned once, to be printed. */
export async function issueLookupSecret(store: Store, code: string): Promise<string> {
  const secret = newLookupSecret();
  const salt = randomBytes(16).toString('base64url');
  await store.putRecord(LOOKUP_RECORD_KIND, code, { salt, hash: digest(salt, code, secret).toString('base64url') } satisfies LookupRecord, 0);
  return secret;
}

/** Whether `secret` is the one printed for `code` (false for an unknown code). */
export async function checkLookupSecret(store: Store, code: string, secret: string): Promise<boolean> {
  const record = (await store.getRecord(LOOKUP_RECORD_KIND, code))?.value as LookupRecord | undefined;
  if (!record) return false;
  const expected = Buffer.from(record.hash, 'base64url');
  const given = digest(record.salt, code, secret.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
