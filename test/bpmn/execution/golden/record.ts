/**
 * Records golden states: an instance stopped at an interesting wait, saved as JSON with the
 * commands that finish it and what they must lead to. golden-state.test.ts recovers every saved
 * state with the current core and finishes it. A golden file is never rewritten (this script
 * skips the ones that exist): it is what an older release saved, and a release that cannot finish
 * it breaks the instances running in production. Add a case when the state gains a new shape.
 *
 *   npx tsx test/bpmn/execution/golden/record.ts
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from '../../../../engine/bpmn/execution/commands.ts';
import { Driver, loadFixture } from '../driver.ts';

export interface GoldenState {
  readonly fixture: string;
  /** what the state holds, in words */
  readonly savedAt: string;
  readonly savedBy: string;
  /** the clock when the state was saved */
  readonly now: string;
  readonly state: unknown;
  /** the commands that finish the instance, each with the clock it ran at */
  readonly commands: ReadonlyArray<{ readonly at: string; readonly command: Command }>;
  readonly expect: { readonly status: string; readonly passedAfterRecovery: readonly string[]; readonly historyEventsAfterRecovery: number };
}

interface Case { name: string; fixture: string; savedAt: string; given: (d: Driver) => void; finish: (d: Driver) => void; }

const cases: Case[] = [
  {
    name: 'EventSubProcess-listening', fixture: 'EventSubProcess',
    savedAt: 'the reminder (timer start) and the notice (signal start) event sub-processes running beside the task; the interrupting message start listening',
    given: (d) => { d.start().advance(2 * 3600_000).run({ type: 'BroadcastSignal', signalName: 'ThongBaoChung' }); },
    finish: (d) => { d.run({ type: 'CorrelateMessage', messageName: 'RutHoSo' }).complete('Activity_Refund'); },
  },
  {
    name: 'InclusiveGateway-join-waiting', fixture: 'InclusiveGateway',
    savedAt: 'the inclusive join holding the token of one path while the other path can still arrive',
    given: (d) => { d.start({ needLand: true, fee: 300000 }).complete('Activity_Tax'); },
    finish: (d) => { d.complete('Activity_Land').complete('Activity_Result'); },
  },
  {
    name: 'MultiInstanceParallel-one-left', fixture: 'MultiInstanceParallel',
    savedAt: 'a parallel multi-instance body with two of its three inner instances completed',
    given: (d) => { d.start({ officers: ['cv_an', 'cv_binh', 'cv_chi'] }); d.run({ type: 'CompleteTask', taskId: d.tasks('Activity_Review')[1]!.id }); d.complete('Activity_Review'); },
    finish: (d) => { d.complete('Activity_Review'); while (d.tasks().length > 0) d.complete(d.tasks()[0]!.elementId); },
  },
  {
    name: 'BoundaryTimer-cycle-fired-once', fixture: 'BoundaryTimer',
    savedAt: 'a non-interrupting R2 cycle boundary timer fired once (one repetition left) and an interrupting deadline timer armed',
    given: (d) => { d.start().advance(3600_000 + 1); },
    finish: (d) => { d.advance(3 * 3600_000); while (d.tasks().length > 0) d.complete(d.tasks()[0]!.elementId); },
  },
  {
    name: 'ExternalTask-failed-once', fixture: 'ExternalTask',
    savedAt: 'an external task failed once by its worker, two retries left',
    given: (d) => { d.start(); d.run({ type: 'FailExternalTask', jobId: Object.keys(d.state.jobs)[0]!, retries: 2, errorMessage: 'timeout', retryTimeoutMs: 60_000 }); },
    finish: (d) => { for (let i = 0; i < 2; i++) d.run({ type: 'CompleteExternalTask', jobId: Object.keys(d.state.jobs)[0]!, variables: { taxDebt: 0 } }); },
  },
  {
    name: 'AsyncContinuation-pending', fixture: 'AsyncContinuation',
    savedAt: 'an asyncBefore continuation pending in front of a user task',
    given: (d) => { d.start(); d.run({ type: 'RunAsyncContinuation', jobId: Object.keys(d.state.jobs)[0]! }); },
    finish: (d) => {
      for (let guard = 0; d.state.status === 'ACTIVE' && guard < 20; guard++) {
        const job = Object.values(d.state.jobs)[0];
        if (d.tasks().length > 0) d.complete(d.tasks()[0]!.elementId);
        else if (job?.kind === 'async') d.run({ type: 'RunAsyncContinuation', jobId: job.id });
        else if (job) d.run({ type: 'CompleteExternalTask', jobId: job.id });
      }
    },
  },
];

for (const c of cases) {
  const file = new URL(`./${c.name}.json`, import.meta.url);
  if (existsSync(file)) continue;
  const d = new Driver(await loadFixture(c.fixture));
  c.given(d);
  const state = JSON.parse(JSON.stringify(d.state));
  const now = d.now;
  const historyLength = d.history.length;
  const commands: Array<{ at: string; command: Command }> = [];
  const run = d.run.bind(d);
  d.run = (command: Command) => { commands.push({ at: new Date(d.now).toISOString(), command }); return run(command); };
  c.finish(d);
  if (d.state.status !== 'COMPLETED') throw new Error(`${c.name} did not complete: ${d.state.status}`);
  const passed = [...new Set(d.history.slice(historyLength).filter((e) => e.type === 'ElementCompleted').map((e) => e.elementId!))].sort();
  const golden: GoldenState = { fixture: c.fixture, savedAt: c.savedAt, savedBy: 'motcua 0.1.0', now: new Date(now).toISOString(), state, commands, expect: { status: d.state.status, passedAfterRecovery: passed, historyEventsAfterRecovery: d.history.length - historyLength } };
  writeFileSync(file, JSON.stringify(golden, null, 2) + '\n');
  console.log(`wrote ${c.name}.json: ${commands.length} commands to finish`);
}
