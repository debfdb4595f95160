/**
 * Where the HS256 secret comes from: MOTCUA_JWT_SECRET, or — on the embedded store only — a
 * secret generated on the first start and kept beside the database file (mode 0600), so tokens
 * survive a restart and every process on that file shares it. On MongoDB several nodes must
 * agree on it, so it has to be set.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ErrorCode, MotcuaError } from '../../engine/index.ts';

export const MIN_SECRET_LENGTH = 32;

export function jwtSecret(configured: string | undefined, storeUrl: string): string {
  if (configured !== undefined) {
    if (configured.length < MIN_SECRET_LENGTH) {
      throw new MotcuaError(ErrorCode.InvalidInput, `MOTCUA_JWT_SECRET must have at least ${MIN_SECRET_LENGTH} characters`, { field: 'MOTCUA_JWT_SECRET' });
    }
    return configured;
  }
  if (!storeUrl.startsWith('sqlite:')) {
    throw new MotcuaError(ErrorCode.InvalidInput, 'set MOTCUA_JWT_SECRET (at least 32 characters, the same on every node) to run on MongoDB', { field: 'MOTCUA_JWT_SECRET' });
  }
  const path = storeUrl.slice('sqlite:'.length);
  if (path === ':memory:') return randomBytes(48).toString('base64url');
  const file = join(dirname(resolve(path)), 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}
