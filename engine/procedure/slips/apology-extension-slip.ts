/**
 * Form 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết — the original appointment, the
 * reason, the apology and the new date, signed by the head of the agency. Issued at least one
 * working day before the due date (DOMAIN §3.4); the extension it announces is `extensions[last]`.
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { Dossier } from '../dossier/dossier.ts';
import { type Slip, SlipForm, templateOf } from './slip.ts';
import { viDateTime } from './slip-format.ts';

export interface ApologyInput {
  /** why the dossier will be late; default the extension's cause */
  readonly reason?: string;
  /** the agency whose head signs */
  readonly agencyName: string;
}

export function apologyExtensionSlip(dossier: Dossier, input: ApologyInput): Slip {
  const extension = dossier.extensions[dossier.extensions.length - 1];
  if (!extension) throw new MotcuaError(ErrorCode.InvalidInput, `dossier ${dossier.code} has no extension: extend the deadline first, then issue form 04`, { field: 'extensions' });
  const originalDue = extension.previousDueAt ?? dossier.appointmentAt;
  const newDue = extension.dueAt ?? dossier.dueAt;
  const reason = input.reason ?? extension.cause;
  return {
    form: SlipForm.ApologyExtension,
    title: 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
    template: templateOf(SlipForm.ApologyExtension),
    dossierCode: dossier.code,
    fields: [
      { key: 'code', label: 'Mã hồ sơ', value: dossier.code, raw: dossier.code },
      { key: 'applicant', label: 'Kính gửi', value: dossier.applicant.name },
      { key: 'request', label: 'Nội dung yêu cầu giải quyết', value: dossier.procedure.name },
      { key: 'acceptedAt', label: 'Ngày tiếp nhận hồ sơ', value: viDateTime(dossier.acceptedAt), ...(dossier.acceptedAt ? { raw: dossier.acceptedAt } : {}) },
      { key: 'originalDueAt', label: 'Thời gian hẹn trả kết quả', value: viDateTime(originalDue), ...(originalDue ? { raw: originalDue } : {}) },
      { key: 'reason', label: 'Lý do quá hạn', value: reason },
      {
        key: 'apology',
        label: 'Lời xin lỗi',
        value: `${input.agencyName} xin lỗi ông/bà vì sự chậm trễ này và hẹn trả kết quả vào thời gian dưới đây.`,
      },
      { key: 'newDueAt', label: 'Thời gian hẹn trả kết quả mới', value: viDateTime(newDue), ...(newDue ? { raw: newDue } : {}) },
    ],
    tables: [],
    signatures: [`THỦ TRƯỞNG ${input.agencyName.toUpperCase()}`],
  };
}
