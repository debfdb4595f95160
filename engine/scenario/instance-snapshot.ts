/**
 * What an `expect` step looks at, read from the engine in one go. Matching (expectations.ts) is a
 * pure function of this snapshot, so it is tested without an engine.
 */
import type { ElementId } from '../bpmn/model.ts';
import { HistoryEventType } from '../bpmn/execution/results.ts';
import { InstanceStatus, WaitKind, type InstanceId, type TaskId, type Variables } from '../bpmn/execution/state.ts';
import type { EngineApi, InstanceView } from '../runtime/api.ts';
import { instanceTree } from './instance-tree.ts';
import type { DossierInspector, DossierView } from './scenario-extension.ts';

export interface SnapshotTask {
  readonly instanceId: InstanceId;
  readonly taskId: TaskId;
  readonly elementId: ElementId;
  readonly assignee?: string;
  readonly candidateGroups: readonly string[];
  /** ISO 8601 instant */
  readonly dueAt?: string;
  readonly createdAt: string;
}

export interface InstanceSnapshot {
  /** the root instance's status, e.g. `ACTIVE`, `COMPLETED` */
  readonly status: string;
  readonly ended: boolean;
  /** element ids of the root instance's waiting tokens (scope holders excluded), one per token */
  readonly active: readonly ElementId[];
  /** element ids with an `ElementCompleted` in the root instance's history */
  readonly completed: readonly ElementId[];
  /** element ids with an `ElementActivated` (or `ElementCompleted`) in the root instance's history */
  readonly entered: readonly ElementId[];
  /** the root scope's variables */
  readonly variables: Variables;
  /** open user tasks of the instance tree, in creation order */
  readonly tasks: readonly SnapshotTask[];
  /** element ids of open incidents in the instance tree, one per incident */
  readonly incidents: readonly ElementId[];
  /** the same incidents, `Element: message`, for failure output */
  readonly incidentMessages: readonly string[];
  /** the dossier the instance runs; undefined when it runs none (or no inspector is plugged in) */
  readonly dossier?: DossierView;
}

export async function takeSnapshot(
  engine: EngineApi,
  instanceId: InstanceId,
  dossiers?: DossierInspector,
): Promise<InstanceSnapshot> {
  const tree = await instanceTree(engine, instanceId);
  const root = tree[0];
  if (!root) throw new Error(`instance ${instanceId} is not in the store`);
  const { state } = root;

  const completed = new Set<ElementId>();
  const entered = new Set<ElementId>();
  for (const event of await engine.history(instanceId)) {
    if (event.elementId === undefined) continue;
    if (event.type === HistoryEventType.ElementCompleted) {
      completed.add(event.elementId);
      entered.add(event.elementId);
    } else if (event.type === HistoryEventType.ElementActivated) {
      entered.add(event.elementId);
    }
  }

  return {
    status: state.status,
    ended: state.status !== InstanceStatus.Active,
    active: Object.values(state.tokens)
      .filter((token) => token.wait !== WaitKind.Scope)
      .map((token) => token.elementId),
    completed: [...completed],
    entered: [...entered],
    variables: state.scopes[state.rootScopeId]?.variables ?? {},
    tasks: openTasks(tree),
    incidents: tree.flatMap((view) => Object.values(view.state.incidents).map((incident) => incident.elementId)),
    incidentMessages: tree.flatMap((view) => Object.values(view.state.incidents).map((incident) => `${incident.elementId}: ${incident.message}`)),
    dossier: dossiers ? await dossiers.inspect(instanceId) : undefined,
  };
}

/** The open user tasks of an instance tree, in creation order. */
export function openTasks(tree: readonly InstanceView[]): SnapshotTask[] {
  const tasks: SnapshotTask[] = tree.flatMap((view) =>
    Object.values(view.state.tasks).map((task) => ({
      instanceId: view.id,
      taskId: task.id,
      elementId: task.elementId,
      assignee: task.assignee,
      candidateGroups: task.candidateGroups,
      dueAt: task.dueAt,
      createdAt: task.createdAt,
    })),
  );
  // stable: ties (same instant) keep the tree and insertion order, which is creation order
  return tasks.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}
