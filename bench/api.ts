/**
 * The HTTP API's two figures (issue 8, "Bad input and load").
 *
 * api.complete: concurrent clients in a SECOND process (bench/api-load.ts) start an instance,
 * fetch its task and complete it over loopback through /engine-rest, against the server on a
 * temp SQLite file; compared with the same flow with the same concurrency through the Engine in
 * this process, on another temp file, in the same run. Aim: HTTP ≥ 50 % of the in-process rate.
 *
 * api.tasklist_p95: an officer's first page (`GET /engine-rest/task?candidateGroup=…&sortBy=dueDate
 * &sortOrder=asc&maxResults=50`, the officer's token carrying its agency and three groups) against
 * the cached store of tasks.query (1 000 000 open tasks over 20 agencies), wall time per request
 * from a client in this process, sequential. Aim: p95 < 20 ms.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import { pino } from 'pino';
import { openMotcua, type Motcua } from '../engine/index.ts';
import { createApi } from '../api/server.ts';
import { readSettings } from '../api/settings.ts';
import { percentile, sortedOf, tempDir } from './stats.ts';
import { agencyName, AGENCIES, cachedTasksStore, groupName, OFFICER_GROUPS, officerName, OFFICERS_PER_AGENCY, prng } from './tasks-query.ts';

const SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
const AGENCY = 'UBNDXA-MAU';
const PROCESS_KEY = 'Process_BenchApi';
const DIAGRAM = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_BenchApi" targetNamespace="http://motcua.dev/bench">
  <bpmn:process id="${PROCESS_KEY}" name="Tiếp nhận một bước" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" camunda:initiator="nguoiTiepNhan" />
    <bpmn:userTask id="Activity_Receive" name="Tiếp nhận hồ sơ" camunda:candidateGroups="mot_cua" />
    <bpmn:endEvent id="EndEvent_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_Receive" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_Receive" targetRef="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>`;

function token(sub: string, agency: string, roles: string[], groups: string[]): string {
  return jwt.sign({ name: sub, agency, roles, groups }, SECRET, { algorithm: 'HS256', subject: sub, issuer: 'motcua', audience: 'motcua', expiresIn: 3600 });
}

/** The product server on `store`, on a free loopback port (serving the built browser apps of `webRoot` when given). */
export async function serve(store: string, processesDir: string, webRoot?: string): Promise<{ url: string; motcua: Motcua; close(): Promise<void> }> {
  const settings = readSettings({ PORT: '0', MOTCUA_DB: store, LOG_LEVEL: 'silent', MOTCUA_JOBS: '0', MOTCUA_PROCESSES: processesDir });
  const motcua = await openMotcua({ store, processesDir });
  const { app } = createApi(motcua, { settings, jwtSecret: SECRET, logger: pino({ level: 'silent' }), ...(webRoot ? { webRoot } : {}) });
  const server: Server = await new Promise((resolvePromise) => {
    const listening = app.listen(0, '127.0.0.1', () => resolvePromise(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    motcua,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      await motcua.close();
    },
  };
}

/** The same flow as the load generator, `clients` loops at once, through the Engine in this process. */
async function inProcess(motcua: Motcua, total: number, clients: number): Promise<number> {
  let started = 0;
  const client = async () => {
    while (started < total) {
      started++;
      const instance = await motcua.engine.startInstance(PROCESS_KEY, { variables: { soHoSo: `HS-${started}` }, by: 'motcua', agency: AGENCY });
      const [task] = await motcua.engine.listTasks({ instanceId: instance.id });
      await motcua.engine.completeTask(task!.id, { ketQua: 'đạt' }, 'motcua');
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  return total / ((performance.now() - t0) / 1000);
}

function loadFromSecondProcess(url: string, bearer: string, total: number, clients: number): Promise<{ completions: number; seconds: number }> {
  const script = fileURLToPath(new URL('./api-load.ts', import.meta.url));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, url, bearer, PROCESS_KEY, String(total), String(clients)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`the load generator exited with ${code}`))));
  });
}

export interface ApiCompleteResult {
  readonly httpRate: number;
  readonly inProcessRate: number;
}

export async function apiComplete(total: number, clients: number, warmup: number): Promise<ApiCompleteResult> {
  const dir = tempDir('api');
  try {
    const processes = join(dir.path, 'processes');
    mkdirSync(processes);
    writeFileSync(join(processes, 'bench-api.bpmn'), DIAGRAM);
    // HTTP: the server here, the clients in a second process
    const http = await serve(`sqlite:${join(dir.path, 'http.db')}`, processes);
    let httpRate: number;
    try {
      await http.motcua.forms.deploy(http.motcua.engine, 'bench-api.bpmn', DIAGRAM);
      const officer = token('motcua', AGENCY, ['OFFICER'], ['mot_cua']);
      await loadFromSecondProcess(http.url, officer, warmup, clients);
      const measured = await loadFromSecondProcess(http.url, officer, total, clients);
      httpRate = measured.completions / measured.seconds;
    } finally {
      await http.close();
    }
    // in process: the same composition on its own file
    const motcua = await openMotcua({ store: `sqlite:${join(dir.path, 'engine.db')}`, processesDir: processes });
    let inProcessRate: number;
    try {
      await motcua.forms.deploy(motcua.engine, 'bench-api.bpmn', DIAGRAM);
      await inProcess(motcua, warmup, clients);
      inProcessRate = await inProcess(motcua, total, clients);
    } finally {
      await motcua.close();
    }
    return { httpRate, inProcessRate };
  } finally {
    dir.remove();
  }
}

export interface TasklistResult {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly file: string;
}

export async function apiTasklist(tasks: number, queries: number): Promise<TasklistResult> {
  const file = await cachedTasksStore({ tasks, groups: 200, queries, pageSize: 50 });
  const empty = tempDir('api-tasklist');
  // the server only reads this file: no procedures folder to deploy, no demo data
  const server = await serve(`sqlite:${file}`, empty.path);
  try {
    const random = prng(7);
    const pick = (n: number) => Math.floor(random() * n);
    const query = async (): Promise<number> => {
      const groups = Array.from({ length: OFFICER_GROUPS }, () => groupName(pick(200)));
      const bearer = token(officerName(pick(OFFICERS_PER_AGENCY)), agencyName(pick(AGENCIES)), ['OFFICER'], groups);
      const t0 = performance.now();
      const response = await fetch(`${server.url}/engine-rest/task?candidateGroup=${groups[0]}&sortBy=dueDate&sortOrder=asc&maxResults=50`, { headers: { authorization: `Bearer ${bearer}` } });
      const page = (await response.json()) as Array<{ due: string | null }>;
      const ms = performance.now() - t0;
      if (response.status !== 200) throw new Error(`api.tasklist: ${response.status} ${JSON.stringify(page)}`);
      for (let k = 1; k < page.length; k++) if ((page[k - 1]!.due ?? '\uffff') > (page[k]!.due ?? '\uffff')) throw new Error('api.tasklist: a page is not sorted by due date');
      return ms;
    };
    for (let i = 0; i < 50; i++) await query();
    const times = new Float64Array(queries);
    for (let i = 0; i < queries; i++) times[i] = await query();
    const sorted = sortedOf(times);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1]!, file };
  } finally {
    await server.close();
    empty.remove();
  }
}
