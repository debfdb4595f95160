import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../web/build.ts';
import { logIn, screenshot, seriousViolations, useE2e } from './harness.ts';

const CODE = '1.001193'; // Đăng ký khai sinh (processes/dang-ky-khai-sinh)
const STEP = 'Task_GhiSo';
const NEW_NAME = 'Kiểm tra, ghi Sổ khai sinh, cấp số định danh cá nhân';

const folder = join(repoRoot, 'processes', 'dang-ky-khai-sinh');
const scenarioFiles = readdirSync(folder).filter((file) => file.endsWith('.scenario.yaml')).map((file) => join(folder, file));

const shape = (page: Page, id: string) => page.locator(`g.djs-element[data-element-id="${id}"]`);

async function openGroup(page: Page, label: string): Promise<void> {
  const header = page.locator('.bio-properties-panel-group-header', { hasText: label });
  if (!(await header.evaluate((el) => el.classList.contains('open')))) await header.click();
}

async function check(page: Page): Promise<string> {
  const before = await page.locator('.problem-summary').textContent();
  await page.locator('#check').click();
  await page.waitForFunction((previous) => {
    const now = document.querySelector('.problem-summary')?.textContent;
    return now !== previous && !document.querySelector('main[aria-busy]');
  }, before);
  return (await page.locator('.problems').innerText());
}

describe('modeler: an analyst re-engineers a procedure (Chromium)', function () {
  this.timeout(300_000);
  const e2e = useE2e();

  it('opens a procedure, changes a step, sees a check appear and go, runs scenarios, publishes version 2, compares it with version 1, and a dossier starts on it', async () => {
    const page = await e2e().newPage();
    // given the analyst logged in, in the catalog
    await logIn(page, 'phantich');
    expect(new URL(page.url()).pathname).to.equal('/modeler/');
    await page.getByLabel('Mã hoặc tên thủ tục').fill('khai sinh');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    const link = page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true });
    await link.waitFor();
    expect(await seriousViolations(page)).to.deep.equal([]);
    await screenshot(page, 'modeler-catalog');

    // when the procedure is opened: bpmn-js draws it at its deep link
    await link.click();
    await page.waitForURL(`**/modeler/#/procedures/${CODE}`);
    await shape(page, STEP).waitFor();
    expect(await page.locator('.djs-container .djs-shape').count()).to.be.greaterThan(5);

    // and the step is changed in the properties panel: name, candidate group, budget
    await shape(page, STEP).click();
    await openGroup(page, 'Chung');
    await page.locator('#bio-properties-panel-name').fill(NEW_NAME);
    await openGroup(page, 'Giao việc');
    await page.getByLabel('Lãnh đạo phòng (lanh_dao_phong)').check();
    await openGroup(page, 'Thủ tục (motcua)');
    await page.getByLabel('Thời gian cho bước').fill('3');
    await page.getByLabel('Đơn vị thời gian của bước').selectOption('WORKING_DAYS');
    await page.getByText('có thay đổi chưa lưu').waitFor();
    await screenshot(page, 'modeler-properties');

    // then leaving now asks first, and staying keeps the changes
    const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => { resolve(dialog.message()); void dialog.dismiss(); }));
    await page.evaluate(() => { location.hash = '#/'; });
    expect(await asked).to.contain('chưa lưu');
    await page.waitForFunction((hash) => location.hash === hash, `#/procedures/${CODE}`);
    await page.getByText('có thay đổi chưa lưu').waitFor();

    // when the draft is checked: 3 working days on a same-day procedure is over the legal time
    const withProblem = await check(page);
    expect(withProblem).to.contain('BUDGET_EXCEEDS_LEGAL_TIME');
    // then the problem is on the step, and its item selects it
    await page.locator(`g.djs-element.mark-warning[data-element-id="${STEP}"]`).waitFor();
    await page.locator(`.problems button[data-element-id="${STEP}"]`).first().click();
    await screenshot(page, 'modeler-check-problem');

    // when the budget becomes 3 working hours (the item selected the step), the problem goes
    await page.locator('#tab-properties').click();
    await page.locator('.bio-properties-panel-header-label', { hasText: NEW_NAME }).waitFor();
    await openGroup(page, 'Thủ tục (motcua)');
    await page.getByLabel('Đơn vị thời gian của bước').selectOption('WORKING_HOURS');
    const clean = await check(page);
    expect(clean).not.to.contain('BUDGET_EXCEEDS_LEGAL_TIME');
    expect(await page.locator(`g.djs-element.mark-warning[data-element-id="${STEP}"]`).count()).to.equal(0);
    expect(await seriousViolations(page, ['.djs-container', '.bjs-powered-by'])).to.deep.equal([]);

    // when its scenarios — the ones beside the diagram under processes/ — are added and run on the server
    await page.locator('#tab-scenarios').click();
    if ((await page.locator('.scenario').count()) === 0) {
      const chooser = page.waitForEvent('filechooser');
      await page.locator('#import-scenarios').click();
      await (await chooser).setFiles(scenarioFiles);
      await page.locator('.scenario').nth(scenarioFiles.length - 1).waitFor();
    }
    await page.locator('#test').click();
    await page.locator('.scenario-summary').waitFor();
    const summary = await page.locator('.scenario-summary').innerText();
    expect(summary).to.match(/\d+ đạt, \d+ không đạt/);
    expect(await page.locator('.scenario-result').count()).to.be.greaterThan(0);
    await screenshot(page, 'modeler-scenarios');

    // and the draft is published (a failing scenario asks first)
    await page.locator('#publish').click();
    const confirm = page.getByRole('button', { name: 'Vẫn xuất bản' });
    await Promise.race([
      confirm.waitFor().then(() => confirm.click()),
      page.waitForURL(`**/#/procedures/${CODE}/2`),
    ]);
    await page.waitForURL(`**/#/procedures/${CODE}/2`);
    await shape(page, STEP).waitFor();

    // then version 2 is compared with version 1 on the diagrams
    await page.locator('#tab-versions').click();
    await page.getByLabel('So sánh phiên bản').selectOption('1');
    await page.getByLabel('với phiên bản').selectOption('2');
    await page.locator('#compare-versions').click();
    await page.waitForURL(`**/#/procedures/${CODE}/compare/1/2`);
    await page.locator('.diff-list').waitFor();
    const changes = await page.locator('.diff-list').innerText();
    expect(changes).to.contain(STEP);
    expect(changes).to.contain(NEW_NAME);
    expect(changes).to.contain('lanh_dao_phong');
    expect(await page.locator(`.compare-canvas g.djs-element.diff-changed[data-element-id="${STEP}"]`).count()).to.equal(2);
    expect(await seriousViolations(page, ['.djs-container', '.bjs-powered-by'])).to.deep.equal([]);
    await screenshot(page, 'modeler-compare');

    // and a dossier received now runs on version 2
    const officer = await e2e().server.login('motcua');
    const created = await e2e().server.fetch('/api/v1/dossiers', {
      method: 'POST', token: officer,
      json: { procedureCode: CODE, channel: 1, applicant: { name: 'Lê Thị Thử', idNumber: '001190000123' } },
    });
    expect(created.status, await created.clone().text()).to.equal(201);
    const { code } = (await created.json()) as { code: string };
    const dossier = (await (await e2e().server.fetch(`/api/v1/dossiers/${encodeURIComponent(code)}`, { token: officer })).json()) as { procedure: { version: number } };
    expect(dossier.procedure.version).to.equal(2);
  });

  it('tells the second of two analysts saving the same draft who saved it, and loses nothing', async () => {
    const code = '1.000894'; // Đăng ký kết hôn
    const page = await e2e().newPage();
    // given the analyst's saved draft of a procedure
    await logIn(page, 'phantich', `/login/?next=${encodeURIComponent(`/modeler/#/procedures/${code}`)}`);
    await shape(page, 'Task_KiemTra').click();
    await openGroup(page, 'Chung');
    await page.locator('#bio-properties-panel-name').fill('Kiểm tra điều kiện kết hôn (bản của tôi)');
    await page.locator('#save-draft').click();
    await page.getByText('Đã lưu bản nháp (lần lưu 1).').waitFor();
    // and a colleague who saved the same draft after it
    const colleague = e2e().server.token({ sub: 'phantich2', name: 'Analyst Two', roles: ['ANALYST'] });
    const theirs = (await (await e2e().server.fetch(`/api/v1/drafts/${code}`, { token: colleague })).json()) as Record<string, unknown>;
    const { code: _code, updatedAt: _at, updatedBy: _by, ...content } = theirs;
    const saved = await e2e().server.fetch(`/api/v1/drafts/${code}`, { method: 'PUT', token: colleague, json: { ...content, revision: 1 } });
    expect(saved.status, await saved.clone().text()).to.equal(200);
    // when the analyst changes more and saves
    await page.locator('#bio-properties-panel-name').fill('Kiểm tra điều kiện kết hôn (bản của tôi, sửa tiếp)');
    await page.locator('#save-draft').click();
    // then a dialog names who saved, and opening theirs first downloads ours
    const dialog = page.getByRole('dialog');
    await dialog.getByText('phantich2').waitFor();
    expect(await seriousViolations(page, ['.djs-container', '.bjs-powered-by'])).to.deep.equal([]);
    await screenshot(page, 'modeler-conflict');
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Mở bản của họ' }).click();
    const mine = await download;
    const path = await mine.path();
    expect(await readFile(path, 'utf8')).to.contain('bản của tôi, sửa tiếp');
    await page.getByText('Bản nháp, lần lưu 2').waitFor();
  });
});
