import Database from 'better-sqlite3';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { type DemoHistory, generateDemoHistory, ManualClock } from '../../engine/index.ts';
import { repoRoot } from '../../web/build.ts';
import { logIn, screenshot, seriousViolations, useE2e } from './harness.ts';

// bpmn-js draws its own canvas (no text alternatives for SVG shapes): the figures are in the tables beside it.
const DIAGRAM = ['.djs-container'];
const AGENCY = 'UBNDXA-MAU';
const HOUSEHOLD_BUSINESS = '1.001612';
/** the event the test alters in the store: well inside the chain, so the events after it still link */
const ALTERED_SEQ = 5;
const APPRAISAL = 'Thẩm định hồ sơ';

/** `npx motcua verify <file>` as a person runs it: the real CLI in a child process. */
function motcuaVerify(file: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [join(repoRoot, 'bin', 'motcua.js'), 'verify', file], { cwd: repoRoot }, (error, stdout) => {
      resolvePromise({ code: error ? Number(error.code ?? 1) : 0, stdout });
    });
  });
}

async function saveDownload(page: Page, click: () => Promise<void>, file: string): Promise<string> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), click()]);
  await download.saveAs(file);
  return file;
}

describe('web/audit: the done-when flow on a server with generated history (Chromium)', function () {
  this.timeout(300_000);
  // the history runs on a manual clock from Monday 5 October 2026, 08:00 in Vietnam, over eleven days
  const clock = new ManualClock(Date.parse('2026-10-05T08:00:00+07:00'));
  let demo: DemoHistory;
  let folder: string;
  const e2e = useE2e(async (started) => {
    demo = await generateDemoHistory(started.server.motcua, { clock, agency: AGENCY, count: 300 });
    folder = await mkdtemp(join(tmpdir(), 'motcua-audit-flow-'));
  }, { clock });
  after(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('lets kiemtra find a late dossier, read its verified timeline and path, see the heatmap and dashboard, export register 07, and catch an altered history online and offline', async () => {
    const page = await e2e().newPage();
    // given the demo auditor signed in, on a server holding a few hundred generated dossiers
    expect(demo.codes).to.have.length(300);
    await logIn(page, 'kiemtra');
    expect(new URL(page.url()).pathname).to.equal('/audit/');
    // when they search the procedure's late dossiers received on the first day, written dd/MM/yyyy
    await page.getByLabel('Mã thủ tục').fill(HOUSEHOLD_BUSINESS);
    await page.getByLabel('Kết quả xử lý').selectOption('LATE');
    await page.getByLabel('Từ ngày').fill('05/10/2026');
    await page.getByLabel('Đến ngày').fill('05/10/2026');
    await page.getByRole('button', { name: 'Tìm kiếm', exact: true }).click();
    await page.getByText(`${demo.late.length} hồ sơ; đang xem 1–20`).waitFor();
    // then every row found is late, and it is one the generator made late
    const results = page.locator('.search-results tbody tr');
    expect(await results.count()).to.equal(20);
    expect(new Set(await results.locator('td:last-child').allTextContents())).to.deep.equal(new Set(['Quá hạn']));
    expect(await seriousViolations(page)).to.deep.equal([]);
    await screenshot(page, 'audit-search');
    const code = (await results.first().locator('a').textContent())!;
    expect(demo.late).to.include(code);
    // when they open it
    await page.getByRole('link', { name: code, exact: true }).click();
    await page.getByRole('heading', { name: `Hồ sơ ${code}` }).waitFor();
    expect(page.url()).to.contain(`/audit/#/dossiers/${code}`);
    // then the history is verified on the server, and the timeline numbers every event of it
    const badge = page.locator('.badge-ok');
    await badge.waitFor();
    const verified = Number(/Đã xác thực: (\d+) sự kiện/.exec((await badge.textContent())!)?.[1]);
    expect(verified).to.be.greaterThan(ALTERED_SEQ);
    await page.locator('.timeline .event').first().waitFor();
    const seqs = await page.locator('.timeline .seq').allTextContents();
    expect(seqs[0]).to.equal('#1');
    expect(seqs.at(-1)).to.equal(`#${verified}`);
    // and its path is drawn with the appraisal over its budget, the same figures in a table
    await page.locator('.djs-element.path-over[data-element-id="Task_ThamDinh"]').waitFor();
    const pathTable = page.getByRole('table', { name: 'Các bước hồ sơ đã qua: thời gian so với định mức' });
    await pathTable.getByRole('row').filter({ hasText: 'Vượt định mức' }).first().waitFor();
    expect(await seriousViolations(page, DIAGRAM)).to.deep.equal([]);
    await screenshot(page, 'audit-dossier');
    // and the history export taken now verifies offline with the CLI
    const exportButton = page.getByRole('button', { name: 'Tải lịch sử kèm mã băm' });
    const before = await saveDownload(page, () => exportButton.click(), join(folder, `${code}-before.json`));
    const clean = await motcuaVerify(before);
    expect(clean).to.deep.equal({ code: 0, stdout: `verified ${verified} events\n` });
    // and slip 06 opens as a printable page
    const [slip] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: /mẫu 06/ }).click()]);
    await slip.waitForLoadState();
    expect(await slip.content()).to.match(/kiểm soát/i);
    await slip.close();
    // when they open the version's heatmap
    await page.getByRole('link', { name: 'Xem bản đồ nhiệt của phiên bản' }).click();
    const stepTable = page.getByRole('table', { name: 'Số liệu từng bước' });
    await stepTable.waitFor();
    await page.locator('.overlay.heat-label').first().waitFor();
    // then the appraisal carries its numbers on the diagram and in the table: every tenth dossier late there
    const appraisal = stepTable.getByRole('row').filter({ has: page.getByRole('rowheader', { name: APPRAISAL, exact: true }) });
    expect(await appraisal.textContent()).to.contain('10%');
    expect(await page.locator('.djs-overlays[data-container-id="Task_ThamDinh"] .heat-label').textContent()).to.contain('trễ 10%');
    // and "where time is lost" ranks the appraisal first, linking to the late dossiers
    const lost = page.getByRole('table', { name: 'Các bước xếp theo thời gian vượt định mức' });
    const firstStep = lost.locator('tbody tr').first();
    await firstStep.waitFor();
    expect(await firstStep.getByRole('rowheader').textContent()).to.equal(APPRAISAL);
    const lateLinks = await firstStep.getByRole('link').allTextContents();
    expect(lateLinks).to.have.length(20);
    expect(demo.late).to.include.members(lateLinks);
    expect(await seriousViolations(page, DIAGRAM)).to.deep.equal([]);
    await screenshot(page, 'audit-heatmap');
    // when they open the dashboard for October 2026, grouped by channel
    await page.getByRole('link', { name: 'Chỉ số QĐ 766' }).click();
    // (a month written wrong is refused, naming the field, and nothing is asked of the server)
    await page.getByLabel('Từ tháng').fill('13/2026');
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    expect(await page.getByRole('alert').filter({ hasText: 'Từ tháng' }).textContent()).to.equal('Từ tháng: chưa đúng dạng MM/yyyy (ví dụ 05/10/2026 hoặc 10/2026)');
    expect(page.url()).to.match(/#\/dashboard$/);
    await page.getByLabel('Từ tháng').fill('10/2026');
    await page.getByLabel('Đến tháng').fill('10/2026');
    await page.getByLabel('Mã thủ tục').fill(HOUSEHOLD_BUSINESS);
    await page.getByLabel('Nhóm theo').selectOption('channel');
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    // then each chart has its data table: the on-time share by channel, the buckets, and by step
    const byChannel = page.getByRole('table', { name: 'Tỷ lệ giải quyết đúng hạn' });
    await byChannel.getByRole('row', { name: /Trực tuyến/ }).waitFor();
    // (the average time in working days written the Vietnamese way, with a decimal comma)
    expect(await byChannel.getByRole('row', { name: /Trực tuyến/ }).getByRole('cell').last().textContent()).to.match(/^\d+,\d$/);
    const byStep = page.getByRole('table', { name: /theo bước/ });
    const appraisalStep = byStep.getByRole('row').filter({ has: page.getByRole('rowheader', { name: APPRAISAL, exact: true }) });
    await appraisalStep.waitFor();
    expect(await appraisalStep.textContent()).to.contain('90%');
    expect(await page.locator('canvas#chart-steps').count()).to.equal(1);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await screenshot(page, 'audit-dashboard');
    await page.locator('#sec-steps').scrollIntoViewIfNeeded();
    await screenshot(page, 'audit-dashboard-steps');
    // when they export register 07 of the period
    const registerFile = await saveDownload(page, () => page.getByRole('button', { name: 'Xuất sổ theo dõi hồ sơ (mẫu 07)' }).click(), join(folder, 'so-07.csv'));
    const register = await readFile(registerFile, 'utf8');
    // then it is UTF-8 with a BOM, a Vietnamese header and one row per dossier received in October (both procedures)
    expect(register.charCodeAt(0)).to.equal(0xfeff);
    const lines = register.slice(1).split(/\r?\n/).filter((line) => line !== '');
    expect(lines[0]).to.match(/^STT,Mã hồ sơ,Tên thủ tục hành chính,/);
    expect(lines).to.have.length(1 + demo.codes.length + demo.births.length);
    expect(register).to.contain(code);
    // when a history row of the dossier is altered directly in the store
    const dossier = await (await e2e().server.fetch(`/api/v1/dossiers/${code}`, { token: await e2e().server.login('kiemtra') })).json() as { instanceId: string };
    const db = new Database(e2e().storeFile);
    const altered = db.prepare("UPDATE history SET event = json_set(event, '$.by', 'ai-do') WHERE instance_id = ? AND seq = ?").run(dossier.instanceId, ALTERED_SEQ);
    db.close();
    expect(altered.changes).to.equal(1);
    // then the badge says where the chain breaks
    await page.goto(`/audit/#/dossiers/${code}`);
    const broken = page.locator('.badge-broken');
    await broken.waitFor();
    expect(await broken.textContent()).to.contain(`đứt tại sự kiện ${ALTERED_SEQ}`);
    await screenshot(page, 'audit-broken');
    // and the export taken now fails the offline check, naming the first bad event, while the earlier one still verifies
    const after = await saveDownload(page, () => page.getByRole('button', { name: 'Tải lịch sử kèm mã băm' }).click(), join(folder, `${code}-after.json`));
    const tampered = await motcuaVerify(after);
    expect(tampered.code).to.equal(1);
    expect(tampered.stdout).to.match(new RegExp(`^broken at event ${ALTERED_SEQ} of ${verified}\\n`));
    expect(tampered.stdout).to.contain('(altered)');
    expect((await motcuaVerify(before)).code).to.equal(0);
  });
});
