/**
 * Camunda-style external tasks through the engine API, on SQLite with a manual clock:
 * fetch-and-lock is exclusive, a lock expires, a lost lock cannot complete, failures back off.
 */
import { expect } from 'chai';
import { ErrorCode } from '../../engine/errors.ts';
import { createEngine } from '../../engine/runtime/create-engine.ts';
import type { Engine } from '../../engine/runtime/Engine.ts';
import { bpmnFixture, manualClock, outcome, type ManualClock } from './helpers.ts';

const T0 = '2025-03-03T08:00:00+07:00';
const TOPIC = 'tra-cuu-thue';

describe('engine/runtime/Engine: external tasks', function () {
  let clock: ManualClock;
  let engine: Engine;
  let instanceId: string;

  beforeEach(async function () {
    // given an instance waiting at Activity_CheckTax (topic tra-cuu-thue)
    clock = manualClock(T0);
    engine = await createEngine({ store: 'sqlite::memory:', clock });
    await engine.deploy('ExternalTask.bpmn', bpmnFixture('ExternalTask.bpmn'));
    instanceId = (await engine.startInstance('Process_ExternalTask', { businessKey: 'HS-THUE-1' })).id;
  });

  afterEach(async function () {
    await engine.close();
  });

  it('locks a task for one worker only, even when several fetch at once', async function () {
    // when five workers fetch at the same time
    const fetched = await Promise.all(['w1', 'w2', 'w3', 'w4', 'w5'].map((worker) => engine.fetchAndLock(TOPIC, worker, 10_000, 5)));

    // then exactly one got it, with the instance's variables and its lock expiry
    const got = fetched.flat();
    expect(got).to.have.length(1);
    expect(got[0]!.instanceId).to.equal(instanceId);
    expect(got[0]!.elementId).to.equal('Activity_CheckTax');
    expect(Date.parse(got[0]!.lockExpiresAt)).to.equal(Date.parse(T0) + 10_000);
    expect(await engine.fetchAndLock(TOPIC, 'w6', 10_000)).to.deep.equal([]);
  });

  it('gives the task to another worker once the lock expires; the first worker can no longer complete it', async function () {
    // given w1 holds the lock for 10 s
    const [task] = await engine.fetchAndLock(TOPIC, 'w1', 10_000);

    // when w2 tries before and after the lock expired
    const earlyFetch = await engine.fetchAndLock(TOPIC, 'w2', 10_000);
    const earlyComplete = await outcome(engine.completeExternalTask(task!.jobId, 'w2'));
    clock.advance(10_000);
    const lateFetch = await engine.fetchAndLock(TOPIC, 'w2', 10_000);
    const w1Complete = await outcome(engine.completeExternalTask(task!.jobId, 'w1', { taxDebt: 1 }));
    const w2Complete = await outcome(engine.completeExternalTask(task!.jobId, 'w2', { taxDebt: 0 }));
    const w2Again = await outcome(engine.completeExternalTask(task!.jobId, 'w2', { taxDebt: 0 }));

    // then
    expect(earlyFetch).to.deep.equal([]);
    expect(earlyComplete).to.deep.equal({ ok: false, code: ErrorCode.JobLocked });
    expect(lateFetch.map((t) => t.jobId)).to.deep.equal([task!.jobId]);
    expect(w1Complete).to.deep.equal({ ok: false, code: ErrorCode.JobLocked });
    expect(w2Complete.ok).to.equal(true);
    expect(w2Again).to.deep.equal({ ok: false, code: ErrorCode.JobNotFound });
    const completions = (await engine.history(instanceId)).filter((e) => e.type === 'JobCompleted');
    expect(completions.map((e) => e.by)).to.deep.equal(['w2']);
    const state = (await engine.getInstance(instanceId))!.state;
    expect(state.scopes[state.rootScopeId]!.variables.taxDebt).to.equal(0);
    expect((await engine.store.allJobs({ instanceId })).map((j) => j.elementId)).to.deep.equal(['Activity_Notify']);
  });

  it('a failure with retries left comes back to workers after its retry timeout', async function () {
    // given w1 holds the task
    const [task] = await engine.fetchAndLock(TOPIC, 'w1', 10_000);

    // when it fails with two retries left and a 5 s timeout
    await engine.failExternalTask(task!.jobId, 'w1', 2, 'tax service unavailable', 5000);
    const duringBackoff = await engine.fetchAndLock(TOPIC, 'w2', 10_000);
    clock.advance(5000);
    const [retried] = await engine.fetchAndLock(TOPIC, 'w2', 10_000);

    // then it was held back, then handed out again with its retries, and can be completed
    expect(duringBackoff).to.deep.equal([]);
    expect(retried!.jobId).to.equal(task!.jobId);
    expect(retried!.retries).to.equal(2);
    await engine.completeExternalTask(retried!.jobId, 'w2');
    const history = await engine.history(instanceId);
    expect(history.filter((e) => e.type === 'JobFailed').map((e) => e.by)).to.deep.equal(['w1']);
    expect(history.filter((e) => e.type === 'JobCompleted').map((e) => e.by)).to.deep.equal(['w2']);
  });

  it('a failure with no retries left raises an incident; the task is not fetched until the incident is resolved', async function () {
    // given w1 holds the task
    const [task] = await engine.fetchAndLock(TOPIC, 'w1', 10_000);

    // when it fails with no retries left
    await engine.failExternalTask(task!.jobId, 'w1', 0, 'still unavailable');
    const state = (await engine.getInstance(instanceId))!.state;
    const incidents = Object.values(state.incidents);

    // then
    expect(incidents).to.have.length(1);
    expect(incidents[0]!.elementId).to.equal('Activity_CheckTax');
    expect(await engine.fetchAndLock(TOPIC, 'w3', 10_000), 'no retries left: not fetchable').to.deep.equal([]);

    // when the incident is resolved, the task can be fetched and completed again
    await engine.resolveIncident(instanceId, incidents[0]!.id, 'admin');
    const [again] = await engine.fetchAndLock(TOPIC, 'w3', 10_000);
    await engine.completeExternalTask(again!.jobId, 'w3');
    expect((await engine.store.allJobs({ instanceId })).map((j) => j.elementId)).to.deep.equal(['Activity_Notify']);
  });
});
