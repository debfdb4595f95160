import { expect } from 'chai';
import { ErrorCode, MotcuaError } from '../../../engine/errors.ts';
import { resultOf } from '../../../engine/procedure/dossier/dossier-clock.ts';
import type { Dossier } from '../../../engine/procedure/dossier/dossier.ts';
import { changeStatus, type DossierChange, unchanged } from '../../../engine/procedure/dossier/dossier-transition.ts';
import { DossierStatus as S } from '../../../engine/procedure/dossier/dossier-status.ts';
import { calendar, local, sampleDossier, vn, vnIso } from '../support/sample-dossier.ts';

/** Apply `[status, Hà Nội time]` changes in order, as the diagram would enter them. */
function run(dossier: Dossier, ...changes: [S, string][]): DossierChange {
  return changes.reduce((change, [to, at]) => changeStatus(change, to, { at: vn(at), calendar }), unchanged(dossier));
}

const ZONE = 'Asia/Ho_Chi_Minh';

describe('engine/procedure/dossier/dossier-transition', () => {
  it('starts the clock at acceptance: 10 working days from Mon 05/10/2026 → Mon 19/10 17:00', () => {
    // given a submitted 10-working-day dossier
    const dossier = sampleDossier();
    // when it is accepted Monday at 09:00
    const change = run(dossier, [S.DaTiepNhan, '2026-10-05T09:00']);
    // then the due instant and the appointment are set, the clock runs from the acceptance
    expect(local(Date.parse(change.dossier.dueAt!))).to.equal('Mon 2026-10-19T17:00');
    expect(change.dossier.appointmentAt).to.equal(change.dossier.dueAt);
    expect(change.dossier).to.include({ status: S.DaTiepNhan, acceptedAt: vnIso('2026-10-05T09:00'), acceptedLate: false, syncSeq: 2 });
    // and the change is recorded, sent to the portal and counted
    expect(change.events).to.have.length(1);
    expect(change.events[0]).to.deep.include({ type: 'DossierStatusChanged' });
    expect(change.events[0].data).to.include({ from: S.MoiDangKy, to: S.DaTiepNhan, nationalCode: 2, code: dossier.code });
    expect(change.outbox).to.deep.equal([
      {
        topic: 'national-sync',
        key: dossier.code,
        payload: {
          code: dossier.code,
          status: S.DaTiepNhan,
          nationalStatus: 2,
          syncSeq: 2,
          at: vnIso('2026-10-05T09:00'),
          procedure: '2.000488',
          agency: '000.00.53.H48',
          channel: 1,
          acceptedAt: vnIso('2026-10-05T09:00'),
          dueAt: vnIso('2026-10-19T17:00'),
        },
      },
    ]);
    expect(change.counters).to.include({ 'kpi/2026-10/000.00.53.H48/2.000488/1/received': 1, 'kpi/2026-10/000.00.53.H48/2.000488/1/components': 2 });
  });

  it('applies the cut-off: a same-day dossier received Fri 13/02/2026 15:30 is due after Tết, Mon 23/02', () => {
    // given a same-day procedure
    const dossier = sampleDossier({ terms: { ...sampleDossier().terms, period: { value: 0, unit: 'SAME_DAY' } } });
    // when it is accepted after the 15:00 cut-off on the last day before the Tết break
    const change = run(dossier, [S.DaTiepNhan, '2026-02-13T15:30']);
    // then it is due at the close of the next working day
    expect(local(Date.parse(change.dossier.dueAt!))).to.equal('Mon 2026-02-23T17:00');
  });

  it('applies the cut-off to working hours too, unless the procedure turns it off', () => {
    // given an 8-working-hour procedure, and the same procedure with applyCutoffToAcceptance: false
    const terms = { ...sampleDossier().terms, period: { value: 8, unit: 'WORKING_HOURS' } } as const;
    const dossier = sampleDossier({ terms });
    const off = sampleDossier({ terms: { ...terms, applyCutoffToAcceptance: false } });
    // when each is accepted Mon 05/10/2026 at 16:00, after the 15:00 cut-off
    const counted = run(dossier, [S.DaTiepNhan, '2026-10-05T16:00']).dossier;
    const exact = run(off, [S.DaTiepNhan, '2026-10-05T16:00']).dossier;
    // then the first counts from Tuesday's opening, the second from 16:00
    expect(local(Date.parse(counted.countedFrom!))).to.equal('Tue 2026-10-06T07:30');
    expect(local(Date.parse(counted.dueAt!))).to.equal('Wed 2026-10-07T08:00');
    expect(local(Date.parse(exact.countedFrom!))).to.equal('Mon 2026-10-05T16:00');
    expect(local(Date.parse(exact.dueAt!))).to.equal('Tue 2026-10-06T16:30');
  });

  it('counts an online dossier accepted after its reception SLA as accepted late', () => {
    // given an online dossier submitted Mon 05/10 08:00, to be accepted by Tue 06/10 17:00
    const dossier = sampleDossier({ channel: 2, receptionDueAt: vnIso('2026-10-06T17:00') });
    // when it is accepted on Wednesday
    const change = run(dossier, [S.DaTiepNhan, '2026-10-07T08:00']);
    // then it is marked and counted as accepted late (and as online)
    expect(change.dossier.acceptedLate).to.equal(true);
    expect(change.counters).to.include({ 'kpi/2026-10/000.00.53.H48/2.000488/2/acceptedLate': 1, 'kpi/2026-10/000.00.53.H48/2.000488/2/receivedOnline': 1 });
  });

  it('rejects an invalid change naming the element, and leaves the dossier as it was', () => {
    // given an accepted dossier being processed
    const before = run(sampleDossier(), [S.DaTiepNhan, '2026-10-05T09:00'], [S.DangXuLy, '2026-10-05T09:00']);
    const snapshot = JSON.stringify(before);
    // when an element returns the result before it is ready
    let error: MotcuaError | undefined;
    try {
      changeStatus(before, S.DaTraKetQua, { at: vn('2026-10-06T09:00'), calendar, elementId: 'Task_Tra', elementType: 'bpmn:UserTask' });
    } catch (caught) {
      error = caught as MotcuaError;
    }
    // then the rejection names the element and the rule, and nothing changed
    expect(error).to.be.instanceOf(MotcuaError);
    expect(error).to.include({ code: ErrorCode.InvalidInput, elementId: 'Task_Tra', elementType: 'bpmn:UserTask' });
    expect(error!.message).to.match(/Task_Tra sets dossier .* to DA_TRA_KET_QUA while it is DANG_XU_LY/);
    expect(JSON.stringify(before)).to.equal(snapshot);
  });

  it('does not start or pause a clock for guidance at the desk (supplement before acceptance)', () => {
    // given a submitted dossier
    // when the desk asks for a supplement, then accepts it after the resubmission
    const change = run(sampleDossier(), [S.ChoBoSung, '2026-10-05T09:00'], [S.DaTiepNhan, '2026-10-07T09:00']);
    // then no processing request is counted and the clock starts at the acceptance only
    expect(change.dossier.supplementRequests).to.deep.equal({ total: 0, byAgency: {}, atReception: 1 });
    expect(change.dossier.pausedAt).to.equal(undefined);
    expect(local(Date.parse(change.dossier.dueAt!))).to.equal('Wed 2026-10-21T17:00');
  });

  it('pauses the clock while waiting for fees (CHO_NGHIA_VU_TAI_CHINH) by default, whatever the supplement policy; RUN keeps it running', () => {
    // given dossiers accepted Mon 05/10/2026 09:00 (10 working days, due Mon 19/10): PAUSE, PAUSE with RESET supplements, RUN
    const terms = sampleDossier().terms;
    const waits: [S, string][] = [[S.DaTiepNhan, '2026-10-05T09:00'], [S.ChoNghiaVuTaiChinh, '2026-10-08T10:00']];
    // when each waits for its fees from Thu 08/10 and pays on Wed 14/10
    const paused = run(sampleDossier(), ...waits);
    const paid = changeStatus(paused, S.DangXuLy, { at: vn('2026-10-14T09:00'), calendar });
    const resetPaid = run(sampleDossier({ terms: { ...terms, supplementPolicy: 'RESET' } }), ...waits, [S.DangXuLy, '2026-10-14T09:00']);
    const running = run(sampleDossier({ terms: { ...terms, paymentWaitPolicy: 'RUN' } }), ...waits);
    // then the wait stops the clock like a supplement (7 days left from Thu 15/10 → Fri 23/10), counts no supplement request,
    expect(paused.dossier.pausedAt).to.equal(vnIso('2026-10-08T10:00'));
    expect(local(Date.parse(paid.dossier.dueAt!))).to.equal('Fri 2026-10-23T17:00');
    expect(paid.dossier.supplementRequests.total).to.equal(0);
    // and never restarts the full period, while under RUN nothing stops
    expect(local(Date.parse(resetPaid.dossier.dueAt!))).to.equal('Fri 2026-10-23T17:00');
    expect([running.dossier.pausedAt, local(Date.parse(running.dossier.dueAt!))]).to.deep.equal([undefined, 'Mon 2026-10-19T17:00']);
  });

  it('warns and makes the dossier LATE at a second supplement request by the same agency, not by another', () => {
    // given an accepted dossier
    const accepted = run(sampleDossier(), [S.DaTiepNhan, '2026-10-05T09:00'], [S.DangXuLy, '2026-10-05T09:00']);
    // when the handling agency asks twice
    const twice = [
      [S.ChoBoSung, '2026-10-06T09:00'],
      [S.DangXuLy, '2026-10-07T09:00'],
      [S.ChoBoSung, '2026-10-08T09:00'],
    ].reduce((change, [to, at]) => changeStatus(change, to as S, { at: vn(at), calendar }), accepted);
    // and, separately, once each by two agencies (liên thông)
    const first = changeStatus(accepted, S.ChoBoSung, { at: vn('2026-10-06T09:00'), calendar });
    const back = changeStatus(first, S.DangXuLy, { at: vn('2026-10-07T09:00'), calendar });
    const other = changeStatus({ ...back, dossier: { ...back.dossier, handlingAgency: 'CA.H48' } }, S.ChoBoSung, { at: vn('2026-10-08T09:00'), calendar });
    // then the second request by one agency raises a warning and counts as late
    const warnings = twice.events.filter((event) => event.type === 'DossierWarningRaised');
    expect(warnings).to.have.length(1);
    expect(warnings[0].data).to.include({ warning: 'SECOND_SUPPLEMENT_REQUEST' });
    expect(twice.dossier.lateBySupplements).to.equal(true);
    expect(twice.dossier.supplementRequests).to.deep.include({ total: 2, byAgency: { '000.00.53.H48': 2 } });
    // and requests by different agencies do not
    expect(other.dossier.lateBySupplements).to.equal(undefined);
    expect(other.events.some((event) => event.type === 'DossierWarningRaised')).to.equal(false);
  });

  it('ends at DA_XU_LY_XONG with the result and the processing time without the pause', () => {
    // given the DOMAIN §3.3 PAUSE dossier: accepted Mon 05/10, paused Thu 08/10, resumed Wed 14/10 (due Fri 23/10)
    const change = run(
      sampleDossier(),
      [S.DaTiepNhan, '2026-10-05T09:00'],
      [S.DangXuLy, '2026-10-05T09:00'],
      [S.ChoBoSung, '2026-10-08T10:00'],
      [S.DangXuLy, '2026-10-14T09:00'],
      // when the result is ready on Thu 22/10, the day before the due date
      [S.DaXuLyXong, '2026-10-22T15:00'],
    );
    // then it is EARLY, and 9 working days were spent (6–8/10 and 15–22/10; the 4 paused days 9–14/10 are not counted)
    expect(change.dossier).to.include({ result: 'EARLY', finishedAt: vnIso('2026-10-22T15:00'), pausedWorkingDays: 4 });
    expect(change.counters).to.include({
      'kpi/2026-10/000.00.53.H48/2.000488/1/finished': 1,
      'kpi/2026-10/000.00.53.H48/2.000488/1/finishedEarly': 1,
      'kpi/2026-10/000.00.53.H48/2.000488/1/processingDays': 9,
      'kpi/2026-10/000.00.53.H48/2.000488/1/results': 1,
      'kpi/2026-10/000.00.53.H48/2.000488/1/resultsElectronic': 1,
      'kpi/2026-10/000.00.53.H48/2.000488/1/supplementRequests': 1,
    });
  });

  it('stops a paused dossier with a result counted from a virtual resumption, and a never-accepted one with none', () => {
    // given a dossier paused for a supplement, and one never accepted
    const paused = run(sampleDossier(), [S.DaTiepNhan, '2026-10-05T09:00'], [S.ChoBoSung, '2026-10-06T09:00']);
    // when each is stopped
    const stopped = changeStatus(paused, S.DungXuLy, { at: vn('2026-10-20T09:00'), calendar, reason: 'Công dân rút hồ sơ' });
    const never = run(sampleDossier(), [S.DungXuLy, '2026-10-05T10:00']);
    // then the paused one is no longer paused, ends with its reason and a result; the other has no result
    expect(stopped.dossier.pausedAt).to.equal(undefined);
    expect(stopped.dossier.stop).to.deep.equal({ at: vnIso('2026-10-20T09:00'), reason: 'Công dân rút hồ sơ' });
    expect(stopped.dossier.result).to.equal('EARLY');
    expect(never.dossier.status).to.equal(S.DungXuLy);
    expect(never.dossier).not.to.have.any.keys('result', 'finishedAt', 'dueAt');
  });
});

describe('engine/procedure/dossier/dossier-clock resultOf', () => {
  const due = vn('2026-10-19T17:00');

  it('is EARLY on any day before the due date, ONTIME on the due day up to the due instant', () => {
    // given a dossier due Mon 19/10/2026 17:00
    // when it finishes the Friday before, the due day in the morning, and exactly at the due instant
    // then
    expect(resultOf(vn('2026-10-16T16:59'), due, ZONE)).to.equal('EARLY');
    expect(resultOf(vn('2026-10-19T00:00'), due, ZONE)).to.equal('ONTIME');
    expect(resultOf(vn('2026-10-19T08:00'), due, ZONE)).to.equal('ONTIME');
    expect(resultOf(due, due, ZONE)).to.equal('ONTIME');
  });

  it('is LATE one minute after the due instant, and whatever the date after a second supplement request', () => {
    // given the same due instant
    // when it finishes at 17:01 the due day, the next morning, or early but after two requests by one agency
    // then
    expect(resultOf(vn('2026-10-19T17:01'), due, ZONE)).to.equal('LATE');
    expect(resultOf(vn('2026-10-20T07:30'), due, ZONE)).to.equal('LATE');
    expect(resultOf(vn('2026-10-12T09:00'), due, ZONE, true)).to.equal('LATE');
  });
});
