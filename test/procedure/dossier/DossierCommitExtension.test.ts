/**
 * The status machine on the real engine (embedded store in memory, manual clock): the DOMAIN §3.3
 * worked example under PAUSE and RESET, the LATE rule, rejections that change nothing, the
 * national-sync outbox.
 */
import { expect } from 'chai';
import { ErrorCode, MotcuaError } from '../../../engine/errors.ts';
import { NATIONAL_SYNC_TOPIC, NationalSyncOutbox, type NationalSyncPayload } from '../../../engine/procedure/dossier/national-sync.ts';
import { deskInput, type Harness, startHarness } from '../support/engine-harness.ts';
import { fixtureRecords, local } from '../support/sample-dossier.ts';

async function dossierOf(harness: Harness, instanceId: string) {
  return (await harness.service.byInstance(instanceId))!.dossier;
}

/** Accept at Mon 05/10 09:00, ask a supplement Thu 08/10 10:00, resubmit Wed 14/10 09:00 (DOMAIN §3.3). */
async function workedExample(harness: Harness, procedureCode: string): Promise<string> {
  const { instanceId } = await harness.service.receive(deskInput(procedureCode));
  harness.at('2026-10-05T09:00');
  await harness.complete(instanceId, 'Task_KiemTra', { hopLe: true });
  harness.at('2026-10-08T10:00');
  await harness.complete(instanceId, 'Task_ThamDinh', { canBoSung: true });
  harness.at('2026-10-14T09:00');
  await harness.engine.correlateMessage('HoSoBoSung', { instanceId });
  return instanceId;
}

describe('engine/procedure/dossier/DossierCommitExtension on the engine', () => {
  let harness: Harness;
  afterEach(async () => harness?.close());

  it('PAUSE (DOMAIN §3.3): due Mon 19/10, paused Thu 08/10, due Fri 23/10 after the resubmission', async () => {
    // given the 10-working-day PAUSE procedure 2.000488
    harness = await startHarness();
    const { instanceId, dossier: submitted } = await harness.service.receive(deskInput('2.000488'));
    expect(submitted.status).to.equal('MOI_DANG_KY');
    // when it is accepted, paused and resumed as in the worked example
    harness.at('2026-10-05T09:00');
    await harness.complete(instanceId, 'Task_KiemTra', { hopLe: true });
    const accepted = await dossierOf(harness, instanceId);
    harness.at('2026-10-08T10:00');
    await harness.complete(instanceId, 'Task_ThamDinh', { canBoSung: true });
    const paused = await dossierOf(harness, instanceId);
    harness.at('2026-10-14T09:00');
    await harness.engine.correlateMessage('HoSoBoSung', { instanceId });
    const resumed = await dossierOf(harness, instanceId);
    // then the dates are those of the example
    expect([accepted.status, local(Date.parse(accepted.dueAt!))]).to.deep.equal(['DANG_XU_LY', 'Mon 2026-10-19T17:00']);
    expect([paused.status, paused.pausedAt !== undefined, paused.remaining]).to.deep.equal(['CHO_BO_SUNG', true, { value: 7, unit: 'WORKING_DAYS' }]);
    expect([resumed.status, resumed.pausedAt, local(Date.parse(resumed.dueAt!))]).to.deep.equal(['DANG_XU_LY', undefined, 'Fri 2026-10-23T17:00']);
    // and every change is in the verifiable history, in order
    const history = await harness.engine.history(instanceId);
    const changes = history.filter((event) => event.type === 'DossierStatusChanged').map((event) => [event.elementId ?? null, event.data?.to]);
    expect(changes).to.deep.equal([
      [null, 'MOI_DANG_KY'],
      ['Event_TiepNhan', 'DA_TIEP_NHAN'],
      ['Task_ThamDinh', 'DANG_XU_LY'],
      ['Task_ChoBoSung', 'CHO_BO_SUNG'],
      ['Task_ThamDinh', 'DANG_XU_LY'],
    ]);
    expect((await harness.engine.verifyHistory(instanceId)).ok).to.equal(true);
  });

  it('RESET (DOMAIN §3.3): a fresh 10 working days from the resubmission → due Wed 28/10', async () => {
    // given the same procedure under a sector that resets the clock
    const records = fixtureRecords().map((record) => (record.code === '2.000488' ? { ...record, supplementPolicy: 'RESET' as const } : record));
    harness = await startHarness({ records });
    // when the worked example runs
    const instanceId = await workedExample(harness, '2.000488');
    // then a full period runs from the resubmission
    expect(local(Date.parse((await dossierOf(harness, instanceId)).dueAt!))).to.equal('Wed 2026-10-28T17:00');
  });

  it('ends EARLY, then returns the result: DA_XU_LY_XONG then DA_TRA_KET_QUA end the instance', async () => {
    // given the PAUSE example, due Fri 23/10
    harness = await startHarness();
    const instanceId = await workedExample(harness, '2.000488');
    // when the result is ready Thu 22/10 and returned Fri 23/10
    harness.at('2026-10-22T10:00');
    await harness.complete(instanceId, 'Task_ThamDinh', { canBoSung: false });
    await harness.complete(instanceId, 'Task_PheDuyet');
    harness.at('2026-10-23T08:00');
    await harness.complete(instanceId, 'Task_TraKetQua');
    // then the dossier ended early and the instance completed
    const dossier = await dossierOf(harness, instanceId);
    expect(dossier).to.include({ status: 'DA_TRA_KET_QUA', result: 'EARLY', finishedAt: '2026-10-22T03:00:00.000Z', returnedAt: '2026-10-23T01:00:00.000Z' });
    expect((await harness.engine.getInstance(instanceId))!.state.status).to.equal('COMPLETED');
  });

  it('counts a dossier LATE after a second supplement request, with a warning in its history', async () => {
    // given the worked example (one supplement already)
    harness = await startHarness();
    const instanceId = await workedExample(harness, '2.000488');
    // when the same agency asks again, and the result is still ready well before the due date
    harness.at('2026-10-15T09:00');
    await harness.complete(instanceId, 'Task_ThamDinh', { canBoSung: true });
    harness.at('2026-10-16T09:00');
    await harness.engine.correlateMessage('HoSoBoSung', { instanceId });
    await harness.complete(instanceId, 'Task_ThamDinh', { canBoSung: false });
    await harness.complete(instanceId, 'Task_PheDuyet');
    // then it is LATE, and the history says why
    const dossier = await dossierOf(harness, instanceId);
    expect(dossier).to.include({ status: 'DA_XU_LY_XONG', result: 'LATE', lateBySupplements: true });
    const warnings = (await harness.engine.history(instanceId)).filter((event) => event.type === 'DossierWarningRaised');
    expect(warnings.map((event) => event.data?.warning)).to.deep.equal(['SECOND_SUPPLEMENT_REQUEST']);
  });

  it('rejects the command that enters an invalid status, naming the element, and changes nothing', async () => {
    // given a diagram that returns the result (Task_Tra, DA_TRA_KET_QUA) right after processing
    const records = [...fixtureRecords(), { ...fixtureRecords()[0], code: '9.000002', process: { key: 'Process_BadReturn' } }];
    harness = await startHarness({ records });
    const { instanceId } = await harness.service.receive(deskInput('9.000002'));
    const before = await harness.engine.getInstance(instanceId);
    const historyBefore = (await harness.engine.history(instanceId)).length;
    // when the processing task is completed
    const [task] = await harness.engine.listTasks({ instanceId, elementId: 'Task_XuLy' });
    const error = await harness.engine.completeTask(task.id).catch((caught: MotcuaError) => caught);
    // then the completion is rejected naming Task_Tra, and the instance, its task and its history are untouched
    expect(error).to.be.instanceOf(MotcuaError);
    expect(error).to.include({ code: ErrorCode.InvalidInput, elementId: 'Task_Tra' });
    expect((error as MotcuaError).message).to.match(/DA_TRA_KET_QUA while it is DANG_XU_LY/);
    expect((await harness.engine.getInstance(instanceId))!.revision).to.equal(before!.revision);
    expect(await harness.engine.listTasks({ instanceId })).to.have.length(1);
    expect(await harness.engine.history(instanceId)).to.have.length(historyBefore);
  });

  it('refuses a dossier written directly as a variable, and changes nothing', async () => {
    // given an accepted dossier
    harness = await startHarness();
    const { instanceId } = await harness.service.receive(deskInput());
    const before = await dossierOf(harness, instanceId);
    // when a client sets the dossier variable itself (e.g. to skip the clock)
    const error = await harness.engine.setVariables(instanceId, { dossier: { ...before, status: 'DA_XU_LY_XONG' } }).catch((caught: MotcuaError) => caught);
    // then it is rejected naming the variable, and the dossier is as it was
    expect(error).to.be.instanceOf(MotcuaError).with.property('field', 'dossier');
    expect(await dossierOf(harness, instanceId)).to.deep.equal(before);
  });

  it('queues one national-sync message per change, in order; delivery retries, parks when exhausted, and an operator sends a parked one again', async () => {
    // given a dossier accepted and processed (three changes after submission)
    harness = await startHarness();
    const { instanceId, code } = await harness.service.receive(deskInput());
    harness.at('2026-10-05T09:00');
    await harness.complete(instanceId, 'Task_KiemTra', { hopLe: true });
    const pending = await harness.engine.store.pendingOutbox(NATIONAL_SYNC_TOPIC, 10);
    // when a portal that fails twice then accepts is fed, and then one that always fails
    let failures = 2;
    const received: NationalSyncPayload[] = [];
    const flaky = new NationalSyncOutbox(harness.engine.store, async (payload) => {
      if (failures-- > 0) throw new Error('portal unavailable');
      received.push(payload);
    }, { backoffMs: () => 1000 });
    const now = harness.clock.now();
    const first = await flaky.deliverDue(now);
    const second = await flaky.deliverDue(now + 1000);
    // then the messages carry the dossier code and its sequence, and all get through after their retries
    expect(pending.map((entry) => [entry.key, (entry.payload as NationalSyncPayload).status, (entry.payload as NationalSyncPayload).syncSeq])).to.deep.equal([
      [code, 'MOI_DANG_KY', 1],
      [code, 'DA_TIEP_NHAN', 2],
      [code, 'DANG_XU_LY', 3],
    ]);
    expect(first).to.deep.equal({ sent: 1, retrying: 2, parked: 0 });
    expect(second).to.deep.equal({ sent: 2, retrying: 0, parked: 0 });
    expect(received.map((payload) => payload.syncSeq).sort()).to.deep.equal([1, 2, 3]);
    expect(await flaky.unsynced()).to.deep.equal({ retrying: [], parked: [] });
    // and with a portal that never answers, an entry is parked after its attempts, for an operator to see
    await harness.service.requestWithdrawal(code, { reason: 'Đổi ý' });
    const down = new NationalSyncOutbox(harness.engine.store, async () => Promise.reject(new Error('down')), { maxAttempts: 1 });
    expect(await down.deliverDue(now + 2000)).to.deep.equal({ sent: 0, retrying: 0, parked: 1 });
    const { retrying, parked } = await down.unsynced();
    expect(retrying).to.deep.equal([]);
    expect(parked.map((entry) => [entry.key, (entry.payload as NationalSyncPayload).status, entry.lastError])).to.deep.equal([[code, 'YEU_CAU_RUT', 'down']]);
    // when the operator sends it again once the portal is back
    expect(await flaky.retryParked(parked[0]!.id, now + 3000)).to.equal(true);
    expect(await flaky.deliverDue(now + 3000)).to.deep.equal({ sent: 1, retrying: 0, parked: 0 });
    expect(received.map((payload) => payload.status).at(-1)).to.equal('YEU_CAU_RUT');
    expect(await flaky.unsynced()).to.deep.equal({ retrying: [], parked: [] });
  });
});
