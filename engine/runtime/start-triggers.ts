/**
 * Process-level start events with a trigger (message, signal, timer) of the latest deployed
 * version of every key. Looked up when a message or signal has no waiting instance, and kept as
 * job rows for timer starts (ids `start:<deploymentId>:<elementId>`, belonging to no instance).
 */
import { nextCycle, scheduleTimer } from '../bpmn/timers/index.ts';
import type { BusinessCalendar } from '../bpmn/timers/calendar.ts';
import { SubscriptionKind } from '../bpmn/execution/state.ts';
import type { CompiledDefinitions, FlowNode } from '../bpmn/model.ts';
import type { JobChange } from '../bpmn/execution/results.ts';
import type { Deployment, Store } from '../store/port.ts';

export interface StartTrigger {
  readonly deployment: Deployment;
  readonly startEventId: string;
  readonly node: FlowNode;
}

const START_TIMER_PREFIX = 'start:';
/** A start timer's "instance": timers at process level belong to no instance. */
export const NO_INSTANCE = '';
/** `retries` of a start timer row that repeats forever */
const FOREVER = -1;

export class StartTriggers {
  private cache?: StartTrigger[];

  constructor(
    private readonly store: Store,
    private readonly definitions: (deploymentId: string) => Promise<CompiledDefinitions>,
    private readonly calendar: BusinessCalendar,
  ) {}

  private async apply(changes: JobChange[]): Promise<void> {
    await this.store.applyJobChanges(changes);
  }

  invalidate(): void {
    this.cache = undefined;
  }

  private async triggers(): Promise<StartTrigger[]> {
    if (this.cache) return this.cache;
    const triggers: StartTrigger[] = [];
    for (const key of await this.store.knownKeys()) {
      const deployment = await this.store.latestDeployment(key);
      if (!deployment) continue;
      const process = (await this.definitions(deployment.deploymentId)).processes[key];
      if (!process?.isExecutable) continue;
      for (const id of process.scopes[key].eventStarts) {
        triggers.push({ deployment, startEventId: id, node: process.nodes[id] });
      }
    }
    this.cache = triggers;
    return triggers;
  }

  async all(kind: typeof SubscriptionKind.Message | typeof SubscriptionKind.Signal, name: string): Promise<StartTrigger[]> {
    return (await this.triggers()).filter(({ node }) =>
      kind === SubscriptionKind.Message
        ? node.event?.type === 'message' && node.event.messageName === name
        : node.event?.type === 'signal' && node.event.signalName === name,
    );
  }

  async find(kind: typeof SubscriptionKind.Message | typeof SubscriptionKind.Signal, name: string): Promise<StartTrigger | undefined> {
    return (await this.all(kind, name))[0];
  }

  /** Arm the timer start events of a key's latest deployment and drop those of older versions. */
  async armTimers(key: string, now: number): Promise<void> {
    const latest = await this.store.latestDeployment(key);
    const existing = (await this.store.allJobs({ instanceId: NO_INSTANCE })).filter((job) => job.id.startsWith(`${START_TIMER_PREFIX}${key}:`));
    const changes: JobChange[] = existing.filter((job) => !latest || !job.id.startsWith(`${START_TIMER_PREFIX}${latest.deploymentId}:`)).map((job): JobChange => ({ op: 'cancel', jobId: job.id }));
    if (latest) {
      for (const trigger of (await this.triggers()).filter((t) => t.deployment.deploymentId === latest.deploymentId && t.node.event?.type === 'timer')) {
        const id = `${START_TIMER_PREFIX}${latest.deploymentId}:${trigger.startEventId}`;
        if (existing.some((job) => job.id === id)) continue;
        const schedule = this.schedule(trigger, now);
        const remaining = schedule.repeat ? (schedule.repeat.remaining ?? FOREVER) : 0;
        changes.push({ op: 'schedule', job: { id, kind: 'timer', instanceId: NO_INSTANCE, elementId: trigger.startEventId, dueAt: new Date(schedule.dueAt).toISOString(), retries: remaining } });
      }
    }
    if (changes.length > 0) await this.apply(changes);
  }

  private schedule(trigger: StartTrigger, now: number) {
    const event = trigger.node.event;
    if (event?.type !== 'timer') throw new Error(`${trigger.startEventId} is not a timer start event`);
    return scheduleTimer(event.timer.kind, event.timer.expression.text, now, this.calendar, { elementId: trigger.startEventId, elementType: trigger.node.bpmnType });
  }

  isStartTimer(jobId: string): boolean {
    return jobId.startsWith(START_TIMER_PREFIX);
  }

  /** A start timer fell due: start an instance, then re-arm the next repetition of a cycle. */
  async fire(jobId: string, start: (deployment: Deployment, startEventId: string) => Promise<unknown>): Promise<boolean> {
    const job = await this.store.getJob(jobId);
    if (!job) return false;
    const trigger = (await this.triggers()).find((t) => jobId === `${START_TIMER_PREFIX}${t.deployment.deploymentId}:${t.startEventId}`);
    if (!trigger) {
      // a timer of a version that is no longer the latest: it must not start anything
      await this.apply([{ op: 'cancel', jobId }]);
      return false;
    }
    // a cycle's repetitions left ride in the row's retries; its interval comes from the diagram
    const interval = this.schedule(trigger, Date.parse(job.dueAt)).repeat?.interval;
    const remaining = job.retries ?? 0;
    const next = interval && remaining !== 0 ? nextCycle({ remaining: remaining === FOREVER ? null : remaining, interval }, Date.parse(job.dueAt), this.calendar) : undefined;
    await this.apply([
      next
        ? { op: 'schedule', job: { ...job, dueAt: new Date(next.dueAt).toISOString(), retries: next.repeat ? (next.repeat.remaining ?? FOREVER) : 0 } }
        : { op: 'cancel', jobId },
    ]);
    await start(trigger.deployment, trigger.startEventId);
    return true;
  }
}
