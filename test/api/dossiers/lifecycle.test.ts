import { expect } from 'chai';
import { startTestServer, type TestServer } from '../harness.ts';
import { demoOfficers, type DossierBody, json, receive, settableClock, taskFor } from '../desk-fixtures.ts';

describe('api/routes/dossiers: a dossier\'s whole life by the demo officers', function () {
  this.timeout(30_000);
  const clock = settableClock('2026-10-05T10:00:00+07:00'); // a Monday
  let server: TestServer;
  let tokens: Record<string, string>;
  before(async () => {
    server = await startTestServer({ clock });
    tokens = await demoOfficers(server);
  });
  after(() => server.close());

  const act = (user: string, path: string, body: object = {}) => server.fetch(path, { method: 'POST', token: tokens[user]!, json: body });
  const dossier = async (code: string) => json<DossierBody>(await server.fetch(`/api/v1/dossiers/${code}`, { token: tokens.motcua! }), 200);

  it('receives, assigns, asks for a supplement, resumes, signs and returns, with the statuses and due dates of the law', async () => {
    // given the desk officer receives a complete dossier at the desk
    const received = await json<DossierBody>(await receive(server, tokens.motcua!), 201);
    const { code } = received;
    // then it is accepted at once: 3 working days from Monday, the acceptance day not counted
    expect(code).to.match(/^UBNDXA-MAU-261005-\d{4}$/);
    expect(received.status).to.equal('DANG_XU_LY');
    expect(received.dueAt).to.equal('2026-10-08T10:00:00.000Z');
    expect(received.slips.map((slip) => slip.form)).to.include('01');
    expect(received.lookupSecret).to.match(/^[2-9A-Z]{10}$/);

    // when the division head assigns it
    clock.set('2026-10-05T11:00:00+07:00');
    const assign = await taskFor(server, tokens.lanhdao!, 'group', code);
    expect(assign.elementId).to.equal('Task_PhanCong');
    await json(await act('lanhdao', `/api/v1/tasks/${assign.id}/claim`), 204);
    await json(await act('lanhdao', `/api/v1/tasks/${assign.id}/complete`, { data: {} }), 204);

    // and the specialist claims the appraisal and asks for a supplement
    clock.set('2026-10-06T15:30:00+07:00');
    const appraisal = await taskFor(server, tokens.chuyenvien!, 'group', code);
    expect(appraisal.elementId).to.equal('Task_ThamDinh');
    await json(await act('chuyenvien', `/api/v1/tasks/${appraisal.id}/claim`), 204);
    const asked = await json<DossierBody>(
      await act('chuyenvien', `/api/v1/dossiers/${code}/supplement-request`, { missing: ['Bản sao biên bản họp thành viên hộ gia đình'], reason: 'Thiếu biên bản họp hộ gia đình' }),
      200,
    );
    // then the clock pauses and slip 02 can be printed
    expect(asked.status).to.equal('CHO_BO_SUNG');
    expect(asked.paused).to.equal(true);
    expect(asked.slips.map((slip) => slip.form)).to.include('02');
    expect(asked.actions.find((option) => option.action === 'supplement')?.allowed).to.equal(true);
    const slip02 = await server.fetch(`/api/v1/dossiers/${code}/slips/02`, { token: tokens.motcua! });
    expect(slip02.headers.get('content-type')).to.match(/^text\/html/);
    const page = await slip02.text();
    expect(page).to.include('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ').and.include('Thiếu biên bản họp hộ gia đình').and.include('@page { size: A4');

    // when the applicant hands the supplement in at the desk on Friday
    clock.set('2026-10-09T09:00:00+07:00');
    const resumed = await json<DossierBody>(await act('motcua', `/api/v1/dossiers/${code}/supplement`), 200);
    // then the two days left count from the next working day: Monday 12 and Tuesday 13
    expect(resumed.status).to.equal('DANG_XU_LY');
    expect(resumed.paused).to.equal(false);
    expect(resumed.dueAt).to.equal('2026-10-13T10:00:00.000Z');
    expect(resumed.pauses).to.have.length(1);
    expect(resumed.pauses[0]!.to).to.be.a('string');

    // when the specialist approves and drafts, and the leader signs
    clock.set('2026-10-12T09:00:00+07:00');
    const again = await taskFor(server, tokens.chuyenvien!, 'group', code);
    await json(await act('chuyenvien', `/api/v1/tasks/${again.id}/claim`), 204);
    await json(await act('chuyenvien', `/api/v1/tasks/${again.id}/complete`, { data: { ketQuaThamDinh: 'DAT', yKienThamDinh: 'Hồ sơ đủ điều kiện' } }), 204);
    const draft = await taskFor(server, tokens.chuyenvien!, 'group', code);
    expect(draft.elementId).to.equal('Task_DuThao');
    await json(await act('chuyenvien', `/api/v1/tasks/${draft.id}/complete`, { data: {} }), 204);
    clock.set('2026-10-13T10:00:00+07:00');
    const signature = await taskFor(server, tokens.lanhdao!, 'group', code);
    expect(signature.elementId).to.equal('Task_Ky');
    await json(await act('lanhdao', `/api/v1/tasks/${signature.id}/complete`, { data: { daKy: true } }), 204);
    expect((await dossier(code)).status).to.equal('DA_XU_LY_XONG');

    // and the desk hands the result over
    const returned = await json<DossierBody>(await act('motcua', `/api/v1/dossiers/${code}/return`), 200);
    // then the dossier ends on time, and the citizen sees it with the secret from slip 01
    expect(returned.status).to.equal('DA_TRA_KET_QUA');
    expect(returned.result).to.equal('ONTIME');
    expect(returned.tasks).to.deep.equal([]);
    const lookup = await json<{ statusLabel: string; dueAt: string }>(await server.fetch(`/api/v1/public/dossiers/${code}?secret=${received.lookupSecret}`), 200);
    expect(lookup.statusLabel).to.equal('Đã trả kết quả');
    expect(lookup.dueAt).to.equal('2026-10-13T10:00:00.000Z');
  });

  it('prints slip 01 with the appointment, and the lookup secret only for the one who has it', async () => {
    // given a dossier received at the desk
    clock.set('2026-10-05T10:00:00+07:00');
    const received = await json<DossierBody>(await receive(server, tokens.motcua!), 201);
    const withSecret = received.slips.find((slip) => slip.form === '01')!.href;
    // when slip 01 is printed from the reception's link, and without the secret
    const page = await (await server.fetch(withSecret, { token: tokens.motcua! })).text();
    const reprint = await (await server.fetch(`/api/v1/dossiers/${received.code}/slips/01`, { token: tokens.motcua! })).text();
    // then both show the official layout and the appointment; only the first shows the secret
    for (const html of [page, reprint]) {
      expect(html).to.include('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ').and.include('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM').and.include('17 giờ 00 phút, ngày 08/10/2026');
    }
    expect(page).to.include(received.lookupSecret!);
    expect(reprint).to.not.include(received.lookupSecret!);
  });

  it('refuses an action the diagram does not allow now, saying why', async () => {
    // given a dossier being assigned (no supplement is awaited, no result is ready)
    const { code } = await json<DossierBody>(await receive(server, tokens.motcua!), 201);
    // when the desk says the supplement was received, or hands over a result
    const supplement = await act('motcua', `/api/v1/dossiers/${code}/supplement`);
    const handOver = await act('motcua', `/api/v1/dossiers/${code}/return`);
    // then both are refused with the reason
    for (const response of [supplement, handOver]) {
      const problem = await json<{ code: string; detail: string }>(response, 409);
      expect(problem.code).to.equal('ACTION_NOT_ALLOWED');
    }
    expect((await json<{ detail: string }>(await act('motcua', `/api/v1/dossiers/${code}/supplement`), 409)).detail).to.match(/waits for no supplement/);
    expect((await json<{ detail: string }>(await act('motcua', `/api/v1/dossiers/${code}/extend`, { cause: 'x' }), 409)).detail).to.match(/allows no extension/);
  });

  it('withdraws through the diagram\'s RutHoSo path and stops with the stop notice (slip 05)', async () => {
    // given a dossier in processing
    const { code } = await json<DossierBody>(await receive(server, tokens.motcua!), 201);
    // when the applicant asks to withdraw, and the desk issues the stop notice
    const asked = await json<DossierBody>(await act('motcua', `/api/v1/dossiers/${code}/withdraw`, { reason: 'Công dân đổi địa điểm kinh doanh' }), 200);
    expect(asked.status).to.equal('YEU_CAU_RUT');
    expect(asked.tasks.map((task) => task.elementId)).to.deep.equal(['Task_DungGiaiQuyet']);
    const stopped = await json<DossierBody>(await act('motcua', `/api/v1/dossiers/${code}/stop`, { reason: 'Theo đề nghị rút hồ sơ của công dân' }), 200);
    // then the diagram ends in DUNG_XU_LY and slip 05 states the reason
    expect(stopped.status).to.equal('DUNG_XU_LY');
    expect(stopped.slips.map((slip) => slip.form)).to.include('05');
    const slip = await (await server.fetch(`/api/v1/dossiers/${code}/slips/05`, { token: tokens.motcua! })).text();
    expect(slip).to.include('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ').and.include('Theo đề nghị rút hồ sơ của công dân');
  });
});
