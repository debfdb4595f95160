/**
 * `BENCH api.receive`: desk receptions over HTTP. The API server runs here, as `npm start` runs it
 * (the product composition on a temporary SQLite file, every procedure deployed, the demo agency);
 * the clients run in a second process (`api-receive-client.ts`), so the figure includes real
 * sockets, JSON and the server's own event loop, never an in-process shortcut. Each reception is
 * `POST /api/v1/dossiers` for the household-business procedure at the desk: the dossier is
 * received, accepted by its diagram's reception step, and answered with its code and due date.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { seedDemo } from '../api/demo/demo-data.ts';
import { Directory } from '../api/identity/users.ts';
import { createApi } from '../api/server.ts';
import { readSettings } from '../api/settings.ts';
import { deployProcesses, openMotcua } from '../engine/index.ts';
import { tempDir } from './stats.ts';

export interface ReceiveResult {
  readonly received: number;
  readonly seconds: number;
  readonly rate: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

export async function apiReceive(options: { readonly dossiers: number; readonly clients: number }): Promise<ReceiveResult> {
  const dir = tempDir('api-receive');
  const store = `sqlite:${join(dir.path, 'motcua.db')}`;
  const secret = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
  const settings = readSettings({ PORT: '0', MOTCUA_DB: store, LOG_LEVEL: 'silent', MOTCUA_JOBS: '0' });
  const motcua = await openMotcua({ store, processesDir: settings.processesDir });
  try {
    await deployProcesses(motcua, () => undefined);
    await seedDemo(new Directory(motcua.store));
    const api = createApi(motcua, { settings, jwtSecret: secret, logger: pino({ level: 'silent' }) });
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const listening = api.app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    try {
      const token = api.services.tokens.issue({ sub: 'motcua', name: 'Bàn một cửa', agency: 'UBNDXA-MAU', roles: ['OFFICER'], groups: ['mot_cua'] });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'api-receive-client.ts'), url, String(options.dossiers), String(options.clients)], {
          env: { ...process.env, BENCH_TOKEN: token },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('error', reject);
        child.on('exit', (status) => (status === 0 ? resolve(out) : reject(new Error(`the client process exited with ${status}: ${out}`))));
      });
      return JSON.parse(output.trim().split('\n').at(-1)!) as ReceiveResult;
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  } finally {
    await motcua.close();
    dir.remove();
  }
}
