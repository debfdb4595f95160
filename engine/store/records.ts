/**
 * The records the store speaks that the engine's callers read as they are: open tasks, task
 * queries and recorded history events. They live beside the port so that the store depends on
 * nothing above it; engine/runtime/api.ts re-exports them.
 */
import type { HistoryEvent } from '../bpmn/execution/results.ts';
import type { InstanceId, UserTaskState } from '../bpmn/execution/state.ts';
import type { ElementId } from '../bpmn/model.ts';

/** A user task in the open-task projection, with the instance and process it belongs to. */
export interface OpenTask extends UserTaskState {
  readonly instanceId: InstanceId;
  readonly processKey: string;
  /** the agency of the task's instance (the Camunda 7 tenant); absent when it was started without one */
  readonly agency?: string;
}

/** Who is asking for tasks: a user and the candidate groups they hold in their agency. */
export interface TaskVisibility {
  readonly user: string;
  readonly groups: readonly string[];
}

/** Filters of the task list; every given one must match (`limit` and `offset` are ignored by counts). */
export interface TaskQuery {
  readonly instanceId?: InstanceId;
  /** tasks having this candidate group (claimed ones included) */
  readonly candidateGroup?: string;
  readonly assignee?: string;
  readonly elementId?: ElementId;
  /** tasks of instances of this agency */
  readonly agency?: string;
  /** tasks naming this user among their candidate users */
  readonly candidateUser?: string;
  /** tasks having at least one of these candidate groups (an empty list matches none) */
  readonly candidateGroups?: readonly string[];
  /**
   * tasks this officer may see: assigned to `user`, or naming `user` among their candidate users,
   * or having a candidate group among `groups` (claimed by someone else included)
   */
  readonly visibleTo?: TaskVisibility;
  /** true: only tasks nobody has claimed */
  readonly unassigned?: boolean;
  /** ISO 8601: only tasks due strictly before it (a task without a due date never is) */
  readonly dueBefore?: string;
  readonly processKey?: string;
  /** page size, an integer from 1 (see `checkPage` in adapter-rules.ts) */
  readonly limit?: number;
  /** tasks skipped before the page, an integer from 0 */
  readonly offset?: number;
}

/** A history event as stored: numbered from 1 per instance and chained by SHA-256. */
export interface RecordedEvent extends HistoryEvent {
  readonly instanceId: InstanceId;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}
