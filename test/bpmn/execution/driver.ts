/**
 * A test driver for the pure core: compiles a fixture and feeds `step` commands in memory,
 * keeping the state, the history and the effects it returns. No store, no runtime: this is how
 * the core's semantics are tested on their own (the runtime has its own tests and scenarios).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileOrThrow } from '../../../engine/bpmn/compile/index.ts';
import type { Command } from '../../../engine/bpmn/execution/commands.ts';
import type { Effect, HistoryEvent, JobChange } from '../../../engine/bpmn/execution/results.ts';
import type { InstanceState, UserTaskState, Variables } from '../../../engine/bpmn/execution/state.ts';
import { step } from '../../../engine/bpmn/execution/step.ts';
import type { ProcessModel } from '../../../engine/bpmn/model.ts';
import { calendarDays } from '../../../engine/bpmn/timers/index.ts';

export const T0 = Date.parse('2025-03-03T08:00:00+07:00');

export async function loadFixture(name: string, processId?: string): Promise<ProcessModel> {
  const path = fileURLToPath(new URL(`../fixtures/${name}.bpmn`, import.meta.url));
  const definitions = await compileOrThrow(readFileSync(path, 'utf8'));
  const process = processId ? definitions.processes[processId] : Object.values(definitions.processes).find((p) => p.isExecutable);
  if (!process) throw new Error(`no executable process in ${name}.bpmn`);
  return process;
}

export class Driver {
  state!: InstanceState;
  readonly history: HistoryEvent[] = [];
  readonly effects: Effect[] = [];
  readonly jobChanges: JobChange[] = [];
  now = T0;

  constructor(readonly process: ProcessModel) {}

  run(command: Command): this {
    const result = step(this.process, this.state, command, this.now, { calendar: calendarDays() });
    this.state = result.state;
    this.history.push(...result.events);
    this.effects.push(...result.effects);
    this.jobChanges.push(...result.jobs);
    return this;
  }

  start(variables?: Variables): this {
    return this.run({ type: 'StartInstance', instanceId: 'pi', ...(variables ? { variables } : {}) });
  }

  /** the open tasks of an element, in creation order */
  tasks(elementId?: string): UserTaskState[] {
    return Object.values(this.state.tasks).filter((t) => elementId === undefined || t.elementId === elementId);
  }

  complete(elementId: string, variables?: Variables, by?: string): this {
    const task = this.tasks(elementId)[0];
    if (!task) throw new Error(`no open task at ${elementId}`);
    return this.run({ type: 'CompleteTask', taskId: task.id, ...(variables ? { variables } : {}), ...(by ? { by } : {}) });
  }

  /** fire every timer due up to `ms` later, in due order */
  advance(ms: number): this {
    const target = this.now + ms;
    for (;;) {
      const next = Object.values(this.state.timers).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
      if (!next || Date.parse(next.dueAt) > target || this.state.status !== 'ACTIVE') break;
      this.now = Math.max(this.now, Date.parse(next.dueAt));
      this.run({ type: 'TriggerTimer', timerId: next.id });
    }
    this.now = target;
    return this;
  }

  /** element ids where tokens wait, sorted (scope holders left out, as in scenarios) */
  active(): string[] {
    return Object.values(this.state.tokens)
      .filter((t) => t.wait !== 'scope')
      .map((t) => t.elementId)
      .sort();
  }

  passed(elementId: string): boolean {
    return this.history.some((e) => e.type === 'ElementCompleted' && e.elementId === elementId);
  }

  get variables(): Variables {
    return this.state.scopes[this.state.rootScopeId].variables;
  }
}
