/**
 * Long polling for `fetchAndLock`: a worker's request waits until a task can be locked or its
 * `asyncResponseTimeout` runs out. While it waits it asks the store again after a pause that
 * grows (so an idle worker costs a few indexed reads a second at most), and at once when this
 * process has just changed an instance (a commit may have created an external task). Tasks that
 * other processes create are found by the next poll: the store is the only truth.
 */
import type { Store } from '../../../engine/index.ts';

const FIRST_PAUSE_MS = 50;
const LONGEST_PAUSE_MS = 1000;

const waiting = new WeakMap<Store, Set<() => void>>();

/** Tell this process's waiting fetches of `store` to look again now. */
export function wakeFetchers(store: Store): void {
  for (const wake of waiting.get(store) ?? []) wake();
}

/**
 * Run `attempt` until it finds something, `deadline` (epoch ms) passes or `signal` says the
 * client left; returns the last attempt's result.
 */
export async function pollUntil<T>(store: Store, attempt: () => Promise<T[]>, deadline: number, signal: AbortSignal): Promise<T[]> {
  let pause = FIRST_PAUSE_MS;
  for (;;) {
    const found = await attempt();
    const left = deadline - Date.now();
    if (found.length > 0 || left <= 0 || signal.aborted) return found;
    await new Promise<void>((resolvePromise) => {
      let set = waiting.get(store);
      if (!set) waiting.set(store, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        signal.removeEventListener('abort', done);
        resolvePromise();
      };
      const timer = setTimeout(done, Math.min(pause, left));
      set.add(done);
      signal.addEventListener('abort', done);
    });
    pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
  }
}
