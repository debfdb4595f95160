import { expect } from 'chai';
import Database from 'better-sqlite3';
import type { JobParameters } from 'agenda';
import { ErrorCode, isMotcuaError } from '../../../../engine/errors.ts';
import { SqliteJobRepository } from '../../../../engine/store/sqlite/agenda/SqliteJobRepository.ts';
import { jobParams, tempDir } from './helpers.ts';

const MINUTE = 60_000;

/** Arguments of getNextJobToRun as agenda computes them (processEvery 5 s, lockLifetime 10 min). */
function scanWindow(now = Date.now(), lockLifetime = 10 * MINUTE) {
  return { nextScanAt: new Date(now + 5000), lockDeadline: new Date(now - lockLifetime), now: new Date(now) };
}

async function expectRejection(promise: Promise<unknown>, code: ErrorCode): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(isMotcuaError(error, code), String(error)).to.equal(true);
    return error as Error;
  }
  expect.fail(`expected a ${code} rejection`);
}

describe('engine/store/sqlite/agenda/SqliteJobRepository', () => {
  let tmp: ReturnType<typeof tempDir>;
  let repo: SqliteJobRepository;
  const opened: SqliteJobRepository[] = [];

  async function openRepo(path = tmp.file()): Promise<SqliteJobRepository> {
    const r = new SqliteJobRepository({ path });
    await r.connect();
    opened.push(r);
    return r;
  }

  beforeEach(async () => {
    tmp = tempDir();
    repo = await openRepo();
  });

  afterEach(async () => {
    for (const r of opened.splice(0)) await r.disconnect();
    tmp.cleanup();
  });

  describe('connect / disconnect', () => {
    it('creates the schema idempotently and closes only a connection it opened', async () => {
      // given a file already initialised by one repository, and a borrowed connection to it
      const borrowed = new Database(tmp.file());
      const guest = new SqliteJobRepository({ database: borrowed });

      // when a second owner and a borrower connect (schema creation runs again, twice)
      const second = await openRepo();
      await guest.connect();
      await guest.connect();
      const tables = borrowed
        .prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'agenda_jobs' ORDER BY name")
        .pluck()
        .all();
      await guest.disconnect();
      await second.disconnect();

      // then there is one table with its three indexes, the borrowed connection is still
      // open, the owned one is closed, and the file is in WAL mode
      expect(tables).to.deep.equal([
        'agenda_jobs',
        'agenda_jobs_find_next',
        'agenda_jobs_next_run_at',
        'agenda_jobs_single_name',
      ]);
      expect(guest.ownsConnection).to.equal(false);
      expect(second.ownsConnection).to.equal(true);
      expect(borrowed.open).to.equal(true);
      expect(borrowed.pragma('journal_mode', { simple: true })).to.equal('wal');
      await expectRejection(second.getQueueSize(), ErrorCode.StoreUnavailable);
      borrowed.close();
    });
    it('creates missing parent directories, keeps jobs in the named table, refuses odd table names', async () => {
      // given a path in directories that do not exist yet, and a custom table name
      const custom = new SqliteJobRepository({ path: tmp.file('data/nested/motcua.db'), tableName: 'tenant_a_jobs' });
      opened.push(custom);

      // when it connects and saves a job
      await custom.connect();
      await custom.saveJob(jobParams('x'), undefined);

      // then the job is in that table only, and an injection attempt is refused up front
      const tables = custom.database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%jobs'").pluck().all();
      expect(tables).to.deep.equal(['tenant_a_jobs']);
      expect((await custom.queryJobs()).total).to.equal(1);
      expect(() => new SqliteJobRepository({ path: tmp.file(), tableName: 'jobs; DROP TABLE x' })).to.throw(TypeError);
    });
  });

  describe('saveJob / getJobById', () => {
    it('round-trips every field: dates as Dates, data as JSON, repeatInterval as number or string', async () => {
      // given a job using every persisted field
      const at = new Date('2025-09-02T01:02:03.456Z');
      const job = jobParams('dossier.deadline', {
        priority: 10,
        nextRunAt: at,
        data: { dossierId: 'HS-001', steps: [1, 2], nested: { ok: true } },
        repeatInterval: 90_000,
        repeatTimezone: 'Asia/Ho_Chi_Minh',
        disabled: true,
        fork: false,
        startDate: new Date(at.getTime() - MINUTE),
        endDate: new Date(at.getTime() + MINUTE),
        skipDays: [0, 6],
        lastFinishedAt: at,
      });

      // when it is saved, and a second job with a string interval too
      const saved = await repo.saveJob(job, { lastModifiedBy: 'node-a' });
      const cron = await repo.saveJob(jobParams('report', { repeatInterval: '0 7 * * 1', repeatAt: '7:00am' }), undefined);
      const back = await repo.getJobById(saved._id!);

      // then it comes back as it went in, with a string id
      expect(saved._id).to.be.a('string');
      expect(back).to.deep.include({
        _id: saved._id,
        name: 'dossier.deadline',
        priority: 10,
        type: 'normal',
        data: { dossierId: 'HS-001', steps: [1, 2], nested: { ok: true } },
        repeatInterval: 90_000,
        repeatTimezone: 'Asia/Ho_Chi_Minh',
        disabled: true,
        fork: false,
        skipDays: [0, 6],
        lastModifiedBy: 'node-a',
        lockedAt: undefined,
      });
      expect(back!.nextRunAt).to.be.instanceOf(Date);
      expect(back!.nextRunAt!.getTime()).to.equal(at.getTime());
      expect(back!.lastFinishedAt!.getTime()).to.equal(at.getTime());
      expect(back!.startDate!.getTime()).to.equal(at.getTime() - MINUTE);
      expect((await repo.getJobById(cron._id!))!.repeatInterval).to.equal('0 7 * * 1');
      expect(await repo.getJobById('not-an-id')).to.equal(null);
      expect(await repo.getJobById('999999')).to.equal(null);
    });

    it('updates by id without touching lock or run bookkeeping the caller left out', async () => {
      // given a job locked by a running processor
      const saved = await repo.saveJob(jobParams('notify', { data: { v: 1 } }), undefined);
      const locked = await repo.lockJob(saved, undefined);
      await repo.saveJobState({ ...locked!, lastRunAt: new Date(), failCount: 2, failReason: 'smtp down' }, undefined);

      // when the handler saves the job the way Job.save() does (processor fields stripped)
      const { lockedAt, lastRunAt, lastFinishedAt, failedAt, failCount, failReason, progress, ...userFields } = locked!;
      void [lockedAt, lastRunAt, lastFinishedAt, failedAt, failCount, failReason, progress];
      const updated = await repo.saveJob({ ...userFields, priority: 20, data: { v: 2 } }, undefined);

      // then the user fields changed and the lock and failure history survived
      expect(updated).to.deep.include({ _id: saved._id, priority: 20, data: { v: 2 }, failCount: 2, failReason: 'smtp down' });
      expect(updated.lockedAt).to.be.instanceOf(Date);
      expect(updated.lastRunAt).to.be.instanceOf(Date);
    });

    it('returns the job unchanged when updating a job that was removed meanwhile', async () => {
      // given a saved then removed job
      const saved = await repo.saveJob(jobParams('gone'), undefined);
      await repo.removeJobs({ id: saved._id! });

      // when it is saved again by id
      const result = await repo.saveJob({ ...saved, priority: 5 }, undefined);

      // then nothing is resurrected and the caller gets its own object back
      expect(result.priority).to.equal(5);
      expect((await repo.queryJobs()).total).to.equal(0);
    });

    it("keeps one 'single' job per name and does not move an already due nextRunAt", async () => {
      // given an every()-style job whose next run is already stored
      const stored = new Date(Date.now() + 10 * MINUTE);
      const first = await repo.saveJob(jobParams('sweep', { type: 'single', nextRunAt: stored, repeatInterval: 1000 }), undefined);

      // when every() is declared again at start-up (nextRunAt = now), then with a new future time
      const again = await repo.saveJob(jobParams('sweep', { type: 'single', nextRunAt: new Date(), priority: 3 }), undefined);
      const later = new Date(Date.now() + 20 * MINUTE);
      const moved = await repo.saveJob(jobParams('sweep', { type: 'single', nextRunAt: later }), undefined);

      // then it is the same row; the due time did not overwrite, the future time did
      expect(again._id).to.equal(first._id);
      expect(again.priority).to.equal(3);
      expect(again.nextRunAt!.getTime()).to.equal(stored.getTime());
      expect(moved._id).to.equal(first._id);
      expect(moved.nextRunAt!.getTime()).to.equal(later.getTime());
      expect((await repo.queryJobs({ name: 'sweep' })).total).to.equal(1);
    });
  });

  describe('saveJob with unique()', () => {
    it('upserts by data path with type-strict equality, and insertOnly keeps the first', async () => {
      // given a job unique on data.dossierId = 1 (a number)
      const a = await repo.saveJob(jobParams('remind', { data: { dossierId: 1, n: 'a' }, unique: { 'data.dossierId': 1 } }), undefined);

      // when the same key is saved again, the string "1" is saved, and an insertOnly duplicate comes
      const b = await repo.saveJob(jobParams('remind', { data: { dossierId: 1, n: 'b' }, unique: { 'data.dossierId': 1 } }), undefined);
      const c = await repo.saveJob(jobParams('remind', { data: { dossierId: '1', n: 'c' }, unique: { 'data.dossierId': '1' } }), undefined);
      const d = await repo.saveJob(
        jobParams('remind', { data: { dossierId: 1, n: 'd' }, unique: { 'data.dossierId': 1 }, uniqueOpts: { insertOnly: true } }),
        undefined,
      );

      // then 1 and "1" are different keys; the update replaced data, insertOnly changed nothing
      expect(b._id).to.equal(a._id);
      expect(b.data).to.deep.equal({ dossierId: 1, n: 'b' });
      expect(c._id).to.not.equal(a._id);
      expect(d._id).to.equal(a._id);
      expect(d.data).to.deep.equal({ dossierId: 1, n: 'b' });
      expect((await repo.queryJobs({ name: 'remind' })).total).to.equal(2);
    });

    it('matches data keys holding spaces and Vietnamese letters', async () => {
      // given a job keyed on a Vietnamese field name
      const key = { 'data.mã hồ sơ': 'HS-2025-000123' };
      const first = await repo.saveJob(jobParams('nhắc việc', { data: { 'mã hồ sơ': 'HS-2025-000123', lần: 1 }, unique: key }), undefined);

      // when it is saved again, and looked up by a data filter
      const second = await repo.saveJob(jobParams('nhắc việc', { data: { 'mã hồ sơ': 'HS-2025-000123', lần: 2 }, unique: key }), undefined);
      const found = await repo.queryJobs({ data: { 'mã hồ sơ': 'HS-2025-000123' } });

      // then it is the same job, found by its key
      expect(second._id).to.equal(first._id);
      expect(found.jobs.map((j) => j.data)).to.deep.equal([{ 'mã hồ sơ': 'HS-2025-000123', lần: 2 }]);
    });

    it("matches a key holding a quote (the path is SQL text) and refuses one that could end it", async () => {
      // given jobs keyed on a key with a single quote
      const key = { "data.o'clock": 7 };
      const first = await repo.saveJob(jobParams('chime', { data: { "o'clock": 7, n: 1 }, unique: key }), undefined);

      // when it is saved again, and keys holding a double quote or a NUL are asked for
      const second = await repo.saveJob(jobParams('chime', { data: { "o'clock": 7, n: 2 }, unique: key }), undefined);
      const quote = await expectRejection(repo.saveJob(jobParams('chime', { unique: { 'data.a"b': 1 } }), undefined), ErrorCode.InvalidInput);
      await expectRejection(repo.saveJob(jobParams('chime', { unique: { 'data.a\u0000b': 1 } }), undefined), ErrorCode.InvalidInput);

      // then the quoted key matched, and nothing else was written
      expect(second._id).to.equal(first._id);
      expect((quote as { field?: string }).field).to.equal('data.a"b');
      expect((await repo.queryJobs({ name: 'chime' })).jobs.map((j) => j.data)).to.deep.equal([{ "o'clock": 7, n: 2 }]);
    });

    it('looks the key up through an expression index on it, not by scanning the table', async () => {
      // given an index on the data key that jobs are unique on, and the statements the repository prepares
      const db = repo.database;
      db.exec(`CREATE INDEX remind_dossier ON agenda_jobs (name, json_extract(data, '$."dossierId"'))`);
      const prepared: string[] = [];
      const prepare = db.prepare.bind(db);
      db.prepare = ((sql: string) => {
        prepared.push(sql);
        return prepare(sql);
      }) as typeof db.prepare;

      // when a unique job is saved
      await repo.saveJob(jobParams('remind', { data: { dossierId: 'HS-1' }, unique: { 'data.dossierId': 'HS-1' } }), undefined);

      // then its lookup searches that index
      const lookup = prepared.find((sql) => sql.startsWith('SELECT') && sql.includes('dossierId'));
      expect(lookup, 'a lookup naming its JSON path in the SQL').to.be.a('string');
      const plan = prepare(`EXPLAIN QUERY PLAN ${lookup}`).all('remind', 'HS-1') as Array<{ detail: string }>;
      expect(plan.map((step) => step.detail)).to.deep.equal(['SEARCH agenda_jobs USING INDEX remind_dossier (name=? AND <expr>=?)']);
    });

    it('rejects Mongo query operators and unknown fields as INVALID_INPUT', async () => {
      // given unique queries the SQLite backend cannot honour
      const withOperator = jobParams('x', { unique: { 'data.n': { $gt: 1 } } });
      const unknownField = jobParams('x', { unique: { colour: 'red' } });

      // when they are saved / then they are refused and nothing is written
      const error = await expectRejection(repo.saveJob(withOperator, undefined), ErrorCode.InvalidInput);
      expect((error as { field?: string }).field).to.equal('unique.data.n');
      await expectRejection(repo.saveJob(unknownField, undefined), ErrorCode.InvalidInput);
      expect((await repo.queryJobs()).total).to.equal(0);
    });

    it('debounces: trailing pushes nextRunAt, maxWait forces a run, leading keeps the first time', async () => {
      // given a trailing debounce of 10 s with maxWait 50 ms, and a leading one
      const key = { 'data.entity': 'products' };
      const trailing = (n: number) =>
        jobParams('reindex', { nextRunAt: new Date(), data: { entity: 'products', n }, unique: key, uniqueOpts: { debounce: { delay: 10_000, maxWait: 50 } } });
      const leadingAt = new Date(Date.now() - 1000);
      const leading = (n: number) =>
        jobParams('notify', { nextRunAt: n === 1 ? leadingAt : new Date(), data: { n }, unique: { 'data.channel': undefined }, uniqueOpts: { debounce: { delay: 10_000, strategy: 'leading' } } });

      // when each is saved repeatedly
      const t0 = Date.now();
      const first = await repo.saveJob(trailing(1), undefined);
      const second = await repo.saveJob(trailing(2), undefined);
      await new Promise((r) => setTimeout(r, 60));
      const third = await repo.saveJob(trailing(3), undefined);
      const l1 = await repo.saveJob(leading(1), undefined);
      const l2 = await repo.saveJob(leading(2), undefined);

      // then trailing saves land ~delay ahead within the window, and run at once after maxWait;
      // the leading job keeps its first nextRunAt but takes the latest data
      expect(first.nextRunAt!.getTime()).to.be.at.least(t0 + 10_000);
      expect(second._id).to.equal(first._id);
      expect(second.debounceStartedAt!.getTime()).to.equal(first.debounceStartedAt!.getTime());
      expect(third.nextRunAt!.getTime()).to.be.below(Date.now() + 1000);
      expect(third.debounceStartedAt).to.equal(undefined);
      expect(third.data).to.deep.equal({ entity: 'products', n: 3 });
      expect(l2._id).to.equal(l1._id);
      expect(l2.nextRunAt!.getTime()).to.equal(leadingAt.getTime());
      expect(l2.data).to.deep.equal({ n: 2 });
    });
  });

  describe('getNextJobToRun', () => {
    it('picks by nextRunAt, then priority, then age; skips disabled, not-yet-due and live-locked jobs', async () => {
      // given jobs of one name in every situation the query distinguishes
      const now = Date.now();
      const at = (offset: number) => new Date(now + offset);
      const save = (label: string, o: Partial<JobParameters>) => repo.saveJob(jobParams('run', { data: label, ...o }), undefined);
      await save('future', { nextRunAt: at(+MINUTE) });
      await save('disabled', { nextRunAt: at(-3 * MINUTE), disabled: true });
      const liveLocked = await save('live-locked', { nextRunAt: at(-3 * MINUTE) });
      await repo.saveJobState({ ...liveLocked, lockedAt: at(-1000) }, undefined);
      await save('late-low', { nextRunAt: at(-2 * MINUTE), priority: 0 });
      await save('late-high-old', { nextRunAt: at(-2 * MINUTE), priority: 10 });
      await save('late-high-new', { nextRunAt: at(-2 * MINUTE), priority: 10 });
      await save('within-scan', { nextRunAt: at(+4000) });
      await save('other-name', { name: 'other', nextRunAt: at(-9 * MINUTE) });

      // when jobs are taken one by one until none is left
      const order: unknown[] = [];
      for (;;) {
        const { nextScanAt, lockDeadline } = scanWindow(now);
        const job = await repo.getNextJobToRun('run', nextScanAt, lockDeadline, new Date(now), { lastModifiedBy: 'n1' });
        if (!job) break;
        expect(job.lockedAt!.getTime()).to.equal(now);
        expect(job.lastModifiedBy).to.equal('n1');
        order.push(job.data);
      }

      // then the order is the Mongo backend's, and the excluded jobs were never handed out
      expect(order).to.deep.equal(['late-high-old', 'late-high-new', 'late-low', 'within-scan']);
    });

    it('takes over a lock whose holder is presumed dead, oldest nextRunAt (null first) before due jobs', async () => {
      // given a one-off job that was running (nextRunAt null) when its process died long ago,
      // and an ordinary due job
      const now = Date.now();
      const crashed = await repo.saveJob(jobParams('run', { data: 'crashed' }), undefined);
      await repo.saveJobState({ ...crashed, nextRunAt: null, lockedAt: new Date(now - 11 * MINUTE), lastRunAt: new Date(now - 11 * MINUTE) }, undefined);
      await repo.saveJob(jobParams('run', { data: 'due' }), undefined);

      // when the next job is asked for with a 10-minute lock lifetime
      const { nextScanAt, lockDeadline } = scanWindow(now);
      const first = await repo.getNextJobToRun('run', nextScanAt, lockDeadline, new Date(now), undefined);
      const second = await repo.getNextJobToRun('run', nextScanAt, lockDeadline, new Date(now), undefined);
      const third = await repo.getNextJobToRun('run', nextScanAt, lockDeadline, new Date(now), undefined);

      // then the orphan is re-locked first (fresh lockedAt), then the due job, then nothing
      expect(first!.data).to.equal('crashed');
      expect(first!.lockedAt!.getTime()).to.equal(now);
      expect(second!.data).to.equal('due');
      expect(third).to.equal(undefined);
    });

    it('never hands the same job to two connections on one file', async () => {
      // given 300 due jobs and two independent connections to the file
      const other = await openRepo();
      for (let i = 0; i < 300; i++) await repo.saveJob(jobParams('race', { data: i }), undefined);

      // when both ask at the same time, round after round, until neither gets a job
      const taken: number[] = [];
      const byRepo = [0, 0];
      for (;;) {
        const { nextScanAt, lockDeadline } = scanWindow();
        const round = await Promise.all(
          [repo, other].map((r) => r.getNextJobToRun('race', nextScanAt, lockDeadline, undefined, undefined)),
        );
        round.forEach((job, i) => {
          if (!job) return;
          taken.push(job.data as number);
          byRepo[i]!++;
        });
        if (round.every((job) => !job)) break;
      }

      // then every job was taken exactly once, and both connections took some
      expect(taken).to.have.length(300);
      expect(new Set(taken).size).to.equal(300);
      expect(byRepo[0]).to.be.greaterThan(0);
      expect(byRepo[1]).to.be.greaterThan(0);
    });
  });

  describe('lockJob / unlockJob / unlockJobs / saveJobState', () => {
    it('locks only an unlocked job whose nextRunAt is unchanged', async () => {
      // given a due job
      const saved = await repo.saveJob(jobParams('lock'), undefined);

      // when it is locked twice from the same snapshot, and once with a stale nextRunAt
      const first = await repo.lockJob(saved, undefined);
      const second = await repo.lockJob(saved, undefined);
      await repo.unlockJob(first!);
      const stale = await repo.lockJob({ ...saved, nextRunAt: new Date(0) }, undefined);

      // then only the first succeeds
      expect(first!.lockedAt).to.be.instanceOf(Date);
      expect(second).to.equal(undefined);
      expect(stale).to.equal(undefined);
    });

    it('unlockJob leaves a running one-off job locked; unlockJobs unlocks regardless', async () => {
      // given two locked jobs, one of them a one-off already started (nextRunAt null)
      const a = await repo.lockJob(await repo.saveJob(jobParams('a'), undefined), undefined);
      const b = await repo.lockJob(await repo.saveJob(jobParams('b'), undefined), undefined);
      await repo.saveJobState({ ...b!, nextRunAt: null }, undefined);

      // when each is unlocked singly
      await repo.unlockJob(a!);
      await repo.unlockJob(b!);
      const afterSingle = [(await repo.getJobById(a!._id!))!.lockedAt, (await repo.getJobById(b!._id!))!.lockedAt];
      // and then in bulk (agenda.stop())
      await repo.unlockJobs([b!._id!, 'garbage']);

      // then the running one-off kept its lock until the bulk unlock
      expect(afterSingle[0]).to.equal(undefined);
      expect(afterSingle[1]).to.be.instanceOf(Date);
      expect((await repo.getJobById(b!._id!))!.lockedAt).to.equal(undefined);
    });

    it('saveJobState writes the run bookkeeping and fails with JOB_NOT_FOUND for a removed job', async () => {
      // given a saved job
      const saved = await repo.saveJob(jobParams('state'), undefined);
      const when = new Date();

      // when its state is saved, then it is removed and saved again
      await repo.saveJobState({ ...saved, lastRunAt: when, lastFinishedAt: when, failedAt: when, failCount: 1, failReason: 'boom', progress: 50 }, { lastModifiedBy: 'n2' });
      const back = await repo.getJobById(saved._id!);
      await repo.removeJobs({ id: saved._id! });

      // then the fields are stored, and the second save is refused
      expect(back).to.deep.include({ failCount: 1, failReason: 'boom', progress: 50, lastModifiedBy: 'n2' });
      expect(back!.failedAt!.getTime()).to.equal(when.getTime());
      await expectRejection(repo.saveJobState(saved, undefined), ErrorCode.JobNotFound);
    });
  });

  describe('queryJobs / overview / queue size / names', () => {
    beforeEach(async () => {
      const now = Date.now();
      await repo.saveJob(jobParams('send-mail', { data: { to: 'a', meta: { lang: 'vi' } }, nextRunAt: new Date(now + MINUTE) }), undefined);
      await repo.saveJob(jobParams('send-mail', { data: { to: 'b', meta: { lang: 'en' } }, nextRunAt: new Date(now - MINUTE) }), undefined);
      await repo.saveJob(jobParams('send_sms', { data: { to: 'c' }, disabled: true }), undefined);
      await repo.saveJob(jobParams('100%-done', { nextRunAt: null, lastFinishedAt: new Date(now - MINUTE) }), undefined);
      const failed = await repo.saveJob(jobParams('send-mail', { data: { to: 'd' }, nextRunAt: null }), undefined);
      await repo.saveJobState({ ...failed, failedAt: new Date(now), failCount: 1, failReason: 'x', lastFinishedAt: new Date(now) }, undefined);
    });

    it('filters by name, search (LIKE wildcards taken literally), nested data and disabled', async () => {
      // when queried in various ways
      const byName = await repo.queryJobs({ name: 'send-mail' });
      const underscore = await repo.queryJobs({ search: 'send_' });
      const percent = await repo.queryJobs({ search: '0%' });
      const nested = await repo.queryJobs({ data: { meta: { lang: 'vi' } } });
      const enabled = await repo.queryJobs({ includeDisabled: false });

      // then
      expect(byName.total).to.equal(3);
      expect(underscore.jobs.map((j) => j.name)).to.deep.equal(['send_sms']);
      expect(percent.jobs.map((j) => j.name)).to.deep.equal(['100%-done']);
      expect(nested.jobs.map((j) => (j.data as { to: string }).to)).to.deep.equal(['a']);
      expect(enabled.total).to.equal(4);
    });

    it('computes states, filters on them and pages after filtering; sorts as asked', async () => {
      // when
      const failed = await repo.queryJobs({ state: 'failed' });
      const paused = await repo.queryJobs({ state: 'paused' });
      const page = await repo.queryJobs({ sort: { name: 'asc' }, skip: 1, limit: 2 });
      const byPriorityThenDefault = await repo.queryJobs({ names: ['send-mail'], sort: { nextRunAt: 'asc' } });

      // then
      expect(failed.jobs.map((j) => [j.state, (j.data as { to: string }).to])).to.deep.equal([['failed', 'd']]);
      expect(paused.total).to.equal(1);
      expect(page.total).to.equal(5);
      expect(page.jobs.map((j) => j.name)).to.deep.equal(['send-mail', 'send-mail']);
      // ascending puts NULL first, as Mongo does
      expect(byPriorityThenDefault.jobs.map((j) => (j.data as { to: string }).to)).to.deep.equal(['d', 'b', 'a']);
    });

    it('summarises per name, counts due jobs and lists distinct names', async () => {
      // when
      const overview = await repo.getJobsOverview();
      const mail = overview.find((o) => o.name === 'send-mail');
      const sms = overview.find((o) => o.name === 'send_sms');

      // then
      expect(mail).to.deep.equal({ name: 'send-mail', total: 3, running: 0, scheduled: 1, queued: 1, completed: 0, failed: 1, repeating: 0, paused: 0 });
      expect(sms).to.include({ total: 1, queued: 1, paused: 1 });
      expect(await repo.getQueueSize()).to.equal(2);
      expect(await repo.getDistinctJobNames()).to.deep.equal(['100%-done', 'send-mail', 'send_sms']);
    });
  });

  describe('removeJobs / disableJobs / enableJobs / purgeAllJobs', () => {
    it('select by id(s), name(s), notNames and data; an empty selector touches nothing', async () => {
      // given
      const a = await repo.saveJob(jobParams('a', { data: { dossier: 1 } }), undefined);
      const b = await repo.saveJob(jobParams('b', { data: { dossier: 2 } }), undefined);
      await repo.saveJob(jobParams('c', { data: { dossier: 1 } }), undefined);

      // when
      const none = await repo.removeJobs({});
      const badId = await repo.removeJobs({ id: 'zzz' });
      const disabledByData = await repo.disableJobs({ data: { dossier: 1 } });
      const disabledAgain = await repo.disableJobs({ names: ['a', 'c'] });
      const enabledById = await repo.enableJobs({ ids: [a._id!, b._id!] });
      const removedNotNames = await repo.removeJobs({ notNames: ['a'] });
      const left = await repo.queryJobs();
      const purged = await repo.purgeAllJobs();

      // then counts are "rows actually changed", as Mongo's modifiedCount
      expect([none, badId]).to.deep.equal([0, 0]);
      expect(disabledByData).to.equal(2);
      expect(disabledAgain).to.equal(0);
      expect(enabledById).to.equal(1);
      expect(removedNotNames).to.equal(2);
      expect(left.jobs.map((j) => [j.name, j.disabled])).to.deep.equal([['a', false]]);
      expect(purged).to.equal(1);
    });
  });

  describe('saveJobSync', () => {
    it("commits or rolls back with the caller's own transaction on a borrowed connection", async () => {
      // given a borrowed connection shared with the caller's own table
      const db = new Database(tmp.file('shared.db'));
      db.exec('CREATE TABLE instance (id TEXT PRIMARY KEY, version INTEGER)');
      const jobs = new SqliteJobRepository({ database: db });
      await jobs.connect();

      // when a commit writes state and arms a timer, and a second one fails after arming
      db.transaction(() => {
        db.prepare('INSERT INTO instance VALUES (?, 1)').run('HS-1');
        jobs.saveJobSync(jobParams('timer', { data: { instance: 'HS-1' } }));
      })();
      expect(() =>
        db.transaction(() => {
          jobs.saveJobSync(jobParams('timer', { data: { instance: 'HS-2' } }));
          db.prepare('INSERT INTO instance VALUES (?, 1)').run('HS-1'); // duplicate key
        })(),
      ).to.throw(/UNIQUE/);

      // then only the first timer exists
      const timers = await jobs.queryJobs({ name: 'timer' });
      expect(timers.jobs.map((j) => j.data)).to.deep.equal([{ instance: 'HS-1' }]);
      db.close();
    });
  });
});
