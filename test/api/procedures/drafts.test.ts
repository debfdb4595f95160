import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { deployProcesses } from '../../../engine/index.ts';
import { startTestServer, type TestServer } from '../harness.ts';

const FOLDER = 'processes/dang-ky-khai-sinh';
const CODE = '1.001193';

interface Problem {
  status: number;
  code: string;
  detail: string;
  field?: string;
  savedBy?: string;
  savedAt?: string;
  revision?: number;
  problems?: { code: string; elementId?: string }[];
  report?: { failed: number };
}

interface DraftBody {
  revision: number;
  xml: string;
  record: Record<string, unknown>;
  scenarios: { name: string; yaml: string }[];
  forms: Record<string, unknown>;
  diagramName?: string;
}

/** The procedure folder as an analyst's draft: its diagram, record, scenarios and task forms. */
function draftOfFolder(revision = 0): DraftBody {
  const scenarios = readdirSync(FOLDER)
    .filter((file) => file.endsWith('.scenario.yaml'))
    .sort()
    .map((file) => ({ name: file.replace('.scenario.yaml', ''), yaml: readFileSync(join(FOLDER, file), 'utf8') }));
  return {
    revision,
    diagramName: 'dang-ky-khai-sinh.bpmn',
    xml: readFileSync(join(FOLDER, 'dang-ky-khai-sinh.bpmn'), 'utf8'),
    record: JSON.parse(readFileSync(join(FOLDER, 'procedure.json'), 'utf8')),
    scenarios,
    forms: Object.fromEntries(readdirSync(FOLDER).filter((file) => file.endsWith('.form')).map((file) => [file, JSON.parse(readFileSync(join(FOLDER, file), 'utf8'))])),
  };
}

describe('api/routes/drafts: save, validate, test and publish a draft', () => {
  let server: TestServer;
  let phantich: string;
  let other: string;
  before(async () => {
    server = await startTestServer();
    phantich = await server.login('phantich');
    other = server.token({ sub: 'phantich2', name: 'Phân Tích Hai', roles: ['ANALYST'] });
  });
  after(() => server.close());

  const put = (token: string, body: DraftBody) => server.fetch(`/api/v1/drafts/${CODE}`, { method: 'PUT', token, json: body });
  const post = (token: string, action: string, json: unknown = {}) => server.fetch(`/api/v1/drafts/${CODE}/${action}`, { method: 'POST', token, json });

  it('tells the second of two analysts saving one revision who saved it and when, and loses nothing', async () => {
    // given phantich created the draft
    const created = await put(phantich, draftOfFolder(0));
    expect(created.status).to.equal(200);
    expect(await created.json()).to.deep.equal({ revision: 1 });
    // when both save over revision 1, phantich2 first
    const first = await put(other, { ...draftOfFolder(1), xml: draftOfFolder().xml.replace('Ký Giấy khai sinh', 'Ký, đóng dấu Giấy khai sinh') });
    const second = await put(phantich, draftOfFolder(1));
    // then the second save is a 409 naming phantich2, and the stored draft is phantich2's
    expect(first.status).to.equal(200);
    expect(second.status).to.equal(409);
    const problem = (await second.json()) as Problem;
    expect(problem).to.include({ code: 'DRAFT_CONFLICT', savedBy: 'phantich2', revision: 2, field: 'revision' });
    expect(problem.detail).to.contain('phantich2').and.contain(problem.savedAt);
    const stored = (await (await server.fetch(`/api/v1/drafts/${CODE}`, { token: phantich })).json()) as DraftBody & { updatedBy: string };
    expect(stored).to.include({ revision: 2, updatedBy: 'phantich2' });
    expect(stored.xml).to.contain('Ký, đóng dấu Giấy khai sinh');
    const list = (await (await server.fetch('/api/v1/drafts', { token: phantich })).json()) as { items: { code: string; revision: number; updatedAt: string }[] };
    expect(list.items).to.deep.include({ code: CODE, revision: 2, updatedAt: list.items[0]!.updatedAt, updatedBy: 'phantich2' });
  });

  it('validates a draft: no error as drawn; a wrong status and a wrong record named by element and field', async () => {
    // given the draft as drawn
    const drawn = (await (await post(phantich, 'validate')).json()) as { ok: boolean; problems: { severity: string }[] };
    expect(drawn.ok).to.equal(true);
    // when the analyst types a status that does not exist on a task, and a deadline unit that does not exist
    const broken = draftOfFolder(2);
    broken.xml = broken.xml.replace(/(id="Task_GhiSo"[^>]*)motcua:dossierStatus="DANG_XU_LY"/, '$1motcua:dossierStatus="DANG_LAM"');
    broken.record = { ...broken.record, ways: [{ channel: 1, deadline: { value: 1, unit: 'NGAY' } }] };
    expect((await put(phantich, broken)).status).to.equal(200);
    // then each problem names its element or field
    const result = (await (await post(phantich, 'validate')).json()) as { ok: boolean; problems: { code: string; elementId?: string; elementType?: string; field?: string; severity: string }[] };
    expect(result.ok).to.equal(false);
    expect(result.problems.find((p) => p.field === 'record.ways[0].deadline.unit')).to.include({ code: 'RECORD_INVALID', severity: 'error' });
    // the record is wrong, so the diagram check waits; fix the record and the status problem shows on its element
    broken.record = draftOfFolder().record;
    broken.revision = 3;
    expect((await put(phantich, broken)).status).to.equal(200);
    const again = (await (await post(phantich, 'validate')).json()) as { ok: boolean; problems: { code: string; elementId?: string; elementType?: string }[] };
    expect(again.ok).to.equal(false);
    expect(again.problems.find((p) => p.code === 'DOSSIER_STATUS_INVALID')).to.include({ elementId: 'Task_GhiSo', elementType: 'bpmn:UserTask' });
    // and publishing is refused with the same problems
    const refused = await post(phantich, 'publish', { acceptFailingScenarios: true });
    expect(refused.status).to.equal(422);
    const problem = (await refused.json()) as Problem;
    expect(problem).to.include({ code: 'DRAFT_INVALID', element: 'Task_GhiSo' });
    expect(problem.problems?.map((p) => p.code)).to.include('DOSSIER_STATUS_INVALID');
  });

  it('warns when step budgets exceed the legal time, with the path of elements', async () => {
    const slow = { ...draftOfFolder(4), xml: draftOfFolder().xml.replace('motcua:budget="2" motcua:budgetUnit="WORKING_HOURS"', 'motcua:budget="3" motcua:budgetUnit="WORKING_DAYS"') };
    expect((await put(phantich, slow)).status).to.equal(200);
    const result = (await (await post(phantich, 'validate')).json()) as { ok: boolean; budgetWarnings: { message: string; path: string[] }[] };
    expect(result.ok).to.equal(true);
    expect(result.budgetWarnings[0]!.path).to.deep.equal(['Task_GhiSo', 'Task_Ky']);
    expect(result.budgetWarnings[0]!.message).to.contain('Task_GhiSo → Task_Ky');
  });

  it("runs the draft's scenarios on the server: pass/fail, the path taken and where a failing one stopped", async () => {
    // given the folder's scenarios, one of which now expects a task the diagram never reaches
    const draft = draftOfFolder(5);
    draft.scenarios.push({ name: 'sai', yaml: draft.scenarios.find((s) => s.name === 'trong-ngay')!.yaml.replace('active: [Task_GhiSo]', 'active: [Task_Khac]') });
    expect((await put(phantich, draft)).status).to.equal(200);
    // when
    const report = (await (await post(phantich, 'test')).json()) as { passed: number; failed: number; scenarios: { name: string; ok: boolean; failures: string[]; path: string[]; active: string[] }[] };
    // then every folder scenario passes and the broken one fails where it stopped
    expect(report.failed).to.equal(1);
    expect(report.passed).to.equal(draft.scenarios.length - 1);
    const passed = report.scenarios.find((s) => s.name === 'trong-ngay')!;
    expect(passed.ok).to.equal(true);
    expect(passed.path).to.include.members(['StartEvent_NopHoSo', 'Task_TiepNhan', 'Task_GhiSo', 'Task_Ky', 'EndEvent_DaTraKetQua']);
    const failed = report.scenarios.find((s) => s.name === 'sai')!;
    expect(failed.ok).to.equal(false);
    expect(failed.failures.join('\n')).to.contain('Task_Khac');
    expect(failed.active).to.deep.equal(['Task_GhiSo']);
    expect(failed.path).to.include('Task_TiepNhan').and.not.include('Task_Ky');
  });

  it('publishes version 2 only when failing scenarios are accepted; a version 1 dossier keeps version 1', async () => {
    // given the analyst renamed a step of the draft, and a dossier received on version 1
    const draft = (await (await server.fetch(`/api/v1/drafts/${CODE}`, { token: phantich })).json()) as DraftBody & { updatedAt: string; updatedBy: string; code: string };
    const { updatedAt: _at, updatedBy: _by, code: _code, ...content } = draft;
    expect((await put(phantich, { ...content, xml: content.xml.replace('name="Ký Giấy khai sinh"', 'name="Ký, đóng dấu Giấy khai sinh"') })).status).to.equal(200);
    const old = await server.motcua.dossiers.receive({ procedureCode: CODE, channel: 1, applicant: { name: 'Trần Văn An' }, receivingAgency: 'UBNDXA-MAU' });
    // when publishing while a scenario fails
    const refused = await post(phantich, 'publish');
    expect(refused.status).to.equal(409);
    const problem = (await refused.json()) as Problem;
    expect(problem.code).to.equal('SCENARIOS_FAILING');
    expect(problem.report?.failed).to.equal(1);
    // and then accepting them
    const response = await post(phantich, 'publish', { acceptFailingScenarios: true });
    expect(response.status).to.equal(201);
    const published = (await response.json()) as { version: number; processKey: string; processVersion: number };
    expect(published).to.include({ version: 2, processVersion: 2 });
    // then the old dossier still runs process version 1, a new one takes version 2
    expect((await server.motcua.engine.getInstance(old.instanceId))!.version).to.equal(1);
    const fresh = await server.motcua.dossiers.receive({ procedureCode: CODE, channel: 1, applicant: { name: 'Lê Thị Bình' }, receivingAgency: 'UBNDXA-MAU' });
    expect(fresh.dossier.procedure.version).to.equal(2);
    expect((await server.motcua.engine.getInstance(fresh.instanceId))!.version).to.equal(2);
    // and the procedure lists both versions with their dossiers
    const one = (await (await server.fetch(`/api/v1/procedures/${CODE}`, { token: phantich })).json()) as { versions: { version: number; processVersion: number; running: number; publishedBy?: string }[] };
    expect(one.versions.map((v) => [v.version, v.processVersion, v.running, v.publishedBy])).to.deep.equal([[1, 1, 1, undefined], [2, 2, 1, 'phantich']]);
    const v2 = (await (await server.fetch(`/api/v1/procedures/${CODE}/versions/2`, { token: phantich })).json()) as { xml: string; processVersion: number; scenarios: { name: string }[] };
    expect(v2.processVersion).to.equal(2);
    expect(v2.scenarios.map((scenario) => scenario.name)).to.deep.equal(content.scenarios.map((scenario) => scenario.name));
    expect(v2.xml).to.contain('name="Ký, đóng dấu Giấy khai sinh"');
    // the draft became the version
    expect((await server.fetch(`/api/v1/drafts/${CODE}`, { token: phantich })).status).to.equal(404);
    // and a restart does not deploy the procedures folder's diagram over the published one
    const said: string[] = [];
    await deployProcesses(server.motcua, (line) => said.push(line));
    expect((await server.motcua.store.latestDeployment(published.processKey))!.version).to.equal(2);
    expect(said.join('\n')).to.contain(`kept ${published.processKey} v2 as published through the modeler`);
  });
});
