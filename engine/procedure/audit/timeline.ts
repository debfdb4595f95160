/** A dossier's history told in plain Vietnamese, one line per recorded event. */
import { DateTime } from 'luxon';
import { HistoryEventType } from '../../bpmn/execution/results.ts';
import type { ProcessModel } from '../../bpmn/model.ts';
import type { RecordedEvent } from '../../store/records.ts';
import { VIETNAM_ZONE } from '../calendar/index.ts';
import { DOSSIER_STATUS_LABEL, type DossierStatus } from '../dossier/dossier-status.ts';

export interface TimelineEntry {
  readonly seq: number;
  readonly at: string;
  readonly by?: string;
  readonly byRole?: string;
  readonly kind: string;
  readonly text: string;
  readonly elementId?: string;
  readonly status?: string;
  readonly dueAt?: string;
  readonly reason?: string;
  /** status and due-date changes: what an auditor looks at first */
  readonly highlight: boolean;
}

const when = (iso: unknown): string => (typeof iso === 'string' ? DateTime.fromISO(iso, { zone: VIETNAM_ZONE }).toFormat('HH:mm dd/MM/yyyy') : '?');
const statusLabel = (status: unknown): string => DOSSIER_STATUS_LABEL[status as DossierStatus] ?? String(status);

function dataText(values: unknown): string {
  if (values === null || typeof values !== 'object') return '';
  const shown = Object.entries(values as Record<string, unknown>).filter(([name]) => !name.startsWith('_') && name !== 'dossier');
  if (shown.length === 0) return '';
  return ` (dữ liệu: ${shown.map(([name, value]) => `${name} = ${typeof value === 'string' ? value : JSON.stringify(value)}`).join('; ')})`;
}

/** `roles` maps a user id to the role shown beside it, when the caller knows it. */
export function dossierTimeline(events: readonly RecordedEvent[], process: ProcessModel | undefined, roles: Readonly<Record<string, string>> = {}): TimelineEntry[] {
  const stepName = (elementId: string | undefined): string => {
    if (!elementId) return 'bước';
    return `«${process?.nodes[elementId]?.name ?? elementId}»`;
  };
  return events.map((event) => {
    const data = (event.data ?? {}) as Record<string, unknown>;
    const reason = typeof data.reason === 'string' && data.reason ? data.reason : typeof data.cause === 'string' ? data.cause : undefined;
    let text: string;
    let highlight = false;
    let status: string | undefined;
    let dueAt: string | undefined;
    switch (event.type) {
      case HistoryEventType.InstanceStarted: text = 'Tiếp nhận hồ sơ, bắt đầu quy trình'; break;
      case HistoryEventType.InstanceCompleted: text = 'Quy trình kết thúc'; break;
      case HistoryEventType.InstanceTerminated: text = 'Quy trình bị chấm dứt'; break;
      case HistoryEventType.InstanceCancelled: text = 'Quy trình bị hủy'; break;
      case HistoryEventType.ElementActivated: text = `Bắt đầu ${stepName(event.elementId)}`; break;
      case HistoryEventType.ElementCompleted: text = `Xong ${stepName(event.elementId)}`; break;
      case HistoryEventType.ElementTerminated: text = `Dừng ${stepName(event.elementId)}`; break;
      case HistoryEventType.FlowTaken: text = `Chuyển theo nhánh ${String(data.flow)} đến ${stepName(String(data.target))}`; break;
      case HistoryEventType.GatewayDecided: text = `Rẽ nhánh tại ${stepName(event.elementId)}`; break;
      case HistoryEventType.TaskCreated:
        text = `Giao việc ${stepName(event.elementId)}${data.dueAt ? `, hạn ${when(data.dueAt)}` : ''}`;
        break;
      case HistoryEventType.TaskClaimed: text = `${String(data.assignee)} nhận xử lý ${stepName(event.elementId)}`; break;
      case HistoryEventType.TaskCompleted: text = `Hoàn thành ${stepName(event.elementId)}${dataText(data.variables)}`; break;
      case HistoryEventType.TaskCancelled: text = `Hủy việc ${stepName(event.elementId)}`; break;
      case HistoryEventType.VariablesUpdated: text = `Cập nhật dữ liệu${dataText(data.variables ?? data)}`; break;
      case HistoryEventType.TimerArmed: text = `Đặt hẹn giờ ${stepName(event.elementId)}${data.dueAt ? ` lúc ${when(data.dueAt)}` : ''}`; break;
      case HistoryEventType.TimerFired: text = `Đến hẹn ${stepName(event.elementId)}`; break;
      case HistoryEventType.TimerCancelled: text = `Bỏ hẹn giờ ${stepName(event.elementId)}`; break;
      case HistoryEventType.MessageReceived: text = `Nhận thông báo «${String(data.messageName)}»${dataText(data.variables)}`; break;
      case HistoryEventType.MessageSent: text = `Gửi thông báo tại ${stepName(event.elementId)}`; break;
      case HistoryEventType.SignalReceived: case HistoryEventType.SignalThrown: text = `Tín hiệu tại ${stepName(event.elementId)}`; break;
      case HistoryEventType.ErrorThrown: case HistoryEventType.EscalationThrown: text = `Báo lỗi/chuyển cấp tại ${stepName(event.elementId)}`; break;
      case HistoryEventType.JobCreated: case HistoryEventType.JobCompleted: case HistoryEventType.JobCancelled: text = `Xử lý tự động tại ${stepName(event.elementId)}`; break;
      case HistoryEventType.JobFailed: text = `Xử lý tự động thất bại tại ${stepName(event.elementId)}`; break;
      case HistoryEventType.IncidentRaised: text = `Sự cố tại ${stepName(event.elementId)}: ${String(data.message ?? '')}`; break;
      case HistoryEventType.IncidentResolved: text = `Hết sự cố tại ${stepName(event.elementId)}`; break;
      case HistoryEventType.CallActivityStarted: case HistoryEventType.CallActivityCompleted: text = `Quy trình con tại ${stepName(event.elementId)}`; break;
      case HistoryEventType.DossierStatusChanged: {
        highlight = true;
        status = String(data.to);
        if (typeof data.dueAt === 'string') dueAt = data.dueAt;
        const paused = typeof data.pausedAt === 'string';
        text = `Trạng thái: ${data.from ? `${statusLabel(data.from)} → ` : ''}${statusLabel(data.to)}${paused ? ' (tạm dừng tính thời hạn)' : ''}${reason ? `; lý do: ${reason}` : ''}${dueAt ? `; hạn trả ${when(dueAt)}` : ''}`;
        break;
      }
      case HistoryEventType.DossierDeadlineExtended:
        highlight = true;
        if (typeof data.dueAt === 'string') dueAt = data.dueAt;
        text = `Gia hạn: hạn trả từ ${when(data.previousDueAt)} thành ${when(data.dueAt)}${reason ? `; lý do: ${reason}` : ''}`;
        break;
      case HistoryEventType.DossierUpdated: text = 'Cập nhật thông tin hồ sơ'; break;
      case HistoryEventType.DossierWarningRaised: text = `Cảnh báo: ${String(data.message ?? data.warning)}`; break;
      default: text = String(event.type);
    }
    const role = event.by ? roles[event.by] : undefined;
    return {
      seq: event.seq,
      at: event.at,
      ...(event.by ? { by: event.by } : {}),
      ...(role ? { byRole: role } : {}),
      kind: event.type,
      text,
      ...(event.elementId ? { elementId: event.elementId } : {}),
      ...(status ? { status } : {}),
      ...(dueAt ? { dueAt } : {}),
      ...(reason ? { reason } : {}),
      highlight,
    };
  });
}
