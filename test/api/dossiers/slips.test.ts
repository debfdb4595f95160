import { expect } from 'chai';
import { startTestServer, type TestServer } from '../harness.ts';
import { type DossierBody, json, receive, settableClock } from '../desk-fixtures.ts';

const BUILDING_PERMIT = 'LOCAL-GPXD-NHA-O-RIENG-LE';
const CAUSE = 'Cần xem xét thêm (thông báo lý do cho chủ đầu tư, báo cáo cấp trên)';

describe('api/routes/dossiers: slips as printable pages', function () {
  this.timeout(30_000);
  let server: TestServer;
  let desk: string;
  before(async () => {
    server = await startTestServer({ clock: settableClock('2026-03-02T08:30:00+07:00') });
    desk = await server.login('motcua');
  });
  after(() => server.close());

  const post = (path: string, body: object = {}) => server.fetch(path, { method: 'POST', token: desk, json: body });
  const page = async (code: string, form: string) => {
    const response = await server.fetch(`/api/v1/dossiers/${code}/slips/${form}`, { token: desk });
    expect(response.status, `slip ${form}`).to.equal(200);
    return response.text();
  };

  it('prints the refusal at the desk (03) with its reason, and never a slip the dossier does not have', async () => {
    // given a dossier left at reception, then refused there
    const { code } = await json<DossierBody>(await receive(server, desk, { accept: false }), 201);
    expect((await json<DossierBody>(await server.fetch(`/api/v1/dossiers/${code}`, { token: desk }), 200)).status).to.equal('MOI_DANG_KY');
    const refused = await json<DossierBody>(await post(`/api/v1/dossiers/${code}/refuse`, { reason: 'Không thuộc thẩm quyền của xã' }), 200);
    // then it ends KHONG_TIEP_NHAN with slip 03, and has no receipt
    expect(refused.status).to.equal('KHONG_TIEP_NHAN');
    expect(refused.slips.map((slip) => slip.form)).to.deep.equal(['03', '06', '07']);
    expect(await page(code, '03')).to.include('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ').and.include('Không thuộc thẩm quyền của xã');
    const missing = await server.fetch(`/api/v1/dossiers/${code}/slips/01`, { token: desk });
    expect(missing.status).to.equal(404);
  });

  it('prints the apology with the new date (04) after an extension, the process control (06) and the register (07)', async () => {
    // given a building permit dossier, extended for the cause its procedure allows
    const { code, dueAt } = await json<DossierBody>(await receive(server, desk, { procedureCode: BUILDING_PERMIT }), 201);
    const extended = await json<DossierBody & { extensions: { dueAt: string }[] }>(await post(`/api/v1/dossiers/${code}/extend`, { cause: CAUSE, value: 10 }), 200);
    // then the due date moves by 10 days and the slips show it
    expect(Date.parse(extended.dueAt!) - Date.parse(dueAt!)).to.equal(10 * 86_400_000);
    expect(await page(code, '04')).to.include('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT').and.include(CAUSE).and.include('Ủy ban nhân dân xã Mẫu');
    expect(await page(code, '06')).to.include('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ').and.include('Tiếp nhận hồ sơ');
    expect(await page(code, '07')).to.include('SỔ THEO DÕI HỒ SƠ').and.include(code).and.include('Gia hạn 1 lần');
    // and a cause the procedure does not have is refused by the engine, naming it
    const wrong = await post(`/api/v1/dossiers/${code}/extend`, { cause: 'Lý do khác' });
    expect(wrong.status).to.be.within(400, 422);
  });

  it('extends up to the new appointment date the officer names, and refuses a date no extension reaches, naming the field', async () => {
    // given a building permit dossier (its extension counts in days, at most 10)
    const { code, dueAt } = await json<DossierBody>(await receive(server, desk, { procedureCode: BUILDING_PERMIT }), 201);
    const local = (iso: string, days = 0) => new Date(Date.parse(iso) + days * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
    // when the officer asks for a day before the due date, or for both a date and a number of days
    const early = await json<{ field: string }>(await post(`/api/v1/dossiers/${code}/extend`, { cause: CAUSE, newDueDate: local(dueAt!, -1) }), 400);
    const both = await post(`/api/v1/dossiers/${code}/extend`, { cause: CAUSE, newDueDate: local(dueAt!, 3), value: 3 });
    // then both are refused, the first naming the date
    expect(early.field).to.equal('newDueDate');
    expect(both.status).to.equal(400);
    // and a date three days later moves the appointment to that day
    const extended = await json<DossierBody>(await post(`/api/v1/dossiers/${code}/extend`, { cause: CAUSE, newDueDate: local(dueAt!, 3) }), 200);
    expect(local(extended.dueAt!)).to.equal(local(dueAt!, 3));
  });

  it('escapes what applicants typed', async () => {
    // given an applicant name with markup
    const { code } = await json<DossierBody>(await receive(server, desk, { applicant: { name: '<script>alert(1)</script> Bình' } }), 201);
    // then the slip shows it as text
    const html = await page(code, '01');
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt; Bình').and.not.include('<script>alert');
  });
});
