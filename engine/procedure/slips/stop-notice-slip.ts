/** Form 05: Thông báo dừng giải quyết hồ sơ — after a withdrawal request or a refusal after appraisal. */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { Dossier } from '../dossier/dossier.ts';
import { DossierStatus } from '../dossier/dossier-status.ts';
import { type Slip, SlipForm, templateOf } from './slip.ts';
import { viDateTime } from './slip-format.ts';

export function stopNoticeSlip(dossier: Dossier, reason?: string): Slip {
  if (dossier.status !== DossierStatus.DungXuLy || !dossier.stop) {
    throw new MotcuaError(ErrorCode.InvalidInput, `dossier ${dossier.code} is ${dossier.status}: form 05 is issued once it is stopped (DUNG_XU_LY)`, { field: 'dossier.status' });
  }
  const why = reason ?? dossier.stop.reason ?? (dossier.withdrawal ? `Theo yêu cầu rút hồ sơ của người nộp${dossier.withdrawal.reason ? `: ${dossier.withdrawal.reason}` : ''}` : '');
  return {
    form: SlipForm.StopNotice,
    title: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
    template: templateOf(SlipForm.StopNotice),
    dossierCode: dossier.code,
    fields: [
      { key: 'code', label: 'Mã hồ sơ', value: dossier.code, raw: dossier.code },
      { key: 'applicant', label: 'Kính gửi', value: dossier.applicant.name },
      { key: 'request', label: 'Nội dung yêu cầu giải quyết', value: dossier.procedure.name },
      { key: 'acceptedAt', label: 'Ngày tiếp nhận hồ sơ', value: viDateTime(dossier.acceptedAt), ...(dossier.acceptedAt ? { raw: dossier.acceptedAt } : {}) },
      ...(dossier.withdrawal ? [{ key: 'withdrawalRequestedAt', label: 'Ngày yêu cầu rút hồ sơ', value: viDateTime(dossier.withdrawal.requestedAt), raw: dossier.withdrawal.requestedAt }] : []),
      { key: 'reason', label: 'Lý do dừng giải quyết', value: why },
      { key: 'stoppedAt', label: 'Thời điểm dừng giải quyết', value: viDateTime(dossier.stop.at), raw: dossier.stop.at },
    ],
    tables: [],
    signatures: ['THỦ TRƯỞNG CƠ QUAN'],
  };
}
