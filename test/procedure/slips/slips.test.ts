import { expect } from 'chai';
import { MotcuaError } from '../../../engine/errors.ts';
import { changeStatus, type DossierChange, unchanged } from '../../../engine/procedure/dossier/dossier-transition.ts';
import { applyDossierCommand } from '../../../engine/procedure/dossier/dossier-commands.ts';
import { DossierStatus as S } from '../../../engine/procedure/dossier/dossier-status.ts';
import { apologyExtensionSlip } from '../../../engine/procedure/slips/apology-extension-slip.ts';
import { processControlRecord } from '../../../engine/procedure/slips/process-control-record.ts';
import { receiptSlip } from '../../../engine/procedure/slips/receipt-slip.ts';
import { refusalSlip } from '../../../engine/procedure/slips/refusal-slip.ts';
import { registerRow } from '../../../engine/procedure/slips/register.ts';
import { type Slip, slipField } from '../../../engine/procedure/slips/slip.ts';
import { stopNoticeSlip } from '../../../engine/procedure/slips/stop-notice-slip.ts';
import { supplementRequestSlip } from '../../../engine/procedure/slips/supplement-request-slip.ts';
import { deskInput, type Harness, startHarness } from '../support/engine-harness.ts';
import { calendar, sampleDossier, vn } from '../support/sample-dossier.ts';

function go(change: DossierChange, to: S, at: string, reason?: string): DossierChange {
  return changeStatus(change, to, { at: vn(at), calendar, ...(reason ? { reason } : {}) });
}

const accepted = () => go(unchanged(sampleDossier()), S.DaTiepNhan, '2026-10-05T09:00');
const value = (slip: Slip, key: string) => slipField(slip, key)?.value;

describe('engine/procedure/slips', () => {
  it('01 receipt and appointment: code, applicant, request, legal time, received and due hour, components, signatures', () => {
    // given a dossier accepted Mon 05/10/2026 09:00 (10 working days)
    const dossier = accepted().dossier;
    // when its receipt is made
    const slip = receiptSlip(dossier, { collectAt: 'Bộ phận Một cửa Sở Tư pháp', sets: 1 });
    // then it carries the fields of form 01 with Vietnamese labels
    expect([slip.form, slip.title, slip.template]).to.deep.equal(['01', 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', 'Mẫu số 01 – Thông tư 03/2025/TT-VPCP']);
    expect(slipField(slip, 'code')).to.deep.equal({ key: 'code', label: 'Mã hồ sơ', value: '000.00.53.H48-261005-0001', raw: '000.00.53.H48-261005-0001' });
    expect(value(slip, 'applicant')).to.equal('Nguyễn Văn A');
    expect(value(slip, 'request')).to.equal('Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam');
    expect(value(slip, 'legalTime')).to.equal('10 ngày làm việc');
    expect(slipField(slip, 'acceptedAt')).to.include({ label: 'Thời gian nhận hồ sơ', value: '09 giờ 00 phút, ngày 05/10/2026' });
    expect(slipField(slip, 'dueAt')).to.include({ label: 'Thời gian trả kết quả giải quyết hồ sơ', value: '17 giờ 00 phút, ngày 19/10/2026' });
    expect(value(slip, 'collectAt')).to.equal('Bộ phận Một cửa Sở Tư pháp');
    expect(slip.tables[0].rows).to.deep.equal([
      { no: '1', name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', quantity: '1', digitised: 'Có' },
      { no: '2', name: 'Bản chụp giấy tờ tùy thân', quantity: '1', digitised: 'Không' },
    ]);
    expect(slip.signatures).to.deep.equal(['NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ']);
  });

  it('01 is not issued for a dossier that is not accepted (no receipt without an appointment)', () => {
    // given a submitted dossier
    // when its receipt is asked
    // then it is refused
    expect(() => receiptSlip(sampleDossier())).to.throw(MotcuaError, /not accepted: form 01 is issued at acceptance/);
  });

  it('02 supplement request: what to add, why, whom to contact; both lists and reason required', () => {
    // given a dossier paused for a supplement
    const paused = go(accepted(), S.ChoBoSung, '2026-10-08T10:00').dossier;
    // when form 02 is made, and when it is made without components
    const slip = supplementRequestSlip(paused, { components: [{ name: 'Bản sao sổ hộ khẩu', reason: 'bản chụp mờ' }], reason: 'Giấy tờ không đọc được', contact: 'Chuyên viên Lê C, 0243 000 000' });
    const empty = () => supplementRequestSlip(paused, { components: [], reason: 'x', contact: 'y' });
    // then it lists the component, the reason, the contact and the date of the request
    expect(slip.tables[0].rows).to.deep.equal([{ no: '1', name: 'Bản sao sổ hộ khẩu', reason: 'bản chụp mờ' }]);
    expect([value(slip, 'reason'), value(slip, 'contact'), value(slip, 'issuedAt')]).to.deep.equal(['Giấy tờ không đọc được', 'Chuyên viên Lê C, 0243 000 000', '10 giờ 00 phút, ngày 08/10/2026']);
    expect(empty).to.throw(MotcuaError).with.property('field', 'components');
  });

  it('03 refusal: the specific reason recorded at the refusal, required', () => {
    // given a dossier refused at the desk with a reason, and one refused without
    const refused = go(unchanged(sampleDossier()), S.KhongTiepNhan, '2026-10-05T09:00', 'Không thuộc thẩm quyền giải quyết').dossier;
    const silent = go(unchanged(sampleDossier()), S.KhongTiepNhan, '2026-10-05T09:00').dossier;
    // when form 03 is made
    const slip = refusalSlip(refused);
    // then the reason is printed; without one it cannot be made
    expect([slip.title, value(slip, 'reason'), value(slip, 'refusedAt')]).to.deep.equal(['PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', 'Không thuộc thẩm quyền giải quyết', '09 giờ 00 phút, ngày 05/10/2026']);
    expect(() => refusalSlip(silent)).to.throw(MotcuaError).with.property('field', 'reason');
  });

  it('04 apology and extension: the original date, the reason, the apology, the new date, the head of the agency', () => {
    // given a dossier due Mon 19/10 extended by 3 working days on Wed 14/10
    const extended = applyDossierCommand(accepted(), { type: 'extendDeadline', cause: 'Xác minh nhiều nơi cư trú', value: 3 }, { at: vn('2026-10-14T09:00'), calendar }).dossier;
    // when form 04 is made
    const slip = apologyExtensionSlip(extended, { agencyName: 'Sở Tư pháp' });
    // then it says when it was due, why, and when it will be
    expect(value(slip, 'originalDueAt')).to.equal('17 giờ 00 phút, ngày 19/10/2026');
    expect(value(slip, 'newDueAt')).to.equal('17 giờ 00 phút, ngày 22/10/2026');
    expect(value(slip, 'reason')).to.equal('Xác minh nhiều nơi cư trú');
    expect(value(slip, 'apology')).to.match(/^Sở Tư pháp xin lỗi ông\/bà/);
    expect(slip.signatures).to.deep.equal(['THỦ TRƯỞNG SỞ TƯ PHÁP']);
    expect(() => apologyExtensionSlip(accepted().dossier, { agencyName: 'Sở Tư pháp' })).to.throw(MotcuaError, /has no extension/);
  });

  it('05 stop notice: after the withdrawal request, with its reason; only for a stopped dossier', () => {
    // given a dossier withdrawn then stopped
    const requested = applyDossierCommand(accepted(), { type: 'requestWithdrawal', reason: 'Đã chuyển nơi cư trú' }, { at: vn('2026-10-06T09:00'), calendar });
    const stopped = go(requested, S.DungXuLy, '2026-10-06T10:00').dossier;
    // when form 05 is made
    const slip = stopNoticeSlip(stopped);
    // then it states the request and the stop
    expect(value(slip, 'reason')).to.equal('Theo yêu cầu rút hồ sơ của người nộp: Đã chuyển nơi cư trú');
    expect(value(slip, 'withdrawalRequestedAt')).to.equal('09 giờ 00 phút, ngày 06/10/2026');
    expect(value(slip, 'stoppedAt')).to.equal('10 giờ 00 phút, ngày 06/10/2026');
    expect(() => stopNoticeSlip(requested.dossier)).to.throw(MotcuaError, /form 05 is issued once it is stopped/);
  });

  it('07 register row: every key date of the dossier and notes on supplements', () => {
    // given the PAUSE example finished early
    const change = [
      [S.DangXuLy, '2026-10-05T09:00'],
      [S.ChoBoSung, '2026-10-08T10:00'],
      [S.DangXuLy, '2026-10-14T09:00'],
      [S.DaXuLyXong, '2026-10-22T15:00'],
    ].reduce((c, [to, at]) => go(c, to as S, at), accepted());
    // when its register row is made
    const row = registerRow(change.dossier);
    // then
    expect(row).to.deep.include({
      code: '000.00.53.H48-261005-0001',
      channel: 'Trực tiếp',
      acceptedAt: '09 giờ 00 phút, ngày 05/10/2026',
      appointmentAt: '17 giờ 00 phút, ngày 19/10/2026',
      dueAt: '17 giờ 00 phút, ngày 23/10/2026',
      finishedAt: '15 giờ 00 phút, ngày 22/10/2026',
      status: 'Đã xử lý xong',
      result: 'Trước hạn',
      note: 'Yêu cầu bổ sung 1 lần',
    });
  });

  describe('06 process control record, from the engine history', () => {
    let harness: Harness;
    afterEach(async () => harness?.close());

    it('lists each hand-over with holder, times, due date and EARLY / ONTIME / LATE', async () => {
      // given a dossier accepted Mon 05/10 09:00, appraised Wed 07/10, approved Mon 19/10 (its step budget: 1 working day)
      harness = await startHarness();
      const { instanceId } = await harness.service.receive(deskInput());
      harness.at('2026-10-05T09:00');
      await harness.complete(instanceId, 'Task_KiemTra', { hopLe: true });
      harness.at('2026-10-07T09:00');
      await harness.complete(instanceId, 'Task_ThamDinh', { canBoSung: false });
      harness.at('2026-10-09T09:00');
      await harness.complete(instanceId, 'Task_PheDuyet');
      const { dossier } = (await harness.service.byInstance(instanceId))!;
      // when form 06 is generated from the history
      const slip = processControlRecord(dossier, await harness.engine.history(instanceId), { stepNames: { Task_KiemTra: 'Kiểm tra hồ sơ', Task_ThamDinh: 'Thẩm định hồ sơ', Task_PheDuyet: 'Phê duyệt, ký', Task_TraKetQua: 'Trả kết quả' } });
      // then each step is a row: received, handed over, due, and how it went
      expect(slip.tables[0].rows.map((row) => [row.step, row.holder, row.handedOverAt, row.dueAt, row.result, row.note])).to.deep.equal([
        ['Kiểm tra hồ sơ', 'mot-cua', '09 giờ 00 phút, ngày 05/10/2026', '', '', ''],
        ['Tiếp nhận hồ sơ', '000.00.53.H48', '09 giờ 00 phút, ngày 05/10/2026', '', '', ''],
        ['Thẩm định hồ sơ', 'chuyen-vien', '09 giờ 00 phút, ngày 07/10/2026', '17 giờ 00 phút, ngày 15/10/2026', 'Trước hạn', ''],
        ['Phê duyệt, ký', 'lanh-dao', '09 giờ 00 phút, ngày 09/10/2026', '17 giờ 00 phút, ngày 08/10/2026', 'Trễ hạn', ''],
        ['Trả kết quả', 'mot-cua', '', '', '', 'Đang xử lý'],
      ]);
      expect(value(slip, 'result')).to.equal('Trước hạn');
    });
  });
});
