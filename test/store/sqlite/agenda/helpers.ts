/**
 * Shared by the agenda-over-SQLite tests: temp database files, polling waits, and a job
 * factory with the fields agenda always sets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobParameters } from 'agenda';

/** A fresh directory under the OS temp dir; `cleanup()` removes it with everything in it. */
export function tempDir(): { dir: string; file: (name?: string) => string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-agenda-'));
  return {
    dir,
    file: (name = 'jobs.db') => path.join(dir, name),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Resolves once `condition()` holds, polling every `everyMs`; rejects with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  everyMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A promise that resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A job as agenda would build it, due a minute ago unless `overrides` say otherwise. */
export function jobParams<DATA = unknown>(
  name: string,
  overrides: Partial<JobParameters<DATA>> = {},
): JobParameters<DATA> {
  return {
    name,
    priority: 0,
    nextRunAt: new Date(Date.now() - 60_000),
    type: 'normal',
    data: {} as DATA,
    ...overrides,
  };
}
