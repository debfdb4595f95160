import Database from 'better-sqlite3';
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { APPLICANT, HOUSEHOLD_BUSINESS, json } from '../api/desk-fixtures.ts';
import { logIn, screenshot, seriousViolations, useE2e } from './harness.ts';

// bpmn-js draws its own canvas (no text alternatives for SVG shapes): the figures are in the tables beside it.
const DIAGRAM = ['.djs-container'];

describe('web/audit: the done-when flow on the audit API (Chromium)', function () {
  this.timeout(240_000);
  const codes: string[] = [];
  const e2e = useE2e(async (started) => {
    const desk = await started.server.login('motcua');
    for (let i = 0; i < 6; i++) {
      const body = { procedureCode: HOUSEHOLD_BUSINESS, channel: (i % 3) + 1, applicant: { ...APPLICANT, name: `${APPLICANT.name} ${i}` } };
      const created = await json<{ code: string }>(await started.server.fetch('/api/v1/dossiers', { method: 'POST', token: desk, json: body }), 201);
      codes.push(created.code);
    }
  });

  it('lets kiemtra find a dossier, read its verified timeline and path, see the heatmap and dashboard, export register 07, and see a tampered history', async () => {
    const page = await e2e().newPage();
    // given the demo auditor signed in
    await logIn(page, 'kiemtra');
    expect(new URL(page.url()).pathname).to.equal('/audit/');
    // when they search the agency's dossiers of a procedure
    await page.getByLabel('Mã thủ tục').fill(HOUSEHOLD_BUSINESS);
    await page.getByRole('button', { name: 'Tìm kiếm', exact: true }).click();
    await page.getByText(`${codes.length} hồ sơ`).waitFor();
    expect(await seriousViolations(page)).to.deep.equal([]);
    await screenshot(page, 'audit-search');
    // and open one
    const code = codes[0]!;
    await page.getByRole('link', { name: code, exact: true }).click();
    await page.getByRole('heading', { name: `Hồ sơ ${code}` }).waitFor();
    expect(page.url()).to.contain(`/audit/#/dossiers/${code}`);
    // then the history is verified on the server, and the timeline numbers its events in Vietnamese
    const badge = page.locator('.badge-ok');
    await badge.waitFor();
    expect(await badge.textContent()).to.match(/Đã xác thực: \d+ sự kiện/);
    await page.locator('.timeline .event').first().waitFor();
    expect(await page.locator('.timeline .seq').first().textContent()).to.equal('#1');
    // and the path is drawn on the diagram with its figures in a table
    await page.locator('.djs-element.path-visited').first().waitFor();
    await page.getByRole('table', { name: 'Các bước hồ sơ đã qua: thời gian so với định mức' }).waitFor();
    expect(await seriousViolations(page, DIAGRAM)).to.deep.equal([]);
    await screenshot(page, 'audit-dossier');
    // and slip 06 opens as a printable page
    const [slip] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: /mẫu 06/ }).click()]);
    await slip.waitForLoadState();
    expect(await slip.content()).to.match(/kiểm soát/i);
    await slip.close();
    // when they open the version's heatmap
    await page.getByRole('link', { name: 'Xem bản đồ nhiệt của phiên bản' }).click();
    await page.getByRole('table', { name: 'Số liệu từng bước' }).waitFor();
    await page.locator('.overlay.heat-label').first().waitFor();
    expect(await seriousViolations(page, DIAGRAM)).to.deep.equal([]);
    await screenshot(page, 'audit-heatmap');
    // and the dashboard, grouped by channel
    await page.getByRole('link', { name: 'Chỉ số QĐ 766' }).click();
    await page.getByLabel('Nhóm theo').selectOption('channel');
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    await page.locator('#chart-buckets').waitFor();
    await page.locator('.chart table tbody tr').first().waitFor();
    expect(await seriousViolations(page)).to.deep.equal([]);
    await screenshot(page, 'audit-dashboard');
    // and export register 07
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất sổ theo dõi hồ sơ (mẫu 07)' }).click()]);
    const register = await readFile((await download.path())!, 'utf8');
    expect(register.charCodeAt(0)).to.equal(0xfeff);
    expect(register).to.contain(code);
    // when a history row of the dossier is altered directly in the store
    const dossier = await json<{ instanceId: string }>(await e2e().server.fetch(`/api/v1/dossiers/${code}`, { token: await e2e().server.login('kiemtra') }), 200);
    const db = new Database(e2e().storeFile);
    const altered = db.prepare("UPDATE history SET event = json_set(event, '$.tampered', 1) WHERE instance_id = ? AND seq = 2").run(dossier.instanceId);
    db.close();
    expect(altered.changes).to.equal(1);
    // then the badge says where the chain breaks
    await page.goto(`/audit/#/dossiers/${code}`);
    const broken = page.locator('.badge-broken');
    await broken.waitFor();
    expect(await broken.textContent()).to.contain('đứt tại sự kiện 2');
    await screenshot(page, 'audit-broken');
  });
});
