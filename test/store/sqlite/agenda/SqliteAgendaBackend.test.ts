import { expect } from 'chai';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Agenda } from 'agenda';
import type { AgendaOptions, Job } from 'agenda';
import { SqliteAgendaBackend } from '../../../../engine/store/sqlite/agenda/SqliteAgendaBackend.ts';
import { SqliteJobRepository } from '../../../../engine/store/sqlite/agenda/SqliteJobRepository.ts';
import { jobParams, sleep, tempDir, waitFor } from './helpers.ts';

const WORKER = fileURLToPath(new URL('./fixtures/agendaWorker.ts', import.meta.url));

describe('engine/store/sqlite/agenda/SqliteAgendaBackend with agenda', () => {
  let tmp: ReturnType<typeof tempDir>;
  const agendas: Agenda[] = [];

  /**
   * An Agenda over its own backend on the test file. The short lock lifetime is for the test
   * process's sake: agenda keeps a lockLifetime/2 liveness timer per run job, which would
   * otherwise hold mocha open for minutes after the last test.
   */
  function newAgenda(options: Partial<AgendaOptions> = {}): Agenda {
    const agenda = new Agenda({
      backend: new SqliteAgendaBackend({ path: tmp.file() }),
      processEvery: 50,
      defaultLockLifetime: 3000,
      ...options,
    });
    agendas.push(agenda);
    return agenda;
  }

  beforeEach(() => {
    tmp = tempDir();
  });

  afterEach(async () => {
    for (const agenda of agendas.splice(0)) await agenda.stop();
    tmp.cleanup();
  });

  it('runs a job now, a job at a scheduled time (not before), and a repeating job, on one row', async () => {
    // given
    const agenda = newAgenda();
    const runs: Array<{ what: string; at: number }> = [];
    agenda.define('hello', async (job: Job<{ what: string }>) => {
      runs.push({ what: job.attrs.data.what, at: Date.now() });
    });
    await agenda.start();
    const scheduledFor = Date.now() + 300;

    // when
    await agenda.now('hello', { what: 'now' });
    await agenda.schedule(new Date(scheduledFor), 'hello', { what: 'later' });
    await agenda.every(150, 'hello', { what: 'every' });
    await agenda.every(150, 'hello', { what: 'every' }); // re-declared, as at every start-up
    await waitFor('the scheduled job and three repetitions', () =>
      runs.some((r) => r.what === 'later') && runs.filter((r) => r.what === 'every').length >= 3,
    );

    // then
    const later = runs.find((r) => r.what === 'later')!;
    expect(later.at).to.be.at.least(scheduledFor);
    expect(runs.filter((r) => r.what === 'now')).to.have.length(1);
    const { jobs } = await agenda.queryJobs({ name: 'hello' });
    expect(jobs.filter((j) => j.type === 'single')).to.have.length(1);
    expect(jobs.find((j) => (j.data as { what: string }).what === 'now')!.state).to.equal('completed');
  });

  it('runs each job exactly once when two Agenda instances share one file', async () => {
    // given two instances (two connections, as two engine processes would have) taking turns
    const names = ['node-a', 'node-b'];
    const [a, b] = names.map((name) => newAgenda({ name, lockLimit: 5, processEvery: 20 }));
    const runs: Array<{ id: string; by: string }> = [];
    for (const [agenda, name] of [[a!, names[0]!], [b!, names[1]!]] as const) {
      agenda.define('work', async (job: Job) => {
        runs.push({ id: String(job.attrs._id), by: name });
        await sleep(2);
      });
    }
    await a!.ready;
    for (let i = 0; i < 200; i++) await a!.now('work', { i });

    // when both run
    await Promise.all([a!.start(), b!.start()]);
    await waitFor('200 runs', () => runs.length >= 200, 10_000);
    await sleep(200); // room for a duplicate to show up

    // then no job ran twice and both instances did part of the work
    expect(runs).to.have.length(200);
    expect(new Set(runs.map((r) => r.id)).size).to.equal(200);
    for (const name of names) expect(runs.filter((r) => r.by === name).length, name).to.be.greaterThan(0);
  });

  it('runs each job exactly once across three OS processes sharing one file', async function () {
    this.timeout(30_000);
    // given three worker processes polling the same file, and a table they record runs in
    const file = tmp.file();
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE runs (job_id TEXT NOT NULL, worker TEXT NOT NULL, at INTEGER NOT NULL)');
    const workers: ChildProcess[] = ['w1', 'w2', 'w3'].map((name) =>
      fork(WORKER, [file, name], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    try {
      await Promise.all(
        workers.map((w) => new Promise<void>((resolve, reject) => {
          w.once('message', () => resolve());
          w.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
        })),
      );

      // when 300 jobs fall due at once (armed in one transaction, as a command commit would)
      const jobs = new SqliteJobRepository({ database: db });
      await jobs.connect();
      db.transaction(() => {
        for (let i = 0; i < 300; i++) jobs.saveJobSync(jobParams('work', { data: { i } }));
      })();
      const count = db.prepare('SELECT count(*) FROM runs').pluck();
      await waitFor('300 runs', () => (count.get() as number) >= 300, 20_000, 20);
      await sleep(300);

      // then each ran once, and the work was spread over the processes
      const runs = db.prepare('SELECT job_id, worker FROM runs').all() as Array<{ job_id: string; worker: string }>;
      expect(runs).to.have.length(300);
      expect(new Set(runs.map((r) => r.job_id)).size).to.equal(300);
      expect(new Set(runs.map((r) => r.worker)).size).to.be.at.least(2);
    } finally {
      await Promise.all(
        workers.map((w) => new Promise<void>((resolve) => {
          if (w.exitCode !== null) return resolve();
          w.once('exit', () => resolve());
          w.send('stop');
        })),
      );
      db.close();
    }
  });

  it('records a failure (failCount, failReason, failedAt) and runs the retry the handler scheduled', async () => {
    // given a handler that fails once and reschedules itself 100 ms later
    const agenda = newAgenda();
    const attempts: number[] = [];
    agenda.define('fetch-registry', async (job: Job) => {
      attempts.push(Date.now());
      if (attempts.length === 1) {
        job.schedule(new Date(attempts[0]! + 100));
        throw new Error('national registry offline');
      }
    });
    let completions = 0;
    agenda.on('complete:fetch-registry', () => completions++);
    await agenda.start();
    const job = await agenda.now('fetch-registry', { dossier: 'HS-9' });
    const id = String(job.attrs._id);

    // when the first attempt has completed
    await waitFor('the failed attempt', () => completions >= 1);
    const afterFailure = (await agenda.queryJobs({ id })).jobs[0]!;
    // and then the retry
    await waitFor('the retry', () => completions >= 2);
    const afterRetry = (await agenda.queryJobs({ id })).jobs[0]!;

    // then the failure was stored with the retry time, and the success reset the count
    expect(afterFailure).to.deep.include({ failCount: 1, failReason: 'national registry offline', state: 'failed', lockedAt: undefined });
    expect(afterFailure.failedAt).to.be.instanceOf(Date);
    expect(afterFailure.nextRunAt!.getTime()).to.be.greaterThan(afterFailure.failedAt!.getTime());
    expect(attempts).to.have.length(2);
    expect(attempts[1]! - attempts[0]!).to.be.at.least(100);
    expect(afterRetry).to.deep.include({ failCount: 0, nextRunAt: null, state: 'completed' });
    expect(afterRetry.lastFinishedAt!.getTime()).to.be.greaterThan(afterFailure.failedAt!.getTime());
  });

  it('keeps one job per unique key and runs it once, with the data of the last save', async () => {
    // given
    const agenda = newAgenda();
    const seen: unknown[] = [];
    agenda.define('remind-officer', async (job: Job) => {
      seen.push(job.attrs.data);
    });
    await agenda.ready;

    // when the same reminder is armed three times before it is due
    for (const n of [1, 2, 3]) {
      await agenda
        .create('remind-officer', { dossierId: 'HS-1', n })
        .unique({ 'data.dossierId': 'HS-1' })
        .schedule(new Date(Date.now() + 100))
        .save();
    }
    await agenda.create('remind-officer', { dossierId: 'HS-2', n: 1 }).unique({ 'data.dossierId': 'HS-2' }).save();
    const stored = await agenda.queryJobs({ name: 'remind-officer' });
    await agenda.start();
    await waitFor('both reminders', () => seen.length >= 2);
    await sleep(300);

    // then
    expect(stored.total).to.equal(2);
    expect(seen).to.have.deep.members([{ dossierId: 'HS-1', n: 3 }, { dossierId: 'HS-2', n: 1 }]);
    expect(seen).to.have.length(2);
  });

  it('takes over a job locked by a dead instance once lockLifetime has passed, and not before', async () => {
    // given two due jobs left locked by instances that died: one 5 s ago, one just now
    const agenda = newAgenda();
    const lockLifetime = 600;
    const ran: Array<{ which: string; at: number }> = [];
    agenda.define('escalate', async (job: Job<{ which: string }>) => {
      ran.push({ which: job.attrs.data.which, at: Date.now() });
    }, { lockLifetime });
    await agenda.ready;
    const repo = (agenda as unknown as { db: SqliteJobRepository }).db;
    const now = Date.now();
    await repo.saveJob(jobParams('escalate', { data: { which: 'stale' }, lockedAt: new Date(now - 5000) }), undefined);
    await repo.saveJob(jobParams('escalate', { data: { which: 'fresh' }, lockedAt: new Date(now) }), undefined);

    // when processing starts
    await agenda.start();
    await waitFor('both jobs', () => ran.length >= 2);
    await sleep(100);

    // then the stale lock was taken at once, the fresh one only after its lifetime, each once
    expect(ran.map((r) => r.which)).to.deep.equal(['stale', 'fresh']);
    expect(ran[0]!.at).to.be.below(now + lockLifetime);
    expect(ran[1]!.at).to.be.at.least(now + lockLifetime);
    expect(ran).to.have.length(2);
  });

  it('does not run cancelled or disabled jobs; runs a disabled job once enabled', async () => {
    // given three jobs due shortly
    const agenda = newAgenda();
    const ran: string[] = [];
    agenda.define('publish', async (job: Job<{ k: string }>) => {
      ran.push(job.attrs.data.k);
    });
    await agenda.ready;
    for (const k of ['a', 'b', 'c']) await agenda.schedule(new Date(Date.now() + 100), 'publish', { k });

    // when one is cancelled and one disabled, then processing runs for a while
    const cancelled = await agenda.cancel({ data: { k: 'a' } });
    const disabled = await agenda.disable({ data: { k: 'b' } });
    await agenda.start();
    await waitFor('job c', () => ran.includes('c'));
    await sleep(250);
    const whileDisabled = [...ran];
    const enabled = await agenda.enable({ data: { k: 'b' } });
    await waitFor('job b', () => ran.includes('b'));

    // then
    expect([cancelled, disabled, enabled]).to.deep.equal([1, 1, 1]);
    expect(whileDisabled).to.deep.equal(['c']);
    expect(ran).to.deep.equal(['c', 'b']);
    expect((await agenda.queryJobs({ data: { k: 'a' } })).total).to.equal(0);
  });

  it('runs jobs due together in priority order', async () => {
    // given five jobs due at the same instant, processed one at a time
    const agenda = newAgenda({ maxConcurrency: 1, defaultConcurrency: 1 });
    const order: number[] = [];
    agenda.define('rank', async (job: Job<{ p: number }>) => {
      order.push(job.attrs.data.p);
    });
    await agenda.ready;
    const due = new Date(Date.now() - 1000);
    for (const p of [-10, 20, 0, 10, 5]) await agenda.create('rank', { p }).priority(p).schedule(due).save();

    // when
    await agenda.start();
    await waitFor('all five', () => order.length === 5);

    // then
    expect(order).to.deep.equal([20, 10, 5, 0, -10]);
  });

  it('runs 2 000 jobs falling due at once, each exactly once, within the concurrency limits', async function () {
    this.timeout(30_000);
    // given
    const agenda = newAgenda({ maxConcurrency: 200, defaultConcurrency: 100, defaultLockLifetime: 10_000 });
    const seen = new Map<string, number>();
    let running = 0;
    let peak = 0;
    agenda.define('bulk', async (job: Job) => {
      running++;
      peak = Math.max(peak, running);
      seen.set(String(job.attrs._id), (seen.get(String(job.attrs._id)) ?? 0) + 1);
      await sleep(1);
      running--;
    });
    await agenda.ready;
    for (let i = 0; i < 2000; i++) await agenda.now('bulk', { i });

    // when
    await agenda.start();
    await waitFor('2000 runs', () => seen.size === 2000, 25_000, 20);
    await waitFor('the last completions', async () => (await agenda.queryJobs({ state: 'completed' })).total === 2000, 5000, 20);

    // then
    expect([...seen.values()].every((n) => n === 1)).to.equal(true);
    expect(peak).to.be.at.most(100);
    expect(peak).to.be.greaterThan(1);
  });

  it('closes the file it opened on agenda.stop(), and leaves a borrowed connection open', async () => {
    // given one agenda on an owned backend and one on a borrowed connection
    const owned = new SqliteAgendaBackend({ path: tmp.file() });
    const db = new Database(tmp.file());
    const borrowed = new SqliteAgendaBackend({ database: db });
    const first = new Agenda({ backend: owned, processEvery: 50 });
    const second = new Agenda({ backend: borrowed, processEvery: 50 });
    await Promise.all([first.start(), second.start()]);

    // when both stop
    await first.stop();
    await second.stop();

    // then
    expect(owned.ownsConnection).to.equal(true);
    expect(() => owned.repository.database).to.throw(/not connected/);
    expect(borrowed.ownsConnection).to.equal(false);
    expect(db.open).to.equal(true);
    expect(db.prepare('SELECT count(*) FROM agenda_jobs').pluck().get()).to.equal(0);
    db.close();
  });
});
