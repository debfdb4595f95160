/**
 * Jobs: what workers and the job executor report back. External tasks are completed, failed or
 * end in a BPMN error; async continuations run; a timer or continuation whose run threw is
 * failed with one retry fewer. A job out of retries becomes an incident on its element, and
 * resolving the incident gives it one more retry.
 */
import { ErrorCode, MotcuaError } from '../../../errors.ts';
import type { CompleteExternalTask, FailExternalTask, FailJob, RunAsyncContinuation, ThrowBpmnError } from '../commands.ts';
import type { StepContext } from '../context.ts';
import { HistoryEventType } from '../results.ts';
import { DEFAULT_JOB_RETRIES, IncidentType, JobKind, WaitKind, type Incident, type JobState, type TimerState } from '../state.ts';
import { addIsoDuration } from '../../timers/index.ts';
import { retryWait } from '../../timers/retry-cycle.ts';
import { completeActivity, recordIncident } from './activity.ts';
import { findCatcher, throwToCatcher } from './propagation.ts';
import { completeWithVariables } from './tasks.ts';

function externalJob(ctx: StepContext, jobId: string): JobState {
  const job = ctx.state.jobs[jobId];
  if (!job || job.kind !== JobKind.External) {
    throw new MotcuaError(ErrorCode.JobNotFound, `external task ${jobId} is not open in instance ${ctx.state.id}`, { field: 'jobId' });
  }
  return job;
}

export function completeExternalTask(ctx: StepContext, command: CompleteExternalTask): void {
  const job = externalJob(ctx, command.jobId);
  delete ctx.state.jobs[job.id];
  ctx.cancelJob(job.id);
  ctx.emit(HistoryEventType.JobCompleted, ctx.node(job.elementId), { jobId: job.id, variables: command.variables ?? {} }, job.tokenId, command.workerId);
  completeWithVariables(ctx, job.tokenId, command.variables, command.workerId);
}

/** A worker reports failure and says how many retries are left (Camunda's external task contract). */
export function failExternalTask(ctx: StepContext, command: FailExternalTask): void {
  const job = externalJob(ctx, command.jobId);
  const node = ctx.node(job.elementId);
  job.retries = Math.max(0, command.retries);
  job.dueAt = new Date(ctx.now + Math.max(0, command.retryTimeoutMs ?? 0)).toISOString();
  ctx.emit(HistoryEventType.JobFailed, node, { jobId: job.id, retries: job.retries, errorMessage: command.errorMessage }, job.tokenId, command.workerId);
  // an external task out of retries keeps its row (workers skip it) so that the task stays visible
  reschedule(ctx, job);
  if (job.retries === 0) {
    const message = `external task failed with no retries left: ${command.errorMessage ?? 'no message'}`;
    recordIncident(ctx, node, job.tokenId, IncidentType.FailedJob, message, 'job', job.id);
  }
}

export function throwBpmnError(ctx: StepContext, command: ThrowBpmnError): void {
  const job = externalJob(ctx, command.jobId);
  const token = ctx.state.tokens[job.tokenId];
  const node = ctx.node(job.elementId);
  ctx.setVariables(token.scopeId, command.variables);
  const catcher = findCatcher(ctx, 'error', command.errorCode, token.scopeId, token);
  if (!catcher) {
    recordIncident(ctx, node, token.id, IncidentType.UnhandledError, `BPMN error ${command.errorCode} is not caught by any boundary or event sub-process`, 'job', job.id);
    return;
  }
  delete ctx.state.jobs[job.id];
  ctx.cancelJob(job.id);
  throwToCatcher(ctx, catcher, 'error', command.errorCode, command.errorMessage, node);
}

export function runAsyncContinuation(ctx: StepContext, command: RunAsyncContinuation): void {
  const job = ctx.state.jobs[command.jobId];
  if (!job || job.kind !== JobKind.Async) throw new MotcuaError(ErrorCode.JobNotFound, `async continuation ${command.jobId} is not pending in instance ${ctx.state.id}`);
  const token = ctx.state.tokens[job.tokenId];
  delete ctx.state.jobs[job.id];
  ctx.cancelJob(job.id);
  ctx.emit(HistoryEventType.JobCompleted, ctx.node(job.elementId), { jobId: job.id }, token.id);
  if (token.wait === WaitKind.AsyncBefore) {
    ctx.removeToken(token.id);
    ctx.enqueue({ elementId: token.elementId, scopeId: token.scopeId, skipAsyncBefore: true });
  } else {
    completeActivity(ctx, token, { afterAsync: true });
  }
}

/**
 * The executor's run of a timer or async continuation threw (the store, a commit extension, a
 * step that never reaches a wait state): one retry fewer, the next attempt after the element's
 * camunda:failedJobRetryTimeCycle wait, or else the executor's backoff. None left: the job leaves the schedule and an incident holds it until resolved.
 */
export function failJob(ctx: StepContext, command: FailJob): void {
  const timer = ctx.state.timers[command.jobId];
  const async = ctx.state.jobs[command.jobId];
  const failed: TimerState | JobState | undefined = timer ?? (async?.kind === JobKind.Async ? async : undefined);
  if (!failed) throw new MotcuaError(ErrorCode.JobNotFound, `no timer or async continuation ${command.jobId} is pending in instance ${ctx.state.id}`, { field: 'jobId' });
  const node = ctx.node(failed.elementId);
  const cycle = node.retryCycle;
  const attempts = cycle?.attempts ?? DEFAULT_JOB_RETRIES;
  const retries = Math.max(0, (failed.retries ?? attempts) - 1);
  failed.retries = retries;
  const tokenId = failed.tokenId;
  ctx.emit(HistoryEventType.JobFailed, node, { jobId: command.jobId, retries, errorMessage: command.errorMessage }, tokenId);
  if (retries > 0) {
    // camunda:failedJobRetryTimeCycle decides the wait; without one, the executor's backoff does
    const due = cycle ? addIsoDuration(ctx.now, retryWait(cycle, attempts - retries), ctx.options.calendar.zone) : ctx.now + Math.max(0, command.retryTimeoutMs);
    const dueAt = new Date(due).toISOString();
    if (timer) {
      ctx.scheduleJob({ id: timer.id, kind: 'timer', elementId: timer.elementId, dueAt, retries });
    } else {
      async.dueAt = dueAt;
      reschedule(ctx, async);
    }
    return;
  }
  ctx.cancelJob(command.jobId);
  const what = timer ? 'timer' : 'async continuation';
  recordIncident(ctx, node, tokenId, IncidentType.FailedJob, `${what} failed with no retries left: ${command.errorMessage}`, 'job', command.jobId);
}

/** Resolving a failed-job incident: the job gets one retry (at least) and is due now. */
export function retryFailedJob(ctx: StepContext, incident: Incident): void {
  const jobId = incident.jobId!;
  const timer = ctx.state.timers[jobId];
  if (timer) {
    timer.retries = Math.max(timer.retries ?? 0, 1);
    ctx.scheduleJob({ id: jobId, kind: 'timer', elementId: timer.elementId, dueAt: ctx.at, retries: timer.retries });
    return;
  }
  const job = ctx.state.jobs[jobId];
  if (!job) return;
  job.retries = Math.max(job.retries, 1);
  job.dueAt = ctx.at;
  reschedule(ctx, job);
}

/** Write a job's row again as the state now has it (due time, retries). */
function reschedule(ctx: StepContext, job: JobState): void {
  ctx.scheduleJob({ id: job.id, kind: job.kind, elementId: job.elementId, dueAt: job.dueAt, topic: job.topic, retries: job.retries, priority: job.priority });
}
