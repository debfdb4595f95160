/**
 * Timers and jobs: the idempotent job handler (Engine.runJob), runDueJobs with a manual clock,
 * timer start events, and the JobExecutor (agenda over SQLite): its tick, its recovery of a tick
 * left locked by a dead process, its retries and its reconciler.
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { InstanceStatus } from '../../engine/bpmn/execution/state.ts';
import { ErrorCode, MotcuaError } from '../../engine/errors.ts';
import type { CommitExtension } from '../../engine/runtime/commit-extension.ts';
import { createEngine } from '../../engine/runtime/create-engine.ts';
import { JobExecutor } from '../../engine/runtime/JobExecutor.ts';
import { SqliteAgendaBackend } from '../../engine/store/sqlite/agenda/SqliteAgendaBackend.ts';
import { SqliteJobRepository } from '../../engine/store/sqlite/agenda/SqliteJobRepository.ts';
import { bpmnFixture, manualClock, runtimeFixture, sleep, tempDir, waitFor } from './helpers.ts';

const T0 = '2025-03-03T08:00:00+07:00';
const HOUR = 3_600_000;
/** the agenda job JobExecutor wakes when a job is due (engine/runtime/JobExecutor.ts TICK) */
const TICK = 'motcua.due-jobs';
/** the repeating tick of earlier releases */
const REPEATING_TICK = 'motcua.run-due-jobs';

/** The jobs in agenda's table of the SQLite file `file`. */
function agendaJobs(file: string): Array<{ name: string; type: string }> {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT name, type FROM agenda_jobs ORDER BY id').all() as Array<{ name: string; type: string }>;
  } finally {
    db.close();
  }
}

describe('engine/runtime: timers and jobs', function () {
  describe('Engine.runJob', function () {
    it('runs a due timer once; running it again (stale) is a no-op that changes nothing', async function () {
      // given an instance waiting on a one-hour timer
      const clock = manualClock(T0);
      const engine = await createEngine({ store: 'sqlite::memory:', clock });
      await engine.deploy('ShortTimer.bpmn', runtimeFixture('ShortTimer.bpmn'));
      const { id } = await engine.startInstance('Process_ShortTimer', { variables: { wait: 'PT1H' } });
      const [job] = await engine.store.allJobs({ instanceId: id });
      expect(job!.kind).to.equal('timer');

      // when the timer falls due and runs, then runs again (a duplicate agenda job, a second process)
      clock.advance(HOUR);
      const first = await engine.runJob(job!);
      const afterFirst = (await engine.getInstance(id))!;
      const historyAfterFirst = await engine.history(id);
      const second = await engine.runJob(job!);

      // then
      expect(first).to.equal(true);
      expect(second).to.equal(false);
      expect((await engine.getInstance(id))!.revision).to.equal(afterFirst.revision);
      expect(await engine.history(id)).to.deep.equal(historyAfterFirst);
      expect(historyAfterFirst.filter((e) => e.type === 'TimerFired')).to.have.length(1);
      expect(await engine.store.getJob(job!.id)).to.equal(undefined);
      expect((await engine.listTasks({ instanceId: id })).map((t) => t.elementId)).to.deep.equal(['Task_After']);
      await engine.close();
    });

    it('is a no-op for a job of an unknown or ended instance, and for an external task', async function () {
      // given an ended instance whose timer row someone still holds
      const clock = manualClock(T0);
      const engine = await createEngine({ store: 'sqlite::memory:', clock });
      await engine.deploy('ShortTimer.bpmn', runtimeFixture('ShortTimer.bpmn'));
      const { id } = await engine.startInstance('Process_ShortTimer', { variables: { wait: 'PT1H' } });
      const [job] = await engine.store.allJobs({ instanceId: id });
      await engine.cancelInstance(id, 'withdrawn by the applicant');
      const revision = (await engine.getInstance(id))!.revision;

      // when / then
      expect(await engine.runJob(job!)).to.equal(false);
      expect(await engine.runJob({ id: 'nobody.tm1', kind: 'timer', instanceId: 'nobody' })).to.equal(false);
      expect(await engine.runJob({ id: `${id}.x9`, kind: 'external', instanceId: id })).to.equal(false);
      expect((await engine.getInstance(id))!.revision).to.equal(revision);
      expect((await engine.getInstance(id))!.state.status).to.equal(InstanceStatus.Cancelled);
      await engine.close();
    });
  });

  describe('Engine.runDueJobs', function () {
    it('runs exactly the timers due at the clock, each once', async function () {
      // given timers due in 1 h, 2 h and 3 h
      const clock = manualClock(T0);
      const engine = await createEngine({ store: 'sqlite::memory:', clock });
      await engine.deploy('ShortTimer.bpmn', runtimeFixture('ShortTimer.bpmn'));
      const ids: string[] = [];
      for (const wait of ['PT1H', 'PT2H', 'PT3H']) ids.push((await engine.startInstance('Process_ShortTimer', { variables: { wait } })).id);

      // when
      const atStart = await engine.runDueJobs();
      clock.advance(2 * HOUR);
      const atTwoHours = await engine.runDueJobs();
      const again = await engine.runDueJobs();

      // then
      expect([atStart, atTwoHours, again]).to.deep.equal([0, 2, 0]);
      const waiting = await Promise.all(ids.map(async (id) => (await engine.listTasks({ instanceId: id })).length));
      expect(waiting).to.deep.equal([1, 1, 0]);
      expect(await engine.nextDueAt()).to.equal(Date.parse(T0) + 3 * HOUR);
      await engine.close();
    });
    it('with concurrency, runs every due timer once, many instances at a time', async function () {
      // given 300 instances whose timers are all due in an hour (more than one batch of due rows)
      const clock = manualClock(T0);
      const engine = await createEngine({ store: 'sqlite::memory:', clock });
      await engine.deploy('ShortTimer.bpmn', runtimeFixture('ShortTimer.bpmn'));
      const ids: string[] = [];
      for (let i = 0; i < 300; i++) ids.push((await engine.startInstance('Process_ShortTimer', { variables: { wait: 'PT1H' } })).id);

      // when the clock passes the hour and due jobs run 16 instances at a time
      clock.advance(2 * HOUR);
      const ran = await engine.runDueJobs({ concurrency: 16 });
      const again = await engine.runDueJobs({ concurrency: 16 });

      // then each timer fired exactly once and no job row is left
      expect([ran, again]).to.deep.equal([300, 0]);
      expect(await engine.store.allJobs()).to.deep.equal([]);
      for (const id of ids) {
        const fired = (await engine.history(id)).filter((event) => event.type === 'TimerFired');
        expect(fired, `timer of ${id}`).to.have.length(1);
      }
      await engine.close();
    });
  });

  describe('timer start events', function () {
    it('start instances through runDueJobs: a timeCycle R5 five times a day apart, a timeDate once', async function () {
      // given the two timer-start processes deployed at 08:00 on 3 March (redeployed unchanged at a restart)
      const clock = manualClock(T0);
      const engine = await createEngine({ store: 'sqlite::memory:', clock });
      if (typeof (engine.store as { applyJobChanges?: unknown }).applyJobChanges !== 'function') {
        // Store.applyJobChanges (process-level job rows) is the store's; without it no start timer can be armed
        this.skip();
      }
      await engine.deploy('TimerStart.bpmn', bpmnFixture('TimerStart.bpmn'));
      await engine.deploy('TimerStart.bpmn', bpmnFixture('TimerStart.bpmn'));
      const count = async (key: string) => (await engine.store.listInstances({ processKey: key })).length;

      // when the clock passes 17:00 each day from 3 to 9 March, and 07:30 on 10 March
      const ran: number[] = [await engine.runDueJobs()];
      for (let day = 3; day <= 9; day++) {
        clock.set(`2025-03-${String(day).padStart(2, '0')}T17:00:00+07:00`);
        ran.push(await engine.runDueJobs());
      }
      clock.set('2025-03-10T07:30:00+07:00');
      ran.push(await engine.runDueJobs());

      // then
      expect(ran).to.deep.equal([0, 1, 1, 1, 1, 1, 0, 0, 1]);
      expect(await count('Process_DailyReport')).to.equal(5);
      expect(await count('Process_Campaign')).to.equal(1);
      expect(await engine.store.allJobs({ instanceId: '' }), 'no start timer left once both are exhausted').to.deep.equal([]);
      const [daily] = await engine.store.listInstances({ processKey: 'Process_DailyReport' });
      expect((await engine.history(daily!.id))[0]!.data).to.include({ startEventId: 'StartEvent_Daily' });
      await engine.close();
    });

    it('a new version replaces the start timer of the old one', async function () {
      // given v1 armed
      const clock = manualClock(T0);
      const engine = await createEngine({ store: 'sqlite::memory:', clock });
      if (typeof (engine.store as { applyJobChanges?: unknown }).applyJobChanges !== 'function') this.skip();
      const v1 = bpmnFixture('TimerStart.bpmn');
      await engine.deploy('TimerStart.bpmn', v1);

      // when v2 moves the campaign to 12 March
      await engine.deploy('TimerStart.bpmn', v1.replace('2025-03-10T07:30:00+07:00', '2025-03-12T07:30:00+07:00'));
      clock.set('2025-03-10T07:30:00+07:00');
      const on10th = await engine.runDueJobs();
      const campaignsOn10th = (await engine.store.listInstances({ processKey: 'Process_Campaign' })).length;
      clock.set('2025-03-12T07:30:00+07:00');
      await engine.runDueJobs();

      // then only v2's timer fired
      const campaigns = await engine.store.listInstances({ processKey: 'Process_Campaign' });
      expect(campaignsOn10th).to.equal(0);
      expect(on10th).to.be.at.least(1); // the daily report's cycle of v2 (re-armed from 3 March) runs meanwhile
      expect(campaigns.map((c) => c.processVersion)).to.deep.equal([2]);
      const startTimers = (await engine.store.allJobs({ instanceId: '' })).map((j) => j.id);
      expect(startTimers.every((id) => id.includes(':2:'))).to.equal(true);
      await engine.close();
    });
  });

  describe('JobExecutor (agenda over SQLite)', function () {
    let tmp: ReturnType<typeof tempDir>;
    const executors: JobExecutor[] = [];
    beforeEach(function () {
      tmp = tempDir();
    });
    afterEach(async function () {
      for (const executor of executors.splice(0)) await executor.stop();
      tmp.cleanup();
    });

    it('runs at start-up the timers the store holds, each once, with nothing but its tick in agenda\'s queue', async function () {
      this.timeout(15_000);
      // given instances with timers committed while no executor ran (as after a crash)
      const engine = await createEngine({ store: `sqlite:${tmp.file('engine.db')}` });
      await engine.deploy('ShortTimer.bpmn', runtimeFixture('ShortTimer.bpmn'));
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await engine.startInstance('Process_ShortTimer', { variables: { wait: 'PT1S' } })).id);
      const rows = await engine.store.allJobs();
      expect(rows.map((r) => r.kind)).to.deep.equal(['timer', 'timer', 'timer']);

      // when an executor starts on an agenda backend that has never seen them
      const executor = new JobExecutor(engine, { backend: new SqliteAgendaBackend({ path: tmp.file('agenda.db') }), processEveryMs: 50, lockLifetimeMs: 2000 });
      executors.push(executor);
      await executor.start();
      await waitFor('the three timers to fire', async () => (await engine.store.allJobs()).length === 0);

      // then each fired once, and agenda holds one job: the tick, however often it was armed
      await executor.reconcile();
      for (const id of ids) {
        expect((await engine.history(id)).filter((e) => e.type === 'TimerFired')).to.have.length(1);
        expect((await engine.listTasks({ instanceId: id })).map((t) => t.elementId)).to.deep.equal(['Task_After']);
      }
      expect(agendaJobs(tmp.file('agenda.db'))).to.deep.equal([{ name: TICK, type: 'normal' }]);
      await executor.stop();
      executors.pop();
      await engine.close();
    });

    it('takes over the tick a killed process left locked, once its lock expires', async function () {
      this.timeout(15_000);
      // given a timer due, and the tick locked by a process that died while running it
      const file = tmp.file('shared.db');
      const engine = await createEngine({ store: `sqlite:${file}` });
      await engine.deploy('ShortTimer.bpmn', runtimeFixture('ShortTimer.bpmn'));
      const { id } = await engine.startInstance('Process_ShortTimer', { variables: { wait: 'PT0S' } });
      const [row] = await engine.store.allJobs({ instanceId: id });
      const repository = new SqliteJobRepository({ path: file });
      await repository.connect();
      const now = new Date();
      await repository.saveJob({ name: TICK, priority: 0, type: 'normal', nextRunAt: now, lockedAt: now, lastRunAt: now, data: { tick: 'due-jobs' } });
      await repository.disconnect();

      // when a new process starts its executor with a short lock lifetime
      const started = Date.now();
      const executor = new JobExecutor(engine, { backend: new SqliteAgendaBackend({ path: file }), processEveryMs: 50, lockLifetimeMs: 1500 });
      executors.push(executor);
      await executor.start();
      await waitFor('the timer to fire', async () => (await engine.store.getJob(row!.id)) === undefined);

      // then it ran once, after the dead lock expired, and waking it kept the one tick
      expect(Date.now() - started).to.be.at.least(1400);
      expect((await engine.history(id)).filter((e) => e.type === 'TimerFired')).to.have.length(1);
      expect(agendaJobs(file)).to.deep.equal([{ name: TICK, type: 'normal' }]);
      await executor.stop();
      executors.pop();
      await engine.close();
    });

    it('writes nothing while idle: no tick runs when no job is due, and the repeating tick of earlier releases is removed', async function () {
      this.timeout(15_000);
      // given an engine and its executor on one file, a timer far ahead, and the repeating tick an earlier release left
      const file = tmp.file('idle.db');
      const engine = await createEngine({ store: `sqlite:${file}` });
      await engine.deploy('ShortTimer.bpmn', runtimeFixture('ShortTimer.bpmn'));
      await engine.startInstance('Process_ShortTimer', { variables: { wait: 'PT1H' } });
      const repository = new SqliteJobRepository({ path: file });
      await repository.connect();
      await repository.saveJob({ name: REPEATING_TICK, priority: 0, type: 'single', repeatInterval: 50, nextRunAt: new Date(), data: undefined });
      await repository.disconnect();
      const executor = new JobExecutor(engine, { backend: new SqliteAgendaBackend({ path: file }), processEveryMs: 50, reconcileEveryMs: 100 });
      executors.push(executor);
      await executor.start();
      await sleep(300);
      // when it idles through about 30 looks for due jobs and 15 reconcile passes
      const observer = new Database(file, { readonly: true });
      const before = observer.pragma('data_version', { simple: true });
      await sleep(1500);
      // then no connection committed anything to the file (data_version counts other connections' commits)
      expect(observer.pragma('data_version', { simple: true })).to.equal(before);
      observer.close();
      expect(agendaJobs(file).map((job) => job.name)).to.not.include(REPEATING_TICK);
      await executor.stop();
      executors.pop();
      await engine.close();
    });

    it('retries a job whose run throws after 1 s, then 2 s, while the other due jobs run', async function () {
      this.timeout(15_000);
      // given two timers due, one of which fails twice (the store was briefly unavailable)
      const engine = await createEngine({ store: `sqlite:${tmp.file('engine.db')}` });
      await engine.deploy('ShortTimer.bpmn', runtimeFixture('ShortTimer.bpmn'));
      const failing = (await engine.startInstance('Process_ShortTimer', { variables: { wait: 'PT0S' } })).id;
      const healthy = (await engine.startInstance('Process_ShortTimer', { variables: { wait: 'PT0S' } })).id;
      const attempts: number[] = [];
      const runJob = engine.runJob.bind(engine);
      engine.runJob = async (job) => {
        if (job.instanceId !== failing) return runJob(job);
        attempts.push(Date.now());
        if (attempts.length <= 2) throw new Error('database is locked');
        return runJob(job);
      };
      const lines: string[] = [];

      // when the executor runs them
      const executor = new JobExecutor(engine, { backend: new SqliteAgendaBackend({ path: tmp.file('agenda.db') }), processEveryMs: 50, log: (line) => lines.push(line) });
      executors.push(executor);
      await executor.start();
      await waitFor('both timers to fire', async () => (await engine.store.allJobs()).length === 0);

      // then the healthy one did not wait for the failing one, which ran on its third attempt, backing off
      expect(attempts).to.have.length(3);
      expect(attempts[1]! - attempts[0]!).to.be.at.least(1000);
      expect(attempts[2]! - attempts[1]!).to.be.at.least(2000);
      const ranLine = (instanceId: string) => lines.findIndex((line) => line.endsWith(`of instance ${instanceId} ran`));
      expect(ranLine(healthy)).to.be.within(0, ranLine(failing));
      expect(lines.filter((line) => line.includes(' failed: database is locked'))).to.have.length(2);
      for (const id of [failing, healthy]) expect((await engine.history(id)).filter((e) => e.type === 'TimerFired')).to.have.length(1);
      await executor.stop();
      executors.pop();
      await engine.close();
    });

    it('makes a job that keeps failing an incident after its third attempt, which resolving runs again', async function () {
      this.timeout(15_000);
      // given a timer whose commit a domain extension refuses (as with a dossier whose calendar lacks the year)
      let refuse = true;
      const refusing: CommitExtension = {
        extend: ({ command }) => {
          if (refuse && command.type === 'TriggerTimer') throw new MotcuaError(ErrorCode.CalendarYearMissing, 'no working calendar for 2026');
          return undefined;
        },
      };
      const engine = await createEngine({ store: `sqlite:${tmp.file('engine.db')}`, extensions: [refusing] });
      await engine.deploy('ShortTimer.bpmn', runtimeFixture('ShortTimer.bpmn'));
      const { id } = await engine.startInstance('Process_ShortTimer', { variables: { wait: 'PT0S' } });
      const [row] = await engine.store.allJobs({ instanceId: id });
      const lines: string[] = [];

      // when the executor runs it
      const executor = new JobExecutor(engine, { backend: new SqliteAgendaBackend({ path: tmp.file('agenda.db') }), processEveryMs: 50, log: (line) => lines.push(line) });
      executors.push(executor);
      await executor.start();
      await waitFor('the incident', async () => Object.keys((await engine.getInstance(id))!.state.incidents).length > 0);

      // then three attempts were recorded in the history, the last raised an incident, and the job left the schedule
      const history = await engine.history(id);
      expect(history.filter((e) => e.type === 'JobFailed').map((e) => e.data?.retries)).to.deep.equal([2, 1, 0]);
      const [incident] = Object.values((await engine.getInstance(id))!.state.incidents);
      expect(incident).to.include({ type: 'failedJob', elementId: row!.elementId, jobId: row!.id });
      expect(incident!.message).to.contain('no working calendar for 2026');
      expect(await engine.store.getJob(row!.id)).to.equal(undefined);
      expect(lines.filter((line) => line.includes('no retries left: incident raised'))).to.have.length(1);

      // when the calendar is fixed and the incident resolved
      refuse = false;
      await engine.resolveIncident(id, incident!.id, 'admin');
      await waitFor('the timer to fire', async () => (await engine.listTasks({ instanceId: id })).length === 1);

      // then it fired once, and the chain verifies
      expect((await engine.history(id)).filter((e) => e.type === 'TimerFired')).to.have.length(1);
      expect((await engine.getInstance(id))!.state.incidents).to.deep.equal({});
      expect((await engine.verifyHistory(id)).ok).to.equal(true);
      await executor.stop();
      executors.pop();
      await engine.close();
    });

    it('never runs two reconcile passes at once, however they are asked for', async function () {
      // given an executor whose pending effects take a while to resume
      const engine = await createEngine({ store: `sqlite:${tmp.file('engine.db')}` });
      const executor = new JobExecutor(engine, { backend: new SqliteAgendaBackend({ path: tmp.file('agenda.db') }), reconcileEveryMs: 5 });
      executors.push(executor);
      let running = 0;
      let most = 0;
      let passes = 0;
      engine.resumePendingEffects = async () => {
        most = Math.max(most, ++running);
        await sleep(20);
        running--;
        passes++;
        return 0;
      };

      // when the periodic pass (every 5 ms) and three callers ask at the same time
      await executor.start();
      await Promise.all([executor.reconcile(), executor.reconcile(), executor.reconcile()]);

      // then the passes ran one after the other
      expect(passes).to.be.at.least(4);
      expect(most).to.equal(1);
      await executor.stop();
      executors.pop();
      await engine.close();
    });
  });
});
