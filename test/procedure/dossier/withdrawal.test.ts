/**
 * Withdrawal (DOMAIN §3.4: the applicant asks, YEU_CAU_RUT; the agency stops, DUNG_XU_LY with
 * form 05) by its two routes — the diagram's message `RutHoSo` and `DossierService` — on the real
 * engine: they must leave the same dossier, history and outbox.
 */
import { expect } from 'chai';
import type { MotcuaError } from '../../../engine/errors.ts';
import type { RecordedEvent } from '../../../engine/runtime/api.ts';
import { NATIONAL_SYNC_TOPIC, type NationalSyncPayload } from '../../../engine/procedure/dossier/national-sync.ts';
import { stopNoticeSlip } from '../../../engine/procedure/slips/stop-notice-slip.ts';
import { deskInput, type Harness, startHarness } from '../support/engine-harness.ts';
import { fixtureRecords, vnIso, withdrawalRecord } from '../support/sample-dossier.ts';

const REASON = 'Không còn nhu cầu';

/** The dossier's status changes as (from, to, reason, by). */
function statusChanges(history: readonly RecordedEvent[]): unknown[][] {
  return history
    .filter((event) => event.type === 'DossierStatusChanged')
    .map((event) => [event.data?.from, event.data?.to, event.data?.reason ?? null, event.by ?? null]);
}

describe('engine/procedure/dossier withdrawal: the RutHoSo message and DossierService.requestWithdrawal', () => {
  let harness: Harness;
  afterEach(async () => harness?.close());

  /** A dossier of the withdrawal fixture, accepted Mon 05/10 09:00 and being appraised; the clock then at Tue 06/10 09:00. */
  async function appraised(): Promise<{ code: string; instanceId: string }> {
    harness = await startHarness({ records: [...fixtureRecords(), withdrawalRecord()] });
    const { code, instanceId } = await harness.service.receive(deskInput('9.000002'));
    harness.at('2026-10-05T09:00');
    await harness.complete(instanceId, 'Task_KiemTra');
    harness.at('2026-10-06T09:00');
    return { code, instanceId };
  }

  it('through the service: the diagram takes over (appraisal interrupted, stop notice opened), reason and author recorded', async () => {
    // given a dossier being appraised, in a diagram that handles RutHoSo
    const { code, instanceId } = await appraised();
    // when the applicant asks to withdraw through the service
    const requested = await harness.service.requestWithdrawal(code, { reason: REASON, by: 'cong_dan' });
    // then the dossier waits for the stop in YEU_CAU_RUT, and the appraisal gave way to the stop notice
    expect(requested).to.deep.include({ status: 'YEU_CAU_RUT', withdrawal: { requestedAt: vnIso('2026-10-06T09:00'), reason: REASON } });
    expect((await harness.engine.listTasks({ instanceId })).map((task) => task.elementId)).to.deep.equal(['Task_DungGiaiQuyet']);
    const history = await harness.engine.history(instanceId);
    expect(history.some((event) => event.type === 'MessageReceived' && event.data?.messageName === 'RutHoSo')).to.equal(true);
    expect(statusChanges(history).at(-1)).to.deep.equal(['DANG_XU_LY', 'YEU_CAU_RUT', REASON, 'cong_dan']);
    // and the reserved command variable is kept nowhere in the state
    const state = (await harness.engine.getInstance(instanceId))!.state;
    expect(Object.values(state.scopes).filter((scope) => '__dossierCommand' in scope.variables)).to.deep.equal([]);
    // when the desk completes the stop notice
    harness.at('2026-10-06T10:00');
    await harness.complete(instanceId, 'Task_DungGiaiQuyet');
    // then the dossier is stopped, EARLY (before the due day), and form 05 gives the applicant's request as the reason
    const stopped = (await harness.service.findByCode(code))!;
    expect(stopped.instanceStatus).to.equal('COMPLETED');
    expect(stopped.dossier).to.deep.include({ status: 'DUNG_XU_LY', stop: { at: vnIso('2026-10-06T10:00') }, result: 'EARLY' });
    expect(stopNoticeSlip(stopped.dossier).fields.find((field) => field.key === 'reason')?.value).to.equal(`Theo yêu cầu rút hồ sơ của người nộp: ${REASON}`);
  });

  it('by the message alone (a portal correlating RutHoSo with lyDo) gives the same dossier, status changes and sync messages', async () => {
    // given two dossiers being appraised, in two engines
    const viaService = await appraised();
    await harness.service.requestWithdrawal(viaService.code, { reason: REASON });
    harness.at('2026-10-06T10:00');
    await harness.complete(viaService.instanceId, 'Task_DungGiaiQuyet');
    const serviceRoute = await routeFacts(harness, viaService.instanceId);
    await harness.close();
    // when the other is withdrawn by the message, its reason in lyDo
    const viaMessage = await appraised();
    await harness.engine.correlateMessage('RutHoSo', { instanceId: viaMessage.instanceId, variables: { lyDo: REASON } });
    harness.at('2026-10-06T10:00');
    await harness.complete(viaMessage.instanceId, 'Task_DungGiaiQuyet');
    const messageRoute = await routeFacts(harness, viaMessage.instanceId);
    // then both routes left the same facts
    expect(messageRoute).to.deep.equal(serviceRoute);
    expect(messageRoute.dossier).to.deep.include({ withdrawal: { requestedAt: vnIso('2026-10-06T09:00'), reason: REASON }, status: 'DUNG_XU_LY' });
  });

  it('in a diagram without RutHoSo: the status changes, the process keeps running until the desk stops it', async () => {
    // given an accepted dossier whose diagram has no withdrawal path (ho-so.bpmn)
    harness = await startHarness();
    const { code, instanceId } = await harness.service.receive(deskInput());
    harness.at('2026-10-05T09:00');
    await harness.complete(instanceId, 'Task_KiemTra', { hopLe: true });
    // when the applicant asks to withdraw
    harness.at('2026-10-06T09:00');
    const requested = await harness.service.requestWithdrawal(code, { reason: REASON, by: 'cong_dan' });
    // then the dossier is YEU_CAU_RUT with the request recorded, and the appraisal is still open
    expect(requested).to.deep.include({ status: 'YEU_CAU_RUT', withdrawal: { requestedAt: vnIso('2026-10-06T09:00'), reason: REASON } });
    expect((await harness.engine.listTasks({ instanceId })).map((task) => task.elementId)).to.deep.equal(['Task_ThamDinh']);
    // when the desk stops it, first without the reason form 05 must state, then with it
    const missingReason = await harness.service.stop(code, { reason: ' ' }).catch((error: MotcuaError) => error);
    harness.at('2026-10-06T10:00');
    const stopped = await harness.service.stop(code, { reason: 'Theo yêu cầu rút hồ sơ', by: 'mot_cua' });
    // then the reason is required; the process is cancelled in the same command, the dossier stopped and final
    expect(missingReason).to.deep.include({ code: 'INVALID_INPUT', field: 'reason' });
    expect(stopped).to.deep.include({ status: 'DUNG_XU_LY', stop: { at: vnIso('2026-10-06T10:00'), reason: 'Theo yêu cầu rút hồ sơ' }, result: 'EARLY' });
    expect((await harness.engine.getInstance(instanceId))!.state.status).to.equal('CANCELLED');
    const afterStop = await harness.service.requestWithdrawal(code).catch((error: MotcuaError) => error);
    expect(afterStop).to.have.property('message').that.matches(/DUNG_XU_LY: it can no longer change/);
    expect(statusChanges(await harness.engine.history(instanceId)).slice(-2)).to.deep.equal([
      ['DANG_XU_LY', 'YEU_CAU_RUT', REASON, 'cong_dan'],
      ['YEU_CAU_RUT', 'DUNG_XU_LY', 'Theo yêu cầu rút hồ sơ', 'mot_cua'],
    ]);
  });

  it('refuses a withdrawal once the result is ready, by either route, and changes nothing', async () => {
    // given a dossier whose result is ready (DA_XU_LY_XONG): only its return may follow
    harness = await startHarness({ records: [...fixtureRecords(), withdrawalRecord()] });
    const { code, instanceId } = await harness.service.receive(deskInput('9.000002'));
    await harness.complete(instanceId, 'Task_KiemTra');
    await harness.complete(instanceId, 'Task_ThamDinh');
    expect((await harness.service.byInstance(instanceId))!.dossier.status).to.equal('DA_XU_LY_XONG');
    const before = await harness.engine.getInstance(instanceId);
    // when the withdrawal is asked through the service, and by the message
    const service = await harness.service.requestWithdrawal(code, { reason: REASON }).catch((error: unknown) => error);
    const message = await harness.engine.correlateMessage('RutHoSo', { instanceId, variables: { lyDo: REASON } }).catch((error: unknown) => error);
    // then both are refused naming the status rule, and the instance is exactly as it was
    for (const error of [service, message]) {
      expect(error).to.have.property('code', 'INVALID_INPUT');
      expect((error as Error).message).to.match(/YEU_CAU_RUT while it is DA_XU_LY_XONG: the result is ready: return it/);
    }
    expect(await harness.engine.getInstance(instanceId)).to.deep.equal(before);
  });
});

/** What a withdrawal leaves: the dossier, its status changes, and the national-sync payloads without their instants of queueing. */
async function routeFacts(harness: Harness, instanceId: string) {
  const dossier = (await harness.service.byInstance(instanceId))!.dossier;
  const outbox = (await harness.engine.store.pendingOutbox(NATIONAL_SYNC_TOPIC, 100)).map((entry) => {
    const payload = entry.payload as NationalSyncPayload;
    return [payload.status, payload.syncSeq];
  });
  const { code: _code, submittedAt: _submitted, ...rest } = dossier;
  return { dossier: rest, changes: statusChanges(await harness.engine.history(instanceId)).map(([from, to, reason]) => [from, to, reason]), outbox };
}
