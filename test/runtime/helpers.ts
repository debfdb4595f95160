/**
 * Shared by the runtime tests: a manual clock, the BPMN fixtures, temp folders and polling waits.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../engine/runtime/api.ts';

/** A clock that moves only when told to. */
export interface ManualClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
}

export function manualClock(iso: string): ManualClock {
  let t = Date.parse(iso);
  return {
    now: () => t,
    set: (at) => {
      t = Date.parse(at);
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A diagram of test/runtime/fixtures. */
export function runtimeFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}

/** A diagram of the BPMN behaviour fixtures (test/bpmn/fixtures). */
export function bpmnFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../bpmn/fixtures/${name}`, import.meta.url)), 'utf8');
}

/** A fresh folder under the OS temp dir; `cleanup()` removes it. */
export function tempDir(): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-runtime-'));
  return { dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition()` holds, polling; rejects naming `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The settled outcome of a promise: its value, or the rejection's error code (or message). */
export async function outcome<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: string }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, code: typeof code === 'string' ? code : String((error as Error).message ?? error) };
  }
}
