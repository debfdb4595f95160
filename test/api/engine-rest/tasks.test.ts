import { expect } from 'chai';
import { startTestServer, type TestServer } from '../harness.ts';
import { c7, deployFixture, startByKey } from './c7-client.ts';
import { expectC7, expectC7Error } from './c7-contract.ts';

interface C7Task {
  id: string;
  name: string;
  assignee: string | null;
  due: string | null;
  taskDefinitionKey: string;
  processInstanceId: string;
  processDefinitionId: string;
  tenantId: string;
  formKey: string | null;
  priority: number;
}

describe('api/routes/engine-rest: the tasklist (GET /task, claim, complete)', function () {
  this.timeout(30_000);
  let server: TestServer;
  let desk: string;
  let deskColleague: string;
  let specialist: string;
  let otherAgencyDesk: string;
  let admin: string;
  const instances: string[] = [];

  const start = (due: string) => startByKey(server, desk, 'Process_C7Tasks', { variables: { hanTiepNhan: { value: due, type: 'Date' } } });
  const receiveTaskOf = async (instanceId: string) => (await server.motcua.store.listTasks({ instanceId }))[0]!;

  before(async () => {
    server = await startTestServer();
    await deployFixture(server, 'Tasklist.bpmn', ['tiep-nhan.form']);
    desk = server.token({ sub: 'motcua', roles: ['OFFICER'], groups: ['mot_cua'] });
    deskColleague = server.token({ sub: 'motcua2', roles: ['OFFICER'], groups: ['mot_cua'] });
    specialist = server.token({ sub: 'chuyenvien', roles: ['OFFICER'], groups: ['chuyen_vien'] });
    otherAgencyDesk = server.token({ sub: 'motcua', agency: 'UBND-KHAC', roles: ['OFFICER'], groups: ['mot_cua'] });
    admin = server.token({ sub: 'quantri', roles: ['ADMIN'] });
    // three dossiers received at the desk, due in this order: second, third, first
    for (const due of ['2026-12-20T10:00:00.000+0700', '2026-12-10T10:00:00.000+0700', '2026-12-15T10:00:00.000+0700']) instances.push(await start(due));
  });
  after(() => server.close());

  it('shows an officer the tasks offered to its groups, due first, in C7’s shape', async () => {
    // when the desk officer asks for its group's tasks by due date
    const page = await c7<C7Task[]>(server, desk, 'GET', '/task?candidateGroup=mot_cua&sortBy=dueDate&sortOrder=asc&maxResults=10');
    // then the three receptions come, earliest due first, as C7 TaskDtos of the agency (tenant)
    expect(page.status).to.equal(200);
    expectC7(page.body, 'get', '/task');
    expect(page.body.map((task) => task.processInstanceId)).to.deep.equal([instances[1], instances[2], instances[0]]);
    expect(page.body[0]).to.include({ name: 'Tiếp nhận hồ sơ', taskDefinitionKey: 'Activity_Receive', tenantId: 'UBNDXA-MAU', due: '2026-12-10T03:00:00.000+0000', priority: 60, formKey: 'camunda-forms:deployment:tiep-nhan.form' });
    expect(page.body[0]!.processDefinitionId).to.match(/^Process_C7Tasks:\d+$/);
    // and the count and the other orders agree
    const count = await c7<{ count: number }>(server, desk, 'GET', '/task/count?candidateGroup=mot_cua');
    expectC7(count.body, 'get', '/task/count');
    expect(count.body.count).to.equal(3);
    const latestFirst = await c7<C7Task[]>(server, desk, 'GET', '/task?sortBy=dueDate&sortOrder=desc&firstResult=0&maxResults=2');
    expect(latestFirst.body.map((task) => task.processInstanceId)).to.deep.equal([instances[0], instances[2]]);
  });

  it('shows an officer only the tasks meant for it', async () => {
    // when the specialist (group chuyen_vien) lists tasks, even asking for the desk's group
    const own = await c7<C7Task[]>(server, specialist, 'GET', '/task');
    const asked = await c7<C7Task[]>(server, specialist, 'GET', '/task?candidateGroup=mot_cua');
    const single = await c7(server, specialist, 'GET', `/task/${(await receiveTaskOf(instances[0]!)).id}`);
    // then it sees none of the desk's tasks, and a desk task is a 404 for it
    expect(own.body).to.deep.equal([]);
    expect(asked.body).to.deep.equal([]);
    expect(single.status).to.equal(404);
    expectC7Error(single.body);
  });

  it('answers another agency’s officer with 404 for a task and an empty list', async () => {
    // given a task of UBNDXA-MAU
    const task = await receiveTaskOf(instances[0]!);
    // when an officer of the same group in another agency reaches for it
    const answers = await Promise.all([
      c7(server, otherAgencyDesk, 'GET', `/task/${task.id}`),
      c7(server, otherAgencyDesk, 'POST', `/task/${task.id}/claim`, { userId: 'motcua' }),
      c7(server, otherAgencyDesk, 'POST', `/task/${task.id}/complete`, {}),
      c7(server, otherAgencyDesk, 'GET', `/task/${task.id}/form-variables`),
    ]);
    const list = await c7<C7Task[]>(server, otherAgencyDesk, 'GET', '/task?candidateGroup=mot_cua');
    // then it is told the task does not exist, and lists nothing
    expect(answers.map((answer) => answer.status)).to.deep.equal([404, 404, 404, 404]);
    expect(list.body).to.deep.equal([]);
    expect((await receiveTaskOf(instances[0]!)).assignee).to.equal(undefined);
  });

  it('lets an officer claim for itself only, and refuses a task someone else holds', async () => {
    // given a reception task
    const task = await receiveTaskOf(instances[2]!);
    // when the desk officer claims it for a colleague, then for itself
    const forOther = await c7(server, desk, 'POST', `/task/${task.id}/claim`, { userId: 'motcua2' });
    const claimed = await c7(server, desk, 'POST', `/task/${task.id}/claim`, { userId: 'motcua' });
    // and the colleague tries to take it, to complete it and to give it back
    const taken = await c7<{ type: string }>(server, deskColleague, 'POST', `/task/${task.id}/claim`, { userId: 'motcua2' });
    const completed = await c7(server, deskColleague, 'POST', `/task/${task.id}/complete`, {});
    const unclaimed = await c7(server, deskColleague, 'POST', `/task/${task.id}/unclaim`, {});
    // then
    expect(forOther.status).to.equal(403);
    expect(claimed.status).to.equal(204);
    expect(taken.status).to.equal(409);
    expect(taken.body.type).to.equal('TaskAlreadyClaimedException');
    expect([completed.status, unclaimed.status]).to.deep.equal([409, 409]);
    const held = await c7<C7Task>(server, desk, 'GET', `/task/${task.id}`);
    expectC7(held.body, 'get', '/task/{id}');
    expect(held.body.assignee).to.equal('motcua');
    // C7 offers a held task to its candidates no more, unless asked to
    const offered = await c7<C7Task[]>(server, deskColleague, 'GET', '/task?candidateGroup=mot_cua');
    const including = await c7<C7Task[]>(server, deskColleague, 'GET', '/task?candidateGroup=mot_cua&includeAssignedTasks=true');
    expect(offered.body.map((t) => t.id)).to.not.include(task.id);
    expect(including.body.map((t) => t.id)).to.include(task.id);
    // when the holder gives it back, then the colleague may claim it
    expect((await c7(server, desk, 'POST', `/task/${task.id}/unclaim`, {})).status).to.equal(204);
    expect((await c7(server, deskColleague, 'POST', `/task/${task.id}/claim`, { userId: 'motcua2' })).status).to.equal(204);
  });

  it('shows the form’s variables and completes with C7 typed variables; the next group gets the next step', async () => {
    // given a reception task
    const task = await receiveTaskOf(instances[1]!);
    // when the desk officer reads the form variables
    const form = await c7<Record<string, { value: unknown; type: string }>>(server, desk, 'GET', `/task/${task.id}/form-variables`);
    expectC7(form.body, 'get', '/task/{id}/form-variables');
    expect(form.body.nguoiKhoiTao).to.deep.include({ value: 'motcua', type: 'String' });
    expect(form.body.hanTiepNhan).to.deep.include({ value: '2026-12-10T03:00:00.000Z', type: 'String' });
    // and completes it with typed variables, asking for the variables back
    const done = await c7<Record<string, { value: unknown; type: string }>>(server, desk, 'POST', `/task/${task.id}/complete`, {
      variables: { hoTen: { value: 'Nguyễn Văn An', type: 'String' }, hoSoDayDu: { value: true, type: 'Boolean' }, soTrang: { value: '12', type: 'Integer' } },
      withVariablesInReturn: true,
    });
    // then the variables come back typed, and the specialist now has the assessment
    expect(done.status).to.equal(200);
    expectC7(done.body, 'post', '/task/{id}/complete');
    expect(done.body.hoTen).to.deep.include({ value: 'Nguyễn Văn An', type: 'String' });
    expect(done.body.soTrang).to.deep.include({ value: 12, type: 'Integer' });
    const next = await c7<C7Task[]>(server, specialist, 'GET', `/task?processInstanceId=${instances[1]}`);
    expect(next.body.map((t) => t.taskDefinitionKey)).to.deep.equal(['Activity_Assess']);
  });

  it('refuses a variable it cannot hold, naming it, and changes nothing', async () => {
    // given a reception task
    const task = await receiveTaskOf(instances[0]!);
    // when it is completed with a File variable and with an Integer that is not one
    const file = await c7<{ message: string; type: string }>(server, desk, 'POST', `/task/${task.id}/complete`, { variables: { banScan: { value: 'AAAA', type: 'File' } } });
    const integer = await c7<{ message: string }>(server, desk, 'POST', `/task/${task.id}/complete`, { variables: { soTrang: { value: 'mười hai', type: 'Integer' } } });
    // then 400 naming the variable, and the task is still open
    expect([file.status, integer.status]).to.deep.equal([400, 400]);
    expectC7Error(file.body, 'InvalidRequestException');
    expect(file.body.message).to.contain('variables.banScan');
    expect(integer.body.message).to.contain('variables.soTrang');
    expect(await server.motcua.store.getTask(task.id)).to.not.equal(undefined);
  });

  it('lets an administrator see every task of its agency', async () => {
    // when the administrator lists tasks
    const all = await c7<C7Task[]>(server, admin, 'GET', '/task');
    // then it sees the desk's and the specialist's tasks of its agency
    expect(new Set(all.body.map((task) => task.taskDefinitionKey))).to.deep.equal(new Set(['Activity_Receive', 'Activity_Assess']));
    expect(all.body.every((task) => task.tenantId === 'UBNDXA-MAU')).to.equal(true);
  });
});
