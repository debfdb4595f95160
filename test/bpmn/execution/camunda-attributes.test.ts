/**
 * Camunda 7 attributes the core acts on: camunda:initiator, camunda:failedJobRetryTimeCycle, and
 * due / follow-up dates written as ISO 8601 periods (fixture CamundaJobSettings.bpmn).
 */
import { expect } from 'chai';
import { Driver, loadFixture, T0 } from './driver.ts';

const MINUTE = 60_000;

describe('engine/bpmn/execution - Camunda 7 attributes', () => {
  it('camunda:initiator: the starting user goes into the variable it names', async () => {
    // given the process whose start event names nguoiNop
    const driver = new Driver(await loadFixture('CamundaJobSettings'));
    // when cong_dan_01 starts it
    driver.run({ type: 'StartInstance', instanceId: 'pi', variables: { nhacSau: 'PT4H' }, by: 'cong_dan_01' });
    // then the variable holds that user
    expect(driver.variables.nguoiNop).to.equal('cong_dan_01');
  });

  it('camunda:failedJobRetryTimeCycle R5/PT10M: five attempts ten minutes apart, then an incident', async () => {
    // given the async-before job of Activity_Sync
    const driver = new Driver(await loadFixture('CamundaJobSettings')).start({ nhacSau: 'PT4H' });
    const [job] = Object.values(driver.state.jobs);
    expect(job).to.include({ elementId: 'Activity_Sync', retries: 5 });
    // when its run fails four times, the executor proposing its own 1 s backoff each time
    for (let i = 0; i < 4; i++) driver.run({ type: 'FailJob', jobId: job.id, errorMessage: 'cổng quốc gia không phản hồi', retryTimeoutMs: 1000 });
    // then each retry is due ten minutes later, the cycle's wait, with one attempt left
    expect(driver.state.jobs[job.id]).to.include({ retries: 1, dueAt: new Date(T0 + 10 * MINUTE).toISOString() });
    expect(driver.state.incidents).to.deep.equal({});
    // when the fifth attempt fails
    driver.run({ type: 'FailJob', jobId: job.id, errorMessage: 'cổng quốc gia không phản hồi', retryTimeoutMs: 1000 });
    // then the job is an incident on the element
    expect(Object.values(driver.state.incidents).map((i) => [i.elementId, i.type])).to.deep.equal([['Activity_Sync', 'failedJob']]);
  });

  it('camunda:failedJobRetryTimeCycle PT1M,PT5M,PT30M on a timer: the n-th failure waits the n-th wait', async () => {
    // given the timer of Event_Wait, armed once the external task is done
    const driver = new Driver(await loadFixture('CamundaJobSettings')).start({ nhacSau: 'PT4H' });
    driver.run({ type: 'RunAsyncContinuation', jobId: Object.keys(driver.state.jobs)[0]! });
    const external = Object.values(driver.state.jobs).find((j) => j.kind === 'external')!;
    driver.run({ type: 'CompleteExternalTask', jobId: external.id });
    const [timer] = Object.values(driver.state.timers);
    // when firing it fails twice
    driver.run({ type: 'FailJob', jobId: timer.id, errorMessage: 'lỗi', retryTimeoutMs: 1000 });
    const first = driver.jobChanges.at(-1);
    driver.run({ type: 'FailJob', jobId: timer.id, errorMessage: 'lỗi', retryTimeoutMs: 1000 });
    const second = driver.jobChanges.at(-1);
    // then the retries wait 1 then 5 minutes, and the third failure is the last attempt
    expect(first).to.deep.include({ op: 'schedule' });
    expect(first && first.op === 'schedule' ? first.job.dueAt : undefined).to.equal(new Date(T0 + MINUTE).toISOString());
    expect(second && second.op === 'schedule' ? second.job.dueAt : undefined).to.equal(new Date(T0 + 5 * MINUTE).toISOString());
    driver.run({ type: 'FailJob', jobId: timer.id, errorMessage: 'lỗi', retryTimeoutMs: 1000 });
    expect(Object.values(driver.state.incidents).map((i) => i.elementId)).to.deep.equal(['Event_Wait']);
  });

  it('a due date P3D and a follow-up date PT4H are that long after the task is created', async () => {
    // given the instance at the review task, created an hour after the start
    const driver = new Driver(await loadFixture('CamundaJobSettings')).start({ nhacSau: 'PT4H' });
    driver.run({ type: 'RunAsyncContinuation', jobId: Object.keys(driver.state.jobs)[0]! });
    driver.run({ type: 'CompleteExternalTask', jobId: Object.values(driver.state.jobs)[0]!.id });
    // when the timer fires
    driver.advance(60 * MINUTE);
    // then the task is due three days and followed up four hours after its creation
    const [task] = driver.tasks('Activity_Review');
    expect(task).to.include({
      createdAt: new Date(T0 + 60 * MINUTE).toISOString(),
      dueAt: new Date(T0 + 60 * MINUTE + 3 * 24 * 60 * MINUTE).toISOString(),
      followUpAt: new Date(T0 + 5 * 60 * MINUTE).toISOString(),
    });
  });

  it('a follow-up date that is neither a date nor a period is an incident naming the task and the value', async () => {
    // given a follow-up date variable holding prose
    const driver = new Driver(await loadFixture('CamundaJobSettings')).start({ nhacSau: 'tuần sau' });
    driver.run({ type: 'RunAsyncContinuation', jobId: Object.keys(driver.state.jobs)[0]! });
    driver.run({ type: 'CompleteExternalTask', jobId: Object.values(driver.state.jobs)[0]!.id });
    // when the task would be created
    driver.advance(60 * MINUTE);
    // then no task exists and an incident says why
    expect(driver.tasks()).to.deep.equal([]);
    const [incident] = Object.values(driver.state.incidents);
    expect(incident).to.include({ elementId: 'Activity_Review', type: 'expression' });
    expect(incident.message).to.equal("camunda:followUpDate of Activity_Review yielded the text 'tuần sau', which is neither a date (2025-03-06T17:00:00+07:00) nor an ISO 8601 period (P3D, PT4H)");
  });
});
