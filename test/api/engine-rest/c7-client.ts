/** Small helpers for /engine-rest tests: the fixtures beside them and JSON calls with a token. */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { TestServer } from '../harness.ts';

export const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Deploy a fixture diagram (with the fixture forms it names) the way the procedures folder is deployed. */
export async function deployFixture(server: TestServer, file: string, forms: readonly string[] = []): Promise<void> {
  await server.motcua.forms.deploy(server.motcua.engine, file, fixture(file), Object.fromEntries(forms.map((form) => [form, fixture(form)])));
}

export interface C7Answer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly contentType: string | null;
}

/** One /engine-rest call; the body is parsed when there is one. */
export async function c7<T = unknown>(server: TestServer, token: string, method: string, path: string, json?: unknown): Promise<C7Answer<T>> {
  const response = await server.fetch(`/engine-rest${path}`, { method, token, ...(json !== undefined ? { json } : {}) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, contentType: response.headers.get('content-type') };
}

/** Start an instance as `token`'s user and return its id. */
export async function startByKey(server: TestServer, token: string, key: string, body: unknown = {}): Promise<string> {
  const started = await c7<{ id: string }>(server, token, 'POST', `/process-definition/key/${key}/start`, body);
  expect(started.status, JSON.stringify(started.body)).to.equal(200);
  return started.body.id;
}

/** Resolve once `check` holds, trying every 20 ms for up to `ms`. */
export async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('the expected state was not reached in time');
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 20));
  }
}
