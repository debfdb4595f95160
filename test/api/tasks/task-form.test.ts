import { expect } from 'chai';
import { startTestServer, type TestServer } from '../harness.ts';
import { demoOfficers, type DossierBody, json, receive, settableClock, taskFor } from '../desk-fixtures.ts';

interface Problem {
  code: string;
  field: string;
  problems: { field: string; message: string }[];
}

describe('api/routes/tasks: forms', function () {
  this.timeout(30_000);
  let server: TestServer;
  let tokens: Record<string, string>;
  let appraisalId: string;
  let code: string;
  before(async () => {
    server = await startTestServer({ clock: settableClock('2026-10-05T09:00:00+07:00') });
    tokens = await demoOfficers(server);
    ({ code } = await json<DossierBody>(await receive(server, tokens.motcua!), 201));
    const assign = await taskFor(server, tokens.lanhdao!, 'group', code);
    await json(await server.fetch(`/api/v1/tasks/${assign.id}/complete`, { method: 'POST', token: tokens.lanhdao!, json: { data: {} } }), 204);
    appraisalId = (await taskFor(server, tokens.chuyenvien!, 'group', code)).id;
  });
  after(() => server.close());

  const complete = (data: object, headers: Record<string, string> = {}) =>
    server.fetch(`/api/v1/tasks/${appraisalId}/complete`, { method: 'POST', token: tokens.chuyenvien!, headers, json: { data } });

  it('serves the form deployed with the diagram and the current values of its fields', async () => {
    // when the specialist opens the appraisal form
    const form = await json<{ formKey: string; schema: { components: { key?: string; type: string }[] }; data: object }>(
      await server.fetch(`/api/v1/tasks/${appraisalId}/form`, { token: tokens.chuyenvien! }),
      200,
    );
    // then it is the form-js schema named by the task's formKey, with the gateway's field
    expect(form.formKey).to.equal('camunda-forms:deployment:tham-dinh.form');
    expect(form.schema.components.map((component) => component.key)).to.include.members(['ketQuaThamDinh', 'lyDo']);
    expect(form.data).to.deep.equal({});
  });

  it('refuses data that does not meet the form, naming the field, and changes nothing', async () => {
    const cases: [object, string][] = [
      [{}, 'data.ketQuaThamDinh'],
      [{ ketQuaThamDinh: 'CO_LE' }, 'data.ketQuaThamDinh'],
      [{ ketQuaThamDinh: 'BO_SUNG' }, 'data.lyDo'],
      [{ ketQuaThamDinh: 'BO_SUNG', lyDo: 'x' }, 'data.lyDo'],
      [{ ketQuaThamDinh: 'DAT', yKienThamDinh: 'y'.repeat(2001) }, 'data.yKienThamDinh'],
      [{ ketQuaThamDinh: 'DAT', soTien: 5 }, 'data.soTien'],
    ];
    for (const [data, field] of cases) {
      // when the specialist completes with it
      const problem = await json<Problem>(await complete(data), 422);
      // then the problem names the field
      expect(problem.code, JSON.stringify(data)).to.equal('FORM_INVALID');
      expect(problem.field, JSON.stringify(data)).to.equal(field);
    }
    expect((await server.motcua.store.getTask(appraisalId))?.elementId).to.equal('Task_ThamDinh');
    // and the dossier itself is never a form field
    const badKey = await json<{ field: string }>(await complete({ dossier: {} }), 400);
    expect(badKey.field).to.match(/^data/);
  });

  it('completes with valid data once, however often the request is retried with its key', async () => {
    // when the same completion is sent twice with one Idempotency-Key
    const first = await complete({ ketQuaThamDinh: 'DAT', yKienThamDinh: 'Đủ điều kiện' }, { 'idempotency-key': 'tham-dinh-1' });
    const again = await complete({ ketQuaThamDinh: 'DAT', yKienThamDinh: 'Đủ điều kiện' }, { 'idempotency-key': 'tham-dinh-1' });
    // then both answer 204, the gateway took the DAT path, and the task is gone
    expect([first.status, again.status]).to.deep.equal([204, 204]);
    expect(await server.motcua.store.getTask(appraisalId)).to.equal(undefined);
    const next = await taskFor(server, tokens.chuyenvien!, 'group', code);
    expect(next.elementId).to.equal('Task_DuThao');
  });
});
