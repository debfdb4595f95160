import { expect } from 'chai';
import { Client, type Task, type TaskService, Variables } from 'camunda-external-task-client-js';
import { startTestServer, type TestServer } from '../harness.ts';
import { c7, deployFixture, eventually, startByKey } from './c7-client.ts';
import { expectC7 } from './c7-contract.ts';

type Handler = (args: { task: Task; taskService: TaskService }) => Promise<void>;

describe('api/routes/engine-rest: the real camunda-external-task-client-js', function () {
  this.timeout(30_000);
  let server: TestServer;
  let workerToken: string;
  let officer: string;
  let auditor: string;
  const clients: Client[] = [];

  /** The unchanged C7 client, with a bearer-token interceptor, against the test server. */
  function worker(topic: string, handler: Handler, options: { asyncResponseTimeout?: number; workerId?: string; listen?: (client: Client) => void } = {}): Client {
    const client = new Client({
      baseUrl: `${server.url}/engine-rest`,
      workerId: options.workerId ?? `worker-${topic}`,
      interval: 50,
      lockDuration: 10_000,
      autoPoll: false,
      ...(options.asyncResponseTimeout ? { asyncResponseTimeout: options.asyncResponseTimeout } : {}),
      interceptors: (config) => ({ ...config, headers: { ...config.headers, Authorization: `Bearer ${workerToken}` } }),
    });
    client.on('poll:success', (tasks: unknown) => expectC7(tasks, 'post', '/external-task/fetchAndLock'));
    client.subscribe(topic, handler);
    options.listen?.(client);
    clients.push(client);
    client.start();
    return client;
  }

  const instanceStatus = async (id: string) => (await server.motcua.store.getInstance(id))?.record.status;

  before(async () => {
    server = await startTestServer();
    await deployFixture(server, 'ExternalWork.bpmn');
    workerToken = server.token({ sub: 'worker', roles: ['WORKER'] });
    officer = server.token({ sub: 'motcua', roles: ['OFFICER'], groups: ['mot_cua'] });
    auditor = server.token({ sub: 'kiemtra', roles: ['AUDITOR'] });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.stop();
  });
  after(() => server.close());

  it('locks a task of its topic and completes it with typed variables', async () => {
    // given an instance started by an officer of UBNDXA-MAU, with a business key
    const id = await startByKey(server, officer, 'Process_C7Worker', { businessKey: 'HS-C7-001', variables: { hoSo: { value: 'HS-C7-001', type: 'String' } } });
    const seen: Task[] = [];
    // when a worker completes the tax lookup with variables of several C7 types
    worker('c7-tra-cuu-thue', async ({ task, taskService }) => {
      seen.push(task);
      const variables = new Variables()
        .set('soTienNo', 1_500_000)
        .set('daNopDu', false)
        .set('tyLe', 0.25)
        .set('ngayTraCuu', new Date('2026-12-01T08:00:00Z'))
        .setTyped('chiTiet', { type: 'json', value: { khoanNo: [{ loai: 'thuế đất', soTien: 1_500_000 }] } });
      await taskService.complete(task, variables);
    });
    await eventually(async () => (await server.motcua.store.allJobs({ instanceId: id })).some((job) => job.topic === 'c7-gui-thong-bao'));
    // then the worker saw the task as C7 shows it
    expect(seen).to.have.length(1);
    expect(seen[0]).to.include({ processInstanceId: id, processDefinitionKey: 'Process_C7Worker', activityId: 'Activity_CheckTax', businessKey: 'HS-C7-001', tenantId: 'UBNDXA-MAU', topicName: 'c7-tra-cuu-thue' });
    expect(seen[0]!.variables.get('hoSo')).to.equal('HS-C7-001');
    // and the instance holds the values with their C7 types
    const variables = await c7<Record<string, { value: unknown; type: string }>>(server, auditor, 'GET', `/process-instance/${id}/variables`);
    expectC7(variables.body, 'get', '/process-instance/{id}/variables');
    expect(variables.body.soTienNo).to.deep.include({ value: 1_500_000, type: 'Integer' });
    expect(variables.body.daNopDu).to.deep.include({ value: false, type: 'Boolean' });
    expect(variables.body.tyLe).to.deep.include({ value: 0.25, type: 'Double' });
    expect(variables.body.ngayTraCuu).to.deep.include({ value: '2026-12-01T08:00:00.000Z', type: 'String' });
    expect(variables.body.chiTiet!.type).to.equal('Json');
    expect(JSON.parse(variables.body.chiTiet!.value as string)).to.deep.equal({ khoanNo: [{ loai: 'thuế đất', soTien: 1_500_000 }] });
  });

  it('throws a BPMN error that the boundary event catches', async () => {
    // given an instance waiting at the notification
    const id = await startByKey(server, officer, 'Process_C7Worker');
    worker('c7-tra-cuu-thue', async ({ task, taskService }) => taskService.complete(task));
    // when the notifier cannot reach the applicant
    worker('c7-gui-thong-bao', async ({ task, taskService }) => taskService.handleBpmnError(task, 'KHONG_LIEN_LAC', 'số điện thoại không liên lạc được', new Variables().set('lyDo', 'thuê bao')));
    // then the desk officer gets the call task
    await eventually(async () => (await c7<unknown[]>(server, officer, 'GET', `/task?processInstanceId=${id}`)).body.length === 1);
    const tasks = await c7<Array<{ taskDefinitionKey: string }>>(server, officer, 'GET', `/task?processInstanceId=${id}`);
    expect(tasks.body.map((task) => task.taskDefinitionKey)).to.deep.equal(['Activity_Call']);
    const variables = await c7<Record<string, { value: unknown }>>(server, auditor, 'GET', `/process-instance/${id}/variables`);
    expect(variables.body.lyDo?.value).to.equal('thuê bao');
  });

  it('reports failures with retries down to an incident', async () => {
    // given an instance whose signing step always fails
    const id = await startByKey(server, officer, 'Process_C7Failing');
    const retriesSeen: Array<number | null> = [];
    // when the worker reports two failures, the second with no retries left
    worker('c7-ky-so', async ({ task, taskService }) => {
      retriesSeen.push(task.retries);
      await taskService.handleFailure(task, { errorMessage: 'chứng thư số hết hạn', errorDetails: 'CKS-42 expired', retries: retriesSeen.length === 1 ? 1 : 0, retryTimeout: 0 });
    });
    await eventually(async () => (await c7<unknown[]>(server, auditor, 'GET', `/incident?processInstanceId=${id}`)).body.length === 1);
    // then it was fetched twice (the retry), then stayed out of reach as an incident C7 clients recognise
    expect(retriesSeen).to.have.length(2);
    expect(retriesSeen[1]).to.equal(1);
    const incidents = await c7<Array<Record<string, unknown>>>(server, auditor, 'GET', `/incident?processInstanceId=${id}`);
    expectC7(incidents.body, 'get', '/incident');
    expect(incidents.body[0]).to.include({ incidentType: 'failedExternalTask', activityId: 'Activity_Sign', processInstanceId: id, tenantId: 'UBNDXA-MAU' });
    expect(incidents.body[0]!.incidentMessage).to.contain('chứng thư số hết hạn');
    const exhausted = await c7<Array<Record<string, unknown>>>(server, workerToken, 'GET', `/external-task?processInstanceId=${id}&noRetriesLeft=true`);
    expectC7(exhausted.body, 'get', '/external-task');
    expect(exhausted.body.map((task) => task.retries)).to.deep.equal([0]);
    expect(await instanceStatus(id)).to.equal('ACTIVE');
  });

  it('extends a lock, then gives the task back for the next fetch', async () => {
    // given an instance of the synchronisation
    const id = await startByKey(server, officer, 'Process_C7Lock');
    const locks: string[] = [];
    let fetches = 0;
    // when the first fetch extends its lock and then unlocks, and the second completes
    worker('c7-dong-bo', async ({ task, taskService }) => {
      fetches++;
      if (fetches === 1) {
        await taskService.extendLock(task, 600_000);
        const listed = await c7<Array<{ lockExpirationTime: string }>>(server, workerToken, 'GET', `/external-task?externalTaskId=${task.id}`);
        locks.push(task.lockExpirationTime, listed.body[0]!.lockExpirationTime);
        await taskService.unlock(task);
        return;
      }
      await taskService.complete(task);
    });
    await eventually(async () => (await instanceStatus(id)) === 'COMPLETED');
    // then the lock moved about ten minutes ahead, and the unlocked task was fetched again
    expect(Date.parse(locks[1]!.replace(/\+0000$/, 'Z')) - Date.parse(locks[0]!.replace(/\+0000$/, 'Z'))).to.be.above(500_000);
    expect(fetches).to.equal(2);
  });

  it('holds a long poll open until a task arrives (asyncResponseTimeout)', async () => {
    // given a long-polling worker waiting before any task of its topic exists
    const polls: number[] = [];
    let started = 0;
    const client = worker(
      'c7-dong-bo',
      async ({ task, taskService }) => {
        // no further long poll left waiting on the server after this test
        client.stop();
        await taskService.complete(task);
      },
      {
        asyncResponseTimeout: 20_000,
        workerId: 'long-poller',
        listen: (polling) => {
          polling.on('poll:start', () => started++);
          polling.on('poll:success', (tasks: unknown[]) => polls.push(tasks.length));
        },
      },
    );
    await eventually(async () => started === 1);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 500));
    // when an instance is started meanwhile
    const id = await startByKey(server, officer, 'Process_C7Lock');
    await eventually(async () => (await instanceStatus(id)) === 'COMPLETED');
    // then the very first request, held open, delivered the task
    expect(polls[0]).to.equal(1);
  });

  it('leaves no lock behind for a worker that hung up while waiting', async () => {
    // given a raw long poll that the worker abandons
    const gone = new AbortController();
    const pending = server
      .fetch('/engine-rest/external-task/fetchAndLock', {
        method: 'POST',
        token: workerToken,
        json: { workerId: 'gone', maxTasks: 1, asyncResponseTimeout: 20_000, topics: [{ topicName: 'c7-dong-bo', lockDuration: 600_000 }] },
        signal: gone.signal,
      })
      .catch(() => undefined);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 200));
    gone.abort();
    await pending;
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
    // when a task arrives
    const id = await startByKey(server, officer, 'Process_C7Lock');
    // then another worker gets it at once
    const fetched = await c7<Array<{ processInstanceId: string; workerId: string }>>(server, workerToken, 'POST', '/external-task/fetchAndLock', {
      workerId: 'present',
      maxTasks: 1,
      topics: [{ topicName: 'c7-dong-bo', lockDuration: 10_000 }],
    });
    expect(fetched.body.map((task) => [task.processInstanceId, task.workerId])).to.deep.equal([[id, 'present']]);
  });

  it('answers a report from a worker that does not hold the lock as C7 does (400)', async () => {
    // given a task locked by one worker
    await startByKey(server, officer, 'Process_C7Failing');
    const fetched = await c7<Array<{ id: string }>>(server, workerToken, 'POST', '/external-task/fetchAndLock', { workerId: 'holder', maxTasks: 1, topics: [{ topicName: 'c7-ky-so', lockDuration: 10_000 }] });
    // when another worker completes it, or anyone completes a task that does not exist
    const stolen = await c7<{ type: string }>(server, workerToken, 'POST', `/external-task/${fetched.body[0]!.id}/complete`, { workerId: 'thief' });
    const missing = await c7<{ type: string }>(server, workerToken, 'POST', '/external-task/nope/complete', { workerId: 'holder' });
    // then
    expect(stolen.status).to.equal(400);
    expect(stolen.contentType).to.equal('application/json');
    expect(stolen.body.type).to.equal('BadUserRequestException');
    expect(missing.status).to.equal(404);
  });
});
