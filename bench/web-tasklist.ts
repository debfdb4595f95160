/**
 * web.tasklist_first_page (issue 12): how long an officer waits for the first page of the
 * tasklist in a real browser when the store holds 1 000 000 open tasks.
 *
 * The API server (the product's, serving the built apps) runs in this process over tasks.query's
 * cached SQLite store (20 agencies, 200 candidate groups); Debian's Chromium, driven by
 * playwright-core, signs in once through the login page as an officer of one of the fixture's
 * agencies whose groups are the fixture's groups (the user record is written into the store
 * first, so the login is the real one). Measured: wall time from `page.goto('/tasks/')` until the
 * tasklist's body holds the first page's rows (the default view, "Việc của nhóm"), for several
 * navigations after a warm-up one; every navigation must draw a full page, otherwise the figure
 * fails rather than time an empty list. Each navigation starts from another page of the site (the
 * citizens' lookup, which also ends the previous list's live stream), as an officer comes to the
 * list: from about:blank, Chromium would start a new renderer process every time, which is the
 * browser's cost of opening a new site, not the app's.
 */
import { Directory } from '../api/identity/users.ts';
import { launchChromium } from '../test/e2e/harness.ts';
import { buildWeb, webDist } from '../web/build.ts';
import { serve } from './api.ts';
import { percentile, sortedOf, tempDir } from './stats.ts';
import { agencyName, cachedTasksStore, groupName, OFFICER_GROUPS, officerName } from './tasks-query.ts';

const PAGE_SIZE = 50;
const PASSWORD = 'bench-officer';

export interface WebTasklistResult {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** the first navigation, before the browser's cache holds the app */
  readonly cold: number;
  readonly groups: number;
  readonly file: string;
}

/**
 * Groups of the signed-in officer: the fixture's three at full size; a scaled-down store
 * (BENCH_TASKS) spreads fewer tasks over the same 200 groups, so the officer holds more of
 * them to still have a full first page (at most 64, the store's merged ranges).
 */
export function officerGroupCount(tasks: number): number {
  return Math.min(64, Math.max(OFFICER_GROUPS, Math.ceil((OFFICER_GROUPS * 1_000_000) / tasks)));
}

export async function webTasklist(tasks: number, navigations: number): Promise<WebTasklistResult> {
  await buildWeb();
  const file = await cachedTasksStore({ tasks, groups: 200, queries: navigations, pageSize: PAGE_SIZE });
  const empty = tempDir('web-tasklist');
  const server = await serve(`sqlite:${file}`, empty.path, webDist);
  const groups = Array.from({ length: officerGroupCount(tasks) }, (_, g) => groupName(g));
  const officer = { username: officerName(0), name: 'Cán bộ đo tải', agency: agencyName(0), roles: ['OFFICER' as const], groups };
  const directory = new Directory(server.motcua.store);
  if (await directory.user(officer.username)) await directory.updateUser(officer.username, { ...officer, password: PASSWORD });
  else await directory.createUser({ ...officer, password: PASSWORD });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 720 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    await page.goto('/login/');
    await page.getByLabel('Tên đăng nhập').fill(officer.username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/tasks/'));
    const elsewhere = () => page.goto(`${server.url}/tra-cuu`, { waitUntil: 'load' });
    await elsewhere();

    const firstPage = async (): Promise<number> => {
      const t0 = performance.now();
      await page.goto(`${server.url}/tasks/`, { waitUntil: 'commit' });
      await page.waitForFunction(() => document.querySelector('table.tasklist tbody tr') !== null, undefined, { polling: 'raf', timeout: 60_000 });
      const ms = performance.now() - t0;
      const rows = await page.locator('table.tasklist tbody tr[data-task]').count();
      if (rows !== PAGE_SIZE) throw new Error(`the first page drew ${rows} rows, expected ${PAGE_SIZE} (${officer.username}@${officer.agency}, ${groups.length} groups)`);
      await elsewhere();
      return ms;
    };
    const cold = await firstPage();
    const times = new Float64Array(navigations);
    for (let i = 0; i < navigations; i++) times[i] = await firstPage();
    const sorted = sortedOf(times);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1]!, cold, groups: groups.length, file };
  } finally {
    await browser.close();
    await server.close();
    empty.remove();
  }
}
