/**
 * Several engine processes may share one database (issue 3): two child processes, each with its
 * own Engine + JobExecutor (agenda) + external-task worker on one SQLite file. agenda's locking
 * decides who runs a job, the revision compare-and-set decides who commits: no job takes effect
 * twice, no commit is lost, and two processes completing the same task get exactly one success.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { ErrorCode } from '../../engine/errors.ts';
import { InstanceStatus } from '../../engine/bpmn/execution/state.ts';
import { createEngine } from '../../engine/runtime/create-engine.ts';
import type { Engine } from '../../engine/runtime/Engine.ts';
import type { FromChild, ToChild } from './fixtures/engine-process.ts';
import { sleep, tempDir } from './helpers.ts';

const CHILD = fileURLToPath(new URL('./fixtures/engine-process.ts', import.meta.url));
const DIAGRAM = fileURLToPath(new URL('../crash/fixtures/CrashLoad.bpmn', import.meta.url));
/** instances started by each process */
const PER_PROCESS = 15;

/** A forked engine process and a way to ask it something and wait for its answer. */
class EngineProcess {
  readonly child: ChildProcess;
  private readonly inbox: FromChild[] = [];
  private waiters: Array<() => void> = [];

  constructor(file: string, readonly name: string) {
    this.child = fork(CHILD, [file, name], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: FromChild) => {
      this.inbox.push(message);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  send(message: ToChild): void {
    this.child.send(message);
  }

  /** The next message matching `match` (messages are kept until taken). */
  async take<T extends FromChild>(match: (message: FromChild) => message is T, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.inbox.findIndex(match);
      if (index >= 0) return this.inbox.splice(index, 1)[0] as T;
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`process ${this.name}: no answer within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }
}

const is =
  <K extends FromChild['type']>(type: K, taskId?: string) =>
  (message: FromChild): message is Extract<FromChild, { type: K }> =>
    message.type === type && (taskId === undefined || (message as { taskId?: string }).taskId === taskId);

describe('engine/runtime: two engine processes on one SQLite file', function () {
  this.timeout(90_000);
  let tmp: ReturnType<typeof tempDir>;
  let processes: EngineProcess[] = [];
  let observer: Engine | undefined;

  beforeEach(function () {
    tmp = tempDir();
  });

  afterEach(async function () {
    for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    processes = [];
    await observer?.close();
    observer = undefined;
    tmp.cleanup();
  });

  it('runs every timer, async job and external task once, loses no commit, and lets one of two racing completions win', async function () {
    // given the diagram deployed, and two engine processes on the file
    const file = tmp.file('shared.db');
    observer = await createEngine({ store: `sqlite:${file}` });
    await observer.deploy('CrashLoad.bpmn', readFileSync(DIAGRAM, 'utf8'));
    processes = [new EngineProcess(file, 'a'), new EngineProcess(file, 'b')];
    await Promise.all(processes.map((p) => p.take(is('ready'), 60_000)));

    // when each starts instances whose timers fall due in 1–3 s
    const waits = Array.from({ length: PER_PROCESS }, (_, i) => `PT${1 + (i % 3)}S`);
    for (const p of processes) p.send({ type: 'start', waits });
    const ids = (await Promise.all(processes.map((p) => p.take(is('started'))))).flatMap((m) => m.ids);

    // and both processes try to complete every user task at the same moment, until all have ended
    const races = new Map<string, Array<{ ok: boolean; code?: string }>>();
    let held = 0;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const open = (await observer.listTasks({ limit: 1000 })).filter((task) => !races.has(task.id));
      for (const task of open) {
        races.set(task.id, []);
        // every other race is held until both processes have loaded the instance: both then
        // decide on the same revision, and the store's compare-and-set must refuse one commit
        const hold = races.size % 2 === 0;
        if (hold) held++;
        for (const p of processes) p.send({ type: 'complete', taskId: task.id, hold });
        if (hold) {
          await Promise.all(processes.map((p) => p.take(is('loaded', task.id))));
          for (const p of processes) p.send({ type: 'go', taskId: task.id });
        }
      }
      for (const task of open) {
        const answers = await Promise.all(processes.map((p) => p.take(is('completed', task.id))));
        races.set(task.id, answers.map(({ ok, code }) => ({ ok, ...(code ? { code } : {}) })));
      }
      const active = await observer.store.listInstances({ status: InstanceStatus.Active, limit: 1 });
      if (active.length === 0 || Date.now() > deadline) break;
      await sleep(50);
    }
    for (const p of processes) p.send({ type: 'stop' });
    const reports = await Promise.all(processes.map((p) => p.take(is('stopped'))));

    // then no commit was lost: every instance ended, after exactly its six commits
    expect(ids).to.have.length(2 * PER_PROCESS);
    for (const id of ids) {
      const instance = (await observer.getInstance(id))!;
      expect(instance.state.status, `instance ${id}`).to.equal(InstanceStatus.Completed);
      expect(instance.revision, `commits of ${id}`).to.equal(6);
      expect((await observer.verifyHistory(id)).ok).to.equal(true);
    }

    // and of every two racing completions exactly one won; the other got a typed rejection
    expect(races.size).to.equal(2 * ids.length);
    for (const [taskId, answers] of races) {
      expect(answers.filter((a) => a.ok), `winners for ${taskId} among ${JSON.stringify(answers)}`).to.have.length(1);
      const loser = answers.find((a) => !a.ok)!;
      // the loser re-reads after its conflict: the task is gone, or, when the winner's completion
      // ended the instance (the last task), the instance is no longer active
      expect([ErrorCode.TaskNotOpen, ErrorCode.VersionConflict, ErrorCode.InstanceNotActive], `loser for ${taskId}`).to.include(loser.code);
    }

    // and no task, timer or job took effect twice (history), though both processes ran them
    const counts = new Map<string, number>();
    for (const id of ids) {
      for (const event of await observer.history(id)) {
        const key = event.data?.taskId ?? event.data?.timerId ?? event.data?.jobId;
        if (['TaskCompleted', 'TimerFired', 'JobCompleted'].includes(event.type)) counts.set(`${event.type} ${String(key)}`, (counts.get(`${event.type} ${String(key)}`) ?? 0) + 1);
      }
    }
    expect([...counts.values()].every((n) => n === 1), 'each effect once').to.equal(true);
    const ofType = (type: string) => [...counts.keys()].filter((k) => k.startsWith(`${type} `)).length;
    expect([ofType('TaskCompleted'), ofType('TimerFired'), ofType('JobCompleted')]).to.deep.equal([2 * ids.length, ids.length, 2 * ids.length]);
    const ran = reports.flatMap((r) => r.ran);
    expect(new Set(ran).size, 'a job run by both processes').to.equal(ran.length);
    expect(ran, 'one timer and one async continuation per instance took effect').to.have.length(2 * ids.length);
    const external = reports.flatMap((r) => r.external);
    expect(new Set(external).size).to.equal(ids.length);
    expect(external).to.have.length(ids.length);
    expect(reports.map((r) => r.external.length).every((n) => n > 0), `external tasks fetched by both processes (${reports.map((r) => r.external.length).join(' / ')})`).to.equal(true);
    expect(reports.flatMap((r) => r.errors)).to.deep.equal([]);
    // the held races each made one process lose the compare-and-set (then retry and see TASK_NOT_OPEN)
    expect(held).to.equal(ids.length);
    expect(reports.reduce((n, r) => n + r.conflicts, 0), 'VERSION_CONFLICTs refused by the store').to.be.at.least(held);
    // and no job row left behind: a timer, an async continuation or an external task that took
    // effect deleted its row in the same commit (the step cancels it), and the process that lost
    // the race to run it found it no longer armed and wrote nothing
    expect(await observer.store.allJobs()).to.deep.equal([]);
  });
});
