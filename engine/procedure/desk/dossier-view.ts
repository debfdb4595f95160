/**
 * A dossier as officers read it: status with its Vietnamese label, the dates, the pauses (read
 * from the history's status changes), the extensions, the working days left on the agency's
 * calendar, and which slips can be printed now. Pure: the same dossier, history and instant give
 * the same view.
 */
import { HistoryEventType, type HistoryEvent } from '../../bpmn/execution/results.ts';
import type { WorkingCalendar } from '../calendar/index.ts';
import type { Dossier } from '../dossier/dossier.ts';
import { CHANNEL_LABEL, DOSSIER_RESULT_LABEL, DOSSIER_STATUS_LABEL, DossierStatus, isDossierStatus } from '../dossier/dossier-status.ts';
import { SlipForm } from '../slips/slip.ts';
import { dueStateOf, type DueState, remainingWorkingDays } from './due-state.ts';

/** The root variable a supplement request (form 02) is kept in: what is missing and why. */
export const SUPPLEMENT_REQUEST_VARIABLE = 'yeuCauBoSung';

export interface SupplementRequestRecord {
  readonly thanhPhan: readonly string[];
  readonly lyDo: string;
  readonly nguoiYeuCau?: string;
  readonly luc: string;
}

const PAUSING: readonly string[] = [DossierStatus.ChoBoSung, DossierStatus.ChoNghiaVuTaiChinh];

export interface DossierPause {
  readonly status: DossierStatus;
  readonly statusLabel: string;
  readonly from: string;
  /** absent while the pause lasts */
  readonly to?: string;
  readonly reason?: string;
}

/** The waits for a supplement or for fees, in order, from the status changes of the history. */
export function pausesOf(history: readonly HistoryEvent[]): DossierPause[] {
  const pauses: DossierPause[] = [];
  let open: { status: DossierStatus; from: string; reason?: string } | undefined;
  for (const event of history) {
    if (event.type !== HistoryEventType.DossierStatusChanged) continue;
    const to = event.data?.to;
    if (open && to !== open.status) {
      pauses.push({ status: open.status, statusLabel: DOSSIER_STATUS_LABEL[open.status], from: open.from, to: event.at, ...(open.reason ? { reason: open.reason } : {}) });
      open = undefined;
    }
    if (!open && isDossierStatus(to) && PAUSING.includes(to)) {
      const reason = typeof event.data?.reason === 'string' ? event.data.reason : undefined;
      open = { status: to, from: event.at, ...(reason ? { reason } : {}) };
    }
  }
  if (open) pauses.push({ status: open.status, statusLabel: DOSSIER_STATUS_LABEL[open.status], from: open.from, ...(open.reason ? { reason: open.reason } : {}) });
  return pauses;
}

export const SLIP_TITLE: Readonly<Record<SlipForm, string>> = {
  '01': 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  '02': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  '03': 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  '04': 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết',
  '05': 'Thông báo dừng giải quyết hồ sơ',
  '06': 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
  '07': 'Sổ theo dõi hồ sơ',
};

/** The slips this dossier can print now, by form. */
export function availableSlips(dossier: Dossier, supplementRequest: SupplementRequestRecord | undefined): SlipForm[] {
  const forms: SlipForm[] = [];
  if (dossier.acceptedAt && dossier.appointmentAt) forms.push(SlipForm.Receipt);
  if (supplementRequest) forms.push(SlipForm.SupplementRequest);
  if (dossier.status === DossierStatus.KhongTiepNhan && dossier.refusal?.reason) forms.push(SlipForm.Refusal);
  if (dossier.extensions.length > 0) forms.push(SlipForm.ApologyExtension);
  if (dossier.status === DossierStatus.DungXuLy && dossier.stop) forms.push(SlipForm.StopNotice);
  forms.push(SlipForm.ProcessControl, SlipForm.Register);
  return forms;
}

export interface DossierSummary {
  readonly code: string;
  readonly procedure: { readonly code: string; readonly name: string; readonly version: number };
  readonly channel: number;
  readonly channelLabel: string;
  readonly applicant: Dossier['applicant'];
  readonly status: DossierStatus;
  readonly statusLabel: string;
  readonly receivedAt: string;
  readonly acceptedAt?: string;
  readonly dueAt?: string;
  readonly appointmentAt?: string;
  readonly finishedAt?: string;
  readonly returnedAt?: string;
  readonly paused: boolean;
  readonly result?: string;
  readonly resultLabel?: string;
  readonly remainingWorkingDays?: number;
  readonly dueState: DueState;
}

/** The list row of a dossier; the clock counts only while it runs (not paused, not finished). */
export function dossierSummary(dossier: Dossier, calendar: WorkingCalendar, now: number): DossierSummary {
  const running = dossier.dueAt !== undefined && !dossier.pausedAt && !dossier.finishedAt;
  const remaining = running ? remainingWorkingDays(calendar, now, dossier.dueAt) : undefined;
  return {
    code: dossier.code,
    procedure: { code: dossier.procedure.code, name: dossier.procedure.name, version: dossier.procedure.version },
    channel: dossier.channel,
    channelLabel: CHANNEL_LABEL[dossier.channel],
    applicant: dossier.applicant,
    status: dossier.status,
    statusLabel: DOSSIER_STATUS_LABEL[dossier.status],
    receivedAt: dossier.submittedAt,
    ...(dossier.acceptedAt ? { acceptedAt: dossier.acceptedAt } : {}),
    ...(dossier.dueAt ? { dueAt: dossier.dueAt } : {}),
    ...(dossier.appointmentAt ? { appointmentAt: dossier.appointmentAt } : {}),
    ...(dossier.finishedAt ? { finishedAt: dossier.finishedAt } : {}),
    ...(dossier.returnedAt ? { returnedAt: dossier.returnedAt } : {}),
    paused: dossier.pausedAt !== undefined,
    ...(dossier.result ? { result: dossier.result, resultLabel: DOSSIER_RESULT_LABEL[dossier.result] } : {}),
    ...(remaining !== undefined ? { remainingWorkingDays: remaining } : {}),
    dueState: running ? dueStateOf(calendar, now, dossier.dueAt) : dueStateOf(calendar, now, undefined),
  };
}
