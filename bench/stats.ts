/** Small helpers shared by the figures: percentiles, number formatting, progress lines, temp files. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The p-th percentile (0–100) of `sorted` (ascending), nearest-rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Ascending copy as a Float64Array (numeric sort, no comparator). */
export function sortedOf(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** 3 significant-ish digits: 123456 → "123456", 12.3456 → "12.35", 0.01234 → "0.0123". */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 100) return Math.round(n).toString();
  if (abs >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

/** A `# …` comment line: progress and parameters never look like a BENCH line. */
export function note(line: string): void {
  console.log(`# ${line}`);
}

/** A fresh directory under the OS temp folder, and its removal. */
export function tempDir(prefix: string): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `motcua-bench-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Run `run(0)` … `run(total - 1)`, `width` at a time (as that many clients would), in index order. */
export async function inFlight(total: number, width: number, run: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const client = async (): Promise<void> => {
    while (next < total) await run(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, total)) }, client));
}
