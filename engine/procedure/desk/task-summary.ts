/** An open task as officers' lists show it: its own facts and its deadline read on the agency's calendar. */
import type { OpenTask } from '../../runtime/api.ts';
import type { WorkingCalendar } from '../calendar/index.ts';
import { dueStateOf, type DueState, remainingWorkingDays } from './due-state.ts';

export interface TaskSummary {
  readonly id: string;
  readonly name?: string;
  readonly elementId: string;
  readonly instanceId: string;
  readonly processKey: string;
  readonly assignee?: string;
  readonly candidateGroups: readonly string[];
  readonly candidateUsers: readonly string[];
  readonly createdAt: string;
  readonly dueAt?: string;
  readonly dueState: DueState;
  readonly remainingWorkingDays?: number;
  readonly formKey?: string;
}

export function taskSummary(task: OpenTask, calendar: WorkingCalendar, now: number): TaskSummary {
  const remaining = remainingWorkingDays(calendar, now, task.dueAt);
  return {
    id: task.id,
    ...(task.name ? { name: task.name } : {}),
    elementId: task.elementId,
    instanceId: task.instanceId,
    processKey: task.processKey,
    ...(task.assignee ? { assignee: task.assignee } : {}),
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    createdAt: task.createdAt,
    ...(task.dueAt ? { dueAt: task.dueAt } : {}),
    dueState: dueStateOf(calendar, now, task.dueAt),
    ...(remaining !== undefined ? { remainingWorkingDays: remaining } : {}),
    ...(task.formKey ? { formKey: task.formKey } : {}),
  };
}
