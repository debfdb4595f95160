/**
 * Progress of a long `motcua test` run, on stderr: when nothing was printed for a while (a big
 * folder, one scenario driving a long chain), a line says how far the run is and what it runs,
 * so a silent terminal is never mistaken for a hang. Short runs print nothing extra.
 */
import { relative } from 'node:path';
import type { CliOutput } from './cli-command.ts';

/** Quiet this long before the first progress line, and between two. */
export const PROGRESS_EVERY_MS = 5_000;

export class Progress {
  private current?: { file: string; position: number; total: number; since: number };
  private lastOutput = Date.now();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly output: CliOutput,
    everyMs = PROGRESS_EVERY_MS,
  ) {
    this.timer = setInterval(() => this.tick(everyMs), Math.min(everyMs, 1_000));
    this.timer.unref();
  }

  started(file: string, position: number, total: number): void {
    this.current = { file, position, total, since: Date.now() };
  }

  /** A result line went out: the user sees the run moving. */
  printed(): void {
    this.lastOutput = Date.now();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(everyMs: number): void {
    const now = Date.now();
    if (!this.current || now - this.lastOutput < everyMs) return;
    const { file, position, total, since } = this.current;
    this.output.err(`… scenario ${position} of ${total} running for ${Math.round((now - since) / 1000)} s: ${relative(process.cwd(), file) || file}`);
    this.lastOutput = now;
  }
}
