/** Form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả — issued at acceptance (no receipt, no reception). */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { Dossier } from '../dossier/dossier.ts';
import { CHANNEL_LABEL } from '../dossier/dossier-status.ts';
import { type Slip, SlipForm, templateOf } from './slip.ts';
import { viDateTime, viPeriod } from './slip-format.ts';

export interface ReceiptOptions {
  /** where the applicant collects the result, e.g. `Bộ phận Một cửa UBND phường X`; default the receiving agency */
  readonly collectAt?: string;
  /** number of sets (bộ) received; default 1 */
  readonly sets?: number;
}

export function receiptSlip(dossier: Dossier, options: ReceiptOptions = {}): Slip {
  if (!dossier.acceptedAt || !dossier.appointmentAt) {
    throw new MotcuaError(ErrorCode.InvalidInput, `dossier ${dossier.code} is ${dossier.status}, not accepted: form 01 is issued at acceptance`, { field: 'dossier.status' });
  }
  const { applicant } = dossier;
  return {
    form: SlipForm.Receipt,
    title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    template: templateOf(SlipForm.Receipt),
    dossierCode: dossier.code,
    fields: [
      { key: 'code', label: 'Mã hồ sơ', value: dossier.code, raw: dossier.code },
      { key: 'receivingAgency', label: 'Cơ quan tiếp nhận', value: dossier.receivingAgency },
      { key: 'applicant', label: 'Tiếp nhận hồ sơ của', value: applicant.name },
      { key: 'idNumber', label: 'Số định danh cá nhân', value: applicant.idNumber ?? '' },
      { key: 'address', label: 'Địa chỉ', value: applicant.address ?? '' },
      { key: 'phone', label: 'Số điện thoại', value: applicant.phone ?? '' },
      { key: 'email', label: 'Thư điện tử', value: applicant.email ?? '' },
      { key: 'request', label: 'Nội dung yêu cầu giải quyết', value: dossier.procedure.name },
      { key: 'channel', label: 'Hình thức nộp', value: CHANNEL_LABEL[dossier.channel], raw: dossier.channel },
      { key: 'sets', label: 'Số lượng hồ sơ', value: `${options.sets ?? 1} (bộ)`, raw: options.sets ?? 1 },
      { key: 'legalTime', label: 'Thời gian giải quyết hồ sơ theo quy định', value: viPeriod(dossier.terms.period) },
      { key: 'acceptedAt', label: 'Thời gian nhận hồ sơ', value: viDateTime(dossier.acceptedAt), raw: dossier.acceptedAt },
      { key: 'dueAt', label: 'Thời gian trả kết quả giải quyết hồ sơ', value: viDateTime(dossier.appointmentAt), raw: dossier.appointmentAt },
      { key: 'collectAt', label: 'Nhận kết quả tại', value: options.collectAt ?? dossier.receivingAgency },
      { key: 'register', label: 'Vào Sổ theo dõi hồ sơ', value: dossier.code },
    ],
    tables: [
      {
        key: 'components',
        label: 'Thành phần hồ sơ',
        columns: [
          { key: 'no', label: 'STT' },
          { key: 'name', label: 'Tên giấy tờ' },
          { key: 'quantity', label: 'Số lượng' },
          { key: 'digitised', label: 'Đã số hóa' },
        ],
        rows: dossier.components.map((component, i) => ({
          no: String(i + 1),
          name: component.name,
          quantity: String(component.quantity ?? 1),
          digitised: component.digitised ? 'Có' : 'Không',
        })),
      },
    ],
    signatures: ['NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ'],
  };
}
