import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../harness.ts';

interface Problem {
  code: string;
  field?: string;
  problems?: { field: string; message: string }[];
}

const record = (code: string, version = 1, extra: Record<string, unknown> = {}) => ({
  ...JSON.parse(readFileSync('processes/dang-ky-khai-sinh/procedure.json', 'utf8')),
  code,
  version,
  name: 'Đăng ký lại khai sinh',
  effectiveFrom: `2025-0${version}-01`,
  ...extra,
});

describe('api/routes/procedures: the catalog', () => {
  let server: TestServer;
  let analyst: string;
  let officer: string;
  before(async () => {
    server = await startTestServer();
    analyst = await server.login('phantich');
    officer = await server.login('motcua');
  });
  after(() => server.close());

  it('finds a procedure by name without diacritics, and filters by level', async () => {
    // when an officer types without accents
    const found = (await (await server.fetch('/api/v1/procedures?q=dang%20ky%20khai%20sinh', { token: officer })).json()) as { items: { code: string; name: string }[]; total: number };
    // then "Đăng ký khai sinh" is among them
    expect(found.items.map((item) => item.code)).to.include('1.001193');
    expect(found.total).to.equal(found.items.length);
    const byLevel = (await (await server.fetch('/api/v1/procedures?level=TINH', { token: officer })).json()) as { items: { level: string }[] };
    expect(byLevel.items.every((item) => item.level === 'TINH')).to.equal(true);
    const none = (await (await server.fetch('/api/v1/procedures?q=khong%20co%20thu%20tuc%20nay', { token: officer })).json()) as { total: number };
    expect(none.total).to.equal(0);
  });

  it('imports records through the API, seen by the catalog search and the dossier service', async () => {
    // when an analyst imports two versions of a new procedure
    const response = await server.fetch('/api/v1/procedures/import', { method: 'POST', token: analyst, json: { procedures: [record('9.000001', 1), record('9.000001', 2)] } });
    // then both are in, with who published them
    expect(response.status).to.equal(201);
    expect(await response.json()).to.deep.equal({ imported: [{ code: '9.000001', version: 1 }, { code: '9.000001', version: 2 }] });
    const one = (await (await server.fetch('/api/v1/procedures/9.000001', { token: officer })).json()) as { record: { version: number }; versions: { version: number; publishedBy: string; running: number; finished: number }[] };
    expect(one.record.version).to.equal(2);
    expect(one.versions.map((v) => [v.version, v.publishedBy, v.running, v.finished])).to.deep.equal([[1, 'phantich', 0, 0], [2, 'phantich', 0, 0]]);
    expect(server.motcua.catalog.versions('9.000001')).to.have.length(2);
  });

  it('refuses an import whole, naming the field, and adds nothing', async () => {
    // given a list whose second record has a bad deadline unit
    const bad = record('9.000002', 1, { ways: [{ channel: 1, deadline: { value: 5, unit: 'NGAY' } }] });
    // when
    const response = await server.fetch('/api/v1/procedures/import', { method: 'POST', token: analyst, json: [record('9.000003', 1), bad] });
    // then 400 names procedures[1].ways[0].deadline.unit, and neither record is in
    expect(response.status).to.equal(400);
    const problem = (await response.json()) as Problem;
    expect(problem.code).to.equal('INVALID_INPUT');
    expect(problem.field).to.equal('procedures[1].ways[0].deadline.unit');
    expect(problem.problems?.map((p) => p.field)).to.include('procedures[1].ways[0].deadline.unit');
    expect((await server.fetch('/api/v1/procedures/9.000003', { token: officer })).status).to.equal(404);
  });

  it('refuses a version that exists, naming the version field', async () => {
    const response = await server.fetch('/api/v1/procedures/import', { method: 'POST', token: analyst, json: record('1.001193', 1) });
    expect(response.status).to.equal(400);
    expect(((await response.json()) as Problem).field).to.equal('version');
  });

  it('gives a version its record, diagram and forms', async () => {
    const response = await server.fetch('/api/v1/procedures/1.001193/versions/1', { token: analyst });
    expect(response.status).to.equal(200);
    const version = (await response.json()) as { record: { code: string }; processKey: string; processVersion: number; diagramName: string; xml: string; forms: object; scenarios: { name: string; yaml: string }[] };
    expect(version.record.code).to.equal('1.001193');
    expect(version.diagramName).to.equal('dang-ky-khai-sinh.bpmn');
    // the folder's scenarios, to start a draft with
    expect(version.scenarios.map((scenario) => scenario.name)).to.include('trong-ngay');
    expect(version.scenarios.find((scenario) => scenario.name === 'trong-ngay')!.yaml).to.contain('bpmn: ./dang-ky-khai-sinh.bpmn');
    expect(version.processVersion).to.equal(1);
    expect(version.xml).to.contain(`id="${version.processKey}"`);
    expect(version.forms).to.be.an('object');
    expect((await server.fetch('/api/v1/procedures/1.001193/versions/99', { token: analyst })).status).to.equal(404);
  });

  it('counts running dossiers per version from the store', async () => {
    // given a dossier received on the procedure's version 1
    await server.motcua.dossiers.receive({ procedureCode: '1.001193', channel: 1, applicant: { name: 'Lê Văn Cường' }, receivingAgency: 'UBNDXA-MAU' });
    // when
    const one = (await (await server.fetch('/api/v1/procedures/1.001193', { token: officer })).json()) as { versions: { version: number; running: number; processVersion: number }[] };
    // then
    expect(one.versions).to.have.length(1);
    expect(one.versions[0]).to.include({ version: 1, processVersion: 1, running: 1 });
  });
});
