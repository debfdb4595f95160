/** Form 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ — always with the specific reason. */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { Dossier } from '../dossier/dossier.ts';
import { type Slip, SlipForm, templateOf } from './slip.ts';
import { viDateTime } from './slip-format.ts';

/** `reason` defaults to the one recorded at the refusal (the diagram's `lyDo`). */
export function refusalSlip(dossier: Dossier, reason: string | undefined = dossier.refusal?.reason): Slip {
  if (!reason || reason.trim() === '') {
    throw new MotcuaError(ErrorCode.InvalidInput, `form 03 states the specific reason for refusing dossier ${dossier.code}: none was recorded or given`, { field: 'reason' });
  }
  const at = dossier.refusal?.at;
  return {
    form: SlipForm.Refusal,
    title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
    template: templateOf(SlipForm.Refusal),
    dossierCode: dossier.code,
    fields: [
      { key: 'code', label: 'Mã hồ sơ', value: dossier.code, raw: dossier.code },
      { key: 'applicant', label: 'Gửi ông/bà', value: dossier.applicant.name },
      { key: 'request', label: 'Nội dung yêu cầu giải quyết', value: dossier.procedure.name },
      { key: 'reason', label: 'Lý do từ chối', value: reason },
      { key: 'refusedAt', label: 'Ngày từ chối', value: viDateTime(at), ...(at ? { raw: at } : {}) },
    ],
    tables: [],
    signatures: ['NGƯỜI TIẾP NHẬN HỒ SƠ'],
  };
}
