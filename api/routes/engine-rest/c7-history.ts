/**
 * Camunda 7 history, built from the engine's own audit record: one instance's hash-chained events
 * are folded into C7's historic process instance, activity instances, task instances, variable
 * instances and user operations. Nothing is stored twice; the record stays the only truth.
 */
import { HistoryEventType, type InstanceRecord, type ProcessModel, type RecordedEvent } from '../../../engine/index.ts';
import { c7Date } from './c7-format.ts';
import { toTyped } from './c7-variables.ts';

const STATE: Record<string, string> = { ACTIVE: 'ACTIVE', COMPLETED: 'COMPLETED', CANCELLED: 'EXTERNALLY_TERMINATED', TERMINATED: 'INTERNALLY_TERMINATED' };

const duration = (from: string, to: string | undefined) => (to ? Date.parse(to) - Date.parse(from) : null);

/** `bpmn:UserTask` → `userTask`, the activity type C7 shows. */
const activityType = (bpmnType: string | undefined) => (bpmnType ? bpmnType.replace(/^bpmn:/, '').replace(/^./, (c) => c.toLowerCase()) : null);

export function historicInstanceDto(record: InstanceRecord, process: ProcessModel | undefined, events: readonly RecordedEvent[] | undefined) {
  const started = events?.find((event) => event.type === HistoryEventType.InstanceStarted);
  const cancelled = events?.find((event) => event.type === HistoryEventType.InstanceCancelled);
  return {
    id: record.id,
    rootProcessInstanceId: record.id,
    superProcessInstanceId: record.parentInstanceId ?? null,
    superCaseInstanceId: null,
    caseInstanceId: null,
    processDefinitionName: process?.name ?? null,
    processDefinitionKey: record.processKey,
    processDefinitionVersion: record.processVersion,
    processDefinitionId: record.deploymentId,
    businessKey: record.businessKey ?? null,
    startTime: c7Date(record.startedAt),
    endTime: c7Date(record.endedAt),
    removalTime: null,
    durationInMillis: duration(record.startedAt, record.endedAt),
    startUserId: started?.by ?? null,
    startActivityId: (started?.data?.startEventId as string | undefined) ?? null,
    deleteReason: (cancelled?.data?.reason as string | undefined) ?? null,
    tenantId: record.agency ?? null,
    state: STATE[record.status] ?? record.status,
    restartedProcessInstanceId: null,
  };
}

interface Common {
  readonly processDefinitionKey: string;
  readonly processDefinitionId: string;
  readonly processInstanceId: string;
  readonly tenantId: string | null;
}

const common = (record: InstanceRecord): Common => ({
  processDefinitionKey: record.processKey,
  processDefinitionId: record.deploymentId,
  processInstanceId: record.id,
  tenantId: record.agency ?? null,
});

export function historicActivities(record: InstanceRecord, process: ProcessModel | undefined, events: readonly RecordedEvent[]) {
  type Activity = ReturnType<typeof open>;
  const open = (event: RecordedEvent) => ({
    id: `${record.id}:${event.seq}`,
    parentActivityInstanceId: record.id,
    activityId: event.elementId!,
    activityName: process?.nodes[event.elementId!]?.name ?? null,
    activityType: activityType(event.elementType),
    ...common(record),
    executionId: record.id,
    taskId: null as string | null,
    assignee: null as string | null,
    calledProcessInstanceId: null as string | null,
    calledCaseInstanceId: null,
    startTime: c7Date(event.at),
    endTime: null as string | null,
    durationInMillis: null as number | null,
    canceled: false,
    completeScope: false,
    removalTime: null,
    rootProcessInstanceId: record.id,
    startedAt: event.at,
  });
  const all: Activity[] = [];
  // an element may run several times at once (parallel branches, loops): the oldest still open is the one that ends
  const running = new Map<string, Activity[]>();
  const current = (elementId: string | undefined) => (elementId ? running.get(elementId)?.[0] : undefined);
  for (const event of events) {
    switch (event.type) {
      case HistoryEventType.ElementActivated: {
        if (!event.elementId) break;
        const activity = open(event);
        all.push(activity);
        running.set(event.elementId, [...(running.get(event.elementId) ?? []), activity]);
        break;
      }
      case HistoryEventType.ElementCompleted:
      case HistoryEventType.ElementTerminated: {
        const activity = current(event.elementId);
        if (!activity) break;
        running.set(event.elementId!, running.get(event.elementId!)!.slice(1));
        activity.endTime = c7Date(event.at);
        activity.durationInMillis = duration(activity.startedAt, event.at);
        activity.canceled = event.type === HistoryEventType.ElementTerminated;
        activity.completeScope = activity.activityType === 'endEvent';
        break;
      }
      case HistoryEventType.TaskCreated: {
        const activity = current(event.elementId);
        if (activity) {
          activity.taskId = (event.data?.taskId as string | undefined) ?? null;
          activity.assignee = (event.data?.assignee as string | undefined) ?? null;
        }
        break;
      }
      case HistoryEventType.TaskClaimed: {
        const activity = current(event.elementId);
        if (activity) activity.assignee = (event.data?.assignee as string | null | undefined) ?? null;
        break;
      }
      case HistoryEventType.CallActivityStarted: {
        const activity = current(event.elementId);
        if (activity) activity.calledProcessInstanceId = (event.data?.childInstanceId as string | undefined) ?? null;
        break;
      }
    }
  }
  return all.map(({ startedAt: _startedAt, ...activity }) => activity);
}

export function historicTasks(record: InstanceRecord, process: ProcessModel | undefined, events: readonly RecordedEvent[]) {
  type Task = ReturnType<typeof created>;
  const created = (event: RecordedEvent) => ({
    id: event.data!.taskId as string,
    ...common(record),
    executionId: record.id,
    caseDefinitionKey: null,
    caseDefinitionId: null,
    caseInstanceId: null,
    caseExecutionId: null,
    activityInstanceId: null,
    name: process?.nodes[event.elementId!]?.name ?? null,
    description: null,
    deleteReason: null as string | null,
    owner: null,
    assignee: (event.data?.assignee as string | undefined) ?? null,
    startTime: c7Date(event.at),
    endTime: null as string | null,
    duration: null as number | null,
    taskDefinitionKey: event.elementId ?? null,
    priority: null,
    due: c7Date(event.data?.dueAt as string | undefined),
    parentTaskId: null,
    followUp: null,
    removalTime: null,
    rootProcessInstanceId: record.id,
    taskState: 'Created' as string,
    startedAt: event.at,
  });
  const tasks = new Map<string, Task>();
  for (const event of events) {
    const taskId = event.data?.taskId as string | undefined;
    if (!taskId) continue;
    if (event.type === HistoryEventType.TaskCreated) tasks.set(taskId, created(event));
    const task = tasks.get(taskId);
    if (!task) continue;
    if (event.type === HistoryEventType.TaskClaimed) {
      task.assignee = (event.data?.assignee as string | null | undefined) ?? null;
      task.taskState = 'Updated';
    }
    if (event.type === HistoryEventType.TaskCompleted || event.type === HistoryEventType.TaskCancelled) {
      task.endTime = c7Date(event.at);
      task.duration = duration(task.startedAt, event.at);
      task.deleteReason = event.type === HistoryEventType.TaskCompleted ? 'completed' : 'deleted';
      task.taskState = event.type === HistoryEventType.TaskCompleted ? 'Completed' : 'Deleted';
    }
  }
  return [...tasks.values()].map(({ startedAt: _startedAt, ...task }) => task);
}

/** The instance's variables as they stand (C7 keeps each variable's latest value in history). */
export function historicVariables(record: InstanceRecord) {
  const variables = record.state.scopes[record.state.rootScopeId]?.variables ?? {};
  return Object.entries(variables).map(([name, value]) => ({
    id: `${record.id}:${name}`,
    name,
    ...toTyped(value),
    ...common(record),
    executionId: record.id,
    activityInstanceId: record.id,
    caseDefinitionKey: null,
    caseDefinitionId: null,
    caseInstanceId: null,
    caseExecutionId: null,
    taskId: null,
    errorMessage: null,
    state: 'CREATED',
    createTime: c7Date(record.startedAt),
    removalTime: null,
    rootProcessInstanceId: record.id,
  }));
}

/** What people did (events with a `by`), as C7's user operation log entries. */
export function userOperations(record: InstanceRecord, events: readonly RecordedEvent[]) {
  const entry = (event: RecordedEvent, operationType: string, entityType: string, extra: { taskId?: string | null; property?: string | null; newValue?: string | null }) => ({
    id: `${record.id}:${event.seq}`,
    userId: event.by!,
    timestamp: c7Date(event.at),
    operationId: `${record.id}:${event.seq}`,
    operationType,
    entityType,
    category: entityType === 'Task' ? 'TaskWorker' : 'Operator',
    annotation: null,
    property: extra.property ?? null,
    orgValue: null,
    newValue: extra.newValue ?? null,
    deploymentId: record.deploymentId,
    processDefinitionId: record.deploymentId,
    processDefinitionKey: record.processKey,
    processInstanceId: record.id,
    executionId: record.id,
    caseDefinitionId: null,
    caseInstanceId: null,
    caseExecutionId: null,
    taskId: extra.taskId ?? null,
    externalTaskId: null,
    batchId: null,
    jobId: null,
    jobDefinitionId: null,
    removalTime: null,
    rootProcessInstanceId: record.id,
  });
  return events.flatMap((event) => {
    if (!event.by) return [];
    const taskId = (event.data?.taskId as string | undefined) ?? null;
    switch (event.type) {
      case HistoryEventType.InstanceStarted:
        return [entry(event, 'Create', 'ProcessInstance', {})];
      case HistoryEventType.InstanceCancelled:
        return [entry(event, 'Delete', 'ProcessInstance', {})];
      case HistoryEventType.TaskClaimed:
        return [entry(event, event.data?.assignee ? 'Claim' : 'Unclaim', 'Task', { taskId, property: 'assignee', newValue: (event.data?.assignee as string | null) ?? null })];
      case HistoryEventType.TaskCompleted:
        return [entry(event, 'Complete', 'Task', { taskId, property: 'delete', newValue: 'false' })];
      case HistoryEventType.VariablesUpdated:
        return [entry(event, 'SetVariable', 'Variable', {})];
      default:
        return [];
    }
  });
}
