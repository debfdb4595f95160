import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { ErrorCode, isMotcuaError } from '../../engine/errors.ts';
import { SqliteStore } from '../../engine/store/sqlite/SqliteStore.ts';
import { MIGRATIONS, migrate } from '../../engine/store/sqlite/migrations.ts';
import type { TaskQuery } from '../../engine/runtime/api.ts';
import { instanceQuerySql, prepareStatements, taskQuerySql } from '../../engine/store/sqlite/statements.ts';
import { taskCountSql } from '../../engine/store/sqlite/task-query.ts';
import { storeContract, type HistoryTamper } from './contract.ts';
import { created, event, instanceRecord, unchangedDeployment, unit, userTask } from './fixtures/records.ts';

const tamper: HistoryTamper<SqliteStore> = {
  async update(store, instanceId, seq, fields) {
    const columns = Object.entries({ seq: fields.seq, prev_hash: fields.prevHash, hash: fields.hash, event: fields.event }).filter(
      ([, value]) => value !== undefined,
    );
    store.db
      .prepare(`UPDATE history SET ${columns.map(([column]) => `${column} = ?`).join(', ')} WHERE instance_id = ? AND seq = ?`)
      .run(...columns.map(([, value]) => value), instanceId, seq);
  },
  async remove(store, instanceId, seq) {
    store.db.prepare('DELETE FROM history WHERE instance_id = ? AND seq = ?').run(instanceId, seq);
  },
};

/** The error the first commit of instance `id` fails with (fails the test if it is not refused). */
async function refusalOfFirstCommit(store: SqliteStore, id: string): Promise<unknown> {
  try {
    await store.commit(unit(instanceRecord(id), 0, { events: [event('InstanceStarted')] }));
  } catch (error) {
    return error;
  }
  throw new Error(`the commit of ${id} was not refused`);
}

let tempRoot = '';
let fileNumber = 0;
const tempFile = () => join(tempRoot, `store-${process.pid}-${++fileNumber}.db`);

interface ReadyChild {
  /** start it (see fixtures/go-signal.ts) */
  go(): void;
  /** the JSON it printed after "ready"; rejects if it exits with an error */
  readonly result: Promise<unknown>;
}

/** Spawn a fixture script in its own process and wait until it is ready to write. */
async function readyChild(fixture: string, args: readonly string[]): Promise<ReadyChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url)), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.startsWith('ready\n')) resolve();
    });
  });
  const result = new Promise<unknown>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(output.slice('ready\n'.length))) : reject(new Error(`${fixture} exited with ${code}`)))),
  );
  return { go: () => child.stdin.end('go\n'), result };
}

describe('engine/store/sqlite', function () {
  before(function () {
    tempRoot = mkdtempSync(join(tmpdir(), 'motcua-store-'));
  });
  after(function () {
    rmSync(tempRoot, { recursive: true, force: true });
  });

  storeContract('engine/store/sqlite/SqliteStore in memory', async (hooks) => SqliteStore.open(':memory:', hooks), (store) => store.close(), { tamper });

  storeContract(
    'engine/store/sqlite/SqliteStore on a file',
    async (hooks) => SqliteStore.open(tempFile(), hooks),
    async (store) => {
      const file = store.db.name;
      await store.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    },
    { tamper },
  );

  describe('SqliteStore specifics', function () {
    describe('migrations', function () {
      it('records the applied migrations in schema_migrations', function () {
        // given
        const store = SqliteStore.open(':memory:');
        // then
        const rows = store.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
        expect(rows).to.deep.equal(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
        store.db.close();
      });

      it('applies nothing when a file is opened again, and keeps its data', async function () {
        // given
        const file = tempFile();
        const first = SqliteStore.open(file);
        const record = instanceRecord('i1');
        await first.commit(unit(record, 0, { events: [event('InstanceStarted')], tasks: [created(userTask('t1'))] }));
        await first.close();
        // when
        const db = new Database(file);
        const appliedAgain = migrate(db);
        db.close();
        const second = SqliteStore.open(file);
        // then
        expect(appliedAgain).to.deep.equal([]);
        expect(await second.getInstance('i1')).to.deep.equal({ record, revision: 1 });
        expect((await second.getTask('t1'))?.id).to.equal('t1');
        expect((await second.verifyHistory('i1')).ok).to.equal(true);
        await second.close();
      });

      it('applies only the newer migrations on upgrade, in order, keeping the data', async function () {
        // given a database at the current schema, with data
        const file = tempFile();
        const store = SqliteStore.open(file);
        await store.commit(unit(instanceRecord('i1'), 0));
        await store.close();
        const next = MIGRATIONS.length + 1;
        const upgrade = [
          ...MIGRATIONS,
          { version: next, name: 'add a note', sql: 'ALTER TABLE instances ADD COLUMN note TEXT' },
          { version: next + 1, name: 'fill the note', sql: "UPDATE instances SET note = 'migrated'" },
        ];
        // when
        const db = new Database(file);
        const applied = migrate(db, upgrade);
        // then
        expect(applied).to.deep.equal([next, next + 1]);
        expect(db.prepare('SELECT id, note FROM instances').all()).to.deep.equal([{ id: 'i1', note: 'migrated' }]);
        expect(migrate(db, upgrade)).to.deep.equal([]);
        db.close();
      });

      it('gives tasks stored before migration 5 their candidate rows, so officers find them', async function () {
        // given a database holding an instance's tasks
        const file = tempFile();
        const atFour = SqliteStore.open(file);
        await atFour.commit(
          unit(instanceRecord('i1'), 0, {
            tasks: [
              created(userTask('t1', { groups: ['mot_cua', 'van_thu'], assignee: 'lan', dueAt: '2026-10-05T01:00:00Z' })),
              created(userTask('t2', { groups: [], candidateUsers: ['lan', 'mai'] })),
            ],
          }),
        );
        // back to version 4: what migrations 5 and later add is gone, as in a file an older engine wrote
        atFour.db.exec(`DROP TABLE instance_attributes; DROP TABLE task_candidates; DROP TABLE records; DROP INDEX tasks_by_agency; DROP INDEX instances_by_agency; DROP INDEX instances_by_version;
          ALTER TABLE tasks DROP COLUMN agency; ALTER TABLE instances DROP COLUMN agency; DELETE FROM schema_migrations WHERE version >= 5`);
        await atFour.close();
        // when
        const store = SqliteStore.open(file);
        // then
        const rows = store.db.prepare('SELECT agency, principal, task_id FROM task_candidates ORDER BY task_id, principal').all();
        expect(rows).to.deep.equal([
          { agency: '', principal: 'a:lan', task_id: 't1' },
          { agency: '', principal: 'g:mot_cua', task_id: 't1' },
          { agency: '', principal: 'g:van_thu', task_id: 't1' },
          { agency: '', principal: 'u:lan', task_id: 't2' },
          { agency: '', principal: 'u:mai', task_id: 't2' },
        ]);
        expect((await store.listTasks({ visibleTo: { user: 'mai', groups: ['van_thu'] } })).map((t) => t.id)).to.deep.equal(['t1', 't2']);
        expect(await store.getInstance('i1')).to.deep.equal({ record: instanceRecord('i1'), revision: 1 });
        await store.close();
      });

      it('rolls back a failing upgrade completely', function () {
        // given
        const db = new Database(':memory:');
        migrate(db);
        const broken = [
          ...MIGRATIONS,
          { version: MIGRATIONS.length + 1, name: 'good', sql: 'CREATE TABLE extra (x)' },
          { version: MIGRATIONS.length + 2, name: 'bad', sql: 'THIS IS NOT SQL' },
        ];
        // when
        expect(() => migrate(db, broken)).to.throw();
        // then
        expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").all()).to.deep.equal([]);
        expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).to.deep.equal({ v: MIGRATIONS.length });
        db.close();
      });

      it('refuses a database migrated by a newer engine', function () {
        // given
        const file = tempFile();
        SqliteStore.open(file).db.close();
        const db = new Database(file);
        db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 'x')").run();
        db.close();
        // when
        let error: unknown;
        try {
          SqliteStore.open(file);
        } catch (caught) {
          error = caught;
        }
        // then
        expect(isMotcuaError(error, ErrorCode.StoreUnavailable), String(error)).to.equal(true);
        expect(String((error as Error).message)).to.match(/version 999/);
      });
    });

    describe('connection settings and query plans', function () {
      let store: SqliteStore;
      beforeEach(function () {
        store = SqliteStore.open(tempFile());
      });
      afterEach(async function () {
        await store.close();
      });

      it('runs in WAL mode with synchronous FULL (a commit survives a power cut) and a busy timeout', function () {
        expect(store.db.pragma('journal_mode', { simple: true })).to.equal('wal');
        expect(store.db.pragma('synchronous', { simple: true })).to.equal(2);
        // SQLite's own handler hands over to the store's retry loop (write-lock.ts) after a few ms
        expect(store.db.pragma('busy_timeout', { simple: true })).to.be.greaterThan(0);
      });

      it('lowers durability to synchronous NORMAL only when asked', async function () {
        // given
        const lowered = SqliteStore.open(tempFile(), { synchronous: 'NORMAL' });
        // then
        expect(lowered.db.pragma('synchronous', { simple: true })).to.equal(1);
        await lowered.close();
      });

      const plan = (sql: string, params: unknown) =>
        (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as object) as { detail: string }[]).map((row) => row.detail).join(' | ');

      it("reads a group's first page from the group index, without scanning or sorting", function () {
        // given the statement the store runs for an officer's task list
        const { sql } = taskQuerySql({ candidateGroup: 'mot-cua', limit: 50 });
        // when
        const detail = plan(sql, { candidateGroup: 'mot-cua', limit: 50, offset: 0 });
        // then
        expect(detail).to.match(/SEARCH g USING PRIMARY KEY \(group_id=\?\)/);
        expect(detail).to.match(/SEARCH t USING PRIMARY KEY \(id=\?\)/);
        expect(detail).not.to.match(/TEMP B-TREE|SCAN/);
      });

      it("reads an officer's first page (agency, visibleTo, due order) as a merge of index ranges, without scanning or sorting", function () {
        // given the officer's views: everything visible, due before a time, unclaimed in my groups, assigned to me
        const lan = { user: 'lan', groups: ['mot_cua', 'chuyen_vien', 'lanh_dao'] };
        const views: TaskQuery[] = [
          { agency: 'A', visibleTo: lan, limit: 50 },
          { agency: 'A', visibleTo: lan, dueBefore: '2026-10-05T00:00:00Z', limit: 50 },
          { agency: 'A', candidateGroups: lan.groups, unassigned: true, limit: 50 },
          { agency: 'A', assignee: 'lan', limit: 50 },
          { agency: 'A', visibleTo: lan, processKey: 'P', candidateGroups: ['mot_cua'], limit: 50 },
        ];
        for (const query of views) {
          // when
          const { sql, params } = taskQuerySql(query);
          const detail = plan(sql, { ...params, limit: 50, offset: 0 });
          // then every branch is a range of task_candidates, each task a key lookup, merged in order
          const ranges = detail.match(/SEARCH c USING PRIMARY KEY \(agency=\? AND principal=\?[^)]*\)/g) ?? [];
          const branches = (query.visibleTo && !query.candidateGroups ? 2 + lan.groups.length : query.candidateGroups?.length ?? 1);
          expect(ranges, `${JSON.stringify(query)}: ${detail}`).to.have.length(branches);
          if (query.dueBefore) expect(ranges.every((range) => range.includes('due_sort<?')), detail).to.equal(true);
          expect(detail, JSON.stringify(query)).to.match(/SEARCH t USING PRIMARY KEY \(id=\?\)/);
          expect(detail, JSON.stringify(query)).not.to.match(/TEMP B-TREE|\bSCAN\b/);
        }
      });

      it('counts an officer’s tasks from the index alone, and lists an agency’s tasks from its index', function () {
        // given
        const lan = { user: 'lan', groups: ['mot_cua', 'chuyen_vien'] };
        // when
        const count = taskCountSql({ agency: 'A', visibleTo: lan });
        const countDetail = plan(count.sql, count.params);
        const agencyDetail = plan(taskQuerySql({ agency: 'A' }).sql, { agency: 'A', limit: 50, offset: 0 });
        const dueDetail = plan(taskQuerySql({ agency: 'A', dueBefore: '2026-10-05T00:00:00Z' }).sql, { agency: 'A', dueBefore: 1, limit: 50, offset: 0 });
        // then
        expect(countDetail.match(/SEARCH c USING PRIMARY KEY \(agency=\? AND principal=\?\)/g)).to.have.length(4);
        expect(countDetail).not.to.match(/SEARCH t|TEMP B-TREE|SCAN c/);
        expect(agencyDetail).to.match(/SEARCH t USING INDEX tasks_by_agency \(agency=\?\)/);
        expect(dueDetail).to.match(/SEARCH t USING INDEX tasks_by_agency \(agency=\? AND due_sort<\?\)/);
        for (const detail of [agencyDetail, dueDetail]) expect(detail).not.to.match(/TEMP B-TREE/);
      });

      it('keeps the officer query exact among many tasks of several agencies', async function () {
        // given 12 000 tasks over 3 agencies and 12 groups, a tenth of them claimed by lan
        const tasks = (agency: number) =>
          Array.from({ length: 4000 }, (_, i) =>
            created(
              userTask(`a${agency}-t${i}`, {
                groups: [`g${i % 12}`],
                ...(i % 10 === 0 && { assignee: 'lan' }),
                dueAt: new Date(Date.UTC(2025, 0, 1) + ((i * 7919) % 1_000_000_000)).toISOString(),
              }),
            ),
          );
        for (const agency of [0, 1, 2]) await store.commit(unit(instanceRecord(`bulk${agency}`, { agency: `A${agency}` }), 0, { tasks: tasks(agency) }));
        const query = { agency: 'A1', visibleTo: { user: 'lan', groups: ['g3', 'g7'] } };
        // when
        const page = await store.listTasks({ ...query, limit: 50 });
        const count = await store.countTasks(query);
        // then: lan's own tasks (i % 10 = 0) and groups g3, g7 (i % 12 = 3 or 7), counted once each
        const expected = Array.from({ length: 4000 }, (_, i) => i).filter((i) => i % 10 === 0 || i % 12 === 3 || i % 12 === 7);
        expect(count).to.equal(expected.length);
        expect(page).to.have.length(50);
        expect(page.every((t) => t.agency === 'A1' && (t.assignee === 'lan' || ['g3', 'g7'].includes(t.candidateGroups[0])))).to.equal(true);
        const dues = page.map((t) => Date.parse(t.dueAt!));
        expect(dues).to.deep.equal([...dues].sort((a, b) => a - b));
        const all = await store.listTasks({ ...query, limit: 10_000 });
        expect(all.slice(0, 50).map((t) => t.id)).to.deep.equal(page.map((t) => t.id));
        expect(new Set(all.map((t) => t.id)).size).to.equal(expected.length);
      });

      it('serves due jobs, external-task locking, subscription lookups, counter ranges and assignee lists from their indexes', function () {
        // given the store's own statements
        const sql = prepareStatements(store.db);
        // then
        expect(plan(sql.dueJobs.source, [1, 10])).to.match(/SEARCH jobs USING INDEX jobs_due/);
        expect(plan(sql.nextDueAt.source, [])).to.match(/jobs_due/);
        expect(plan(sql.lockExternal.source, { topic: 't', now: 1, owner: 'w', expiresMs: 2, max: 5 })).to.match(
          /SEARCH jobs USING INDEX jobs_fetchable \(topic=\?\)/,
        );
        expect(plan(sql.instancesSubscribed.source, ['message', 'm'])).to.match(/SEARCH subscriptions USING COVERING INDEX subscriptions_lookup/);
        expect(plan(sql.countersInRange.source, ['kpi/2026-10/', 'kpi/2026-10/\u{10FFFF}'])).to.match(/SEARCH counters USING PRIMARY KEY \(key>\? AND key<\?\)/);
        const byAssignee = plan(taskQuerySql({ assignee: 'lan' }).sql, { assignee: 'lan', limit: 50, offset: 0 });
        expect(byAssignee).to.match(/USING INDEX tasks_by_assignee/);
        expect(byAssignee).not.to.match(/TEMP B-TREE/);
        for (const [name, params] of [['history', ['i1']], ['instanceHead', ['i1']], ['childInstances', ['p']], ['jobsOfInstance', ['i1']]] as const) {
          expect(plan(sql[name].source, params), name).not.to.match(/\bSCAN\b/);
        }
      });

      it('lists the instances of a business key from its index in order, whatever other filters are set', function () {
        // given the statements the store runs for each shape
        const page = { limit: 10, offset: 0 };
        // then
        for (const query of [{ businessKey: 'HS-1' }, { businessKey: 'HS-1', status: 'ACTIVE' }, { businessKey: 'HS-1', processKey: 'P', status: 'ACTIVE' }] as const) {
          const detail = plan(instanceQuerySql(query).sql, { ...query, ...page });
          expect(detail, JSON.stringify(query)).to.match(/SEARCH instances USING INDEX instances_by_business_key \(business_key=\?\)/);
          expect(detail, JSON.stringify(query)).not.to.match(/TEMP B-TREE/);
        }
        expect(plan(instanceQuerySql({ status: 'ACTIVE' }).sql, { status: 'ACTIVE', ...page })).to.match(/USING INDEX instances_by_status/);
        expect(plan(instanceQuerySql({ processKey: 'P' }).sql, { processKey: 'P', ...page })).to.match(/USING INDEX instances_by_key/);
      });

      it('keeps the group query fast among many tasks', async function () {
        // given 20 000 tasks over 20 groups (the 1 000 000-task budget is measured by the bench)
        const tasks = Array.from({ length: 20_000 }, (_, i) =>
          created(userTask(`t${i}`, { groups: [`g${i % 20}`], dueAt: new Date(Date.UTC(2025, 0, 1) + (i * 7919) % 1_000_000_000).toISOString() })),
        );
        await store.commit(unit(instanceRecord('bulk'), 0, { tasks }));
        // when
        const page = await store.listTasks({ candidateGroup: 'g7', limit: 50 });
        // then
        expect(page).to.have.length(50);
        const dues = page.map((t) => Date.parse(t.dueAt!));
        expect(dues).to.deep.equal([...dues].sort((a, b) => a - b));
        expect(page.every((t) => t.candidateGroups.includes('g7'))).to.equal(true);
      });
    });

    describe('group commit', function () {
      it('writes the commits queued in one turn in one transaction: none is visible to another connection before all are', async function () {
        // given a store that, once the last of 16 units is written, looks at the file from a second connection
        const file = tempFile();
        let seenOutside = -1;
        let seenInside = -1;
        const store = SqliteStore.open(file, {
          afterWrites: (u) => {
            if (u.instance.id !== 'b15') return;
            seenInside = (store.db.prepare('SELECT COUNT(*) AS n FROM instances').get() as { n: number }).n;
            const outside = new Database(file, { readonly: true });
            seenOutside = (outside.prepare('SELECT COUNT(*) AS n FROM instances').get() as { n: number }).n;
            outside.close();
          },
        });
        // when 16 commands commit at once
        await Promise.all(Array.from({ length: 16 }, (_, i) => store.commit(unit(instanceRecord(`b${i}`), 0, { events: [event('InstanceStarted')] }))));
        // then the last unit saw the 15 before it in its own transaction, and the file had none of them yet
        expect(seenInside).to.equal(16);
        expect(seenOutside).to.equal(0);
        expect((await store.listInstances()).length).to.equal(16);
        await store.close();
      });

      it('undoes a commit that fails after its first write, alone, in a batch written on the writer thread', async function () {
        // given a store on a file (its commits written by the writer thread, no injected hook)
        // and one instance already there
        const store = SqliteStore.open(tempFile());
        await store.commit(unit(instanceRecord('before'), 0, { events: [event('InstanceStarted')] }));
        // when three commits go together, the middle one writing its instance row and history,
        // then failing on a job SQLite cannot bind (a priority that is an object)
        const badJob = { id: 'j1', kind: 'timer' as const, instanceId: 'broken', elementId: 'Timer_1', dueAt: new Date().toISOString(), priority: {} as unknown as number };
        const outcomes = await Promise.allSettled([
          store.commit(unit(instanceRecord('before'), 1, { events: [event('TaskCreated')], counters: { seen: 1 } })),
          store.commit(unit(instanceRecord('broken'), 0, { events: [event('InstanceStarted')], counters: { seen: 1 }, jobs: [{ op: 'schedule', job: badJob }] })),
          store.commit(unit(instanceRecord('after'), 0, { events: [event('InstanceStarted')], counters: { seen: 1 } })),
        ]);
        // then it alone failed, with the driver's error, and left nothing; the others stand
        expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
        expect(String((outcomes[1] as PromiseRejectedResult).reason)).to.match(/bind/i);
        expect(await store.getInstance('broken')).to.equal(undefined);
        expect(await store.history('broken')).to.deep.equal([]);
        expect(await store.allJobs()).to.deep.equal([]);
        expect((await store.getInstance('before'))?.revision).to.equal(2);
        expect((await store.getInstance('after'))?.revision).to.equal(1);
        expect(await store.countersWithPrefix('seen')).to.deep.equal({ seen: 2 });
        await store.close();
      });

      it('refuses commits, naming the file, once the file was deleted under the store, and never makes a new one', async function () {
        // given a store on a file that has committed, then is deleted (with its WAL companions)
        const file = tempFile();
        const store = SqliteStore.open(file);
        await store.commit(unit(instanceRecord('kept'), 0, { events: [event('InstanceStarted')] }));
        for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
        // when a command commits
        const error = await refusalOfFirstCommit(store, 'lost');
        // then it is refused as the store being unavailable, the message naming the file, and no file appeared
        expect(isMotcuaError(error, ErrorCode.StoreUnavailable), String(error)).to.equal(true);
        expect((error as Error).message).to.contain(`${file} is gone`);
        expect(existsSync(file)).to.equal(false);
        await store.close();
      });

      it('refuses commits once another database was moved to its path, leaving that one untouched', async function () {
        // given a store on a file, and another store's file then renamed over its path
        const file = tempFile();
        const store = SqliteStore.open(file);
        const other = tempFile();
        await SqliteStore.open(other).close();
        renameSync(other, file);
        // when a command commits
        const error = await refusalOfFirstCommit(store, 'misplaced');
        // then it is refused, and the file now at the path holds no instance
        expect(isMotcuaError(error, ErrorCode.StoreUnavailable), String(error)).to.equal(true);
        expect((error as Error).message).to.contain(`${file} was replaced`);
        await store.close();
        const now = new Database(file, { readonly: true });
        expect((now.prepare('SELECT COUNT(*) AS n FROM instances').get() as { n: number }).n).to.equal(0);
        now.close();
      });

      it('writes commits still queued when the store is closed', async function () {
        // given a commit handed over but not yet written
        const file = tempFile();
        const store = SqliteStore.open(file);
        const pending = store.commit(unit(instanceRecord('late'), 0, { events: [event('InstanceStarted')] }));
        // when the store closes at once
        await store.close();
        // then the commit was written before the connection closed
        expect((await pending).revision).to.equal(1);
        const reopened = SqliteStore.open(file);
        expect((await reopened.getInstance('late'))?.revision).to.equal(1);
        await reopened.close();
      });
    });

    describe('sharing one file', function () {
      it('sees the other connection’s commits and loses a race to it with a conflict', async function () {
        // given two stores on one file
        const file = tempFile();
        const a = SqliteStore.open(file);
        const b = SqliteStore.open(file);
        const record = instanceRecord('i1');
        await a.commit(unit(record, 0, { events: [event('InstanceStarted')] }));
        // when both load revision 1 and commit
        const loadedByB = await b.getInstance('i1');
        await a.commit(unit(record, 1, { events: [event('TaskCreated')], tasks: [created(userTask('t1'))] }));
        let error: unknown;
        try {
          await b.commit(unit(record, loadedByB!.revision, { events: [event('TaskCreated')], tasks: [created(userTask('t2'))] }));
        } catch (caught) {
          error = caught;
        }
        // then
        expect(isMotcuaError(error, ErrorCode.VersionConflict)).to.equal(true);
        expect((await b.getInstance('i1'))?.revision).to.equal(2);
        expect((await b.listTasks({ instanceId: 'i1' })).map((t) => t.id)).to.deep.equal(['t1']);
        expect((await b.verifyHistory('i1')).ok).to.equal(true);
        expect([await a.nextCounter('k'), await b.nextCounter('k'), await a.nextCounter('k')]).to.deep.equal([1, 2, 3]);
        await a.close();
        await b.close();
      });

      it('reports STORE_UNAVAILABLE when another connection holds the write lock past the busy timeout', async function () {
        // given a writer that holds the lock
        const file = tempFile();
        const holder = SqliteStore.open(file);
        const waiter = SqliteStore.open(file, { busyTimeoutMs: 50 });
        holder.db.exec('BEGIN IMMEDIATE');
        // when
        let error: unknown;
        try {
          await waiter.commit(unit(instanceRecord('i1'), 0));
        } catch (caught) {
          error = caught;
        }
        holder.db.exec('ROLLBACK');
        // then
        expect(isMotcuaError(error, ErrorCode.StoreUnavailable), String(error)).to.equal(true);
        expect(await waiter.getInstance('i1')).to.equal(undefined);
        await waiter.commit(unit(instanceRecord('i1'), 0));
        expect((await holder.getInstance('i1'))?.revision).to.equal(1);
        await holder.close();
        await waiter.close();
      });

      it('lets two processes write to one file at once without losing or duplicating anything', async function () {
        this.timeout(60_000);
        // given a child process ready to write; both at the default synchronous FULL, where a
        // transaction holds the write lock through its sync to disk and a waiter has the least room
        const file = tempFile();
        const parent = SqliteStore.open(file);
        const count = 600;
        const child = await readyChild('sqlite-writer.ts', [file, 'child', String(count)]);
        // when both write at once
        child.go();
        const mine: number[] = [];
        for (let i = 0; i < count; i++) {
          const record = instanceRecord(`parent-${i}`);
          await parent.commit(unit(record, 0, { events: [event('InstanceStarted')] }));
          await parent.commit(unit(record, 1, { events: [event('TaskCreated')], tasks: [created(userTask(`parent-t${i}`))] }));
          mine.push(await parent.nextCounter('shared'));
          if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        // then
        const theirs = (await child.result) as number[];
        const all = [...mine, ...theirs].sort((x, y) => x - y);
        expect(all).to.deep.equal(Array.from({ length: 2 * count }, (_, i) => i + 1));
        expect(parent.db.prepare('SELECT COUNT(*) AS n FROM instances WHERE revision = 2').get()).to.deep.equal({ n: 2 * count });
        expect(parent.db.prepare('SELECT COUNT(*) AS n FROM history').get()).to.deep.equal({ n: 4 * count });
        expect((await parent.verifyHistory('child-7')).ok).to.equal(true);
        await parent.close();
      });

      it('gives one version to an unchanged file that three processes deploy at once', async function () {
        this.timeout(60_000);
        // given two child processes and this one on one file, each about to deploy the same file as 300 keys in the same order
        const file = tempFile();
        const parent = SqliteStore.open(file);
        const keys = 300;
        const children = await Promise.all([readyChild('sqlite-deployer.ts', [file, String(keys)]), readyChild('sqlite-deployer.ts', [file, String(keys)])]);
        // when all deploy at once
        for (const child of children) child.go();
        const mine: number[] = [];
        for (let i = 0; i < keys; i++) {
          mine.push((await parent.deploy(unchangedDeployment(`P${i}`))).version);
          if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        const theirs = (await Promise.all(children.map((child) => child.result))) as number[][];
        // then every deployment of every key got version 1, and only one row each was stored
        for (const versions of [mine, ...theirs]) expect(versions).to.deep.equal(Array.from({ length: keys }, () => 1));
        expect(parent.db.prepare('SELECT COUNT(*) AS n FROM deployments').get()).to.deep.equal({ n: keys });
        await parent.close();
      });
    });
  });
});
