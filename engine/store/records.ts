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
}

/** Filters of the task list; every given one must match. */
export interface TaskQuery {
  readonly instanceId?: InstanceId;
  readonly candidateGroup?: string;
  readonly assignee?: string;
  readonly elementId?: ElementId;
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
