import type { Clock } from '../runtime/api.ts';

/**
 * The scenario's clock: it moves only when the runner moves it, and never backwards, so a
 * scenario is deterministic and timers fire only through `advance` / `at`.
 */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  set(instant: number): void {
    if (instant < this.#now) {
      throw new RangeError(`the clock cannot go back from ${new Date(this.#now).toISOString()} to ${new Date(instant).toISOString()}`);
    }
    this.#now = instant;
  }
}
