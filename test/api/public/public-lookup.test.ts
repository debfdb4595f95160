import { expect } from 'chai';
import { startTestServer, type TestServer } from '../harness.ts';
import { type DossierBody, json, receive } from '../desk-fixtures.ts';

describe('api/routes/public: the citizen\'s lookup', function () {
  this.timeout(30_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('shows the status and appointment for the code and the secret of slip 01, and nothing without them', async () => {
    // given a dossier received at the desk
    const received = await json<DossierBody>(await receive(server, await server.login('motcua')), 201);
    // when the citizen looks it up with the secret, a wrong one, or another code
    const right = await server.fetch(`/api/v1/public/dossiers/${received.code}?secret=${received.lookupSecret!.toLowerCase()}`);
    const wrong = await server.fetch(`/api/v1/public/dossiers/${received.code}?secret=AAAAAAAAAA`);
    const unknown = await server.fetch(`/api/v1/public/dossiers/UBNDXA-MAU-000000-0000?secret=${received.lookupSecret}`);
    // then only the right pair answers, with no token needed, and a wrong secret looks like no dossier
    const found = await json<Record<string, unknown>>(right, 200);
    expect(found).to.include({ code: received.code, status: 'DANG_XU_LY', statusLabel: 'Đang xử lý', procedureName: 'Đăng ký thành lập hộ kinh doanh' });
    expect(found.dueAt).to.equal(received.dueAt);
    expect(found).to.not.have.property('applicant');
    expect(await json<{ code: string }>(wrong, 404)).to.deep.include({ code: 'NOT_FOUND' });
    expect(unknown.status).to.equal(404);
  });

  it('keeps only a hash of the secret in the store', async () => {
    // given a received dossier
    const received = await json<DossierBody>(await receive(server, await server.login('motcua')), 201);
    // when the lookup record is read
    const record = await server.motcua.store.getRecord('lookup', received.code);
    // then it does not hold the secret
    expect(record).to.exist;
    expect(JSON.stringify(record!.value)).to.not.include(received.lookupSecret!);
  });
});
