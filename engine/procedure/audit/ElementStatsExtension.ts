/**
 * Per-version element statistics, bumped in the commit of the step that caused them (so they can
 * never disagree with the history): completions per element, the time user tasks waited
 * (created → completed, with a duration histogram for the p90), completions after the step's
 * budget due date and the time lost past it, flows taken, incidents open, dossiers started.
 * Only user tasks have a known entry time in the instance state; other elements are counted
 * without a duration (most complete in the step that entered them).
 */
import { DateTime } from 'luxon';
import { zoneNamed } from '../calendar/zone-offsets.ts';
import { HistoryEventType } from '../../bpmn/execution/results.ts';
import type { InstanceState } from '../../bpmn/execution/state.ts';
import type { CommitAdditions, CommitExtension, StepOutcome } from '../../runtime/commit-extension.ts';
import { VIETNAM_ZONE } from '../calendar/index.ts';
import { DOSSIER_VARIABLE, type Dossier } from '../dossier/dossier.ts';
import { bucketOf, histogramMetric, lateKey, NO_AGENCY, StatMetric, statKey } from './element-stats-keys.ts';

export class ElementStatsExtension implements CommitExtension {
  extend(outcome: StepOutcome): CommitAdditions | undefined {
    const { result, process, now } = outcome;
    const version = outcome.processVersion;
    if (version === undefined || result.events.length === 0) return undefined;
    const dossier = dossierOf(result.state) ?? (outcome.previous ? dossierOf(outcome.previous.state) : undefined);
    const agency = dossier?.handlingAgency ?? outcome.agency ?? NO_AGENCY;
    const month = DateTime.fromMillis(now, { zone: zoneNamed(VIETNAM_ZONE) }).toFormat('yyyy-MM');
    const counters: Record<string, number> = {};
    const bump = (metric: string, id: string, by = 1): void => {
      const key = statKey(process.id, version, month, agency, metric, id);
      counters[key] = (counters[key] ?? 0) + by;
    };
    const previousTasks = outcome.previous?.state.tasks ?? {};
    for (const event of result.events) {
      switch (event.type) {
        case HistoryEventType.InstanceStarted:
          if (!result.state.parent) bump(StatMetric.Started, '-');
          break;
        case HistoryEventType.ElementCompleted:
          if (event.elementId) bump(StatMetric.Count, event.elementId);
          break;
        case HistoryEventType.FlowTaken: {
          const flow = event.data?.flow;
          if (typeof flow === 'string') bump(StatMetric.Flow, flow);
          break;
        }
        case HistoryEventType.IncidentRaised:
          if (event.elementId) bump(StatMetric.Incidents, event.elementId);
          break;
        case HistoryEventType.IncidentResolved:
          if (event.elementId) bump(StatMetric.Incidents, event.elementId, -1);
          break;
        case HistoryEventType.TaskCompleted: {
          const task = previousTasks[String(event.data?.taskId)];
          if (!task || !event.elementId) break;
          const durationMs = Math.max(0, now - Date.parse(task.createdAt));
          bump(StatMetric.Timed, event.elementId);
          bump(StatMetric.TotalMs, event.elementId, durationMs);
          bump(histogramMetric(bucketOf(durationMs)), event.elementId);
          const overMs = task.dueAt ? now - Date.parse(task.dueAt) : 0;
          if (overMs > 0) {
            bump(StatMetric.Late, event.elementId);
            bump(StatMetric.OverMs, event.elementId, overMs);
            const code = dossier?.code ?? outcome.previous?.businessKey ?? outcome.previous?.id;
            if (code) counters[lateKey(process.id, version, event.elementId, agency, code)] = overMs;
          }
          break;
        }
        default:
          break;
      }
    }
    return Object.keys(counters).length > 0 ? { counters } : undefined;
  }
}

function dossierOf(state: InstanceState): Dossier | undefined {
  return state.scopes[state.rootScopeId]?.variables[DOSSIER_VARIABLE] as Dossier | undefined;
}
