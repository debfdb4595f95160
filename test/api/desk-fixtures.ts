/** What the dossier, task and public API tests share: a settable clock and the desk's calls. */
import type { Clock } from '../../engine/index.ts';
import type { TestServer } from './harness.ts';

/** A clock the test moves; starts at `iso`. */
export function settableClock(iso: string): Clock & { set(iso: string): void } {
  let now = Date.parse(iso);
  return { now: () => now, set: (next: string) => void (now = Date.parse(next)) };
}

export const HOUSEHOLD_BUSINESS = '1.001612';

export const APPLICANT = { name: 'Trần Thị Bình', idNumber: '001190000123', phone: '0912345678', address: 'Thôn Đông, xã Mẫu' };

export interface DossierBody {
  readonly code: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly dueAt?: string;
  readonly paused: boolean;
  readonly result?: string;
  readonly lookupSecret?: string;
  readonly slips: { form: string; href: string }[];
  readonly tasks: { id: string; elementId: string; assignee?: string }[];
  readonly actions: { action: string; allowed: boolean; reason?: string }[];
  readonly pauses: { from: string; to?: string }[];
}

export async function receive(server: TestServer, token: string, body: object = {}, headers: Record<string, string> = {}): Promise<Response> {
  return server.fetch('/api/v1/dossiers', { method: 'POST', token, headers, json: { procedureCode: HOUSEHOLD_BUSINESS, channel: 1, applicant: APPLICANT, ...body } });
}

export async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Tokens of the demo desk officer, specialist and leader, obtained by logging in. */
export async function demoOfficers(server: TestServer): Promise<Record<'motcua' | 'chuyenvien' | 'lanhdao', string>> {
  return { motcua: await server.login('motcua'), chuyenvien: await server.login('chuyenvien'), lanhdao: await server.login('lanhdao') };
}

/** The first task of `view` serving the dossier `code`. */
export async function taskFor(server: TestServer, token: string, view: string, code: string): Promise<{ id: string; elementId: string; assignee?: string }> {
  const page = await json<{ items: { id: string; elementId: string; assignee?: string; dossier?: { code: string } }[] }>(
    await server.fetch(`/api/v1/tasks?view=${view}&q=${encodeURIComponent(code)}`, { token }),
    200,
  );
  const task = page.items.find((item) => item.dossier?.code === code);
  if (!task) throw new Error(`no ${view} task for ${code}: ${JSON.stringify(page.items)}`);
  return task;
}
