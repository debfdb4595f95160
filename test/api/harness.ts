/**
 * A real server for API tests: the product composition on a private in-memory store, the
 * procedures of processes/ deployed, the demo agency and users, listening on a free loopback port.
 * Tokens are minted with the server's secret (as any client holding it may) or obtained by login.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { pino } from 'pino';
import { deployProcesses, type Motcua, openMotcua, type Clock } from '../../engine/index.ts';
import { seedDemo } from '../../api/demo/demo-data.ts';
import type { Identity } from '../../api/identity/identity.ts';
import { Directory } from '../../api/identity/users.ts';
import { type Api, createApi } from '../../api/server.ts';
import { readSettings } from '../../api/settings.ts';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestServer {
  readonly url: string;
  readonly motcua: Motcua;
  readonly api: Api;
  /** a token for these claims, signed with the server's secret */
  token(identity: Partial<Identity> & Pick<Identity, 'sub'>, options?: jwt.SignOptions): string;
  /** a token obtained through POST /api/v1/auth/token (demo password) */
  login(username: string, password?: string): Promise<string>;
  /** fetch relative to the server with an optional bearer token */
  fetch(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly clock?: Clock;
  readonly demo?: boolean;
  /** a file store instead of memory (e.g. to share it with a second process) */
  readonly store?: string;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const settings = readSettings({ PORT: '0', MOTCUA_DB: options.store ?? 'sqlite::memory:', LOG_LEVEL: 'silent', MOTCUA_JOBS: '0', ...options.env });
  const motcua = await openMotcua({ store: settings.store, processesDir: settings.processesDir, ...(options.clock ? { clock: options.clock } : {}) });
  await deployProcesses(motcua, () => undefined);
  if (options.demo ?? true) await seedDemo(new Directory(motcua.store));
  const api = createApi(motcua, { settings, jwtSecret: TEST_SECRET, logger: pino({ level: 'silent' }) });
  const server: Server = await new Promise((resolvePromise) => {
    const listening = api.app.listen(0, '127.0.0.1', () => resolvePromise(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fetchFrom = (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
    const { token, json, headers, ...rest } = init;
    return fetch(`${url}${path}`, {
      ...rest,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(headers as Record<string, string> | undefined),
      },
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
  };
  return {
    url,
    motcua,
    api,
    token(identity, signOptions = {}) {
      const { sub, ...claims } = identity;
      return jwt.sign(
        { name: sub, agency: 'UBNDXA-MAU', roles: [], groups: [], ...claims },
        TEST_SECRET,
        { algorithm: 'HS256', subject: sub, issuer: 'motcua', audience: 'motcua', expiresIn: 600, ...signOptions },
      );
    },
    async login(username, password = 'demo') {
      const response = await fetchFrom('/api/v1/auth/token', { method: 'POST', json: { username, password } });
      if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { access_token: string }).access_token;
    },
    fetch: fetchFrom,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      await motcua.close();
    },
  };
}
