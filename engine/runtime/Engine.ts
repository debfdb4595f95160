/**
 * The command loop (DESIGN.md): load the instance, run the pure `step`, commit everything it
 * produced atomically — its effects (called instances, messages, signals) included, as outbox
 * entries — then carry out the effects. A lost race reloads and decides again, so a command that
 * no longer applies fails with its own typed rejection (TASK_NOT_OPEN, TIMER_NOT_ARMED, …) and
 * never takes effect twice.
 */
import { createHash } from 'node:crypto';
import { ErrorCode, MotcuaError, isMotcuaError } from '../errors.ts';
import { compileWithWarnings, formatProblem } from '../bpmn/compile/index.ts';
import type { Command, CompleteCallActivity, PropagateEscalation } from '../bpmn/execution/commands.ts';
import type { Effect, StepResult } from '../bpmn/execution/results.ts';
import { InstanceStatus, SubscriptionKind, WaitKind, type InstanceId, type JobId, type TaskId, type TokenId, type Variables } from '../bpmn/execution/state.ts';
import { step } from '../bpmn/execution/step.ts';
import type { CompiledDefinitions, ProcessModel } from '../bpmn/model.ts';
import type { BusinessCalendar } from '../bpmn/timers/calendar.ts';
import type { Deployment, InstanceRecord, OutboxEntry, OutboxMessage, Store, StoredInstance } from '../store/port.ts';
import type {
  CorrelationScope,
  DeployOptions,
  ClaimOptions,
  Clock,
  DeployedProcess,
  EngineApi,
  InstanceView,
  LockedExternalTask,
  OpenTask,
  RecordedEvent,
  StartOptions,
  TaskQuery,
} from './api.ts';
import { checkVariables } from './check-variables.ts';
import type { CommitExtension } from './commit-extension.ts';
import { runInLanes } from './job-lanes.ts';
import { StartTriggers } from './start-triggers.ts';
import { timeOrderedId } from './instance-id.ts';

/** How often a command is decided again after losing a race for the same instance. */
const MAX_CONFLICT_RETRIES = 8;

/** The outbox topic of the engine's own effects, written in the commit that produced them. */
export const ENGINE_EFFECTS_TOPIC = 'engine-effects';

/**
 * How long the committing process has to carry out its effects itself before a resume pass (in
 * any process) may take them: without it, a pass running meanwhile would deliver a message twice.
 */
export const EFFECT_LEASE_MS = 30_000;

/** How many due job rows runDueJobs reads at a time. */
const DUE_BATCH = 256;

/** How many pending effects one resume pass reads at a time. */
const RESUME_PAGE = 100;

/** Wait before retrying an effect that failed `attempts` times: 1 s × 2^(attempts-1), at most 1 h. */
function effectRetryDelayMs(attempts: number): number {
  return Math.min(1000 * 2 ** (attempts - 1), 3_600_000);
}

export interface EngineOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly calendar: BusinessCalendar;
  /**
   * the calendar an instance of this agency counts its due dates and timers in (default
   * `calendar` for all): an agency that published its own year counts in it
   */
  readonly calendarFor?: (agency: string) => BusinessCalendar;
  /** where the engine reports what it does (start-up, effects it could not carry out) */
  readonly log?: (line: string) => void;
  /** domain additions to every commit (the procedure domain's dossiers) */
  readonly extensions?: readonly CommitExtension[];
}

export class Engine implements EngineApi {
  private readonly definitionsCache = new Map<string, CompiledDefinitions>();
  private readonly starts: StartTriggers;
  private resuming?: Promise<number>;

  constructor(private readonly options: EngineOptions) {
    this.starts = new StartTriggers(options.store, (id) => this.definitions(id), options.calendar);
  }

  get store(): Store {
    return this.options.store;
  }

  // ── deployments ──────────────────────────────────────────────────────────────────────────

  async deploy(name: string, xml: string, options: DeployOptions = {}): Promise<DeployedProcess[]> {
    const known = new Set(await this.store.knownKeys());
    const { definitions, warnings: problems } = await compileWithWarnings(xml, { isKnownProcess: (key) => known.has(key) });
    const warnings = problems.map(formatProblem);
    const hash = createHash('sha256').update(xml);
    // resources deployed with the diagram (forms) are part of what "unchanged" means
    for (const [resource, content] of Object.entries(options.resources ?? {}).sort(([a], [b]) => a.localeCompare(b))) hash.update(`\0${resource}\0${content}`);
    const checksum = hash.digest('hex');
    const deployed: DeployedProcess[] = [];
    for (const process of Object.values(definitions.processes)) {
      if (!process.isExecutable) continue;
      // the store returns the latest version when the file is unchanged (e.g. at every start-up),
      // deciding atomically, so nodes starting together do not mint two versions of one file
      const info = await this.store.deploy({ key: process.id, name, source: xml, compiled: definitions, checksum });
      this.definitionsCache.set(info.deploymentId, definitions);
      this.starts.invalidate();
      await this.starts.armTimers(process.id, this.options.clock.now());
      deployed.push({ deploymentId: info.deploymentId, key: info.key, version: info.version, ...(process.name ? { name: process.name } : {}), ...(warnings.length > 0 ? { warnings } : {}) });
    }
    if (deployed.length === 0) {
      throw new MotcuaError(ErrorCode.BpmnInvalid, `${name} has no executable process (set isExecutable="true")`, { field: 'isExecutable' });
    }
    return deployed;
  }

  async definitions(deploymentId: string): Promise<CompiledDefinitions> {
    const cached = this.definitionsCache.get(deploymentId);
    if (cached) return cached;
    const deployment = await this.store.getDeployment(deploymentId);
    if (!deployment) throw new MotcuaError(ErrorCode.ProcessNotFound, `deployment ${deploymentId} does not exist`);
    const definitions = deployment.compiled as CompiledDefinitions;
    this.definitionsCache.set(deploymentId, definitions);
    return definitions;
  }

  // ── starting ─────────────────────────────────────────────────────────────────────────────

  async startInstance(processKey: string, options: StartOptions = {}): Promise<InstanceView> {
    checkVariables(options.variables);
    const deployment = await this.resolveDeployment(processKey, options.version === undefined ? 'latest' : 'version', options.version);
    return this.start(deployment, timeOrderedId(), options);
  }

  async startByMessage(messageName: string, options: StartOptions = {}): Promise<InstanceView> {
    checkVariables(options.variables);
    const trigger = await this.starts.find(SubscriptionKind.Message, messageName);
    if (!trigger) throw new MotcuaError(ErrorCode.NoSubscription, `no deployed process starts with message "${messageName}"`, { field: 'messageName' });
    return this.start(trigger.deployment, timeOrderedId(), options, trigger.startEventId);
  }

  private async resolveDeployment(key: string, binding: 'latest' | 'version' | 'deployment', version?: number): Promise<Deployment> {
    const deployment = binding === 'version' && version !== undefined ? await this.store.deploymentByVersion(key, version) : await this.store.latestDeployment(key);
    if (!deployment) {
      throw new MotcuaError(ErrorCode.ProcessNotFound, `process ${key}${version !== undefined ? ` version ${version}` : ''} is not deployed`, { field: 'processKey' });
    }
    return deployment;
  }

  private async start(deployment: Deployment, instanceId: InstanceId, options: StartInstanceOptions, startEventId?: string): Promise<InstanceView> {
    const created = await this.create(deployment, instanceId, options, startEventId);
    await this.afterCommit(created.decision, created.effectIds);
    return { id: instanceId, key: deployment.key, version: deployment.version, revision: created.revision, state: created.decision.state };
  }

  /** Decide and commit a new instance, leaving its effects to the caller. VERSION_CONFLICT: the id exists. */
  private async create(deployment: Deployment, instanceId: InstanceId, options: StartInstanceOptions, startEventId?: string): Promise<Created> {
    if (options.agency === '') throw new MotcuaError(ErrorCode.InvalidInput, 'an agency code cannot be empty: leave it out for none', { field: 'agency' });
    const definitions = await this.definitions(deployment.deploymentId);
    const process = processOf(definitions, deployment.key);
    const command: Command = {
      type: 'StartInstance',
      instanceId,
      ...(options.variables ? { variables: options.variables } : {}),
      ...(options.businessKey !== undefined ? { businessKey: options.businessKey } : {}),
      ...(startEventId ? { startEventId } : {}),
      ...(options.parent ? { parent: options.parent } : {}),
      ...(options.by ? { by: options.by } : {}),
    };
    const result = this.decide(process, deployment.version, undefined, command, options.agency);
    const record: InstanceRecord = {
      id: instanceId,
      processKey: deployment.key,
      deploymentId: deployment.deploymentId,
      processVersion: deployment.version,
      ...(options.businessKey !== undefined ? { businessKey: options.businessKey } : {}),
      ...(options.parent ? { parentInstanceId: options.parent.instanceId } : {}),
      ...(options.agency !== undefined ? { agency: options.agency } : {}),
      status: result.state.status,
      state: result.state,
      startedAt: result.state.startedAt,
      ...(result.state.endedAt ? { endedAt: result.state.endedAt } : {}),
    };
    return { decision: result, ...(await this.commit(record, 0, result)) };
  }

  // ── the command loop ─────────────────────────────────────────────────────────────────────

  /** Run one command against an instance: load, decide, commit; retried on a lost race. */
  async execute(instanceId: InstanceId, command: Command): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.load(instanceId);
      const process = processOf(await this.definitions(loaded.record.deploymentId), loaded.record.processKey);
      const result = this.decide(process, loaded.record.processVersion, loaded.record, command, loaded.record.agency);
      const record: InstanceRecord = {
        ...loaded.record,
        status: result.state.status,
        state: result.state,
        ...(result.state.endedAt ? { endedAt: result.state.endedAt } : {}),
      };
      let effectIds: readonly string[];
      try {
        ({ effectIds } = await this.commit(record, loaded.revision, result));
      } catch (error) {
        if (isMotcuaError(error, ErrorCode.VersionConflict) && attempt < MAX_CONFLICT_RETRIES) continue;
        throw error;
      }
      await this.afterCommit(result, effectIds);
      return;
    }
  }

  /** The pure step plus the commit extensions' additions: everything one commit will write. */
  private decide(process: ProcessModel, processVersion: number, previous: InstanceRecord | undefined, command: Command, agency: string | undefined): Decision {
    const now = this.options.clock.now();
    const calendar = agency !== undefined && this.options.calendarFor ? this.options.calendarFor(agency) : this.options.calendar;
    const stepped = step(process, previous?.state, command, now, { calendar });
    let decision: Decision = { ...stepped, counters: {}, outbox: [] };
    for (const extension of this.options.extensions ?? []) {
      const added = extension.extend({ process, processVersion, ...(agency !== undefined ? { agency } : {}), ...(previous ? { previous } : {}), command, result: decision, now });
      if (!added) continue;
      const counters = { ...decision.counters };
      for (const [key, n] of Object.entries(added.counters ?? {})) counters[key] = (counters[key] ?? 0) + n;
      decision = {
        ...decision,
        state: added.state ?? decision.state,
        events: [...decision.events, ...(added.events ?? [])],
        counters,
        outbox: [...decision.outbox, ...(added.outbox ?? [])],
      };
    }
    return decision;
  }

  private async load(instanceId: InstanceId): Promise<StoredInstance> {
    const loaded = await this.store.getInstance(instanceId);
    if (!loaded) throw new MotcuaError(ErrorCode.InstanceNotFound, `instance ${instanceId} does not exist`, { field: 'instanceId' });
    return loaded;
  }

  /** Commit the decision; its effects go into the outbox with it, held for this process (EFFECT_LEASE_MS). */
  private async commit(record: InstanceRecord, expectedRevision: number, decision: Decision): Promise<{ revision: number; effectIds: readonly string[] }> {
    const revision = expectedRevision + 1;
    const heldUntil = this.options.clock.now() + EFFECT_LEASE_MS;
    // the key names the commit, and a revision commits once (compare-and-set): no effect is queued twice
    const effects = decision.effects.map((effect, index): OutboxMessage => ({ topic: ENGINE_EFFECTS_TOPIC, key: `${record.id}:${revision}:${index}`, payload: effect, nextAttemptAt: heldUntil }));
    const outbox = [...decision.outbox, ...effects];
    const committed = await this.store.commit({
      instance: record,
      expectedRevision,
      events: decision.events,
      tasks: decision.tasks,
      jobs: decision.jobs,
      subscriptions: Object.values(decision.state.subscriptions),
      ...(Object.keys(decision.counters).length > 0 ? { counters: decision.counters } : {}),
      ...(outbox.length > 0 ? { outbox } : {}),
    });
    return { revision: committed.revision, effectIds: committed.outboxIds.slice(decision.outbox.length) };
  }

  /** An effect that fails here stays pending in the outbox, with those after it, for resumePendingEffects. */
  private async afterCommit(decision: StepResult, effectIds: readonly string[]): Promise<void> {
    for (const [index, effect] of decision.effects.entries()) {
      await this.carryOut(effect);
      await this.store.markOutbox(effectIds[index]!, { ok: true, attempts: 1 });
    }
  }

  /**
   * Carry out every effect whose commit happened but whose delivery was never recorded (its
   * process died in between, or the effect failed), once the committer's hold has run out. The
   * job executor calls it at start-up and at every reconcile. A failing effect is logged and
   * retried with backoff, never parked: parked, it would leave a call activity waiting for ever
   * where nobody looks. Returns how many effects it carried out.
   */
  resumePendingEffects(): Promise<number> {
    // one pass at a time in this process: two would take the same entries
    this.resuming ??= this.resumeDue().finally(() => {
      this.resuming = undefined;
    });
    return this.resuming;
  }

  private async resumeDue(): Promise<number> {
    const now = this.options.clock.now();
    let carried = 0;
    let due: OutboxEntry[];
    // every entry taken is held past `now` (claimed, or failed and waiting), so each page is new and the loop ends
    while ((due = await this.store.pendingOutbox(ENGINE_EFFECTS_TOPIC, RESUME_PAGE, now)).length > 0) {
      for (const entry of due) if (await this.resumeEffect(entry, now)) carried++;
    }
    if (carried > 0) this.options.log?.(`carried out ${carried} effect(s) left pending by earlier commits`);
    return carried;
  }

  private async resumeEffect(entry: OutboxEntry, now: number): Promise<boolean> {
    const attempts = entry.attempts + 1;
    // held like a fresh commit's effects, so that a pass in another process leaves it alone (unless it read it before this write)
    await this.store.markOutbox(entry.id, { ok: false, error: 'being carried out', attempts, nextAttemptAt: now + EFFECT_LEASE_MS });
    try {
      await this.carryOut(entry.payload as Effect);
    } catch (error) {
      const reason = isMotcuaError(error) ? error.toString() : error instanceof Error ? error.message : String(error);
      this.options.log?.(`effect ${entry.key} failed (attempt ${attempts}), will be retried: ${reason}`);
      await this.store.markOutbox(entry.id, { ok: false, error: reason, attempts, nextAttemptAt: now + effectRetryDelayMs(attempts) });
      return false;
    }
    await this.store.markOutbox(entry.id, { ok: true, attempts });
    return true;
  }

  /**
   * Carry out one committed effect. It entered the outbox in the commit that produced it: this
   * process carries it out right after that commit and marks it delivered; if the process dies in
   * between, or the effect fails, resumePendingEffects carries it out later. So an effect may run
   * more than once, and each kind is safe to replay:
   * - StartCalledInstance starts the child under the id the parent's state fixed, and only while
   *   the parent still waits for it; a child that exists, or appears meanwhile (VERSION_CONFLICT
   *   on its creation), is not started again.
   * - CalledInstanceEnded, and a child that could not start, continue the call activity only while
   *   it waits for that child: once it has been continued, cancelled or ended, a replay does nothing.
   * - EscalationToCaller reaches the call activity only while it waits for that child; a replay
   *   triggers a non-interrupting boundary there again (at least once, like messages).
   * - CancelCalledInstance cancels only a child that is still active.
   * - MessageSent and SignalThrown are delivered at least once. A replay delivers again when the
   *   first delivery committed but its mark did not: the process died between the two, a resume
   *   pass in another process read the entry before this one's claim, or the delivery outlasted
   *   EFFECT_LEASE_MS. The receiving side cannot tell a replay from a second message (a correlation
   *   or broadcast records no id of what caused it), so a duplicate message reaches the next
   *   instance waiting for it or starts one by a message start event, and a duplicate signal
   *   reaches whoever still listens (a non-interrupting catch hears it twice) and starts
   *   signal-started processes again.
   */
  private async carryOut(effect: Effect): Promise<void> {
    switch (effect.type) {
      case 'StartCalledInstance': {
        const caller = await this.waitingCaller(effect.parentInstanceId, effect.tokenId, effect.childInstanceId);
        if (!caller) return;
        if (await this.store.getInstance(effect.childInstanceId)) return;
        let created: Created;
        try {
          const deployment = await this.resolveDeployment(effect.processKey, effect.binding, effect.version);
          created = await this.create(deployment, effect.childInstanceId, {
            variables: effect.variables,
            ...(effect.businessKey !== undefined ? { businessKey: effect.businessKey } : {}),
            parent: { instanceId: effect.parentInstanceId, tokenId: effect.tokenId },
            // the child works for the caller's agency (its tasks land in the same officers' lists)
            ...(caller.agency !== undefined ? { agency: caller.agency } : {}),
          });
        } catch (error) {
          if (isMotcuaError(error, ErrorCode.VersionConflict)) return;
          // a store that is unavailable says nothing about the called process: retried later
          if (!isMotcuaError(error) || error.code === ErrorCode.StoreUnavailable) throw error;
          await this.continueCaller(effect.parentInstanceId, {
            type: 'CompleteCallActivity',
            tokenId: effect.tokenId,
            childInstanceId: effect.childInstanceId,
            childVariables: {},
            failure: `cannot start called process ${effect.processKey}: ${error.message}`,
          });
          return;
        }
        await this.afterCommit(created.decision, created.effectIds);
        return;
      }
      case 'CalledInstanceEnded':
        await this.continueCaller(effect.parentInstanceId, {
          type: 'CompleteCallActivity',
          tokenId: effect.tokenId,
          childInstanceId: effect.childInstanceId,
          childVariables: effect.variables,
          ...(effect.error ? { error: effect.error } : {}),
        });
        return;
      case 'EscalationToCaller':
        await this.continueCaller(effect.parentInstanceId, {
          type: 'PropagateEscalation',
          tokenId: effect.tokenId,
          childInstanceId: effect.childInstanceId,
          escalationCode: effect.code,
        });
        return;
      case 'CancelCalledInstance': {
        const child = await this.store.getInstance(effect.childInstanceId);
        if (child?.record.status !== InstanceStatus.Active) return;
        try {
          await this.cancelInstance(effect.childInstanceId, 'the calling activity was cancelled');
        } catch (error) {
          // it ended between the check and the cancel
          if (!isMotcuaError(error, ErrorCode.InstanceNotActive)) throw error;
        }
        return;
      }
      case 'MessageSent':
        try {
          await this.correlateMessage(effect.messageName, { variables: effect.variables });
        } catch (error) {
          // nobody waits for it (yet): a thrown message is fire-and-forget, as in Camunda
          if (!isMotcuaError(error, ErrorCode.NoSubscription)) throw error;
          this.options.log?.(`message "${effect.messageName}" from ${effect.fromElementId} reached no instance`);
        }
        return;
      case 'SignalThrown':
        await this.broadcastSignal(effect.signalName, effect.variables);
        return;
    }
  }

  /** The parent, while its call activity (its token) is still waiting for this child; otherwise undefined. */
  private async waitingCaller(parentInstanceId: InstanceId, tokenId: TokenId, childInstanceId: InstanceId): Promise<InstanceRecord | undefined> {
    const parent = await this.store.getInstance(parentInstanceId);
    const token = parent?.record.state.tokens[tokenId];
    const waits = parent?.record.status === InstanceStatus.Active && token?.wait === WaitKind.CallActivity && token.childInstanceId === childInstanceId;
    return waits ? parent.record : undefined;
  }

  /** Tell a call activity what its child did; one that no longer waits for that child is left as it is. */
  private async continueCaller(parentInstanceId: InstanceId, command: CompleteCallActivity | PropagateEscalation): Promise<void> {
    try {
      await this.execute(parentInstanceId, command);
    } catch (error) {
      // these are how the step refuses a caller that no longer waits; checked, since a commit extension may refuse with them too
      const moot = isMotcuaError(error, ErrorCode.NotFound) || isMotcuaError(error, ErrorCode.InstanceNotActive);
      if (!moot || (await this.waitingCaller(parentInstanceId, command.tokenId, command.childInstanceId))) throw error;
    }
  }

  // ── commands on instances ────────────────────────────────────────────────────────────────

  async completeTask(taskId: TaskId, variables?: Variables, by?: string): Promise<void> {
    checkVariables(variables);
    const task = await this.store.getTask(taskId);
    if (!task) throw new MotcuaError(ErrorCode.TaskNotOpen, `task ${taskId} is not open`, { field: 'taskId' });
    await this.execute(task.instanceId, { type: 'CompleteTask', taskId, ...(variables ? { variables } : {}), ...(by ? { by } : {}) });
  }

  async claimTask(taskId: TaskId, userId: string | null, by?: string, options: ClaimOptions = {}): Promise<void> {
    const task = await this.store.getTask(taskId);
    if (!task) throw new MotcuaError(ErrorCode.TaskNotOpen, `task ${taskId} is not open`, { field: 'taskId' });
    await this.execute(task.instanceId, { type: 'ClaimTask', taskId, userId, ...(by ? { by } : {}), ...(options.exclusive ? { exclusive: true } : {}) });
  }

  async correlateMessage(messageName: string, options: { instanceId?: InstanceId; businessKey?: string; variables?: Variables } & CorrelationScope = {}): Promise<InstanceId[]> {
    checkVariables(options.variables);
    const candidates = options.instanceId ? [options.instanceId] : await this.store.instancesSubscribed(SubscriptionKind.Message, messageName);
    for (const instanceId of candidates) {
      if ((options.businessKey !== undefined && !options.instanceId) || options.agency !== undefined) {
        const loaded = await this.store.getInstance(instanceId);
        if (options.businessKey !== undefined && !options.instanceId && loaded?.record.businessKey !== options.businessKey) continue;
        if (options.agency !== undefined && loaded?.record.agency !== options.agency) continue;
      }
      try {
        await this.execute(instanceId, { type: 'CorrelateMessage', messageName, ...(options.variables ? { variables: options.variables } : {}) });
        return [instanceId];
      } catch (error) {
        if (!isMotcuaError(error, ErrorCode.NoSubscription) && !isMotcuaError(error, ErrorCode.InstanceNotActive)) throw error;
      }
    }
    if (!options.instanceId && (await this.starts.find(SubscriptionKind.Message, messageName))) {
      const started = await this.startByMessage(messageName, {
        ...(options.variables ? { variables: options.variables } : {}),
        ...(options.businessKey !== undefined ? { businessKey: options.businessKey } : {}),
        ...(options.agency !== undefined ? { agency: options.agency } : {}),
        ...(options.by !== undefined ? { by: options.by } : {}),
      });
      return [started.id];
    }
    throw new MotcuaError(ErrorCode.NoSubscription, `no instance waits for message "${messageName}"${options.instanceId ? ` in ${options.instanceId}` : ''}`, { field: 'messageName' });
  }

  async broadcastSignal(signalName: string, variables?: Variables, scope: CorrelationScope = {}): Promise<InstanceId[]> {
    checkVariables(variables);
    const reached: InstanceId[] = [];
    for (const instanceId of await this.store.instancesSubscribed(SubscriptionKind.Signal, signalName)) {
      if (scope.agency !== undefined && (await this.store.getInstance(instanceId))?.record.agency !== scope.agency) continue;
      try {
        await this.execute(instanceId, { type: 'BroadcastSignal', signalName, ...(variables ? { variables } : {}) });
        reached.push(instanceId);
      } catch (error) {
        if (!isMotcuaError(error, ErrorCode.NoSubscription) && !isMotcuaError(error, ErrorCode.InstanceNotActive)) throw error;
      }
    }
    for (const trigger of await this.starts.all(SubscriptionKind.Signal, signalName)) {
      const options: StartOptions = {
        ...(variables ? { variables } : {}),
        ...(scope.agency !== undefined ? { agency: scope.agency } : {}),
        ...(scope.by !== undefined ? { by: scope.by } : {}),
      };
      const started = await this.start(trigger.deployment, timeOrderedId(), options, trigger.startEventId);
      reached.push(started.id);
    }
    return reached;
  }

  async setVariables(instanceId: InstanceId, variables: Variables, by?: string): Promise<void> {
    checkVariables(variables);
    await this.execute(instanceId, { type: 'SetVariables', variables, ...(by ? { by } : {}) });
  }

  async cancelInstance(instanceId: InstanceId, reason?: string, by?: string): Promise<void> {
    await this.execute(instanceId, { type: 'CancelInstance', ...(reason ? { reason } : {}), ...(by ? { by } : {}) });
  }

  async resolveIncident(instanceId: InstanceId, incidentId: string, by?: string): Promise<void> {
    await this.execute(instanceId, { type: 'ResolveIncident', incidentId, ...(by ? { by } : {}) });
  }

  // ── external tasks ───────────────────────────────────────────────────────────────────────

  async fetchAndLock(topic: string, workerId: string, lockMs: number, maxTasks = 1): Promise<LockedExternalTask[]> {
    const rows = await this.store.lockExternalTasks(topic, workerId, this.options.clock.now(), lockMs, maxTasks);
    const locked: LockedExternalTask[] = [];
    for (const row of rows) {
      const instance = await this.store.getInstance(row.instanceId);
      if (!instance) continue;
      const { record } = instance;
      locked.push({
        jobId: row.id,
        instanceId: row.instanceId,
        elementId: row.elementId,
        topic,
        retries: row.retries ?? 0,
        variables: record.state.scopes[record.state.rootScopeId].variables,
        lockExpiresAt: row.lockExpiresAt!,
        priority: row.priority,
        processKey: record.processKey,
        deploymentId: record.deploymentId,
        ...(record.businessKey !== undefined ? { businessKey: record.businessKey } : {}),
        ...(record.agency !== undefined ? { agency: record.agency } : {}),
      });
    }
    return locked;
  }

  private async lockedJob(jobId: JobId, workerId: string) {
    const job = await this.store.getJob(jobId);
    if (!job || job.kind !== 'external') throw new MotcuaError(ErrorCode.JobNotFound, `external task ${jobId} is not open`, { field: 'jobId' });
    const lockHeld = job.lockOwner !== undefined && job.lockExpiresAt !== undefined && Date.parse(job.lockExpiresAt) > this.options.clock.now();
    if (!lockHeld || job.lockOwner !== workerId) {
      throw new MotcuaError(ErrorCode.JobLocked, `external task ${jobId} is not locked by worker ${workerId}: fetch and lock it first`, { field: 'workerId' });
    }
    return job;
  }

  async completeExternalTask(jobId: JobId, workerId: string, variables?: Variables): Promise<void> {
    checkVariables(variables);
    const job = await this.lockedJob(jobId, workerId);
    await this.execute(job.instanceId, { type: 'CompleteExternalTask', jobId, workerId, ...(variables ? { variables } : {}) });
  }

  async failExternalTask(jobId: JobId, workerId: string, retries: number, errorMessage?: string, retryTimeoutMs?: number): Promise<void> {
    const job = await this.lockedJob(jobId, workerId);
    await this.execute(job.instanceId, {
      type: 'FailExternalTask',
      jobId,
      workerId,
      retries,
      ...(errorMessage ? { errorMessage } : {}),
      ...(retryTimeoutMs !== undefined ? { retryTimeoutMs } : {}),
    });
  }

  async throwBpmnError(jobId: JobId, workerId: string, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void> {
    checkVariables(variables);
    const job = await this.lockedJob(jobId, workerId);
    await this.execute(job.instanceId, {
      type: 'ThrowBpmnError',
      jobId,
      workerId,
      errorCode,
      ...(errorMessage ? { errorMessage } : {}),
      ...(variables ? { variables } : {}),
    });
  }

  async extendExternalTaskLock(jobId: JobId, workerId: string, lockMs: number): Promise<void> {
    await this.lockedJob(jobId, workerId);
    // the lock may run out between the check and the write: the store decides atomically
    if (!(await this.store.extendJobLock(jobId, workerId, this.options.clock.now(), lockMs))) {
      throw new MotcuaError(ErrorCode.JobLocked, `external task ${jobId} is not locked by worker ${workerId}: fetch and lock it first`, { field: 'workerId' });
    }
  }

  async unlockExternalTask(jobId: JobId): Promise<void> {
    const job = await this.store.getJob(jobId);
    if (!job || job.kind !== 'external' || !(await this.store.unlockJob(jobId))) {
      throw new MotcuaError(ErrorCode.JobNotFound, `external task ${jobId} is not open`, { field: 'jobId' });
    }
  }

  // ── jobs ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Run one due timer or async continuation. Idempotent: a job whose timer or continuation is no
   * longer armed in the instance state (fired, cancelled, instance ended) is a no-op.
   */
  async runJob(job: { readonly id: string; readonly kind: string; readonly instanceId: InstanceId }): Promise<boolean> {
    if (job.kind !== 'timer' && job.kind !== 'async') return false;
    if (this.starts.isStartTimer(job.id)) return this.starts.fire(job.id, (deployment, startEventId) => this.start(deployment, timeOrderedId(), {}, startEventId));
    try {
      await this.execute(job.instanceId, job.kind === 'timer' ? { type: 'TriggerTimer', timerId: job.id } : { type: 'RunAsyncContinuation', jobId: job.id });
      return true;
    } catch (error) {
      if (STALE_JOB_CODES.some((code) => isMotcuaError(error, code))) return false;
      throw error;
    }
  }

  /**
   * Record that running a timer or async continuation threw: one retry fewer, the next attempt
   * `retryTimeoutMs` from now; with none left, an incident on its element (resolveIncident retries
   * it). Returns the retries left, or undefined when the job is no longer pending (stale).
   */
  async failJob(job: { readonly id: string; readonly instanceId: InstanceId }, errorMessage: string, retryTimeoutMs: number): Promise<number | undefined> {
    try {
      await this.execute(job.instanceId, { type: 'FailJob', jobId: job.id, errorMessage, retryTimeoutMs });
    } catch (error) {
      if (STALE_JOB_CODES.some((code) => isMotcuaError(error, code))) return undefined;
      throw error;
    }
    const { state } = (await this.store.getInstance(job.instanceId))!.record;
    return (state.timers[job.id] ?? state.jobs[job.id])?.retries;
  }

  /**
   * Run every timer and async continuation due at the clock's now, each at most once per call
   * (a cycle timer re-armed as due fires again on the next call). `concurrency` instances move at
   * a time, each instance's jobs in due order (runInLanes); the default, one, keeps the order
   * across instances too, which scenarios replay. Returns how many ran (stale ones do not count).
   */
  async runDueJobs(options: { readonly concurrency?: number } = {}): Promise<number> {
    const concurrency = options.concurrency ?? 1;
    let ran = 0;
    const attempted = new Set<string>();
    for (;;) {
      // rows run already and still there (stale) come back too: ask for enough to get a new batch past them
      const rows = await this.store.dueJobs(this.options.clock.now(), DUE_BATCH + attempted.size);
      const due = rows.filter((job) => !attempted.has(job.id)).slice(0, DUE_BATCH);
      if (due.length === 0) return ran;
      for (const job of due) attempted.add(job.id);
      await runInLanes(due, concurrency, async (job) => {
        if (await this.runJob(job)) ran++;
      });
    }
  }

  async nextDueAt(): Promise<number | undefined> {
    return this.store.nextDueAt();
  }

  // ── queries ──────────────────────────────────────────────────────────────────────────────

  async getInstance(instanceId: InstanceId): Promise<InstanceView | undefined> {
    const loaded = await this.store.getInstance(instanceId);
    return loaded && viewOf(loaded);
  }

  async childInstances(instanceId: InstanceId): Promise<InstanceView[]> {
    return (await this.store.childInstances(instanceId)).map(viewOf);
  }

  listTasks(query: TaskQuery): Promise<OpenTask[]> {
    return this.store.listTasks(query);
  }

  countTasks(query: TaskQuery): Promise<number> {
    return this.store.countTasks(query);
  }

  history(instanceId: InstanceId): Promise<RecordedEvent[]> {
    return this.store.history(instanceId);
  }

  verifyHistory(instanceId: InstanceId) {
    return this.store.verifyHistory(instanceId);
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

/** What a job run or failure meets when its timer / job is no longer pending: nothing to do. */
const STALE_JOB_CODES = [ErrorCode.TimerNotArmed, ErrorCode.JobNotFound, ErrorCode.InstanceNotActive, ErrorCode.InstanceNotFound] as const;

/** One command's full outcome: the step's result with the extensions' counters and outbox. */
interface Decision extends StepResult {
  readonly counters: Readonly<Record<string, number>>;
  readonly outbox: readonly OutboxMessage[];
}

type StartInstanceOptions = StartOptions & { parent?: { instanceId: InstanceId; tokenId: TokenId } };

/** A committed new instance whose effects are still to be carried out. */
interface Created {
  readonly decision: Decision;
  readonly revision: number;
  /** the outbox ids of `decision.effects`, in order */
  readonly effectIds: readonly string[];
}

function processOf(definitions: CompiledDefinitions, key: string): ProcessModel {
  const process = definitions.processes[key];
  if (!process) throw new MotcuaError(ErrorCode.ProcessNotFound, `process ${key} is not in its deployment`, { field: 'processKey' });
  return process;
}

function viewOf(loaded: StoredInstance): InstanceView {
  return { id: loaded.record.id, key: loaded.record.processKey, version: loaded.record.processVersion, revision: loaded.revision, state: loaded.record.state };
}
