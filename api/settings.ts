/**
 * Every setting of the server, read once from the environment. The README's "Settings" table
 * lists the same names; a wrong value stops the start with a message naming the variable.
 */
import { MotcuaError, ErrorCode } from '../engine/index.ts';

export interface Settings {
  /** HTTP port (PORT, default 8080; 0 picks a free one) */
  readonly port: number;
  /** interface to listen on (HOST, default all) */
  readonly host?: string;
  /** store URL (MOTCUA_DB) */
  readonly store: string;
  /** HS256 secret (MOTCUA_JWT_SECRET); unset: generated once and kept in the store */
  readonly jwtSecret?: string;
  /** PEM public key of an external identity provider whose RS256 tokens are accepted (MOTCUA_JWT_PUBLIC_KEY) */
  readonly jwtPublicKey?: string;
  /** JWKS address of an external identity provider (MOTCUA_JWKS_URI) */
  readonly jwksUri?: string;
  /** lifetime of the tokens this server issues, seconds (MOTCUA_TOKEN_TTL, default 8 h, at most 8 h) */
  readonly tokenTtlSeconds: number;
  /** demo agency, users and procedures on a fresh embedded store (MOTCUA_DEMO, default on; never on MongoDB) */
  readonly demo: boolean;
  /** folder of the procedures deployed at start (MOTCUA_PROCESSES, default ./processes) */
  readonly processesDir: string;
  /** origins allowed to call /engine-rest from a browser or Camunda Modeler (MOTCUA_CORS_ORIGINS, comma separated, `*` for any) */
  readonly corsOrigins: readonly string[];
  /** request body limit (MOTCUA_BODY_LIMIT, default 1mb) */
  readonly bodyLimit: string;
  /** pino level (LOG_LEVEL, default info) */
  readonly logLevel: string;
  /** token requests and public lookups allowed per minute from one address (MOTCUA_LOGIN_RATE, default 30) */
  readonly loginRatePerMinute: number;
  /** the job executor (timers, async continuations) runs in this process (MOTCUA_JOBS, default on) */
  readonly jobs: boolean;
}

const MAX_TTL = 8 * 3600;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new MotcuaError(ErrorCode.InvalidInput, `${name}=${raw} is not a whole number from 0 to ${max}`, { field: name });
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'off', 'no'].includes(raw.toLowerCase())) return false;
  throw new MotcuaError(ErrorCode.InvalidInput, `${name}=${raw} must be 1 or 0`, { field: name });
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const store = env.MOTCUA_DB || 'sqlite:./data/motcua.db';
  return {
    port: integer(env, 'PORT', 8080, 65535),
    ...(env.HOST ? { host: env.HOST } : {}),
    store,
    ...(env.MOTCUA_JWT_SECRET ? { jwtSecret: env.MOTCUA_JWT_SECRET } : {}),
    ...(env.MOTCUA_JWT_PUBLIC_KEY ? { jwtPublicKey: env.MOTCUA_JWT_PUBLIC_KEY.replace(/\\n/g, '\n') } : {}),
    ...(env.MOTCUA_JWKS_URI ? { jwksUri: env.MOTCUA_JWKS_URI } : {}),
    tokenTtlSeconds: integer(env, 'MOTCUA_TOKEN_TTL', MAX_TTL, MAX_TTL),
    demo: flag(env, 'MOTCUA_DEMO', true) && store.startsWith('sqlite:'),
    processesDir: env.MOTCUA_PROCESSES || 'processes',
    corsOrigins: (env.MOTCUA_CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    bodyLimit: env.MOTCUA_BODY_LIMIT || '1mb',
    logLevel: env.LOG_LEVEL || 'info',
    jobs: flag(env, 'MOTCUA_JOBS', true),
    loginRatePerMinute: integer(env, 'MOTCUA_LOGIN_RATE', 30, 100_000),
  };
}
