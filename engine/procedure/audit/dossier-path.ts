/** The way one dossier went through its diagram: elements entered and left, flows, where it is, incidents. */
import { HistoryEventType } from '../../bpmn/execution/results.ts';
import type { ProcessModel } from '../../bpmn/model.ts';
import type { RecordedEvent } from '../../store/records.ts';
import { budgetMs } from './version-stats.ts';

export interface PathElement {
  readonly elementId: string;
  readonly name?: string;
  /** times entered */
  readonly count: number;
  readonly enteredAt: string;
  readonly leftAt?: string;
  /** total time spent in the element over all its entries (ms), once left */
  readonly durationMs?: number;
  readonly budgetMs?: number;
  readonly overBudget: boolean;
}

export interface DossierPath {
  readonly elements: PathElement[];
  readonly flows: string[];
  readonly active: string[];
  readonly incidents: { elementId: string; message: string }[];
}

interface Visit {
  count: number;
  enteredAt: string;
  leftAt?: string;
  open: number;
  openSince?: number;
  totalMs: number;
  late: boolean;
}

export function dossierPath(events: readonly RecordedEvent[], process: ProcessModel | undefined): DossierPath {
  const visits = new Map<string, Visit>();
  const flows: string[] = [];
  const incidents = new Map<string, { elementId: string; message: string }>();
  const taskDue = new Map<string, string>();
  for (const event of events) {
    const elementId = event.elementId;
    const data = (event.data ?? {}) as Record<string, unknown>;
    const at = Date.parse(event.at);
    switch (event.type) {
      case HistoryEventType.ElementActivated: {
        if (!elementId) break;
        const visit = visits.get(elementId) ?? { count: 0, enteredAt: event.at, open: 0, totalMs: 0, late: false };
        visit.count++;
        if (visit.open === 0) visit.openSince = at;
        visit.open++;
        visits.set(elementId, visit);
        break;
      }
      case HistoryEventType.ElementCompleted:
      case HistoryEventType.ElementTerminated: {
        const visit = elementId ? visits.get(elementId) : undefined;
        if (!visit || visit.open === 0) break;
        visit.open--;
        if (visit.open === 0 && visit.openSince !== undefined) {
          visit.totalMs += at - visit.openSince;
          delete visit.openSince;
        }
        visit.leftAt = event.at;
        const due = taskDue.get(elementId!);
        if (due && at > Date.parse(due)) visit.late = true;
        break;
      }
      case HistoryEventType.TaskCreated:
        if (elementId && typeof data.dueAt === 'string') taskDue.set(elementId, data.dueAt);
        break;
      case HistoryEventType.FlowTaken:
        if (typeof data.flow === 'string') flows.push(data.flow);
        break;
      case HistoryEventType.IncidentRaised:
        if (elementId) incidents.set(String(data.incidentId), { elementId, message: String(data.message ?? '') });
        break;
      case HistoryEventType.IncidentResolved:
        incidents.delete(String(data.incidentId));
        break;
      default:
        break;
    }
  }
  const elements = [...visits].map(([elementId, visit]): PathElement => {
    const node = process?.nodes[elementId];
    const budget = budgetMs(node?.motcua?.budget);
    return {
      elementId,
      ...(node?.name ? { name: node.name } : {}),
      count: visit.count,
      enteredAt: visit.enteredAt,
      ...(visit.open === 0 && visit.leftAt ? { leftAt: visit.leftAt, durationMs: visit.totalMs } : {}),
      ...(budget !== null ? { budgetMs: budget } : {}),
      overBudget: visit.late,
    };
  });
  return {
    elements,
    flows,
    active: [...visits].filter(([, visit]) => visit.open > 0).map(([elementId]) => elementId),
    incidents: [...incidents.values()],
  };
}
