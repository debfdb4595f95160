/**
 * web.heatmap: the auditor opens the heatmap of a procedure version holding 100 000 finished
 * dossiers (bench/heatmap-store.ts, cached), in Chromium through the browser-test harness;
 * measured in the page from the hash change that opens the screen until every element with
 * statistics carries its overlay (the numbers drawn on the diagram). The server runs on a copy of
 * the cached store, so measuring never alters it.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { logIn, startE2e } from '../test/e2e/harness.ts';
import { cachedHeatmapStore, PROCEDURE } from './heatmap-store.ts';
import { note, percentile, sortedOf } from './stats.ts';

export interface HeatmapOptions {
  readonly dossiers: number;
  /** heatmap openings measured, after one warm-up */
  readonly rounds: number;
}

export interface HeatmapResult {
  /** median of the rounds, ms */
  readonly p50: number;
  readonly first: number;
  readonly max: number;
  readonly overlays: number;
  readonly file: string;
}

/**
 * Run in the page (as source text: the bundler's helpers do not exist there): open the heatmap
 * and resolve with the milliseconds until the step table is there and every row's element has
 * its overlay.
 */
const openHeatmap = (procedure: string): string => `new Promise((resolve, reject) => {
  const started = performance.now();
  const timeout = setTimeout(() => reject(new Error('the overlays were not drawn within 60 s')), 60000);
  const observer = new MutationObserver(() => {
    const rows = document.querySelectorAll('section[aria-labelledby="sec-heat"] table.data:first-of-type tbody tr').length;
    const overlays = document.querySelectorAll('.overlay.heat-label').length;
    if (rows > 0 && overlays >= rows) {
      observer.disconnect();
      clearTimeout(timeout);
      resolve({ ms: performance.now() - started, overlays });
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  location.hash = ${JSON.stringify(`#/versions/${procedure}/1`)};
})`;

export async function webHeatmap(options: HeatmapOptions): Promise<HeatmapResult> {
  const cached = await cachedHeatmapStore(options.dossiers);
  const copy = `${cached}.serving`;
  copyFileSync(cached, copy);
  const e2e = await startE2e({ storeFile: copy });
  try {
    const page = await e2e.newPage();
    await logIn(page, 'kiemtra');
    const open = async (): Promise<{ ms: number; overlays: number }> => {
      await page.evaluate('location.hash = "#/"');
      await page.locator('.search-results').waitFor();
      return page.evaluate<{ ms: number; overlays: number }>(openHeatmap(PROCEDURE));
    };
    const first = await open();
    const times = new Float64Array(options.rounds);
    let overlays = first.overlays;
    for (let i = 0; i < options.rounds; i++) {
      const round = await open();
      times[i] = round.ms;
      overlays = round.overlays;
    }
    const sorted = sortedOf(times);
    const count = await page.locator('section[aria-labelledby="sec-heat"] p').first().textContent();
    note(`web.heatmap: the screen says "${count}"; ${overlays} elements carry their numbers`);
    return { p50: percentile(sorted, 50), first: first.ms, max: sorted[sorted.length - 1]!, overlays, file: cached };
  } finally {
    await e2e.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
  }
}
