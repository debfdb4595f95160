import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { logIn, screenshot, seriousViolations, useE2e } from './harness.ts';

describe('web/tasks and web/public: a dossier from the desk to the citizen\'s lookup (Chromium)', function () {
  this.timeout(240_000);
  const e2e = useE2e();

  const axeClean = async (page: Page) => expect(await seriousViolations(page)).to.deep.equal([]);
  /** The page needs no sideways scrolling at its width. */
  const fitsWidth = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).to.equal(true);

  /** Opens the dossier's task at `step` from the group's view, claiming it when it is not held yet. */
  async function openTask(page: Page, code: string, step: string): Promise<void> {
    await page.goto('/tasks/#/?view=group');
    await page.locator('tr', { hasText: code }).filter({ hasText: step }).getByRole('link', { name: code }).click();
    await page.getByRole('heading', { level: 1, name: step }).waitFor();
    await page.getByRole('group', { name: 'Thao tác' }).waitFor();
    const claim = page.getByRole('button', { name: 'Nhận xử lý' });
    if (await claim.count()) {
      await claim.click();
      await page.getByRole('button', { name: 'Trả lại nhóm' }).waitFor();
    }
  }

  /** A dossier received at the desk through the API, with the components its procedure requires; its code. */
  async function receiveByApi(procedureCode: string, applicant: string): Promise<string> {
    const { server } = e2e();
    const desk = await server.login('motcua');
    const { record } = (await (await server.fetch(`/api/v1/procedures/${procedureCode}`, { token: desk })).json()) as { record: { components: { name: string; required?: boolean }[] } };
    const received = await server.fetch('/api/v1/dossiers', {
      method: 'POST', token: desk, headers: { 'idempotency-key': `officer-${procedureCode}-${encodeURIComponent(applicant)}` },
      json: { procedureCode, channel: 1, applicant: { name: applicant, idNumber: '001190000456' }, components: record.components.filter((c) => c.required).map((c) => ({ name: c.name })) },
    });
    expect(received.status).to.equal(201);
    return ((await received.json()) as { code: string }).code;
  }

  it('receives at the desk, lives through the tasklists, a supplement and the signature, and shows "Đã trả kết quả" to the citizen', async () => {
    // given the desk officer at the reception screen, and the specialist, on 1280×720 screens
    const desk = await e2e().newPage();
    await desk.setViewportSize({ width: 1280, height: 720 });
    await logIn(desk, 'motcua');
    await desk.goto('/tasks/#/desk');
    await desk.getByLabel('Tìm thủ tục theo tên hoặc mã').fill('1.001612');
    await desk.getByLabel('Thủ tục', { exact: true }).locator('option', { hasText: '1.001612' }).waitFor({ state: 'attached' });
    await desk.getByLabel('Thủ tục', { exact: true }).selectOption('1.001612');
    await desk.getByText('Phí, lệ phí: 100.000 đồng').waitFor();
    await fitsWidth(desk);
    await desk.getByLabel('Họ và tên').fill('Trần Thị Bình');
    // when a wrong ID number is typed, it is said at once by the field
    await desk.getByLabel('Số CCCD (12 chữ số)').fill('0011900');
    await desk.getByText('Số CCCD phải gồm đúng 12 chữ số.').waitFor();
    await desk.getByLabel('Số CCCD (12 chữ số)').fill('001190000123');
    await desk.getByLabel('Số điện thoại').fill('0912345678');
    await desk.getByLabel('Địa chỉ').fill('Thôn Đông, xã Mẫu');
    await axeClean(desk);
    await screenshot(desk, 'officer-reception');
    // and the form is sent twice by a double click
    await desk.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).dblclick();
    // then one dossier is received: its code, appointment and secret, and slip 01 prints
    await desk.getByRole('heading', { name: 'Đã tiếp nhận hồ sơ' }).waitFor();
    const code = (await desk.locator('.dossier-code').textContent())!.trim();
    const secret = (await desk.locator('.secret').textContent())!.trim();
    expect(code).to.match(/^UBNDXA-MAU-\d{6}-\d{4}$/);
    await screenshot(desk, 'officer-received');
    await desk.getByRole('link', { name: 'In giấy tiếp nhận (mẫu 01)' }).click();
    await desk.frameLocator('iframe.slip-frame').getByText('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ').waitFor();
    expect(await desk.frameLocator('iframe.slip-frame').locator('body').textContent()).to.include(secret);
    await screenshot(desk, 'officer-slip-01');
    const listed = await e2e().server.fetch(`/api/v1/dossiers?code=${code}`, { token: await e2e().server.login('motcua') });
    expect(((await listed.json()) as { total: number }).total).to.equal(1);

    // given the specialist watching the group's tasks, and the leader assigning the dossier
    const specialist = await e2e().newPage();
    await specialist.setViewportSize({ width: 1280, height: 720 });
    await logIn(specialist, 'chuyenvien');
    await specialist.goto('/tasks/#/?view=group');
    await specialist.getByText('Cập nhật trực tiếp').waitFor();
    await fitsWidth(specialist);
    expect(await specialist.getByRole('link', { name: code }).count()).to.equal(0);
    const leader = await e2e().newPage();
    await logIn(leader, 'lanhdao');
    await openTask(leader, code, 'Phân công thụ lý');
    await leader.getByRole('button', { name: 'Hoàn thành bước' }).click();
    await leader.waitForURL((url) => url.hash === '#/');
    // then the appraisal appears in the specialist's list without a reload, due state in words
    await specialist.getByRole('link', { name: code }).waitFor({ timeout: 20_000 });
    await specialist.locator('tr', { hasText: code }).locator('.due').getByText(/^(Trong hạn|Sắp đến hạn|Quá hạn|Không có hạn)/).waitFor();
    await axeClean(specialist);
    await screenshot(specialist, 'officer-tasklist');

    // when the specialist claims it, fills the form and requests a supplement
    await specialist.getByRole('link', { name: code }).click();
    await specialist.getByRole('button', { name: 'Nhận xử lý' }).click();
    await specialist.getByRole('button', { name: 'Trả lại nhóm' }).waitFor();
    await specialist.getByLabel('Cần bổ sung, hoàn thiện hồ sơ (mẫu 02)').check();
    await specialist.getByLabel(/^Lý do \(nội dung/).fill('Thiếu biên bản họp hộ gia đình');
    await axeClean(specialist);
    await screenshot(specialist, 'officer-task');
    await specialist.getByRole('button', { name: 'Yêu cầu bổ sung (mẫu 02)' }).click();
    await specialist.getByLabel('Giấy tờ còn thiếu (mỗi dòng một giấy tờ)').fill('Bản sao biên bản họp thành viên hộ gia đình');
    await specialist.getByRole('dialog').getByLabel('Lý do').fill('Thiếu biên bản họp hộ gia đình');
    await specialist.getByRole('dialog').getByRole('button', { name: 'Yêu cầu bổ sung (mẫu 02)' }).click();
    // then slip 02 shows, with the reason
    await specialist.frameLocator('iframe.slip-frame').getByText('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ').waitFor();
    await screenshot(specialist, 'officer-slip-02');

    // when the desk receives the supplement
    await desk.goto(`/tasks/#/desk/${code}`);
    await desk.getByText('Chờ bổ sung').first().waitFor();
    await desk.getByRole('button', { name: 'Nhận hồ sơ bổ sung' }).click();
    await desk.getByText(/Đã nhận bổ sung/).waitFor();
    // (why the desk's buttons are now off is said in Vietnamese, not in the API's English)
    const why = await desk.locator('ul.hint').textContent();
    expect(why).to.contain('Nhận hồ sơ bổ sung: quy trình hiện không chờ hồ sơ bổ sung');
    expect(why).to.contain('Trả kết quả: quy trình hiện không có bước nào để làm việc này (bước đang mở: Thẩm định hồ sơ)');
    await axeClean(desk);
    await screenshot(desk, 'officer-desk-dossier');

    // and the specialist approves and drafts, the leader signs
    await openTask(specialist, code, 'Thẩm định hồ sơ');
    await specialist.getByLabel('Đủ điều kiện: dự thảo kết quả, trình ký').check();
    await specialist.getByRole('button', { name: 'Hoàn thành bước' }).click();
    await specialist.waitForURL((url) => url.hash === '#/');
    await openTask(specialist, code, 'Dự thảo Giấy chứng nhận, trình ký');
    await specialist.getByRole('button', { name: 'Hoàn thành bước' }).click();
    await specialist.waitForURL((url) => url.hash === '#/');
    await openTask(leader, code, 'Ký Giấy chứng nhận đăng ký hộ kinh doanh');
    await leader.getByLabel('Đã xem xét và ký').check();
    await leader.getByRole('button', { name: 'Hoàn thành bước' }).click();
    await leader.waitForURL((url) => url.hash === '#/');

    // and the desk hands the result over (the desk screen opened afresh from the tasklist)
    await desk.goto('/tasks/#/');
    await desk.goto(`/tasks/#/desk/${code}`);
    await desk.getByRole('button', { name: 'Trả kết quả' }).click();
    await desk.getByText(/Đã trả kết quả:/).waitFor();

    // then the citizen sees it on the public page, with no login
    const citizen = await e2e().newPage();
    await citizen.goto('/tra-cuu');
    await citizen.getByLabel('Mã hồ sơ').fill(code);
    await citizen.getByLabel('Mã tra cứu').fill(secret);
    await citizen.getByRole('button', { name: 'Tra cứu' }).click();
    await citizen.locator('.status', { hasText: 'Đã trả kết quả' }).waitFor();
    await axeClean(citizen);
    await screenshot(citizen, 'officer-tra-cuu');
  });

  it('tells the officer who lost a claim race who holds the task, in English, at a tablet\'s width, by keyboard, with the filters chosen from the catalog', async () => {
    // given a second specialist of the same group, and a dossier assigned to the specialists
    const { server } = e2e();
    // (written as the demo users are, with their password, which the admin API would find too short)
    await server.api.services.directory.createUser({ username: 'chuyenvien2', name: 'Ngô Văn Chuyên Viên', agency: 'UBNDXA-MAU', roles: ['OFFICER'], groups: ['chuyen_vien'], password: 'demo' });
    const code = await receiveByApi('1.001612', 'Vũ Thị Hoa');
    const leader = await server.login('lanhdao');
    const assign = (await (await server.fetch(`/api/v1/tasks?view=group&q=${code}`, { token: leader })).json()) as { items: { id: string }[] };
    expect((await server.fetch(`/api/v1/tasks/${assign.items[0]!.id}/claim`, { method: 'POST', token: leader, json: {} })).status).to.equal(204);
    expect((await server.fetch(`/api/v1/tasks/${assign.items[0]!.id}/complete`, { method: 'POST', token: leader, json: { data: {} } })).status).to.equal(204);

    // and the second specialist on a tablet (768×1024), switched to English
    const tablet = await e2e().newPage();
    await tablet.setViewportSize({ width: 768, height: 1024 });
    await logIn(tablet, 'chuyenvien2');
    await tablet.getByLabel('Ngôn ngữ').selectOption('en');
    await tablet.getByRole('heading', { level: 1, name: 'My groups\' tasks' }).waitFor();
    await tablet.getByText('Live updates').waitFor();
    // when the list is narrowed to the procedure and its step, both picked from the catalog
    await tablet.getByLabel('Procedure').locator('option', { hasText: '1.001612' }).waitFor({ state: 'attached' });
    await tablet.getByLabel('Procedure').selectOption('1.001612');
    await tablet.getByLabel('Step').locator('option', { hasText: 'Thẩm định hồ sơ' }).waitFor({ state: 'attached' });
    await tablet.getByLabel('Step').selectOption({ label: 'Thẩm định hồ sơ' });
    await tablet.getByRole('button', { name: 'Filter' }).click();
    await tablet.waitForURL((url) => url.hash.includes('procedure=1.001612') && url.hash.includes('step='));
    // then the dossier's step is listed, the page fits the tablet and axe finds nothing serious
    const link = tablet.getByRole('link', { name: code });
    await link.waitFor();
    await fitsWidth(tablet);
    await axeClean(tablet);
    await screenshot(tablet, 'officer-tablet');

    // when both specialists open the task (the tablet by keyboard) and the first one claims it
    await link.focus();
    await tablet.keyboard.press('Enter');
    await tablet.getByRole('heading', { level: 1, name: 'Thẩm định hồ sơ' }).waitFor();
    const desk = await e2e().newPage();
    await logIn(desk, 'chuyenvien');
    await desk.goto(tablet.url().replace(/^.*\/tasks\//, '/tasks/'));
    await desk.getByRole('button', { name: 'Nhận xử lý' }).click();
    await desk.getByRole('button', { name: 'Trả lại nhóm' }).waitFor();
    // and the second one reaches "Claim" with Tab and presses Enter
    const claim = tablet.getByRole('button', { name: 'Claim', exact: true });
    await claim.waitFor();
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await tablet.keyboard.press('Tab');
      reached = await claim.evaluate((button) => button === document.activeElement);
    }
    expect(reached, 'Claim is reachable with Tab').to.equal(true);
    await tablet.keyboard.press('Enter');
    // then the tablet says who holds it, and no longer offers the claim
    await tablet.getByText('chuyenvien claimed this task first.').waitFor();
    await tablet.getByText(/assignee: chuyenvien\b/).waitFor();
    expect(await claim.count()).to.equal(0);
    await fitsWidth(tablet);
    await axeClean(tablet);
    await screenshot(tablet, 'officer-claim-race');
  });

  it('extends a dossier for one of its procedure\'s causes up to a new appointment date typed as dd/MM/yyyy, and prints slip 04', async () => {
    // given a criminal-record dossier (at most 5 more working days for its one cause) at the leader's first step
    const code = await receiveByApi('2.000488', 'Đặng Văn Nam');
    const leader = await e2e().newPage();
    await logIn(leader, 'lanhdao');
    await openTask(leader, code, 'Phân công xử lý');
    // when the leader asks for an extension and types a date that does not exist
    await leader.getByRole('button', { name: 'Gia hạn, xin lỗi (mẫu 04)' }).click();
    const dialog = leader.getByRole('dialog');
    expect(await dialog.getByLabel('Căn cứ gia hạn').locator('option:checked').textContent()).to.match(/^Đã cư trú ở nhiều nơi.* — còn tối đa 5 ngày làm việc$/);
    await dialog.getByLabel('Ngày hẹn trả kết quả mới').fill('31/02/2026');
    await dialog.getByRole('button', { name: 'Gia hạn, xin lỗi (mẫu 04)' }).click();
    // then the dialog stays open and the field says what is wrong, naming itself
    await dialog.getByText('Ngày hẹn trả kết quả mới: ngày không hợp lệ, hãy nhập theo dạng dd/MM/yyyy, ví dụ 05/10/2026.').waitFor();
    await axeClean(leader);
    await screenshot(leader, 'officer-apology');
    // when it types the working day two working days after the current appointment
    const { dueAt } = (await (await e2e().server.fetch(`/api/v1/dossiers/${code}`, { token: await e2e().server.login('lanhdao') })).json()) as { dueAt: string };
    const newDue = e2e().server.motcua.calendarFor('UBNDXA-MAU').addWorkingDays(Date.parse(dueAt), 2);
    const typed = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(newDue);
    await dialog.getByLabel('Ngày hẹn trả kết quả mới').fill(typed);
    await dialog.getByRole('button', { name: 'Gia hạn, xin lỗi (mẫu 04)' }).click();
    // then slip 04 prints with the cause and that date
    const slip = leader.frameLocator('iframe.slip-frame');
    await slip.getByText('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT').waitFor();
    expect(await slip.locator('body').textContent()).to.include(typed).and.include('Đã cư trú ở nhiều nơi');
  });
});
