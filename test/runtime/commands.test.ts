/**
 * The command loop on the SQLite store (in memory) with a manual clock: atomic commands under a
 * race, deployments and versions, message correlation, call activities.
 */
import { expect } from 'chai';
import { ErrorCode, isMotcuaError } from '../../engine/errors.ts';
import { InstanceStatus } from '../../engine/bpmn/execution/state.ts';
import { calendarDays } from '../../engine/bpmn/timers/index.ts';
import { createEngine } from '../../engine/runtime/create-engine.ts';
import { Engine } from '../../engine/runtime/Engine.ts';
import { JobExecutor } from '../../engine/runtime/JobExecutor.ts';
import { SqliteAgendaBackend } from '../../engine/store/sqlite/agenda/SqliteAgendaBackend.ts';
import type { Store } from '../../engine/store/port.ts';
import { SqliteStore } from '../../engine/store/sqlite/SqliteStore.ts';
import { holdingStore } from './fixtures/holding-store.ts';
import { bpmnFixture, manualClock, outcome, runtimeFixture } from './helpers.ts';

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

    // KNOWN GAP (runtime, reported): effects run after their commit (Engine.carryOut) and nothing
    // re-runs them after a crash — JobExecutor.reconcile only re-arms job rows. A process killed
    // between the parent's commit and the child's start leaves the parent waiting at the call
    // activity for ever (likewise between a child's end and its parent's CompleteCallActivity).
    // Un-skip once a reconciler starts missing children / completes parents of ended children.
    it.skip('a called instance whose start was lost in a crash is started when the engine comes back', async function () {
      // given the process dies right after committing the parent (the child's commit never happens)
      const clock = manualClock(T0);
      const shared = SqliteStore.open(':memory:');
      const crashing = new Proxy(shared, {
        get(target, name) {
          if (name === 'commit') {
            return async (unit: Parameters<Store['commit']>[0]) => {
              if (unit.expectedRevision === 0 && unit.instance.parentInstanceId) throw new Error('SIGKILL');
              return target.commit(unit);
            };
          }
          const value = Reflect.get(target, name, target) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      }) as Store;
      const before = new Engine({ store: crashing, clock, calendar: calendarDays() });
      await before.deploy('CallActivity.bpmn', bpmnFixture('CallActivity.bpmn'));
      const started = await outcome(before.startInstance('Process_Main', { variables: { officer: 'cv_le', dossierCode: 'HS-1', fee: 1 } }));
      expect(started.ok).to.equal(false);
      const [main] = await shared.listInstances({ processKey: 'Process_Main' });

      // when the engine comes back on the same store and its reconciler runs
      const after = new Engine({ store: shared, clock, calendar: calendarDays() });
      const executor = new JobExecutor(after, { backend: new SqliteAgendaBackend({ path: ':memory:' }), processEveryMs: 50, lockLifetimeMs: 1000 });
      await executor.start();
      await executor.stop();

      // then the called instance exists
      expect(await after.childInstances(main!.id)).to.have.length(1);
      await shared.close();
    });
  });
});
