/**
 * The working context of one `step`: a private draft of the instance state, the outputs the step
 * accumulates (history, task and job changes, effects) and the queue of token arrivals still to
 * run. Behaviours only ever mutate the draft through this context, so the caller's state is never
 * touched and a rejected command leaves nothing behind.
 */
import type { ElementId, ExpressionSource, FlowId, FlowNode, ProcessModel } from '../model.ts';
import { DateTime } from 'luxon';
import type { BusinessCalendar } from '../timers/calendar.ts';
import { DEFAULT_ZONE } from '../timers/index.ts';
import {
  evaluateCondition,
  evaluateExpression,
  type ExpressionFunctions,
  type VariableLookup,
} from '../expressions/index.ts';
import type { Effect, HistoryEvent, HistoryEventType, JobChange, ScheduledJob, TaskChange } from './results.ts';
import type {
  InstanceState,
  ScopeInstance,
  ScopeInstanceId,
  Token,
  TokenId,
  Variables,
} from './state.ts';

/** Mints the id of a new task, timer, token… from the instance's sequence number. */
export type IdSource = (kind: string, seq: number, instanceId: string) => string;

export const defaultIds: IdSource = (kind, seq, instanceId) => `${instanceId}.${kind}${seq}`;

/** A token on its way into an element; it becomes a parked `Token` only if the element waits. */
export interface Arrival {
  readonly elementId: ElementId;
  readonly scopeId: ScopeInstanceId;
  readonly via?: FlowId;
  /** re-entering after the element's asyncBefore job ran (or an incident was resolved): do not park again */
  readonly skipAsyncBefore?: boolean;
  /** the event this element waits for has already happened (event-based gateway branch): pass through */
  readonly triggered?: boolean;
}

export interface StepOptions {
  readonly ids?: IdSource;
  readonly calendar: BusinessCalendar;
  /** extra functions expressions may call, besides now(), workingDays(n), workingHours(n) */
  readonly functions?: ExpressionFunctions;
}

export class StepContext {
  readonly events: HistoryEvent[] = [];
  readonly tasks: TaskChange[] = [];
  readonly jobs: JobChange[] = [];
  readonly effects: Effect[] = [];
  readonly at: string;
  /** signals thrown inside this instance, delivered to it once the queue has drained */
  readonly thrownSignals: { name: string; variables: Variables }[] = [];
  /** scopes that lost a token: checked for completion once the queue has drained */
  readonly scopesToCheck = new Set<ScopeInstanceId>();
  /** scopes ended by a terminate end event (the process then ends as TERMINATED) */
  readonly terminatedScopes = new Set<ScopeInstanceId>();
  /** set when the process ends by an error its caller may catch */
  callerError?: { code: string; message?: string };
  /** set when variables changed: conditional events are re-evaluated once the queue has drained */
  variablesChanged = false;

  private readonly queue: Arrival[] = [];
  private queueHead = 0;
  private readonly functions: ExpressionFunctions;
  private readonly ids: IdSource;

  constructor(
    readonly process: ProcessModel,
    readonly state: InstanceState,
    readonly now: number,
    readonly options: StepOptions,
  ) {
    this.at = new Date(now).toISOString();
    this.ids = options.ids ?? defaultIds;
    const calendar = options.calendar;
    this.functions = {
      now: () => this.at,
      today: () => DateTime.fromMillis(now, { zone: calendar.zone ?? DEFAULT_ZONE }).toISODate(),
      workingDays: (n: unknown) => new Date(calendar.addWorkingDays(now, Number(n))).toISOString(),
      workingHours: (n: unknown) => new Date(calendar.addWorkingHours(now, Number(n))).toISOString(),
      ...options.functions,
    };
  }

  newId(kind: string): string {
    this.state.seq += 1;
    return this.ids(kind, this.state.seq, this.state.id);
  }

  node(id: ElementId): FlowNode {
    const node = this.process.nodes[id];
    if (!node) throw new Error(`element ${id} is not in process ${this.process.id}`);
    return node;
  }

  emit(type: HistoryEventType, node?: FlowNode, data?: Record<string, unknown>, tokenId?: TokenId, by?: string): void {
    const event: { -readonly [K in keyof HistoryEvent]: HistoryEvent[K] } = { type, at: this.at };
    if (node) {
      event.elementId = node.id;
      event.elementType = node.bpmnType;
    }
    if (tokenId) event.tokenId = tokenId;
    if (by) event.by = by;
    if (data) event.data = data;
    this.events.push(event);
  }

  // ---- the arrival queue ----

  enqueue(arrival: Arrival): void {
    this.queue.push(arrival);
  }

  dequeue(): Arrival | undefined {
    if (this.queueHead >= this.queue.length) return undefined;
    return this.queue[this.queueHead++];
  }

  /** forget arrivals queued for a scope that an interrupting event or a terminate end just emptied */
  dropArrivals(scopeId: ScopeInstanceId): void {
    for (let i = this.queueHead; i < this.queue.length; i++) {
      if (this.queue[i].scopeId === scopeId) {
        this.queue.splice(i, 1);
        i--;
      }
    }
  }

  /** arrivals still queued for a scope (they may yet reach a join or keep the scope alive) */
  pendingArrivals(scopeId: ScopeInstanceId): Arrival[] {
    const out: Arrival[] = [];
    for (let i = this.queueHead; i < this.queue.length; i++) {
      if (this.queue[i].scopeId === scopeId) out.push(this.queue[i]);
    }
    return out;
  }

  // ---- tokens and scopes ----

  addToken(token: Omit<Token, 'id'>): Token {
    const created: Token = { id: this.newId('t'), ...token };
    this.state.tokens[created.id] = created;
    return created;
  }

  removeToken(tokenId: TokenId): void {
    const token = this.state.tokens[tokenId];
    if (!token) return;
    delete this.state.tokens[tokenId];
    this.scopesToCheck.add(token.scopeId);
  }

  scope(id: ScopeInstanceId): ScopeInstance {
    const scope = this.state.scopes[id];
    if (!scope) throw new Error(`scope instance ${id} does not exist`);
    return scope;
  }

  addScope(scope: Omit<ScopeInstance, 'id'>): ScopeInstance {
    const created: ScopeInstance = { id: this.newId('s'), ...scope };
    this.state.scopes[created.id] = created;
    return created;
  }

  tokensIn(scopeId: ScopeInstanceId): Token[] {
    const out: Token[] = [];
    for (const id in this.state.tokens) {
      const token = this.state.tokens[id];
      if (token.scopeId === scopeId) out.push(token);
    }
    return out;
  }

  childScopes(scopeId: ScopeInstanceId): ScopeInstance[] {
    const out: ScopeInstance[] = [];
    for (const id in this.state.scopes) {
      const scope = this.state.scopes[id];
      if (scope.parentId === scopeId) out.push(scope);
    }
    return out;
  }

  // ---- variables ----

  /** Variable lookup along the scope chain, innermost first (token locals, then scopes up to the root). */
  lookup(scopeId: ScopeInstanceId, tokenLocals?: Variables): VariableLookup {
    const scopes = this.state.scopes;
    const find = (name: string): Variables | undefined => {
      if (tokenLocals && Object.hasOwn(tokenLocals, name)) return tokenLocals;
      let scope: ScopeInstance | undefined = scopes[scopeId];
      while (scope) {
        if (Object.hasOwn(scope.variables, name)) return scope.variables;
        scope = scope.parentId ? scopes[scope.parentId] : undefined;
      }
      return undefined;
    };
    return {
      get: (name) => find(name)?.[name],
      has: (name) => find(name) !== undefined,
    };
  }

  evaluate(source: ExpressionSource, scopeId: ScopeInstanceId, node: FlowNode, field: string, locals?: Variables): unknown {
    return evaluateExpression(source, this.lookup(scopeId, locals), this.functions, {
      elementId: node.id,
      elementType: node.bpmnType,
      field,
    });
  }

  condition(source: ExpressionSource, scopeId: ScopeInstanceId, subject: { id: string; bpmnType: string }, field: string, locals?: Variables): boolean {
    return evaluateCondition(source, this.lookup(scopeId, locals), this.functions, {
      elementId: subject.id,
      elementType: subject.bpmnType,
      field,
    });
  }

  /**
   * Camunda's setVariable: a variable already visible from the scope is updated where it lives;
   * a new one goes to the process instance (root scope).
   */
  setVariables(scopeId: ScopeInstanceId, variables: Variables | undefined): void {
    if (!variables) return;
    const scopes = this.state.scopes;
    for (const name of Object.keys(variables)) {
      let scope: ScopeInstance | undefined = scopes[scopeId];
      let target: ScopeInstance | undefined;
      while (scope) {
        if (Object.hasOwn(scope.variables, name)) {
          target = scope;
          break;
        }
        scope = scope.parentId ? scopes[scope.parentId] : undefined;
      }
      (target ?? scopes[this.state.rootScopeId]).variables[name] = variables[name];
    }
    if (Object.keys(variables).length > 0) this.variablesChanged = true;
  }

  rootVariables(): Variables {
    return this.state.scopes[this.state.rootScopeId].variables;
  }

  // ---- jobs ----

  scheduleJob(job: Omit<ScheduledJob, 'instanceId'>): void {
    this.jobs.push({ op: 'schedule', job: { ...job, instanceId: this.state.id } });
  }

  cancelJob(jobId: string): void {
    this.jobs.push({ op: 'cancel', jobId });
  }
}
