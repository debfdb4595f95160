/** Tasks: pass-through (task, manual), user, external (service / send), receive, script (FEEL). */
import { ErrorCode, MotcuaError } from '../../../errors.ts';
import { describeValue } from '../../expressions/describe-value.ts';
import type { FlowNode } from '../../model.ts';
import { addIsoDuration, parseInstant } from '../../timers/index.ts';
import { parseDuration } from '../../timers/iso8601.ts';
import type { Arrival, StepContext } from '../context.ts';
import { HistoryEventType } from '../results.ts';
import { DEFAULT_JOB_RETRIES, JobKind, SubscriptionKind, WaitKind, type UserTaskState, type Variables } from '../state.ts';
import { completeActivity, inputVariables, park, passThrough } from './activity.ts';

export function enterPassThroughTask(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  passThrough(ctx, node, arrival.scopeId, inputVariables(ctx, node, arrival.scopeId));
}

export function enterScriptTask(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  const locals = inputVariables(ctx, node, arrival.scopeId);
  const script = node.script!;
  const result = ctx.evaluate(script.expression, arrival.scopeId, node, 'script', locals);
  if (script.resultVariable) ctx.setVariables(arrival.scopeId, { [script.resultVariable]: result });
  passThrough(ctx, node, arrival.scopeId, locals);
}

export function enterUserTask(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  const locals = inputVariables(ctx, node, arrival.scopeId);
  const spec = node.userTask ?? {};
  const value = (field: keyof typeof spec) => {
    const source = spec[field];
    return source && typeof source === 'object' ? ctx.evaluate(source, arrival.scopeId, node, `camunda:${field}`, locals) : undefined;
  };
  // every expression is evaluated before anything changes, so a failing one leaves no half-made task
  const assignee = value('assignee');
  const candidateUsers = listOf(value('candidateUsers'));
  const candidateGroups = listOf(value('candidateGroups'));
  const dueAt = taskDateOf(ctx, node, 'camunda:dueDate', value('dueDate')) ?? budgetDue(ctx, node);
  const followUpAt = taskDateOf(ctx, node, 'camunda:followUpDate', value('followUpDate'));
  const priority = value('priority');
  const token = park(ctx, node, arrival.scopeId, WaitKind.UserTask, locals ? { variables: locals } : {});
  const task: UserTaskState = {
    id: ctx.newId('ut'),
    elementId: node.id,
    tokenId: token.id,
    ...(node.name ? { name: node.name } : {}),
    ...(assignee != null && assignee !== '' ? { assignee: String(assignee) } : {}),
    candidateUsers,
    candidateGroups,
    ...(dueAt ? { dueAt } : {}),
    ...(followUpAt ? { followUpAt } : {}),
    priority: priority == null || priority === '' ? 50 : Number(priority),
    ...(spec.formKey ? { formKey: spec.formKey } : {}),
    createdAt: ctx.at,
  };
  ctx.state.tasks[task.id] = task;
  ctx.tasks.push({ op: 'created', task });
  ctx.emit(HistoryEventType.TaskCreated, node, { taskId: task.id, assignee: task.assignee, candidateGroups, candidateUsers, dueAt: task.dueAt }, token.id);
}

/** A step budget from the motcua extension gives the due date when the diagram sets none. */
function budgetDue(ctx: StepContext, node: FlowNode): string | undefined {
  const budget = node.motcua?.budget;
  if (!budget) return undefined;
  const calendar = ctx.options.calendar;
  const due =
    budget.unit === 'WORKING_HOURS'
      ? calendar.addWorkingHours(ctx.now, budget.value)
      : budget.unit === 'DAYS'
        ? calendar.addDuration(ctx.now, `P${budget.value}D`)
        : calendar.addWorkingDays(ctx.now, budget.value);
  return new Date(due).toISOString();
}

function listOf(value: unknown): string[] {
  if (value == null || value === '') return [];
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/**
 * A due or follow-up date as Camunda 7 reads it: a date, or an ISO 8601 period (`P3D`, `PT4H`)
 * counted from the task's creation. Anything else is an expression failure (an incident naming
 * the task), never a date silently dropped.
 */
function taskDateOf(ctx: StepContext, node: FlowNode, field: string, value: unknown): string | undefined {
  if (value == null || value === '') return undefined;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString();
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('P') && !('problem' in parseDuration(text, field))) return new Date(addIsoDuration(ctx.now, text, ctx.options.calendar.zone)).toISOString();
    const instant = parseInstant(text, ctx.options.calendar.zone);
    if (instant !== undefined) return new Date(instant).toISOString();
  }
  throw new MotcuaError(
    ErrorCode.ExpressionFailed,
    `${field} of ${node.id} yielded ${describeValue(value)}, which is neither a date (2025-03-06T17:00:00+07:00) nor an ISO 8601 period (P3D, PT4H)`,
    { elementId: node.id, elementType: node.bpmnType, field },
  );
}

export function enterExternalTask(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  const locals = inputVariables(ctx, node, arrival.scopeId);
  const spec = node.externalTask!;
  const topic = String(ctx.evaluate(spec.topic, arrival.scopeId, node, 'camunda:topic', locals));
  const priority = spec.priority ? Number(ctx.evaluate(spec.priority, arrival.scopeId, node, 'camunda:taskPriority', locals)) : 0;
  const token = park(ctx, node, arrival.scopeId, WaitKind.ExternalTask, locals ? { variables: locals } : {});
  const jobId = ctx.newId('x');
  ctx.state.jobs[jobId] = { id: jobId, kind: JobKind.External, elementId: node.id, tokenId: token.id, topic, retries: DEFAULT_JOB_RETRIES, dueAt: ctx.at, priority };
  ctx.scheduleJob({ id: jobId, kind: JobKind.External, elementId: node.id, dueAt: ctx.at, topic, retries: DEFAULT_JOB_RETRIES, priority });
  ctx.emit(HistoryEventType.JobCreated, node, { jobId, kind: JobKind.External, topic }, token.id);
}

export function enterReceiveTask(ctx: StepContext, node: FlowNode, arrival: Arrival): void {
  const locals = inputVariables(ctx, node, arrival.scopeId);
  const token = park(ctx, node, arrival.scopeId, WaitKind.Receive, locals ? { variables: locals } : {});
  const id = ctx.newId('m');
  ctx.state.subscriptions[id] = { id, kind: SubscriptionKind.Message, name: node.messageName!, elementId: node.id, tokenId: token.id };
}

/** Complete a parked task with variables set first (Camunda's complete(taskId, variables)). */
export function completeWithVariables(ctx: StepContext, tokenId: string, variables: Variables | undefined, by?: string): void {
  const token = ctx.state.tokens[tokenId];
  ctx.setVariables(token.scopeId, variables);
  completeActivity(ctx, token, { by });
}
