/**
 * Form 06: Phiếu kiểm soát quá trình giải quyết hồ sơ, generated from the history — for each
 * hand-over: the step and who held it, when it was received and handed over, its due date and
 * EARLY / ONTIME / LATE. It *is* the per-dossier audit trail (DOMAIN §5), so it is rebuilt from
 * the hash-chained events, never kept on the side.
 */
import { HistoryEventType, type HistoryEvent } from '../../bpmn/execution/results.ts';
import { VIETNAM_ZONE } from '../calendar/index.ts';
import type { Dossier } from '../dossier/dossier.ts';
import { resultOf } from '../dossier/dossier-clock.ts';
import { DOSSIER_RESULT_LABEL, DOSSIER_STATUS_LABEL, DossierStatus, isDossierStatus } from '../dossier/dossier-status.ts';
import { type Slip, SlipForm, type SlipTable, templateOf } from './slip.ts';
import { viDateTime } from './slip-format.ts';

export interface ProcessControlOptions {
  /** element id → name, for the step column (default the element id) */
  readonly stepNames?: Readonly<Record<string, string>>;
  readonly zone?: string;
}

const COLUMNS: SlipTable['columns'] = [
  { key: 'no', label: 'STT' },
  { key: 'step', label: 'Bước xử lý' },
  { key: 'holder', label: 'Cơ quan, bộ phận, người xử lý' },
  { key: 'receivedAt', label: 'Thời gian nhận hồ sơ' },
  { key: 'handedOverAt', label: 'Thời gian giao hồ sơ' },
  { key: 'dueAt', label: 'Hạn xử lý' },
  { key: 'result', label: 'Kết quả (trước hạn / đúng hạn / trễ hạn)' },
  { key: 'note', label: 'Ghi chú' },
];

export function processControlRecord(dossier: Dossier, history: readonly HistoryEvent[], options: ProcessControlOptions = {}): Slip {
  const zone = options.zone ?? VIETNAM_ZONE;
  const names = options.stepNames ?? {};
  // rows sort by when they happened; a status change sorts before a task created at the same instant
  // (the extension's events follow the step's own, but the status was set on entering the element)
  const rows: { at: number; rank: number; row: Record<string, string> }[] = [];
  const push = (at: string, rank: number, row: Record<string, string>) => rows.push({ at: Date.parse(at), rank, row });
  const endOf = new Map<string, HistoryEvent>();
  for (const event of history) {
    const taskId = event.data?.taskId;
    if ((event.type === HistoryEventType.TaskCompleted || event.type === HistoryEventType.TaskCancelled) && typeof taskId === 'string') endOf.set(taskId, event);
  }
  for (const event of history) {
    if (event.type === HistoryEventType.DossierStatusChanged && event.data?.to === DossierStatus.DaTiepNhan) {
      push(event.at, 0, { step: 'Tiếp nhận hồ sơ', holder: dossier.receivingAgency, receivedAt: viDateTime(dossier.submittedAt, zone), handedOverAt: viDateTime(event.at, zone), dueAt: '', result: '', note: '' });
    }
    if (event.type === HistoryEventType.DossierStatusChanged && event.data?.from !== null && event.data?.to !== DossierStatus.DaTiepNhan) {
      const to = event.data?.to;
      const label = isDossierStatus(to) ? DOSSIER_STATUS_LABEL[to] : String(to);
      const reason = typeof event.data?.reason === 'string' ? `: ${event.data.reason}` : '';
      if (to === DossierStatus.ChoBoSung || to === DossierStatus.YeuCauRut || to === DossierStatus.DungXuLy || to === DossierStatus.KhongTiepNhan) {
        push(event.at, 0, { step: label, holder: event.by ?? '', receivedAt: viDateTime(event.at, zone), handedOverAt: '', dueAt: '', result: '', note: `${label}${reason}` });
      }
    }
    if (event.type !== HistoryEventType.TaskCreated) continue;
    const taskId = event.data?.taskId;
    const end = typeof taskId === 'string' ? endOf.get(taskId) : undefined;
    const due = typeof event.data?.dueAt === 'string' ? event.data.dueAt : undefined;
    const groups = Array.isArray(event.data?.candidateGroups) ? (event.data.candidateGroups as string[]).join(', ') : '';
    const holder = [groups, end?.by ?? (typeof event.data?.assignee === 'string' ? event.data.assignee : '')].filter((part) => part !== '').join(' – ');
    const done = end?.type === HistoryEventType.TaskCompleted;
    push(event.at, 1, {
      step: (event.elementId && names[event.elementId]) || event.elementId || '',
      holder,
      receivedAt: viDateTime(event.at, zone),
      handedOverAt: done ? viDateTime(end.at, zone) : '',
      dueAt: viDateTime(due, zone),
      result: done && due ? DOSSIER_RESULT_LABEL[resultOf(Date.parse(end.at), Date.parse(due), zone)] : '',
      note: end?.type === HistoryEventType.TaskCancelled ? 'Bước bị hủy' : done ? '' : 'Đang xử lý',
    });
  }
  return {
    form: SlipForm.ProcessControl,
    title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
    template: templateOf(SlipForm.ProcessControl),
    dossierCode: dossier.code,
    fields: [
      { key: 'code', label: 'Mã hồ sơ', value: dossier.code, raw: dossier.code },
      { key: 'applicant', label: 'Người nộp hồ sơ', value: dossier.applicant.name },
      { key: 'request', label: 'Nội dung yêu cầu giải quyết', value: dossier.procedure.name },
      { key: 'acceptedAt', label: 'Ngày nhận hồ sơ', value: viDateTime(dossier.acceptedAt, zone), ...(dossier.acceptedAt ? { raw: dossier.acceptedAt } : {}) },
      { key: 'dueAt', label: 'Ngày hẹn trả kết quả', value: viDateTime(dossier.dueAt, zone), ...(dossier.dueAt ? { raw: dossier.dueAt } : {}) },
      { key: 'status', label: 'Trạng thái', value: DOSSIER_STATUS_LABEL[dossier.status], raw: dossier.status },
      { key: 'result', label: 'Kết quả giải quyết', value: dossier.result ? DOSSIER_RESULT_LABEL[dossier.result] : '', ...(dossier.result ? { raw: dossier.result } : {}) },
    ],
    tables: [{ key: 'handOvers', label: 'Quá trình giải quyết', columns: COLUMNS, rows: sorted(rows).map((row, i) => ({ no: String(i + 1), ...row })) }],
    signatures: [],
  };
}

function sorted(rows: readonly { at: number; rank: number; row: Record<string, string> }[]): Record<string, string>[] {
  return rows
    .map((entry, index) => ({ ...entry, index }))
    .sort((a, b) => a.at - b.at || a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.row);
}
