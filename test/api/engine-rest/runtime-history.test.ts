import { expect } from 'chai';
import { startTestServer, type TestServer } from '../harness.ts';
import { c7, deployFixture, startByKey } from './c7-client.ts';
import { expectC7, expectC7Error } from './c7-contract.ts';

describe('api/routes/engine-rest: definitions, instances, messages, signals and history', function () {
  this.timeout(30_000);
  let server: TestServer;
  let analyst: string;
  let desk: string;
  let specialist: string;
  let auditor: string;
  let otherAuditor: string;
  let admin: string;

  const completeOpenTask = async (token: string, instanceId: string) => {
    const [task] = (await c7<Array<{ id: string }>>(server, token, 'GET', `/task?processInstanceId=${instanceId}`)).body;
    expect((await c7(server, token, 'POST', `/task/${task!.id}/claim`, { userId: token === desk ? 'motcua' : 'chuyenvien' })).status).to.equal(204);
    expect((await c7(server, token, 'POST', `/task/${task!.id}/complete`, { variables: { buoc: { value: task!.id, type: 'String' } } })).status).to.equal(204);
  };

  before(async () => {
    server = await startTestServer();
    await deployFixture(server, 'Tasklist.bpmn', ['tiep-nhan.form']);
    analyst = server.token({ sub: 'phantich', roles: ['ANALYST'] });
    desk = server.token({ sub: 'motcua', roles: ['OFFICER'], groups: ['mot_cua'] });
    specialist = server.token({ sub: 'chuyenvien', roles: ['OFFICER'], groups: ['chuyen_vien'] });
    auditor = server.token({ sub: 'kiemtra', roles: ['AUDITOR'] });
    otherAuditor = server.token({ sub: 'kiemtra', agency: 'UBND-KHAC', roles: ['AUDITOR'] });
    admin = server.token({ sub: 'quantri', roles: ['ADMIN'] });
  });
  after(() => server.close());

  it('lists process definitions with C7 filters', async () => {
    // when the analyst asks for the latest versions, and for one key
    const latest = await c7<Array<{ key: string }>>(server, analyst, 'GET', '/process-definition?latestVersion=true&sortBy=key&sortOrder=asc');
    const one = await c7<{ key: string; name: string }>(server, analyst, 'GET', '/process-definition/key/Process_C7Tasks');
    const missing = await c7(server, analyst, 'GET', '/process-definition/key/Process_Nope');
    // then
    expectC7(latest.body, 'get', '/process-definition');
    const keys = latest.body.map((definition) => definition.key);
    expect(keys).to.include.members(['Process_C7Tasks', 'Process_C7MessageStart']);
    expect([...keys].sort((a, b) => a.localeCompare(b))).to.deep.equal(keys);
    expectC7(one.body, 'get', '/process-definition/key/{key}');
    expect(one.body).to.include({ key: 'Process_C7Tasks', name: 'Tiếp nhận và thẩm định' });
    expect(missing.status).to.equal(404);
    expectC7Error(missing.body);
  });

  it('starts an instance in the officer’s agency, naming it as starter, and shows it to the agency’s auditors only', async () => {
    // when the desk officer starts an instance with a business key and typed variables
    const started = await c7<{ id: string; tenantId: string; businessKey: string; variables: Record<string, { value: unknown }> }>(server, desk, 'POST', '/process-definition/key/Process_C7Tasks/start', {
      businessKey: 'HS-2026-0001',
      variables: { hanTiepNhan: { value: '2026-12-10T10:00:00.000+0700', type: 'Date' }, lePhi: { value: 50000, type: 'Long' } },
      withVariablesInReturn: true,
    });
    // then it belongs to UBNDXA-MAU and knows who started it
    expect(started.status).to.equal(200);
    expectC7(started.body, 'post', '/process-definition/key/{key}/start');
    expect(started.body).to.include({ tenantId: 'UBNDXA-MAU', businessKey: 'HS-2026-0001' });
    expect(started.body.variables.nguoiKhoiTao?.value).to.equal('motcua');
    // and the agency's auditor sees it; another agency's does not
    const listed = await c7<Array<{ id: string }>>(server, auditor, 'GET', '/process-instance?businessKey=HS-2026-0001');
    expectC7(listed.body, 'get', '/process-instance');
    expect(listed.body.map((instance) => instance.id)).to.deep.equal([started.body.id]);
    const count = await c7<{ count: number }>(server, auditor, 'GET', '/process-instance/count?processDefinitionKey=Process_C7Tasks');
    expectC7(count.body, 'get', '/process-instance/count');
    const all = await c7<Array<{ id: string }>>(server, auditor, 'GET', '/process-instance?processDefinitionKey=Process_C7Tasks&maxResults=1000');
    expect(count.body.count).to.equal(all.body.length).and.to.be.at.least(1);
    // a filter the store has no index for (the ids) counts the same way as the list
    const byIds = await c7<{ count: number }>(server, auditor, 'GET', `/process-instance/count?processInstanceIds=${started.body.id},nope`);
    expect(byIds.body.count).to.equal(1);
    expect((await c7<{ count: number }>(server, otherAuditor, 'GET', '/process-instance/count?processDefinitionKey=Process_C7Tasks')).body.count).to.equal(0);
    const single = await c7(server, auditor, 'GET', `/process-instance/${started.body.id}`);
    expectC7(single.body, 'get', '/process-instance/{id}');
    const hidden = await Promise.all([
      c7(server, otherAuditor, 'GET', `/process-instance/${started.body.id}`),
      c7(server, otherAuditor, 'GET', `/process-instance/${started.body.id}/variables`),
    ]);
    expect(hidden.map((answer) => answer.status)).to.deep.equal([404, 404]);
    expect((await c7(server, otherAuditor, 'GET', '/process-instance?businessKey=HS-2026-0001')).body).to.deep.equal([]);
  });

  it('correlates a message and a signal within the agency, and tells history what happened', async () => {
    // given an instance that went through both user tasks and waits for the supplement message
    const id = await startByKey(server, desk, 'Process_C7Tasks', { businessKey: 'HS-2026-0002', variables: { hanTiepNhan: { value: '2026-12-11T10:00:00.000+0700', type: 'Date' } } });
    await completeOpenTask(desk, id);
    await completeOpenTask(specialist, id);
    // when the supplement arrives by business key, asking for the result
    const message = await c7<Array<{ resultType: string; execution: { id: string } }>>(server, desk, 'POST', '/message', {
      messageName: 'c7-bo-sung',
      businessKey: 'HS-2026-0002',
      processVariables: { daBoSung: { value: true, type: 'Boolean' } },
      resultEnabled: true,
    });
    // then it reached that instance's waiting event
    expect(message.status).to.equal(200);
    expectC7(message.body, 'post', '/message');
    expect(message.body.map((result) => [result.resultType, result.execution.id])).to.deep.equal([['Execution', id]]);
    // when the signal is broadcast, then the instance ends
    expect((await c7(server, desk, 'POST', '/signal', { name: 'c7-tam-dung' })).status).to.equal(204);
    expect((await server.motcua.store.getInstance(id))?.record.status).to.equal('COMPLETED');
    // and history tells it as C7 does
    const instance = await c7<Array<Record<string, unknown>>>(server, auditor, 'GET', `/history/process-instance?processInstanceId=${id}`);
    expectC7(instance.body, 'get', '/history/process-instance');
    expect(instance.body[0]).to.include({ id, state: 'COMPLETED', startUserId: 'motcua', businessKey: 'HS-2026-0002', tenantId: 'UBNDXA-MAU', startActivityId: 'StartEvent_1' });
    const activities = await c7<Array<{ activityId: string; activityType: string; endTime: string | null; assignee: string | null }>>(server, auditor, 'GET', `/history/activity-instance?processInstanceId=${id}&sortBy=startTime&sortOrder=asc`);
    expectC7(activities.body, 'get', '/history/activity-instance');
    expect(activities.body.map((activity) => activity.activityId)).to.deep.equal(['StartEvent_1', 'Activity_Receive', 'Activity_Assess', 'Event_Supplement', 'Event_Pause', 'EndEvent_1']);
    expect(activities.body.every((activity) => activity.endTime !== null)).to.equal(true);
    expect(activities.body[1]).to.include({ activityType: 'userTask', assignee: 'motcua' });
    const tasks = await c7<Array<{ taskDefinitionKey: string; assignee: string; deleteReason: string }>>(server, auditor, 'GET', `/history/task?processInstanceId=${id}`);
    expectC7(tasks.body, 'get', '/history/task');
    expect(tasks.body.map((task) => [task.taskDefinitionKey, task.assignee, task.deleteReason])).to.deep.equal([
      ['Activity_Receive', 'motcua', 'completed'],
      ['Activity_Assess', 'chuyenvien', 'completed'],
    ]);
    const variables = await c7<Array<{ name: string; value: unknown; type: string }>>(server, auditor, 'GET', `/history/variable-instance?processInstanceBusinessKey=HS-2026-0002&variableName=daBoSung`);
    expectC7(variables.body, 'get', '/history/variable-instance');
    expect(variables.body.map((variable) => [variable.name, variable.value, variable.type])).to.deep.equal([['daBoSung', true, 'Boolean']]);
    const operations = await c7<Array<{ userId: string; operationType: string; entityType: string }>>(server, auditor, 'GET', `/history/user-operation?processInstanceId=${id}&sortBy=timestamp&sortOrder=asc`);
    expectC7(operations.body, 'get', '/history/user-operation');
    expect(operations.body.map((entry) => `${entry.userId} ${entry.operationType} ${entry.entityType}`)).to.deep.equal([
      'motcua Create ProcessInstance',
      'motcua Claim Task',
      'motcua Complete Task',
      'chuyenvien Claim Task',
      'chuyenvien Complete Task',
    ]);
  });

  it('starts an instance by a message start event in the caller’s agency, and refuses a message nobody waits for', async () => {
    // when an online submission arrives as a message
    const started = await c7<Array<{ resultType: string; processInstance: { id: string; tenantId: string } }>>(server, desk, 'POST', '/message', { messageName: 'c7-nop-ho-so', businessKey: 'HS-ONLINE-1', resultEnabled: true });
    // then a new instance of the agency was started, and its task names the desk officer
    expect(started.status).to.equal(200);
    expectC7(started.body, 'post', '/message');
    expect(started.body[0]).to.deep.include({ resultType: 'ProcessDefinition' });
    expect(started.body[0]!.processInstance.tenantId).to.equal('UBNDXA-MAU');
    const offered = await c7<Array<{ processInstanceId: string }>>(server, desk, 'GET', '/task?candidateUser=motcua');
    expect(offered.body.map((task) => task.processInstanceId)).to.include(started.body[0]!.processInstance.id);
    // when a message nobody waits for is sent, then C7's 400
    const lost = await c7<{ type: string; message: string }>(server, desk, 'POST', '/message', { messageName: 'c7-khong-ai-cho' });
    expect(lost.status).to.equal(400);
    expectC7Error(lost.body);
    expect(lost.body.message).to.contain('c7-khong-ai-cho');
  });

  it('does not deliver a message to another agency’s instance', async () => {
    // given an instance of UBNDXA-MAU waiting for the supplement
    const id = await startByKey(server, desk, 'Process_C7Tasks', { businessKey: 'HS-2026-0003', variables: { hanTiepNhan: { value: '2026-12-12T10:00:00.000+0700', type: 'Date' } } });
    await completeOpenTask(desk, id);
    await completeOpenTask(specialist, id);
    const stranger = server.token({ sub: 'motcua', agency: 'UBND-KHAC', roles: ['OFFICER'], groups: ['mot_cua'] });
    // when an officer of another agency sends the message by business key, and by instance id
    const byKey = await c7(server, stranger, 'POST', '/message', { messageName: 'c7-bo-sung', businessKey: 'HS-2026-0003' });
    const byId = await c7(server, stranger, 'POST', '/message', { messageName: 'c7-bo-sung', processInstanceId: id });
    // then nothing reaches it
    expect([byKey.status, byId.status]).to.deep.equal([400, 404]);
    const waiting = await server.motcua.store.instancesSubscribed('message', 'c7-bo-sung');
    expect(waiting).to.include(id);
  });

  it('lets an administrator delete an instance of its agency, which history shows as terminated', async () => {
    // given a running instance
    const id = await startByKey(server, desk, 'Process_C7Tasks', { variables: { hanTiepNhan: { value: '2026-12-13T10:00:00.000+0700', type: 'Date' } } });
    // when the administrator deletes it (an auditor may not)
    expect((await c7(server, auditor, 'DELETE', `/process-instance/${id}`)).status).to.equal(403);
    expect((await c7(server, admin, 'DELETE', `/process-instance/${id}`)).status).to.equal(204);
    // then it is gone from the runtime and terminated in history, with its task deleted
    expect((await c7(server, auditor, 'GET', '/process-instance?processInstanceIds=' + id)).body).to.deep.equal([]);
    const history = await c7<Array<{ state: string }>>(server, auditor, 'GET', `/history/process-instance?processInstanceId=${id}`);
    expect(history.body.map((instance) => instance.state)).to.deep.equal(['EXTERNALLY_TERMINATED']);
    const tasks = await c7<Array<{ deleteReason: string }>>(server, auditor, 'GET', `/history/task?processInstanceId=${id}`);
    expect(tasks.body.map((task) => task.deleteReason)).to.deep.equal(['deleted']);
  });

  it('asks history per instance, saying which parameter is missing', async () => {
    // when activity history is asked without an instance
    const answer = await c7<{ message: string }>(server, auditor, 'GET', '/history/activity-instance');
    // then 400 naming processInstanceId
    expect(answer.status).to.equal(400);
    expectC7Error(answer.body, 'InvalidRequestException');
    expect(answer.body.message).to.contain('processInstanceId');
  });
});
