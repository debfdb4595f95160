/**
 * The command loop on the SQLite store (in memory or a temp file) with a manual clock: atomic
 * commands under a race, deployments and versions, message correlation, call activities, and
 * the effects a crash left pending in the outbox.
 */
import { expect } from 'chai';
import { ErrorCode } from '../../engine/errors.ts';
import type { Command } from '../../engine/bpmn/execution/commands.ts';
import { InstanceStatus, WaitKind, type Token } from '../../engine/bpmn/execution/state.ts';
import { calendarDays } from '../../engine/bpmn/timers/index.ts';
import type { Clock, InstanceView } from '../../engine/runtime/api.ts';
import type { CommitExtension } from '../../engine/runtime/commit-extension.ts';
import { createEngine } from '../../engine/runtime/create-engine.ts';
import { EFFECT_LEASE_MS, ENGINE_EFFECTS_TOPIC, Engine } from '../../engine/runtime/Engine.ts';
import { JobExecutor } from '../../engine/runtime/JobExecutor.ts';
import { SqliteAgendaBackend } from '../../engine/store/sqlite/agenda/SqliteAgendaBackend.ts';
import type { OutboxEntry, Store } from '../../engine/store/port.ts';
import { SqliteStore } from '../../engine/store/sqlite/SqliteStore.ts';
import { holdingStore } from './fixtures/holding-store.ts';
import { bpmnFixture, manualClock, outcome, runtimeFixture, tempDir } from './helpers.ts';

const T0 = '2025-03-03T08:00:00+07:00';

/**
 * A store whose `getInstance` holds the first `n` callers until all of them have loaded, so that
 * `n` commands on one instance certainly decide on the same revision; it also counts the commits
 * refused with VERSION_CONFLICT.
 */
function racingStore(inner: SqliteStore, n: number): { store: Store; conflicts: () => number } {
  let waiting: Array<() => void> = [];
  let armed = true;
  return holdingStore(inner, async () => {
    if (!armed) return;
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (waiting.length === n) {
        armed = false;
        for (const release of waiting) release();
        waiting = [];
      }
    });
  });
}

/**
 * A commit extension that kills the engine, as SIGKILL would, when it is about to commit a command
 * that `at` picks: whatever the earlier commits left to carry out is then left undone.
 */
function crashBefore(at: (command: Command) => boolean): CommitExtension {
  return {
    extend({ command }) {
      if (at(command)) throw new Error('SIGKILL');
      return undefined;
    },
  };
}

function pendingEffects(engine: Engine): Promise<OutboxEntry[]> {
  return engine.store.pendingOutbox(ENGINE_EFFECTS_TOPIC, 100);
}

/** What a replayed effect must leave alone: each instance's revision and history length. */
async function footprint(engine: Engine, instanceIds: readonly string[]): Promise<Array<[number, number]>> {
  return Promise.all(instanceIds.map(async (id) => [(await engine.getInstance(id))!.revision, (await engine.history(id)).length] as [number, number]));
}

function callActivityToken(instance: InstanceView | undefined, elementId: string): Token {
  const token = Object.values(instance!.state.tokens).find((t) => t.elementId === elementId);
  expect(token?.wait, `${elementId} waits for its called instance`).to.equal(WaitKind.CallActivity);
  return token!;
}

describe('engine/runtime/Engine: the command loop on SQLite', function () {
  describe('two officers complete the same task at once', function () {
    it('exactly one succeeds; the other is rejected with a typed error and changes nothing', async function () {
      // given an open task, and a store that lets both commands load the same revision
      const clock = manualClock(T0);
      const setup = await createEngine({ store: 'sqlite::memory:', clock });
      // the racing engine shares the setup engine's connection
      const inner = setup.store as SqliteStore;
      await setup.deploy('Approval.bpmn', runtimeFixture('Approval.bpmn'));
      const { id } = await setup.startInstance('Process_Approval', { businessKey: 'HS-001' });
      const [task] = await setup.listTasks({ instanceId: id });
      const before = (await setup.getInstance(id))!;
      const historyBefore = await setup.history(id);
      const { store, conflicts } = racingStore(inner, 2);
      const engine = new Engine({ store, clock, calendar: calendarDays() });

      // when
      const results = await Promise.all([
        outcome(engine.completeTask(task!.id, { decision: 'A' }, 'cv_an')),
        outcome(engine.completeTask(task!.id, { decision: 'B' }, 'cv_binh')),
      ]);

      // then one won, one was refused with TASK_NOT_OPEN (after losing the compare-and-set)
      expect(conflicts(), 'both decided on the same revision').to.be.at.least(1);
      const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
      expect(winners).to.have.length(1);
      const loser = results[1 - winners[0]!]!;
      expect(loser.ok).to.equal(false);
      expect([ErrorCode.TaskNotOpen, ErrorCode.VersionConflict]).to.include((loser as { code: string }).code);
      // and the instance moved once, with the winner's data only
      const winner = winners[0] === 0 ? { by: 'cv_an', decision: 'A' } : { by: 'cv_binh', decision: 'B' };
      const after = (await setup.getInstance(id))!;
      expect(after.revision).to.equal(before.revision + 1);
      expect(after.state.scopes[after.state.rootScopeId]!.variables.decision).to.equal(winner.decision);
      const history = await setup.history(id);
      const completions = history.filter((e) => e.type === 'TaskCompleted');
      expect(completions).to.have.length(1);
      expect(completions[0]!.by).to.equal(winner.by);
      expect(history.slice(0, historyBefore.length)).to.deep.equal(historyBefore);
      expect((await setup.listTasks({ instanceId: id })).map((t) => t.elementId)).to.deep.equal(['Task_Sign']);
      expect((await setup.verifyHistory(id)).ok).to.equal(true);
      await setup.close();
    });

    it('completing a task that is no longer open is TASK_NOT_OPEN and changes nothing', async function () {
      // given a task already completed
      const engine = await createEngine({ store: 'sqlite::memory:', clock: manualClock(T0) });
      await engine.deploy('Approval.bpmn', runtimeFixture('Approval.bpmn'));
      const { id } = await engine.startInstance('Process_Approval');
      const [task] = await engine.listTasks({ instanceId: id });
      await engine.completeTask(task!.id, { decision: 'A' });
      const before = (await engine.getInstance(id))!;
      const historyLength = (await engine.history(id)).length;

      // when
      const again = await outcome(engine.completeTask(task!.id, { decision: 'B' }));

      // then
      expect(again).to.deep.equal({ ok: false, code: ErrorCode.TaskNotOpen });
      const after = (await engine.getInstance(id))!;
      expect(after.revision).to.equal(before.revision);
      expect(after.state).to.deep.equal(before.state);
      expect(await engine.history(id)).to.have.length(historyLength);
      await engine.close();
    });
  });

  describe('variables the engine cannot keep', function () {
    it('refuses NaN, a function and a 10 000-level object with INVALID_INPUT naming the variable, changing nothing', async function () {
      // given an instance waiting at its first task
      const engine = await createEngine({ store: 'sqlite::memory:', clock: manualClock(T0) });
      await engine.deploy('Approval.bpmn', runtimeFixture('Approval.bpmn'));
      const { id } = await engine.startInstance('Process_Approval');
      const [task] = await engine.listTasks({ instanceId: id });
      const before = (await engine.getInstance(id))!;
      let abyss: Record<string, unknown> = {};
      for (let i = 0; i < 10_000; i++) abyss = { next: abyss };

      // when each is handed in
      const refused = await Promise.all([
        engine.startInstance('Process_Approval', { variables: { fee: Number.NaN } }).then(() => 'accepted', (e: { code: string; field: string }) => `${e.code} ${e.field}`),
        engine.completeTask(task!.id, { decide: () => 'A' }).then(() => 'accepted', (e: { code: string; field: string }) => `${e.code} ${e.field}`),
        engine.setVariables(id, { data: abyss }).then(() => 'accepted', (e: { code: string; field: string }) => `${e.code} ${e.field.slice(0, 30)}`),
      ]);

      // then each is refused before anything is written
      expect(refused).to.deep.equal(['INVALID_INPUT variables.fee', 'INVALID_INPUT variables.decide', 'INVALID_INPUT variables.data.next.next.next.']);
      expect((await engine.getInstance(id))!.revision).to.equal(before.revision);
      expect(await engine.listTasks({ instanceId: id })).to.have.length(1);
      await engine.close();
    });
  });

  describe('deployments', function () {
    it('deploying an unchanged file keeps its version; a changed one gets v2 and running instances keep v1', async function () {
      // given v1 deployed twice (as at every start-up) and an instance running on it
      const engine = await createEngine({ store: 'sqlite::memory:', clock: manualClock(T0) });
      const v1 = runtimeFixture('Approval.bpmn');
      const [first] = await engine.deploy('Approval.bpmn', v1);
      const [again] = await engine.deploy('Approval.bpmn', v1);
      const old = await engine.startInstance('Process_Approval');

      // when a changed file is deployed: v2 has an archiving step after signing
      const v2 = v1
        .replace('<bpmn:endEvent id="EndEvent_1" name="Đã ký" />', '<bpmn:userTask id="Task_Archive" name="Lưu trữ" camunda:candidateGroups="van_thu" />\n    <bpmn:endEvent id="EndEvent_1" name="Đã ký" />')
        .replace('<bpmn:sequenceFlow id="Flow_3" sourceRef="Task_Sign" targetRef="EndEvent_1" />', '<bpmn:sequenceFlow id="Flow_3" sourceRef="Task_Sign" targetRef="Task_Archive" />\n    <bpmn:sequenceFlow id="Flow_4" sourceRef="Task_Archive" targetRef="EndEvent_1" />');
      const [second] = await engine.deploy('Approval.bpmn', v2);
      const [unchangedV2] = await engine.deploy('Approval.bpmn', v2);
      const fresh = await engine.startInstance('Process_Approval');

      // then
      expect(first!.version).to.equal(1);
      expect(again).to.deep.equal(first);
      expect(second!.version).to.equal(2);
      expect(second!.deploymentId).to.not.equal(first!.deploymentId);
      expect(unchangedV2).to.deep.equal(second);
      expect((await engine.store.listDeployments()).map((d) => d.version)).to.deep.equal([1, 2]);
      expect(old.version).to.equal(1);
      expect(fresh.version).to.equal(2);
      // the v1 instance ends after signing, as v1 says; the v2 instance goes on to archiving
      for (const { id } of [old, fresh]) {
        for (const elementId of ['Task_Check', 'Task_Sign']) {
          const [task] = await engine.listTasks({ instanceId: id, elementId });
          await engine.completeTask(task!.id);
        }
      }
      expect((await engine.getInstance(old.id))!.state.status).to.equal(InstanceStatus.Completed);
      expect((await engine.getInstance(fresh.id))!.state.status).to.equal(InstanceStatus.Active);
      expect((await engine.listTasks({ instanceId: fresh.id })).map((t) => t.elementId)).to.deep.equal(['Task_Archive']);
      await engine.close();
    });
  });

  describe('message correlation', function () {
    it('delivers a message to the instance with the given businessKey only', async function () {
      // given two dossiers waiting for the same message
      const engine = await createEngine({ store: 'sqlite::memory:', clock: manualClock(T0) });
      await engine.deploy('MessageCatch.bpmn', bpmnFixture('MessageCatch.bpmn'));
      const one = await engine.startInstance('Process_MessageCatch', { businessKey: 'HS-1' });
      const two = await engine.startInstance('Process_MessageCatch', { businessKey: 'HS-2' });
      for (const { id } of [one, two]) {
        const [task] = await engine.listTasks({ instanceId: id });
        await engine.completeTask(task!.id);
      }
      const oneBefore = (await engine.getInstance(one.id))!;

      // when
      const reached = await engine.correlateMessage('KetQuaXacMinh', { businessKey: 'HS-2', variables: { ketQua: 'DAT' } });
      const unknown = await outcome(engine.correlateMessage('KetQuaXacMinh', { businessKey: 'HS-9' }));
      const twice = await outcome(engine.correlateMessage('KetQuaXacMinh', { businessKey: 'HS-2' }));

      // then HS-2 moved on with the message's data; HS-1 still waits, untouched
      expect(reached).to.deep.equal([two.id]);
      const twoAfter = (await engine.getInstance(two.id))!;
      expect(twoAfter.state.scopes[twoAfter.state.rootScopeId]!.variables.ketQua).to.equal('DAT');
      expect((await engine.listTasks({ instanceId: two.id })).map((t) => t.elementId)).to.deep.equal(['Activity_Decide']);
      expect((await engine.getInstance(one.id))!.revision).to.equal(oneBefore.revision);
      expect(await engine.store.instancesSubscribed('message', 'KetQuaXacMinh')).to.deep.equal([one.id]);
      expect(unknown).to.deep.equal({ ok: false, code: ErrorCode.NoSubscription });
      expect(twice).to.deep.equal({ ok: false, code: ErrorCode.NoSubscription });
      expect((await engine.history(two.id)).filter((e) => e.type === 'MessageReceived')).to.have.length(1);
      await engine.close();
    });
  });

  describe('call activities', function () {
    it('starts the called instances, waits for them, maps variables in and out, and leaves no job behind', async function () {
      // given
      const engine = await createEngine({ store: 'sqlite::memory:', clock: manualClock(T0) });
      await engine.deploy('CallActivity.bpmn', bpmnFixture('CallActivity.bpmn'));

      // when the main process starts, its first call activity starts Process_Verify
      const main = await engine.startInstance('Process_Main', { variables: { officer: 'cv_le', dossierCode: 'HS-2025-001', fee: 50000 } });
      const [verify] = await engine.childInstances(main.id);

      // then
      expect(verify!.key).to.equal('Process_Verify');
      expect((await engine.store.getInstance(verify!.id))!.record.businessKey).to.equal('HS-2025-001');
      const [verifyTask] = await engine.listTasks({ instanceId: verify!.id });
      expect(verifyTask!.assignee).to.equal('cv_le');
      expect((await engine.store.allJobs({ instanceId: main.id })).map((j) => j.elementId)).to.deep.equal(['Event_VerifyTimeout']);

      // when the called task completes, the main process moves to the archive call (same deployment)
      await engine.completeTask(verifyTask!.id, { result: 'DAT' });
      const children = await engine.childInstances(main.id);
      const archive = children.find((c) => c.key === 'Process_Archive')!;

      // then
      expect((await engine.getInstance(verify!.id))!.state.status).to.equal(InstanceStatus.Completed);
      expect(archive.version).to.equal(1);
      expect(await engine.store.allJobs({ instanceId: main.id }), 'the boundary timer is cancelled with its activity').to.deep.equal([]);

      // when the archive task completes
      const [archiveTask] = await engine.listTasks({ instanceId: archive.id });
      await engine.completeTask(archiveTask!.id, { archiveNo: 'LT-001' });

      // then the main instance has ended with the variables mapped out of both children
      const ended = (await engine.getInstance(main.id))!;
      expect(ended.state.status).to.equal(InstanceStatus.Completed);
      expect(ended.state.scopes[ended.state.rootScopeId]!.variables).to.include({ officer: 'cv_le', verifyResult: 'DAT', feeCheck: 100000, archiveNo: 'LT-001' });
      for (const id of [main.id, verify!.id, archive.id]) {
        expect(await engine.store.allJobs({ instanceId: id })).to.deep.equal([]);
        expect(await engine.listTasks({ instanceId: id })).to.deep.equal([]);
        expect((await engine.verifyHistory(id)).ok).to.equal(true);
      }
      await engine.close();
    });
  });

  describe('effects a crash left pending (outbox topic engine-effects)', function () {
    // agenda runs on real time: the boundary timer (P2D) must not fall due while the executor runs
    const LATER = '2099-03-03T08:00:00+07:00';
    const MAIN_VARIABLES = { officer: 'cv_le', dossierCode: 'HS-1', fee: 1 };
    let tmp: ReturnType<typeof tempDir>;
    const engines: Engine[] = [];

    /** An engine with its own connection to the file, as a process opens it at start-up. */
    function engineOn(file: string, clock: Clock, extensions: CommitExtension[] = []): Engine {
      const engine = new Engine({ store: SqliteStore.open(file), clock, calendar: calendarDays(), extensions });
      engines.push(engine);
      return engine;
    }

    beforeEach(function () {
      tmp = tempDir();
    });

    afterEach(async function () {
      for (const engine of engines.splice(0)) await engine.close();
      tmp.cleanup();
    });

    it('a called instance whose start was lost in a crash is started once when the engine comes back', async function () {
      // given a process that dies after committing the parent, before the child's commit
      const clock = manualClock(LATER);
      const file = tmp.file('motcua.db');
      const crashed = engineOn(file, clock, [crashBefore((command) => command.type === 'StartInstance' && command.parent !== undefined)]);
      await crashed.deploy('CallActivity.bpmn', bpmnFixture('CallActivity.bpmn'));
      expect(await outcome(crashed.startInstance('Process_Main', { variables: MAIN_VARIABLES }))).to.deep.equal({ ok: false, code: 'SIGKILL' });
      await crashed.close();

      // when the engine comes back on the same file: at once, then once the dead process's hold has run out (start-up reconcile)
      const engine = engineOn(file, clock);
      const [main] = await engine.store.listInstances({ processKey: 'Process_Main' });
      const childId = callActivityToken(await engine.getInstance(main!.id), 'CallActivity_Verify').childInstanceId!;
      const [lost] = await pendingEffects(engine);
      const early = await engine.resumePendingEffects();
      clock.advance(EFFECT_LEASE_MS);
      const executor = new JobExecutor(engine, { backend: new SqliteAgendaBackend({ path: ':memory:' }), processEveryMs: 50, lockLifetimeMs: 1000 });
      await executor.start();
      await executor.stop();

      // then the child the parent's state names was started, once, and nothing is left pending
      expect(lost!.payload).to.include({ type: 'StartCalledInstance', childInstanceId: childId });
      expect(early, 'the committing process may still be carrying it out').to.equal(0);
      const children = await engine.childInstances(main!.id);
      expect(children.map((child) => [child.id, child.key])).to.deep.equal([[childId, 'Process_Verify']]);
      const [task] = await engine.listTasks({ instanceId: childId });
      expect(task!.assignee).to.equal('cv_le');
      expect(await pendingEffects(engine)).to.deep.equal([]);

      // when it is resumed again, and replayed as if its delivery had not been marked
      const before = await footprint(engine, [main!.id, childId]);
      const again = await engine.resumePendingEffects();
      await engine.store.markOutbox(lost!.id, { ok: false, error: 'mark lost', attempts: 1, nextAttemptAt: 0 });
      const replayed = await engine.resumePendingEffects();

      // then no second child starts and nothing changes
      expect([again, replayed]).to.deep.equal([0, 1]);
      expect(await footprint(engine, [main!.id, childId])).to.deep.equal(before);
      expect(await engine.childInstances(main!.id)).to.have.length(1);
      expect(await pendingEffects(engine)).to.deep.equal([]);

      // and the parent hears its child end as usual
      await engine.completeTask(task!.id, { result: 'DAT' });
      expect((await engine.childInstances(main!.id)).map((child) => child.key)).to.deep.equal(['Process_Verify', 'Process_Archive']);
    });

    it('a parent that never heard its child end is continued once when the engine comes back', async function () {
      // given a process that dies after committing the child's end, before the parent's commit
      const clock = manualClock(LATER);
      const file = tmp.file('motcua.db');
      const crashed = engineOn(file, clock, [crashBefore((command) => command.type === 'CompleteCallActivity')]);
      await crashed.deploy('CallActivity.bpmn', bpmnFixture('CallActivity.bpmn'));
      const main = await crashed.startInstance('Process_Main', { variables: MAIN_VARIABLES });
      const [verify] = await crashed.childInstances(main.id);
      const [task] = await crashed.listTasks({ instanceId: verify!.id });
      expect(await outcome(crashed.completeTask(task!.id, { result: 'DAT' }))).to.deep.equal({ ok: false, code: 'SIGKILL' });
      await crashed.close();

      // when the engine comes back on the same file after the hold
      const engine = engineOn(file, clock);
      expect((await engine.getInstance(verify!.id))!.state.status).to.equal(InstanceStatus.Completed);
      expect(callActivityToken(await engine.getInstance(main.id), 'CallActivity_Verify').childInstanceId).to.equal(verify!.id);
      const [lost] = await pendingEffects(engine);
      clock.advance(EFFECT_LEASE_MS);
      const resumed = await engine.resumePendingEffects();

      // then the parent took the child's result and moved on to the archive call
      expect(lost!.payload).to.include({ type: 'CalledInstanceEnded', parentInstanceId: main.id, childInstanceId: verify!.id });
      expect(resumed).to.equal(1);
      const parent = (await engine.getInstance(main.id))!;
      expect(parent.state.scopes[parent.state.rootScopeId]!.variables.verifyResult).to.equal('DAT');
      expect((await engine.childInstances(main.id)).map((child) => child.key)).to.deep.equal(['Process_Verify', 'Process_Archive']);
      expect(await pendingEffects(engine)).to.deep.equal([]);

      // when the child's end is replayed as if its delivery had not been marked, and resumed once more
      const ids = (await engine.childInstances(main.id)).map((child) => child.id);
      const before = await footprint(engine, [main.id, ...ids]);
      await engine.store.markOutbox(lost!.id, { ok: false, error: 'mark lost', attempts: 1, nextAttemptAt: 0 });
      const replayed = await engine.resumePendingEffects();
      const again = await engine.resumePendingEffects();

      // then the parent, which no longer waits for that child, is left as it is
      expect([replayed, again]).to.deep.equal([1, 0]);
      expect(await footprint(engine, [main.id, ...ids])).to.deep.equal(before);
      expect((await engine.history(main.id)).filter((e) => e.type === 'CallActivityCompleted')).to.have.length(1);
      expect(await pendingEffects(engine)).to.deep.equal([]);
    });

    it('a thrown message lost in a crash reaches the instance waiting for it when the engine comes back', async function () {
      // given a process that dies after committing the throw, before the receiver's commit
      const clock = manualClock(LATER);
      const file = tmp.file('motcua.db');
      const crashed = engineOn(file, clock, [crashBefore((command) => command.type === 'CorrelateMessage')]);
      await crashed.deploy('MessageThrow.bpmn', bpmnFixture('MessageThrow.bpmn'));
      const main = await crashed.startInstance('Process_Main');
      const [portal] = await crashed.childInstances(main.id);
      const [prepare] = await crashed.listTasks({ instanceId: main.id, elementId: 'Activity_Prepare' });
      expect(await outcome(crashed.completeTask(prepare!.id))).to.deep.equal({ ok: false, code: 'SIGKILL' });
      await crashed.close();

      // when the engine comes back on the same file after the hold
      const engine = engineOn(file, clock);
      expect(await engine.listTasks({ instanceId: portal!.id })).to.deep.equal([]);
      clock.advance(EFFECT_LEASE_MS);
      const resumed = await engine.resumePendingEffects();

      // then the portal instance received it and shows the notice
      expect(resumed).to.equal(1);
      expect((await engine.listTasks({ instanceId: portal!.id })).map((t) => t.elementId)).to.deep.equal(['Activity_ReadNotice']);
      expect((await engine.history(portal!.id)).filter((e) => e.type === 'MessageReceived')).to.have.length(1);
      expect(await pendingEffects(engine)).to.deep.equal([]);
    });
  });
});
