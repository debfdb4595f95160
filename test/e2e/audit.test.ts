import { expect } from 'chai';
import { APPLICANT, HOUSEHOLD_BUSINESS, json } from '../api/desk-fixtures.ts';
import { chromiumMissing, logIn, screenshot, seriousViolations, startE2e, type E2e } from './harness.ts';

// bpmn-js draws its own canvas (no text alternatives for SVG shapes): the figures are in the tables beside it.
const DIAGRAM = ['.djs-container'];

describe('web/audit: the auditor workspace (Chromium)', function () {
  this.timeout(240_000);
  let e2e: E2e | undefined;
  const codes: string[] = [];

  before(async function () {
    const missing = chromiumMissing();
    if (missing) {
      console.log(`      ${missing}`);
      this.skip();
    }
    e2e = await startE2e();
    const desk = await e2e.server.login('motcua');
    for (let i = 0; i < 6; i++) {
      const body = { procedureCode: HOUSEHOLD_BUSINESS, channel: (i % 3) + 1, applicant: { ...APPLICANT, name: `${APPLICANT.name} ${i}` } };
      const created = await json<{ code: string }>(await e2e.server.fetch('/api/v1/dossiers', { method: 'POST', token: desk, json: body }), 201);
      codes.push(created.code);
    }
  });

  after(async () => {
    await e2e?.close();
  });

  it('lets kiemtra search the agency\'s dossiers, open one by its deep link and print its slip 06', async () => {
    const page = await e2e!.newPage();
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
    // then its facts are read in Vietnamese, with the history, timeline and path sections
    await page.getByText('Đang xử lý').first().waitFor();
    for (const name of ['Lịch sử đã xác thực', 'Diễn biến xử lý', 'Đường đi trên sơ đồ quy trình']) await page.getByRole('heading', { name }).waitFor();
    await page.waitForFunction(() => !document.querySelector('main [aria-busy]'));
    expect(await seriousViolations(page, DIAGRAM)).to.deep.equal([]);
    await screenshot(page, 'audit-dossier');
    // and slip 06 opens as a printable page
    const [slip] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: /mẫu 06/ }).click()]);
    await slip.waitForLoadState();
    expect(await slip.content()).to.match(/kiểm soát/i);
    await slip.close();
  });
});
