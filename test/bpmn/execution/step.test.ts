import { expect } from 'chai';
import { ErrorCode, MotcuaError } from '../../../engine/errors.ts';
import { step } from '../../../engine/bpmn/execution/step.ts';
import { calendarDays } from '../../../engine/bpmn/timers/index.ts';
import { Driver, loadFixture } from './driver.ts';

const options = { calendar: calendarDays() };

function rejection(run: () => unknown): MotcuaError {
  try {
    run();
  } catch (error) {
    if (error instanceof MotcuaError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('engine/bpmn/execution - step', () => {
  describe('purity', () => {
    it('never changes the state it is given, and gives the same result for the same inputs', async () => {
      // given an instance waiting at a user task
      const driver = new Driver(await loadFixture('ExclusiveGateway')).start({ amount: 5 });
      const before = JSON.stringify(driver.state);
      const taskId = driver.tasks()[0].id;
      // when the same command runs twice on the same state at the same time
      const first = step(driver.process, driver.state, { type: 'CompleteTask', taskId, variables: { decision: 'approve' } }, driver.now, options);
      const second = step(driver.process, driver.state, { type: 'CompleteTask', taskId, variables: { decision: 'approve' } }, driver.now, options);
      // then the input is untouched and both results are identical
      expect(JSON.stringify(driver.state)).to.equal(before);
      expect(JSON.stringify(first)).to.equal(JSON.stringify(second));
    });

    it('continues identically from a state that went through JSON (stored and restored)', async () => {
      // given two drivers, one of which round-trips its state through JSON after every command
      const process = await loadFixture('ParallelGateway');
      const direct = new Driver(process).start();
      const restored = new Driver(process).start();
      // when both complete every task in the same order
      while (direct.tasks().length > 0) {
        const elementId = direct.tasks()[0].elementId;
        direct.complete(elementId);
        restored.state = JSON.parse(JSON.stringify(restored.state));
        restored.complete(elementId);
      }
      // then state and history are the same
      expect(restored.state).to.deep.equal(direct.state);
      expect(restored.history).to.deep.equal(direct.history);
    });
  });

  describe('rejections (nothing changes)', () => {
    it('rejects completing a task that is not open with TASK_NOT_OPEN', async () => {
      // given a started instance
      const driver = new Driver(await loadFixture('ExclusiveGateway')).start({ amount: 5 });
      // when completing an unknown task
      const error = rejection(() => driver.run({ type: 'CompleteTask', taskId: 'nope' }));
      // then it is a typed rejection naming the field
      expect(error.code).to.equal(ErrorCode.TaskNotOpen);
      expect(error.field).to.equal('taskId');
    });

    it('rejects any command on an ended instance with INSTANCE_NOT_ACTIVE', async () => {
      // given an instance that ran to its end
      const driver = new Driver(await loadFixture('PassThrough')).start();
      expect(driver.state.status).to.equal('COMPLETED');
      // when a command arrives
      const error = rejection(() => driver.run({ type: 'SetVariables', variables: { a: 1 } }));
      // then
      expect(error.code).to.equal(ErrorCode.InstanceNotActive);
    });

    it('rejects a timer that is no longer armed (a stale or duplicate job) with TIMER_NOT_ARMED', async () => {
      // given an instance whose first timer already fired (the next one is armed)
      const driver = new Driver(await loadFixture('TimerCatch')).start();
      const [firstTimer] = Object.keys(driver.state.timers);
      driver.advance(3 * 3_600_000);
      expect(Object.keys(driver.state.timers)).to.not.include(firstTimer);
      expect(driver.state.status).to.equal('ACTIVE');
      // when a duplicate job fires it again
      const error = rejection(() => driver.run({ type: 'TriggerTimer', timerId: firstTimer }));
      // then
      expect(error.code).to.equal(ErrorCode.TimerNotArmed);
    });

    it('rejects a message nobody in the instance waits for with NO_SUBSCRIPTION', async () => {
      // given
      const driver = new Driver(await loadFixture('PassThrough'));
      const waiting = new Driver(await loadFixture('ExclusiveGateway')).start({ amount: 1 });
      // when
      const error = rejection(() => waiting.run({ type: 'CorrelateMessage', messageName: 'NoSuchMessage' }));
      // then
      expect(error.code).to.equal(ErrorCode.NoSubscription);
      expect(driver.process.id).to.equal('Process_PassThrough');
    });

    it('refuses to start at an element that is not a start event of the process', async () => {
      // given
      const process = await loadFixture('ExclusiveGateway');
      // when
      const error = rejection(() => step(process, undefined, { type: 'StartInstance', instanceId: 'x', startEventId: 'Gateway_Route' }, 0, options));
      // then
      expect(error.code).to.equal(ErrorCode.InvalidInput);
      expect(error.elementId).to.equal('Gateway_Route');
    });
  });

  describe('history', () => {
    it('records who completed a task with which variables, and why the gateway chose its flow', async () => {
      // given
      const driver = new Driver(await loadFixture('ExclusiveGateway')).start({ amount: 2_000_000 });
      // when the leader approves
      driver.complete('Activity_Leader', { decision: 'approve' }, 'ld_tran');
      // then the history says who and what, and which flow the gateways took and why
      const completed = driver.history.find((e) => e.type === 'TaskCompleted')!;
      expect(completed).to.include({ elementId: 'Activity_Leader', by: 'ld_tran' });
      expect(completed.data).to.deep.include({ variables: { decision: 'approve' } });
      const decisions = driver.history.filter((e) => e.type === 'GatewayDecided');
      expect(decisions.map((d) => d.data?.flow)).to.deep.equal(['Flow_Leader', 'Flow_Approve']);
      expect(String(decisions[0].data?.reason)).to.match(/is true/);
      expect(driver.state.status).to.equal('COMPLETED');
    });
  });

  describe('claiming', () => {
    it('claims and unclaims an open task, reporting the change to the task projection', async () => {
      // given
      const driver = new Driver(await loadFixture('ExclusiveGateway')).start({ amount: 1 });
      const taskId = driver.tasks()[0].id;
      // when
      const claimed = step(driver.process, driver.state, { type: 'ClaimTask', taskId, userId: 'cv_nguyen' }, driver.now, options);
      const unclaimed = step(driver.process, claimed.state, { type: 'ClaimTask', taskId, userId: null }, driver.now, options);
      // then
      expect(claimed.state.tasks[taskId].assignee).to.equal('cv_nguyen');
      expect(claimed.tasks).to.deep.equal([{ op: 'updated', task: claimed.state.tasks[taskId] }]);
      expect(unclaimed.state.tasks[taskId].assignee).to.equal(undefined);
    });
  });

  describe('external tasks', () => {
    it('keeps the token at the task while retries remain and raises a resolvable incident at 0', async () => {
      // given a waiting external task
      const driver = new Driver(await loadFixture('ExternalTask')).start();
      const jobId = Object.keys(driver.state.jobs)[0];
      // when it fails with 2 retries left, then with none
      driver.run({ type: 'FailExternalTask', jobId, retries: 2, errorMessage: 'timeout', retryTimeoutMs: 60_000 });
      expect(Object.values(driver.state.incidents)).to.be.empty;
      expect(driver.state.jobs[jobId].dueAt).to.equal(new Date(driver.now + 60_000).toISOString());
      driver.run({ type: 'FailExternalTask', jobId, retries: 0, errorMessage: 'down' });
      // then there is one incident on the element, and resolving it gives the job a retry
      const [incident] = Object.values(driver.state.incidents);
      expect(incident).to.include({ elementId: 'Activity_CheckTax', type: 'failedJob', jobId });
      driver.run({ type: 'ResolveIncident', incidentId: incident.id });
      expect(driver.state.incidents).to.deep.equal({});
      expect(driver.state.jobs[jobId].retries).to.equal(1);
      expect(driver.active()).to.deep.equal(['Activity_CheckTax']);
    });

    it('completes with variables and moves on to the next external task', async () => {
      // given
      const driver = new Driver(await loadFixture('ExternalTask')).start();
      const jobId = Object.keys(driver.state.jobs)[0];
      // when
      driver.run({ type: 'CompleteExternalTask', jobId, variables: { taxDebt: 0 }, workerId: 'tax-worker' });
      // then
      expect(driver.variables).to.deep.include({ taxDebt: 0 });
      expect(driver.active()).to.deep.equal(['Activity_Notify']);
      expect(Object.values(driver.state.jobs).map((j) => j.topic)).to.deep.equal(['gui-thong-bao']);
    });

    it('turns a BPMN error nobody catches into an incident on the task, keeping the task', async () => {
      // given
      const driver = new Driver(await loadFixture('ExternalTask')).start();
      const jobId = Object.keys(driver.state.jobs)[0];
      // when
      driver.run({ type: 'ThrowBpmnError', jobId, errorCode: 'NO_RECORD' });
      // then
      const [incident] = Object.values(driver.state.incidents);
      expect(incident).to.include({ type: 'unhandledError', elementId: 'Activity_CheckTax' });
      expect(incident.message).to.contain('NO_RECORD');
      expect(driver.state.jobs[jobId]).to.not.equal(undefined);
    });
  });

  describe('timers and async continuations whose run failed', () => {
    const deadlineTimer = (driver: Driver) => Object.values(driver.state.timers).find((t) => t.elementId === 'Event_Deadline')!;

    it('lose a retry per failure, rescheduled after the backoff, and become a resolvable incident at the last', async () => {
      // given the 4-hour deadline timer of a review task
      const driver = new Driver(await loadFixture('BoundaryTimer')).start();
      const timerId = deadlineTimer(driver).id;
      // when firing it fails twice
      driver.run({ type: 'FailJob', jobId: timerId, errorMessage: 'calendar year 2026 missing', retryTimeoutMs: 1000 });
      driver.run({ type: 'FailJob', jobId: timerId, errorMessage: 'calendar year 2026 missing', retryTimeoutMs: 2000 });
      // then it is rescheduled with one retry left, and no incident yet
      expect(driver.state.timers[timerId].retries).to.equal(1);
      expect(driver.jobChanges.at(-1)).to.deep.equal({
        op: 'schedule',
        job: { id: timerId, kind: 'timer', instanceId: 'pi', elementId: 'Event_Deadline', dueAt: new Date(driver.now + 2000).toISOString(), retries: 1 },
      });
      expect(driver.state.incidents).to.deep.equal({});
      // when it fails a third time
      driver.run({ type: 'FailJob', jobId: timerId, errorMessage: 'calendar year 2026 missing', retryTimeoutMs: 4000 });
      // then it leaves the schedule and an incident on the boundary event holds it
      const [incident] = Object.values(driver.state.incidents);
      expect(incident).to.include({ elementId: 'Event_Deadline', type: 'failedJob', jobId: timerId, retry: 'job' });
      expect(incident.message).to.equal('timer failed with no retries left: calendar year 2026 missing');
      expect(driver.jobChanges.at(-1)).to.deep.equal({ op: 'cancel', jobId: timerId });
      expect(driver.history.filter((e) => e.type === 'JobFailed').map((e) => e.data?.retries)).to.deep.equal([2, 1, 0]);
      // when the incident is resolved and the timer then fires
      driver.run({ type: 'ResolveIncident', incidentId: incident.id, by: 'admin' });
      expect(driver.jobChanges.at(-1)).to.deep.include({ op: 'schedule' });
      driver.run({ type: 'TriggerTimer', timerId });
      // then the boundary event takes its path
      expect(driver.state.incidents).to.deep.equal({});
      expect(driver.active()).to.deep.equal(['Activity_Escalate']);
    });

    it('drop the incident with the timer when its task completes: nothing is left to retry', async () => {
      // given the deadline timer out of retries
      const driver = new Driver(await loadFixture('BoundaryTimer')).start();
      const timerId = deadlineTimer(driver).id;
      for (let i = 0; i < 3; i++) driver.run({ type: 'FailJob', jobId: timerId, errorMessage: 'store down', retryTimeoutMs: 0 });
      expect(Object.keys(driver.state.incidents)).to.have.length(1);
      // when the review is completed in time
      driver.complete('Activity_Review');
      // then the instance ends with no incident open
      expect(driver.state.status).to.equal('COMPLETED');
      expect(driver.state.incidents).to.deep.equal({});
      expect(driver.history.find((e) => e.type === 'IncidentResolved')?.data).to.deep.include({ reason: 'timer disarmed' });
    });

    it('an async continuation out of retries keeps its job in the state and runs once resolved', async () => {
      // given the asyncAfter continuation of the start event
      const driver = new Driver(await loadFixture('AsyncContinuation')).start();
      const [jobId] = Object.keys(driver.state.jobs);
      // when it fails three times, the incident is resolved, and it runs
      for (let i = 0; i < 3; i++) driver.run({ type: 'FailJob', jobId: jobId!, errorMessage: 'boom', retryTimeoutMs: 1000 });
      const [incident] = Object.values(driver.state.incidents);
      expect(incident).to.include({ elementId: 'StartEvent_1', type: 'failedJob', jobId });
      expect(driver.state.jobs[jobId!].retries).to.equal(0);
      driver.run({ type: 'ResolveIncident', incidentId: incident.id });
      expect(driver.state.jobs[jobId!]).to.include({ retries: 1, dueAt: new Date(driver.now).toISOString() });
      driver.run({ type: 'RunAsyncContinuation', jobId: jobId! });
      // then the token moves on to the next wait point
      expect(driver.state.incidents).to.deep.equal({});
      expect(driver.active()).to.deep.equal(['Activity_Review']);
    });

    it('rejects failing an external task or a job that is not pending with JOB_NOT_FOUND', async () => {
      // given
      const driver = new Driver(await loadFixture('ExternalTask')).start();
      const [jobId] = Object.keys(driver.state.jobs);
      // when / then
      for (const id of [jobId!, 'pi.tm99']) {
        const error = rejection(() => step(driver.process, driver.state, { type: 'FailJob', jobId: id, errorMessage: 'x', retryTimeoutMs: 0 }, driver.now, options));
        expect(error.code).to.equal(ErrorCode.JobNotFound);
      }
    });
  });

  describe('incidents at gateways', () => {
    it('re-evaluates the gateway when its incident is resolved after the variables were fixed', async () => {
      // given a gateway with no true condition and no default
      const driver = new Driver(await loadFixture('ExclusiveGateway')).start({ amount: 1 });
      driver.complete('Activity_Officer', { decision: 'unknown' });
      const [incident] = Object.values(driver.state.incidents);
      expect(incident).to.include({ elementId: 'Gateway_Decision', type: 'noOutgoingFlow' });
      // when the decision is corrected and the incident resolved
      driver.run({ type: 'SetVariables', variables: { decision: 'approve' } });
      driver.run({ type: 'ResolveIncident', incidentId: incident.id });
      // then the instance goes on and ends
      expect(driver.state.status).to.equal('COMPLETED');
      expect(driver.passed('EndEvent_Approved')).to.equal(true);
    });
  });

  describe('call activities', () => {
    it('asks for the called instance with the mapped variables and continues when told it ended', async () => {
      // given
      const driver = new Driver(await loadFixture('CallActivity', 'Process_Main')).start({ officer: 'cv_le', fee: 50_000, dossierCode: 'HS-01' });
      const [started] = driver.effects;
      expect(started).to.deep.include({ type: 'StartCalledInstance', processKey: 'Process_Verify', elementId: 'CallActivity_Verify', businessKey: 'HS-01', variables: { assignedTo: 'cv_le', doubleFee: 100_000 } });
      if (started.type !== 'StartCalledInstance') throw new Error('unexpected effect');
      // when the runtime reports that the called instance ended
      driver.run({ type: 'CompleteCallActivity', tokenId: started.tokenId, childInstanceId: started.childInstanceId, childVariables: { result: 'ok', doubleFee: 100_000, secret: 1 } });
      // then only the camunda:out variables come back, and the next call activity waits
      expect(driver.variables).to.deep.include({ verifyResult: 'ok', feeCheck: 100_000 });
      expect(driver.variables).to.not.have.property('secret');
      expect(driver.active()).to.deep.equal(['CallActivity_Archive']);
      expect(driver.passed('CallActivity_Verify')).to.equal(true);
    });

    it('raises an incident when the called process cannot be started', async () => {
      // given
      const driver = new Driver(await loadFixture('CallActivity', 'Process_Main')).start({ officer: 'cv_le', fee: 1, dossierCode: 'HS-02' });
      const started = driver.effects[0];
      if (started.type !== 'StartCalledInstance') throw new Error('unexpected effect');
      // when
      driver.run({ type: 'CompleteCallActivity', tokenId: started.tokenId, childInstanceId: started.childInstanceId, childVariables: {}, failure: 'process Process_Verify is not deployed' });
      // then
      expect(Object.values(driver.state.incidents).map((i) => [i.elementId, i.type])).to.deep.equal([['CallActivity_Verify', 'calledProcess']]);
    });
  });

  describe('cancellation', () => {
    it('cancels every task, timer and job and ends the instance as CANCELLED', async () => {
      // given an instance with a task and boundary timers
      const driver = new Driver(await loadFixture('BoundaryTimer')).start();
      // when
      const result = step(driver.process, driver.state, { type: 'CancelInstance', reason: 'rút hồ sơ', by: 'admin' }, driver.now, options);
      // then
      expect(result.state.status).to.equal('CANCELLED');
      expect(result.state.tasks).to.deep.equal({});
      expect(result.state.timers).to.deep.equal({});
      expect(result.tasks.every((c) => c.op === 'removed')).to.equal(true);
      expect(result.jobs.filter((j) => j.op === 'cancel')).to.have.length(Object.keys(driver.state.timers).length);
    });
  });
});
