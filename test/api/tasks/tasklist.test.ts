import { expect } from 'chai';
import { startTestServer, type TestServer } from '../harness.ts';
import { demoOfficers, type DossierBody, json, receive, settableClock, taskFor } from '../desk-fixtures.ts';

const INTERNAL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs_NoiBo" targetNamespace="http://motcua.vn/test">
  <bpmn:process id="duyet_cong_van" name="Duyệt công văn đến" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Task_Duyet" name="Duyệt công văn" camunda:candidateGroups="chuyen_vien" />
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_Duyet" />
    <bpmn:sequenceFlow id="F2" sourceRef="Task_Duyet" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

interface Row {
  id: string;
  elementId: string;
  processKey: string;
  businessKey?: string;
  name?: string;
  assignee?: string;
  dueState: string;
  remainingWorkingDays?: number;
  dossier?: { code: string; applicantName: string; procedureCode: string; statusLabel: string };
}
interface Page {
  items: Row[];
  total: number;
  counts: { mine: number; group: number; dueSoon: number; overdue: number; all: number };
}

describe('api/routes/tasks: the officer\'s tasklist', function () {
  this.timeout(30_000);
  const clock = settableClock('2026-10-05T09:00:00+07:00');
  let server: TestServer;
  let tokens: Record<string, string>;
  before(async () => {
    server = await startTestServer({ clock });
    tokens = await demoOfficers(server);
  });
  after(() => server.close());

  const list = async (user: string, query: string) => json<Page>(await server.fetch(`/api/v1/tasks?${query}`, { token: tokens[user]! }), 200);
  const post = (user: string, path: string, body: object = {}) => server.fetch(path, { method: 'POST', token: tokens[user]!, json: body });

  it('shows each view with its count, the dossier of each row and its due state on the working calendar', async () => {
    // given a dossier received on Monday: its assignment step is due in 4 working hours
    const { code } = await json<DossierBody>(await receive(server, tokens.motcua!), 201);
    // when the division head looks at the group view, then claims the task
    const group = await list('lanhdao', 'view=group');
    const row = group.items.find((item) => item.dossier?.code === code)!;
    expect(row).to.include({ elementId: 'Task_PhanCong', processKey: 'dang_ky_thanh_lap_ho_kinh_doanh', dueState: 'DUE_SOON', remainingWorkingDays: 0 });
    expect(row.dossier).to.include({ applicantName: 'Trần Thị Bình', procedureCode: '1.001612', statusLabel: 'Đang xử lý' });
    expect(group.counts.group).to.equal(group.total);
    await json(await post('lanhdao', `/api/v1/tasks/${row.id}/claim`), 204);
    // then it moves from the group view to "mine", and the counts follow
    const after = await list('lanhdao', 'view=mine');
    expect(after.items.map((item) => item.id)).to.include(row.id);
    expect(after.counts.mine).to.equal(group.counts.mine + 1);
    expect(after.counts.group).to.equal(group.counts.group - 1);
    // and once the day is over it is overdue
    clock.set('2026-10-06T09:00:00+07:00');
    const overdue = await list('lanhdao', 'view=overdue');
    expect(overdue.items.find((item) => item.id === row.id)).to.include({ dueState: 'OVERDUE', remainingWorkingDays: -1 });
    expect((await list('lanhdao', 'view=due-soon')).items.map((item) => item.id)).to.not.include(row.id);
    expect((await list('lanhdao', `view=mine&procedure=1.001612&step=Task_PhanCong&q=${code}`)).items.map((item) => item.id)).to.deep.equal([row.id]);
    expect((await list('lanhdao', 'view=mine&step=Task_Ky')).items).to.deep.equal([]);
  });

  it('lists a task of a process without a dossier, with its name, process and business key', async () => {
    // given an internal process of the agency started through the engine
    await server.motcua.engine.deploy('duyet-cong-van.bpmn', INTERNAL);
    await server.motcua.engine.startInstance('duyet_cong_van', { businessKey: 'CV-2026-15', agency: 'UBNDXA-MAU' });
    // when the specialist looks at the group view
    const page = await list('chuyenvien', 'view=group&procedure=duyet_cong_van');
    // then its task is there, without a dossier
    expect(page.items).to.have.length(1);
    expect(page.items[0]).to.include({ name: 'Duyệt công văn', processKey: 'duyet_cong_van', businessKey: 'CV-2026-15', dueState: 'NONE' });
    expect(page.items[0]).to.not.have.property('dossier');
  });

  it('lets exactly one of two officers racing for a task claim it, naming the holder to the other', async () => {
    // given an appraisal task offered to the specialists
    clock.set('2026-10-07T09:00:00+07:00');
    const { code } = await json<DossierBody>(await receive(server, tokens.motcua!), 201);
    const assign = await taskFor(server, tokens.lanhdao!, 'group', code);
    await json(await post('lanhdao', `/api/v1/tasks/${assign.id}/complete`, { data: {} }), 204);
    const appraisal = await taskFor(server, tokens.chuyenvien!, 'group', code);
    const colleague = server.token({ sub: 'chuyenvien2', roles: ['OFFICER'], groups: ['chuyen_vien'] });
    // when both claim it at once
    const [a, b] = await Promise.all([
      post('chuyenvien', `/api/v1/tasks/${appraisal.id}/claim`),
      server.fetch(`/api/v1/tasks/${appraisal.id}/claim`, { method: 'POST', token: colleague, json: {} }),
    ]);
    // then one wins and the other is told who holds it
    const statuses = [a.status, b.status].sort();
    expect(statuses).to.deep.equal([204, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 409 ? 'chuyenvien2' : 'chuyenvien';
    expect(await loser.json()).to.include({ code: 'TASK_CLAIMED', assignee: winner });
    // and only the holder may give it back
    const other = winner === 'chuyenvien' ? { token: colleague } : { token: tokens.chuyenvien! };
    expect((await server.fetch(`/api/v1/tasks/${appraisal.id}/unclaim`, { method: 'POST', ...other, json: {} })).status).to.equal(409);
  });

  it('gives one task with its dossier and the actions its step allows', async () => {
    // given the appraisal step of a dossier, claimed by the specialist
    const { code } = await json<DossierBody>(await receive(server, tokens.motcua!), 201);
    await json(await post('lanhdao', `/api/v1/tasks/${(await taskFor(server, tokens.lanhdao!, 'group', code)).id}/complete`, { data: {} }), 204);
    const appraisal = await taskFor(server, tokens.chuyenvien!, 'group', code);
    await json(await post('chuyenvien', `/api/v1/tasks/${appraisal.id}/claim`), 204);
    // when the specialist and the desk open it
    const task = await json<{ actions: string[]; dossierDetail: DossierBody }>(await server.fetch(`/api/v1/tasks/${appraisal.id}`, { token: tokens.chuyenvien! }), 200);
    const desk = await json<{ actions: string[] }>(await server.fetch(`/api/v1/tasks/${appraisal.id}`, { token: tokens.motcua! }), 200);
    // then the specialist may complete, give back, ask for a supplement or refuse; the desk none of the step's
    expect(task.actions).to.include.members(['unclaim', 'complete', 'supplement-request', 'refuse', 'withdraw', 'stop']);
    expect(task.actions).to.not.include.members(['accept', 'return', 'supplement']);
    expect(task.dossierDetail.code).to.equal(code);
    expect(desk.actions).to.not.include.members(['complete', 'supplement-request', 'refuse']);
    // and another agency's officer finds no such task
    const stranger = server.token({ sub: 'khac', agency: 'UBNDXA-KHAC', roles: ['OFFICER'], groups: ['chuyen_vien'] });
    expect((await server.fetch(`/api/v1/tasks/${appraisal.id}`, { token: stranger })).status).to.equal(404);
  });
});
