/**
 * Form 07: Sổ theo dõi hồ sơ — one row per dossier with every key date. The register is a query
 * (`DossierService.register`); this is its row and its table.
 */
import { VIETNAM_ZONE } from '../calendar/index.ts';
import type { Dossier } from '../dossier/dossier.ts';
import { CHANNEL_LABEL, DOSSIER_RESULT_LABEL, DOSSIER_STATUS_LABEL } from '../dossier/dossier-status.ts';
import { type SlipTable } from './slip.ts';
import { viDateTime } from './slip-format.ts';

export const REGISTER_COLUMNS: SlipTable['columns'] = [
  { key: 'no', label: 'STT' },
  { key: 'code', label: 'Mã hồ sơ' },
  { key: 'procedure', label: 'Tên thủ tục hành chính' },
  { key: 'applicant', label: 'Tên tổ chức, cá nhân' },
  { key: 'address', label: 'Địa chỉ, số điện thoại' },
  { key: 'channel', label: 'Hình thức nộp' },
  { key: 'receivingAgency', label: 'Cơ quan tiếp nhận' },
  { key: 'handlingAgency', label: 'Cơ quan giải quyết' },
  { key: 'submittedAt', label: 'Ngày nộp hồ sơ' },
  { key: 'acceptedAt', label: 'Ngày nhận hồ sơ' },
  { key: 'appointmentAt', label: 'Ngày hẹn trả kết quả' },
  { key: 'dueAt', label: 'Hạn giải quyết (sau bổ sung, gia hạn)' },
  { key: 'finishedAt', label: 'Ngày có kết quả' },
  { key: 'returnedAt', label: 'Ngày trả kết quả' },
  { key: 'status', label: 'Trạng thái' },
  { key: 'result', label: 'Kết quả (trước hạn / đúng hạn / trễ hạn)' },
  { key: 'note', label: 'Ghi chú' },
];

/** One register row (every value a display text). */
export function registerRow(dossier: Dossier, zone = VIETNAM_ZONE): Record<string, string> {
  const notes = [
    dossier.acceptedLate ? 'Tiếp nhận trễ' : '',
    dossier.supplementRequests.total > 0 ? `Yêu cầu bổ sung ${dossier.supplementRequests.total} lần` : '',
    dossier.extensions.length > 0 ? `Gia hạn ${dossier.extensions.length} lần` : '',
  ].filter((note) => note !== '');
  return {
    code: dossier.code,
    procedure: dossier.procedure.name,
    applicant: dossier.applicant.name,
    address: [dossier.applicant.address, dossier.applicant.phone].filter(Boolean).join(', '),
    channel: CHANNEL_LABEL[dossier.channel],
    receivingAgency: dossier.receivingAgency,
    handlingAgency: dossier.handlingAgency,
    submittedAt: viDateTime(dossier.submittedAt, zone),
    acceptedAt: viDateTime(dossier.acceptedAt, zone),
    appointmentAt: viDateTime(dossier.appointmentAt, zone),
    dueAt: viDateTime(dossier.dueAt, zone),
    finishedAt: viDateTime(dossier.finishedAt, zone),
    returnedAt: viDateTime(dossier.returnedAt, zone),
    status: DOSSIER_STATUS_LABEL[dossier.status],
    result: dossier.result ? DOSSIER_RESULT_LABEL[dossier.result] : '',
    note: notes.join('; '),
  };
}

/** The register as a table, rows numbered in the order given. */
export function registerTable(dossiers: readonly Dossier[], zone = VIETNAM_ZONE): SlipTable {
  return {
    key: 'register',
    label: 'SỔ THEO DÕI HỒ SƠ',
    columns: REGISTER_COLUMNS,
    rows: dossiers.map((dossier, i) => ({ no: String(i + 1), ...registerRow(dossier, zone) })),
  };
}
