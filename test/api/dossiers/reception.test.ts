import { expect } from 'chai';
import { startTestServer, type TestServer } from '../harness.ts';
import { APPLICANT, type DossierBody, json, receive, settableClock } from '../desk-fixtures.ts';

describe('api/routes/dossiers: reception at the desk', function () {
  this.timeout(30_000);
  const clock = settableClock('2026-03-02T08:30:00+07:00');
  let server: TestServer;
  let desk: string;
  before(async () => {
    server = await startTestServer({ clock });
    desk = await server.login('motcua');
  });
  after(() => server.close());

  const instances = async () => (await server.motcua.store.listInstances({ limit: 1000 })).length;

  it('answers a retried POST with the same Idempotency-Key with the same dossier, and creates one', async () => {
    // given a first reception with a key
    const before = await instances();
    const first = await json<DossierBody>(await receive(server, desk, {}, { 'idempotency-key': 'double-click-1' }), 201);
    // when the same request is sent again with the same key
    const retry = await json<DossierBody>(await receive(server, desk, {}, { 'idempotency-key': 'double-click-1' }), 201);
    // then the answer is the first one, secret included, and only one dossier exists
    expect(retry.code).to.equal(first.code);
    expect(retry.lookupSecret).to.equal(first.lookupSecret);
    expect(await instances()).to.equal(before + 1);
    // and the same key with another body is a client error that creates nothing
    const other = await receive(server, desk, { applicant: { ...APPLICANT, name: 'Người khác' } }, { 'idempotency-key': 'double-click-1' });
    expect((await json<{ code: string }>(other, 422)).code).to.equal('IDEMPOTENCY_KEY_REUSED');
    expect(await instances()).to.equal(before + 1);
  });

  it('refuses a bad applicant naming the field, and writes nothing', async () => {
    // given bad identity numbers and phones
    const before = await instances();
    const cases: [object, string][] = [
      [{ applicant: { ...APPLICANT, idNumber: '12345' } }, 'applicant.idNumber'],
      [{ applicant: { ...APPLICANT, phone: '12' } }, 'applicant.phone'],
      [{ applicant: { idNumber: APPLICANT.idNumber } }, 'applicant.name'],
      [{ channel: 4 }, 'channel'],
    ];
    for (const [body, field] of cases) {
      // when each is sent
      const problem = await json<{ code: string; field: string }>(await receive(server, desk, body), 400);
      // then the problem names the field
      expect(problem.field, JSON.stringify(body)).to.equal(field);
    }
    const unknown = await json<{ field: string }>(await receive(server, desk, { procedureCode: '9.999999' }), 404);
    expect(unknown.field).to.equal('procedureCode');
    expect(await instances()).to.equal(before);
  });

  it('keeps another agency\'s dossiers out of sight (404), in reads, actions, slips and searches', async () => {
    // given a dossier of the demo agency and an officer of another agency
    const { code } = await json<DossierBody>(await receive(server, desk), 201);
    const stranger = server.token({ sub: 'khac', agency: 'UBNDXA-KHAC', roles: ['OFFICER'], groups: ['mot_cua', 'chuyen_vien'] });
    // when the stranger reads, acts on, prints or searches for it
    const read = await server.fetch(`/api/v1/dossiers/${code}`, { token: stranger });
    const action = await server.fetch(`/api/v1/dossiers/${code}/withdraw`, { method: 'POST', token: stranger, json: {} });
    const slip = await server.fetch(`/api/v1/dossiers/${code}/slips/06`, { token: stranger });
    const search = await json<{ items: unknown[]; total: number }>(await server.fetch(`/api/v1/dossiers?code=${code}`, { token: stranger }), 200);
    const tasks = await json<{ items: unknown[] }>(await server.fetch(`/api/v1/tasks?view=all&q=${code}`, { token: stranger }), 200);
    // then the dossier does not exist for them, and nothing changed
    for (const response of [read, action, slip]) expect(response.status).to.equal(404);
    expect(search).to.include({ total: 0 });
    expect(tasks.items).to.deep.equal([]);
    expect((await json<DossierBody>(await server.fetch(`/api/v1/dossiers/${code}`, { token: desk }), 200)).status).to.equal('DANG_XU_LY');
  });

  it('searches the agency\'s dossiers by code, procedure, status and period, a page at a time', async () => {
    // given dossiers received on two days
    clock.set('2026-03-03T09:00:00+07:00');
    const tuesday = await json<DossierBody>(await receive(server, desk), 201);
    await json<DossierBody>(await receive(server, desk), 201);
    // when searching
    const search = async (query: string) => json<{ items: DossierBody[]; total: number }>(await server.fetch(`/api/v1/dossiers?${query}`, { token: desk }), 200);
    const byCode = await search(`code=${tuesday.code}`);
    const byDay = await search('from=2026-03-03&to=2026-03-03&limit=1');
    const byStatus = await search('status=DA_TRA_KET_QUA');
    const byProcedure = await search('procedure=1.001612&status=DANG_XU_LY');
    // then each filter holds, and paging keeps the total
    expect(byCode.items.map((item) => item.code)).to.deep.equal([tuesday.code]);
    expect(byDay.total).to.equal(2);
    expect(byDay.items).to.have.length(1);
    expect(byStatus.total).to.equal(0);
    expect(byProcedure.total).to.be.at.least(3);
    expect(byProcedure.items[0]).to.include({ statusLabel: 'Đang xử lý', dueState: 'ON_TIME' });
  });
});
