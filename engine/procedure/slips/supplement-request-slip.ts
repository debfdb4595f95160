/** Form 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ — what to add, why, and whom to ask. */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { Dossier } from '../dossier/dossier.ts';
import { type Slip, SlipForm, templateOf } from './slip.ts';
import { viDateTime } from './slip-format.ts';

export interface SupplementRequestInput {
  /** the components to add or complete, each with what is wrong */
  readonly components: readonly { readonly name: string; readonly reason?: string }[];
  readonly reason: string;
  /** the officer to contact: name and phone */
  readonly contact: string;
  /** when it is issued (ISO); default the dossier's pause instant */
  readonly at?: string;
}

export function supplementRequestSlip(dossier: Dossier, input: SupplementRequestInput): Slip {
  if (input.components.length === 0) throw new MotcuaError(ErrorCode.InvalidInput, 'form 02 lists the components to add: give at least one', { field: 'components' });
  if (input.reason.trim() === '') throw new MotcuaError(ErrorCode.InvalidInput, 'form 02 gives the reason for the request', { field: 'reason' });
  const at = input.at ?? dossier.pausedAt;
  return {
    form: SlipForm.SupplementRequest,
    title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
    template: templateOf(SlipForm.SupplementRequest),
    dossierCode: dossier.code,
    fields: [
      { key: 'code', label: 'Mã hồ sơ', value: dossier.code, raw: dossier.code },
      { key: 'applicant', label: 'Gửi ông/bà', value: dossier.applicant.name },
      { key: 'request', label: 'Nội dung yêu cầu giải quyết', value: dossier.procedure.name },
      { key: 'reason', label: 'Lý do', value: input.reason },
      { key: 'contact', label: 'Mọi thắc mắc xin liên hệ', value: input.contact },
      { key: 'issuedAt', label: 'Ngày yêu cầu', value: viDateTime(at), ...(at ? { raw: at } : {}) },
    ],
    tables: [
      {
        key: 'components',
        label: 'Hồ sơ cần bổ sung, hoàn thiện',
        columns: [
          { key: 'no', label: 'STT' },
          { key: 'name', label: 'Tên giấy tờ' },
          { key: 'reason', label: 'Nội dung cần bổ sung, hoàn thiện' },
        ],
        rows: input.components.map((component, i) => ({ no: String(i + 1), name: component.name, reason: component.reason ?? '' })),
      },
    ],
    signatures: ['NGƯỜI HƯỚNG DẪN'],
  };
}
