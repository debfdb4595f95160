/**
 * The browser-test harness: the web apps built once, the real API server in-process on a free
 * port over a fresh temporary SQLite file with the demo data, and Debian's Chromium driven by
 * playwright-core. Pages are checked with axe-core (no serious or critical violation) and
 * photographed into test/e2e/screenshots/ (kept in git: the README shows them).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildWeb, repoRoot } from '../../web/build.ts';
import type { Clock } from '../../engine/index.ts';
import { startTestServer, type TestServer } from '../api/harness.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(repoRoot, 'test', 'e2e', 'screenshots');

/** Whether the browser tests can run here; otherwise the suite prints one skip line. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`;
}

let built: Promise<void> | undefined;

/** How a suite's server differs from the default one. */
export interface E2eOptions {
  /**
   * The server's clock: a ManualClock lets the suite's `prepare` generate months of history in
   * seconds (engine/compose/demo-history.ts); the wall clock when absent.
   */
  readonly clock?: Clock;
  /**
   * An existing SQLite file for the server's store (a benchmark's prepared store) instead of a
   * fresh one; the caller owns it, closing removes only the harness's own folder.
   */
  readonly storeFile?: string;
}

/**
 * The suite's server and browser: started before its tests (after `prepare`, if given), closed
 * after them; without Chromium the suite prints one skip line instead. Returns the getter the
 * tests use.
 */
export function useE2e(prepare?: (e2e: E2e) => Promise<void>, options: E2eOptions = {}): () => E2e {
  let e2e: E2e | undefined;
  before(async function () {
    const missing = chromiumMissing();
    if (missing) {
      console.log(`      ${missing}`);
      this.skip();
    }
    e2e = await startE2e(options);
    await prepare?.(e2e);
  });
  after(async () => {
    await e2e?.close();
  });
  return () => {
    if (!e2e) throw new Error('the browser suite has not started');
    return e2e;
  };
}

export interface E2e {
  readonly server: TestServer;
  /** the SQLite file of the server's store (tests that alter rows directly open it) */
  readonly storeFile: string;
  readonly browser: Browser;
  /** a fresh browser context (its own sessionStorage) with one page */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, as every browser test and browser bench drives it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
}

export async function startE2e(options: E2eOptions = {}): Promise<E2e> {
  built ??= buildWeb();
  await built;
  const folder = await mkdtemp(join(tmpdir(), 'motcua-e2e-'));
  const storeFile = options.storeFile ?? join(folder, 'motcua.db');
  const server = await startTestServer({ store: `sqlite:${storeFile}`, ...(options.clock ? { clock: options.clock } : {}) });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    server,
    storeFile,
    browser,
    async newPage() {
      const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await server.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** Logs in through the login page as a person would (labels, button), waiting for the app. */
export async function logIn(page: Page, username: string, path = '/login/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill('demo');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** Runs axe-core on the page; returns the serious and critical violations, described. */
export async function seriousViolations(page: Page, exclude: string[] = []): Promise<string[]> {
  const source = await readFile(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // evaluated through the DevTools protocol: the app's CSP (script-src 'self') stays in force
  await page.evaluate(source);
  const violations = await page.evaluate(async (excluded) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run({ exclude: excluded.map((selector) => [selector]) }, { resultTypes: ['violations'] });
    return result.violations;
  }, exclude);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
