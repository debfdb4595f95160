import { expect } from 'chai';
import { MotcuaError } from '../../../engine/errors.ts';
import { applyDossierCommand, parseDossierCommand } from '../../../engine/procedure/dossier/dossier-commands.ts';
import { changeStatus, type DossierChange, unchanged } from '../../../engine/procedure/dossier/dossier-transition.ts';
import { DossierStatus as S } from '../../../engine/procedure/dossier/dossier-status.ts';
import { calendar, local, sampleDossier, vn } from '../support/sample-dossier.ts';

/** The sample dossier accepted Mon 05/10/2026 09:00 (due Mon 19/10 17:00) and being processed. */
function accepted(): DossierChange {
  const change = changeStatus(unchanged(sampleDossier()), S.DaTiepNhan, { at: vn('2026-10-05T09:00'), calendar });
  return changeStatus(change, S.DangXuLy, { at: vn('2026-10-05T09:00'), calendar });
}

const cause = 'Xác minh nhiều nơi cư trú';
const dueOf = (change: DossierChange) => local(Date.parse(change.dossier.dueAt!));
const fresh = (change: DossierChange): DossierChange => ({ ...change, events: [], counters: {}, outbox: [] });

describe('engine/procedure/dossier/dossier-commands', () => {
  it('extends the deadline within the maximum: +3 working days moves Mon 19/10 to Thu 22/10', () => {
    // given an accepted dossier of a procedure allowing +5 working days for verification
    const before = fresh(accepted());
    // when 3 days are granted on Mon 12/10
    const after = applyDossierCommand(before, { type: 'extendDeadline', cause, value: 3, by: 'lanh_dao_so' }, { at: vn('2026-10-12T09:00'), calendar });
    // then the due date moves, the extension is recorded, and the portal is told
    expect(dueOf(after)).to.equal('Thu 2026-10-22T17:00');
    expect(after.dossier.extensions).to.have.length(1);
    expect(after.dossier.extensions[0]).to.include({ cause, previousDueAt: before.dossier.dueAt, dueAt: after.dossier.dueAt, noticeLate: false, by: 'lanh_dao_so' });
    expect(after.events.map((event) => event.type)).to.deep.equal(['DossierDeadlineExtended']);
    expect(after.outbox).to.have.length(1);
    expect(after.dossier.syncSeq).to.equal(before.dossier.syncSeq + 1);
  });

  it('refuses an extension beyond the maximum or for a cause the procedure does not have, naming the field', () => {
    // given a dossier already extended by 3 of its 5 days
    const once = applyDossierCommand(accepted(), { type: 'extendDeadline', cause, value: 3 }, { at: vn('2026-10-12T09:00'), calendar });
    // when 3 more are asked, and an unknown cause
    const tooMuch = () => applyDossierCommand(once, { type: 'extendDeadline', cause, value: 3 }, { at: vn('2026-10-13T09:00'), calendar });
    const unknown = () => applyDossierCommand(once, { type: 'extendDeadline', cause: 'Lý do khác' }, { at: vn('2026-10-13T09:00'), calendar });
    // then both are rejected with the field and what is allowed
    expect(tooMuch).to.throw(MotcuaError, /at most 5 WORKING_DAYS; 3 granted already, so 2 left, asked 3/).with.property('field', 'value');
    expect(tooMuch).to.throw(MotcuaError).with.property('code', 'EXTENSION_OVER_MAX');
    expect(unknown).to.throw(MotcuaError, /allows no extension for "Lý do khác": use one of "Xác minh nhiều nơi cư trú"/).with.property('field', 'cause');
  });

  it('while paused, lengthens what is left: the resumption then carries the extension', () => {
    // given the DOMAIN §3.3 PAUSE dossier paused Thu 08/10 with 7 working days left
    const paused = changeStatus(accepted(), S.ChoBoSung, { at: vn('2026-10-08T10:00'), calendar });
    // when 2 days are granted during the pause, then the applicant resubmits Wed 14/10
    const extended = applyDossierCommand(paused, { type: 'extendDeadline', cause, value: 2 }, { at: vn('2026-10-09T09:00'), calendar });
    const resumed = changeStatus(extended, S.DangXuLy, { at: vn('2026-10-14T09:00'), calendar });
    // then 9 days run from Thu 15/10 instead of 7 → Tue 27/10 instead of Fri 23/10
    expect(extended.dossier.remaining).to.deep.equal({ value: 9, unit: 'WORKING_DAYS' });
    expect(dueOf(resumed)).to.equal('Tue 2026-10-27T17:00');
  });

  it('warns when the extension comes later than one working day before the due date (form 04 is due earlier)', () => {
    // given a dossier due Mon 19/10 17:00
    // when the extension is asked on the due day itself
    const late = applyDossierCommand(fresh(accepted()), { type: 'extendDeadline', cause, value: 1 }, { at: vn('2026-10-19T10:00'), calendar });
    // then it is granted, with a warning in the history
    expect(late.dossier.extensions[0].noticeLate).to.equal(true);
    expect(late.events.map((event) => event.type)).to.deep.equal(['DossierDeadlineExtended', 'DossierWarningRaised']);
    expect(late.events[1].data).to.include({ warning: 'EXTENSION_NOTICE_LATE' });
  });

  it('records a withdrawal request as YEU_CAU_RUT, and refuses commands on a finished dossier', () => {
    // given a dossier being processed, and one returned to the applicant
    const running = accepted();
    const done = [S.DaXuLyXong, S.DaTraKetQua].reduce((change, to) => changeStatus(change, to, { at: vn('2026-10-09T09:00'), calendar }), accepted());
    // when the applicant asks to withdraw each
    const withdrawn = applyDossierCommand(running, { type: 'requestWithdrawal', reason: 'Đổi ý' }, { at: vn('2026-10-06T09:00'), calendar });
    const refused = () => applyDossierCommand(done, { type: 'requestWithdrawal' }, { at: vn('2026-10-10T09:00'), calendar });
    // then the running one waits for the stop, the returned one cannot change
    expect(withdrawn.dossier).to.deep.include({ status: S.YeuCauRut, withdrawal: { requestedAt: new Date(vn('2026-10-06T09:00')).toISOString(), reason: 'Đổi ý' } });
    expect(refused).to.throw(MotcuaError, /DA_TRA_KET_QUA: it can no longer change/);
  });

  it('checks the shape of a command read from the reserved variable, naming the field', () => {
    // given malformed commands
    // when parsed
    // then each names what is wrong
    expect(() => parseDossierCommand({ type: 'reopen' })).to.throw(MotcuaError, /unknown dossier command "reopen"/).with.property('field', '__dossierCommand.type');
    expect(() => parseDossierCommand({ type: 'extendDeadline', cause: 'x', value: -1 })).to.throw(MotcuaError).with.property('field', '__dossierCommand.value');
    expect(() => parseDossierCommand({ type: 'recordPayment' })).to.throw(MotcuaError).with.property('field', '__dossierCommand.online');
    expect(() => parseDossierCommand('extend')).to.throw(MotcuaError).with.property('field', '__dossierCommand');
  });
});
