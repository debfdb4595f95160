/**
 * The store contract: what every adapter of engine/store/port.ts must do. Each adapter's test
 * file calls `storeContract` with a way to open an empty store, to dispose of it, and to tamper
 * with stored history behind the store's back (raw access differs per database).
 */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { ErrorCode, isMotcuaError } from '../../engine/errors.ts';
import type { CommitUnit, Store } from '../../engine/store/port.ts';
import { commitAtomicityContract } from './contract-commit-atomicity.ts';
import { pageAndSizeContract } from './contract-limits.ts';
import { recordsContract } from './contract-records.ts';
import { taskVisibilityContract } from './contract-task-visibility.ts';
import {
  T0,
  at,
  created,
  event,
  instanceRecord,
  job,
  minutes,
  removed,
  subscription,
  unit,
  updated,
  userTask,
} from './fixtures/records.ts';

/** One stored history row, as the tamper hook sees it. */
export interface RawLink {
  seq: number;
  prevHash: string;
  hash: string;
  /** the stored event JSON */
  event: string;
}

/** Direct writes to an adapter's history rows, bypassing the store, as an attacker with database access would. */
export interface HistoryTamper<S extends Store> {
  /** overwrite some fields of the row (instanceId, seq) */
  update(store: S, instanceId: string, seq: number, fields: Partial<RawLink>): Promise<void>;
  /** delete the row (instanceId, seq) */
  remove(store: S, instanceId: string, seq: number): Promise<void>;
}

export interface ContractOptions<S extends Store> {
  readonly tamper?: HistoryTamper<S>;
}

/** Fault injection every adapter offers (see SqliteStoreOptions / MongoStoreOptions `afterWrites`). */
export interface StoreHooks {
  /** called inside a commit's transaction once all its writes are done; a throw must undo them all */
  readonly afterWrites?: (unit: CommitUnit) => void;
}

/** Opens an empty store, with hooks when a test asks for them. */
export type OpenStore<S extends Store> = (hooks?: StoreHooks) => Promise<S>;

async function expectConflict(promise: Promise<unknown>): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  expect(isMotcuaError(error, ErrorCode.VersionConflict), `expected VERSION_CONFLICT, got ${String(error)}`).to.equal(true);
}

/** An independent reading of the hash spec in hash-chain.ts: sorted keys, no whitespace. */
function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]))
        : v;
  return JSON.stringify(sort(value));
}

export function storeContract<S extends Store>(
  name: string,
  open: OpenStore<S>,
  cleanup: (store: S) => Promise<void>,
  options: ContractOptions<S> = {},
): void {
  describe(`${name} (store contract)`, function () {
    let store: S;

    commitAtomicityContract(open, cleanup);
    pageAndSizeContract(() => store);

    beforeEach(async function () {
      store = await open();
    });

    afterEach(async function () {
      if (store) await cleanup(store);
    });

    /** Create instance `id` with the given parts; returns its record. */
    async function given(id: string, parts: Parameters<typeof unit>[2] = {}, recordOptions: Parameters<typeof instanceRecord>[1] = {}) {
      const record = instanceRecord(id, recordOptions);
      await store.commit(unit(record, 0, { events: [event('InstanceStarted')], ...parts }));
      return record;
    }

    describe('deployments', function () {
      const input = (key: string, checksum = 'c1') => ({
        key,
        name: `Thủ tục ${key}`,
        source: `<bpmn:definitions><bpmn:process id="${key}"/></bpmn:definitions>`,
        compiled: { processes: { [key]: { elements: { Start_1: { type: 'bpmn:StartEvent', outgoing: [] } } } }, empty: {} },
        checksum,
      });

      it('gives the first deployment of a key version 1 and each next one the next version', async function () {
        // when
        const first = await store.deploy(input('P1'));
        const second = await store.deploy(input('P1', 'c2'));
        const other = await store.deploy(input('P2'));
        // then
        expect([first.version, second.version, other.version]).to.deep.equal([1, 2, 1]);
        expect(first.key).to.equal('P1');
        expect(new Set([first.deploymentId, second.deploymentId, other.deploymentId]).size).to.equal(3);
      });

      it('returns a deployment with its source and compiled form, by id, latest and version', async function () {
        // given
        const v1 = await store.deploy(input('P1', 'c1'));
        const v2 = await store.deploy(input('P1', 'c2'));
        // when
        const byId = await store.getDeployment(v1.deploymentId);
        const latest = await store.latestDeployment('P1');
        const byVersion = await store.deploymentByVersion('P1', 1);
        // then
        expect(byId).to.deep.include({ ...v1, source: input('P1').source, compiled: input('P1').compiled });
        expect(latest?.deploymentId).to.equal(v2.deploymentId);
        expect(latest?.checksum).to.equal('c2');
        expect(byVersion?.deploymentId).to.equal(v1.deploymentId);
        expect(byId?.name).to.equal('Thủ tục P1');
        // the latest one's facts alone, without its source and compiled form
        const info = await store.latestDeploymentInfo('P1');
        expect(info).to.deep.equal(v2);
        expect(info).not.to.have.property('compiled');
        expect(await store.latestDeploymentInfo('P9')).to.equal(undefined);
      });

      it('returns undefined for unknown deployments', async function () {
        // given
        await store.deploy(input('P1'));
        // then
        expect(await store.getDeployment('nope')).to.equal(undefined);
        expect(await store.latestDeployment('P9')).to.equal(undefined);
        expect(await store.deploymentByVersion('P1', 2)).to.equal(undefined);
      });

      it('lists deployments by key then version, and the known keys sorted', async function () {
        // given
        await store.deploy(input('P2'));
        await store.deploy(input('P1'));
        await store.deploy(input('P2', 'c2'));
        // when
        const list = await store.listDeployments();
        // then
        expect(list.map((d) => `${d.key}@${d.version}`)).to.deep.equal(['P1@1', 'P2@1', 'P2@2']);
        expect(list[0]).to.not.have.property('source');
        expect(await store.knownKeys()).to.deep.equal(['P1', 'P2']);
      });

      it('returns the latest version instead of storing unchanged content again, and a new version once it changed', async function () {
        // given
        const v1 = await store.deploy(input('P1', 'c1'));
        // when the same content is deployed again, then other content, then the first content again
        const again = await store.deploy(input('P1', 'c1'));
        const v2 = await store.deploy(input('P1', 'c2'));
        const back = await store.deploy(input('P1', 'c1'));
        // then only a change against the latest version makes a new one
        expect(again).to.deep.equal(v1);
        expect([v1.version, v2.version, back.version]).to.deep.equal([1, 2, 3]);
        expect((await store.listDeployments()).map((d) => `${d.version}:${d.checksum}`)).to.deep.equal(['1:c1', '2:c2', '3:c1']);
      });

      it('gives concurrent deployments of unchanged content one version, and of changed content the next one', async function () {
        // when several nodes deploy the same new file at once
        const first = await Promise.all(Array.from({ length: 6 }, () => store.deploy(input('P1', 'c1'))));
        // and then the same changed file at once
        const second = await Promise.all(Array.from({ length: 6 }, () => store.deploy(input('P1', 'c2'))));
        // then
        expect(new Set(first.map((d) => d.deploymentId))).to.deep.equal(new Set(['P1:1']));
        expect(new Set(second.map((d) => d.deploymentId))).to.deep.equal(new Set(['P1:2']));
        expect((await store.listDeployments()).map((d) => d.deploymentId)).to.deep.equal(['P1:1', 'P1:2']);
      });

      it('gives concurrent deployments of one key distinct, consecutive versions', async function () {
        // when
        const results = await Promise.all(Array.from({ length: 6 }, (_, i) => store.deploy(input('P1', `c${i}`))));
        // then
        expect(results.map((r) => r.version).sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4, 5, 6]);
      });
    });

    describe('commit and instances', function () {
      it('creates an instance at revision 1 and reads it back deep-equal', async function () {
        // given
        const record = instanceRecord('i1', { businessKey: 'HS-001', variables: { hoTen: 'Nguyễn Văn A' } });
        // when
        const result = await store.commit(unit(record, 0, { events: [event('InstanceStarted')] }));
        // then
        expect(result.revision).to.equal(1);
        expect(await store.getInstance('i1')).to.deep.equal({ record, revision: 1 });
      });

      it('keeps state exactly as committed: empty objects, unicode, odd keys, nulls, nesting', async function () {
        // given
        const variables = {
          'a.b': 1,
          $x: 'dollar',
          empty: {},
          list: [1, 'hai', null, { ba: [] }],
          nested: { deep: { deeper: { value: 3.25 } } },
          vi: 'Sở Kế hoạch và Đầu tư — giấy chứng nhận',
          flag: false,
          nothing: null,
        };
        const record = instanceRecord('i1', { variables });
        // when
        await store.commit(unit(record, 0));
        // then
        const loaded = await store.getInstance('i1');
        expect(loaded?.record.state).to.deep.equal(record.state);
      });

      it('returns copies: changing a loaded record does not change the store', async function () {
        // given
        await given('i1', {}, { variables: { n: 1 } });
        const loaded = await store.getInstance('i1');
        // when
        loaded!.record.state.scopes['i1-s1']!.variables.n = 99;
        // then
        expect((await store.getInstance('i1'))!.record.state.scopes['i1-s1']!.variables.n).to.equal(1);
      });

      it('returns undefined for an unknown instance', async function () {
        expect(await store.getInstance('missing')).to.equal(undefined);
      });

      it('refuses to create an instance that exists, leaving it unchanged', async function () {
        // given
        const original = await given('i1', {}, { variables: { n: 1 } });
        // when
        const again = instanceRecord('i1', { variables: { n: 2 } });
        await expectConflict(store.commit(unit(again, 0, { events: [event('InstanceStarted')], tasks: [created(userTask('t1'))] })));
        // then
        expect(await store.getInstance('i1')).to.deep.equal({ record: original, revision: 1 });
        expect(await store.history('i1')).to.have.length(1);
        expect(await store.getTask('t1')).to.equal(undefined);
      });

      it('replaces the record when the expected revision matches and returns the next revision', async function () {
        // given
        await given('i1');
        const next = instanceRecord('i1', { status: 'COMPLETED', endedAt: at(minutes(5)), variables: { done: true } });
        // when
        const result = await store.commit(unit(next, 1, { events: [event('InstanceCompleted', minutes(5))] }));
        // then
        expect(result.revision).to.equal(2);
        expect(await store.getInstance('i1')).to.deep.equal({ record: next, revision: 2 });
        const third = await store.commit(unit(next, 2));
        expect(third.revision).to.equal(3);
      });

      it('refuses a stale revision and changes nothing: state, history, tasks, jobs, subscriptions, counters, outbox', async function () {
        // given an instance at revision 2
        const record = await given('i1', {
          tasks: [created(userTask('t1'))],
          jobs: [{ op: 'schedule', job: job('timer1', 'i1', 'timer', at(minutes(10))) }],
          subscriptions: [subscription('s1', 'message', 'BoSung')],
        }, { variables: { n: 1 } });
        await store.commit(unit(record, 1, { counters: { kpi: 1 }, subscriptions: [subscription('s1', 'message', 'BoSung')] }));
        const before = {
          instance: await store.getInstance('i1'),
          history: await store.history('i1'),
          tasks: await store.listTasks({ instanceId: 'i1' }),
          jobs: await store.allJobs(),
        };
        // when a command that loaded revision 1 commits
        const stale = instanceRecord('i1', { variables: { n: 2 } });
        await expectConflict(
          store.commit(
            unit(stale, 1, {
              events: [event('TaskCompleted'), event('VariablesUpdated')],
              tasks: [removed('t1'), created(userTask('t2'))],
              jobs: [{ op: 'cancel', jobId: 'timer1' }, { op: 'schedule', job: job('async1', 'i1', 'async', at()) }],
              subscriptions: [subscription('s2', 'signal', 'Huy')],
              counters: { kpi: 5 },
              outbox: [{ topic: 'portal', key: 'HS-1', payload: { status: 'done' } }],
            }),
          ),
        );
        // then
        expect(await store.getInstance('i1')).to.deep.equal(before.instance);
        expect(await store.history('i1')).to.deep.equal(before.history);
        expect(await store.listTasks({ instanceId: 'i1' })).to.deep.equal(before.tasks);
        expect(await store.allJobs()).to.deep.equal(before.jobs);
        expect(await store.instancesSubscribed('message', 'BoSung')).to.deep.equal(['i1']);
        expect(await store.instancesSubscribed('signal', 'Huy')).to.deep.equal([]);
        expect(await store.pendingOutbox('portal', 10)).to.deep.equal([]);
        expect(await store.nextCounter('kpi')).to.equal(2);
        expect((await store.verifyHistory('i1')).ok).to.equal(true);
      });

      it('refuses a commit on an unknown instance with a non-zero revision', async function () {
        // when
        await expectConflict(store.commit(unit(instanceRecord('ghost'), 3, { events: [event('TaskCompleted')] })));
        // then
        expect(await store.getInstance('ghost')).to.equal(undefined);
        expect(await store.history('ghost')).to.deep.equal([]);
      });

      it('lets exactly one of two concurrent commits on the same revision win', async function () {
        // given
        await given('i1');
        const a = instanceRecord('i1', { variables: { by: 'a' } });
        const b = instanceRecord('i1', { variables: { by: 'b' } });
        // when
        const outcomes = await Promise.allSettled([
          store.commit(unit(a, 1, { events: [event('VariablesUpdated', 1, { by: 'a' })], tasks: [created(userTask('ta'))] })),
          store.commit(unit(b, 1, { events: [event('VariablesUpdated', 1, { by: 'b' })], tasks: [created(userTask('tb'))] })),
        ]);
        // then
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).to.have.length(1);
        expect(lost).to.have.length(1);
        expect(isMotcuaError(lost[0]!.reason, ErrorCode.VersionConflict)).to.equal(true);
        const winner = outcomes[0]!.status === 'fulfilled' ? 'a' : 'b';
        const loaded = await store.getInstance('i1');
        expect(loaded?.revision).to.equal(2);
        expect(loaded?.record.state.scopes['i1-s1']!.variables.by).to.equal(winner);
        expect((await store.history('i1')).map((e) => e.by ?? null)).to.deep.equal([null, winner]);
        expect((await store.listTasks({ instanceId: 'i1' })).map((t) => t.id)).to.deep.equal([`t${winner}`]);
      });

      it('writes nothing of a unit that fails part-way', async function () {
        // given
        await given('i1');
        const next = instanceRecord('i1', { variables: { n: 2 } });
        // when: the last job cannot be stored (its due date is not a time)
        let error: unknown;
        try {
          await store.commit(
            unit(next, 1, {
              events: [event('TaskCreated')],
              tasks: [created(userTask('t1'))],
              jobs: [
                { op: 'schedule', job: job('j1', 'i1', 'timer', at()) },
                { op: 'schedule', job: job('j2', 'i1', 'timer', 'not a date') },
              ],
              outbox: [{ topic: 'portal', key: 'k', payload: 1 }],
            }),
          );
        } catch (caught) {
          error = caught;
        }
        // then
        expect(error, 'the commit should fail').to.be.instanceOf(Error);
        expect((await store.getInstance('i1'))?.revision).to.equal(1);
        expect(await store.history('i1')).to.have.length(1);
        expect(await store.getTask('t1')).to.equal(undefined);
        expect(await store.allJobs()).to.deep.equal([]);
        expect(await store.pendingOutbox('portal', 10)).to.deep.equal([]);
      });

      it('finds the child instances of a parent, oldest first', async function () {
        // given
        await given('parent');
        await given('child-b', {}, { parentInstanceId: 'parent', startedAt: at(2000) });
        await given('child-a', {}, { parentInstanceId: 'parent', startedAt: at(1000) });
        await given('other', {}, { parentInstanceId: 'someone-else' });
        // when
        const children = await store.childInstances('parent');
        // then
        expect(children.map((c) => c.record.id)).to.deep.equal(['child-a', 'child-b']);
        expect(children[0]!.revision).to.equal(1);
        expect(children[0]!.record.state.id).to.equal('child-a');
        expect(await store.childInstances('child-a')).to.deep.equal([]);
      });

      it('lists instances newest first, filtered by process key and status, paginated, and counts them', async function () {
        // given
        await given('a1', {}, { processKey: 'A', startedAt: at(1) });
        await given('a2', {}, { processKey: 'A', startedAt: at(2), status: 'COMPLETED', endedAt: at(9) });
        await given('a3', {}, { processKey: 'A', startedAt: at(3) });
        await given('b1', {}, { processKey: 'B', startedAt: at(4) });
        // when / then
        expect((await store.listInstances()).map((i) => i.id)).to.deep.equal(['b1', 'a3', 'a2', 'a1']);
        expect((await store.listInstances({ processKey: 'A' })).map((i) => i.id)).to.deep.equal(['a3', 'a2', 'a1']);
        expect((await store.listInstances({ status: 'ACTIVE' })).map((i) => i.id)).to.deep.equal(['b1', 'a3', 'a1']);
        expect((await store.listInstances({ processKey: 'A', status: 'ACTIVE' })).map((i) => i.id)).to.deep.equal(['a3', 'a1']);
        expect((await store.listInstances({ limit: 2, offset: 1 })).map((i) => i.id)).to.deep.equal(['a3', 'a2']);
        // the counts of the same filters, over every page
        expect(await store.countInstances()).to.equal(4);
        expect(await store.countInstances({ processKey: 'A' })).to.equal(3);
        expect(await store.countInstances({ status: 'ACTIVE' })).to.equal(3);
        expect(await store.countInstances({ processKey: 'A', status: 'ACTIVE' })).to.equal(2);
        expect(await store.countInstances({ processKey: 'C' })).to.equal(0);
        const [summary] = await store.listInstances({ processKey: 'A', status: 'COMPLETED' });
        expect(summary).to.deep.equal({
          id: 'a2', processKey: 'A', deploymentId: 'A:1', processVersion: 1, status: 'COMPLETED',
          startedAt: at(2), endedAt: at(9), revision: 1,
        });
      });

      it('keeps the attributes a commit gives, replaces them on a later commit, and finds and counts instances by them', async function () {
        // given three dossiers of two procedures and an instance without attributes
        const attributes = (procedure: string, status: string, receivedAt: string) => ({ 'dossier.procedure': procedure, 'dossier.status': status, 'dossier.receivedAt': receivedAt });
        await given('d1', { attributes: attributes('KS', 'DANG_XU_LY', '2026-10-01T02:00:00.000Z') }, { agency: 'A', startedAt: at(1) });
        const d2 = await given('d2', { attributes: attributes('KS', 'DANG_XU_LY', '2026-10-05T02:00:00.000Z') }, { agency: 'A', startedAt: at(2) });
        await given('d3', { attributes: attributes('KH', 'DANG_XU_LY', '2026-10-09T02:00:00.000Z') }, { agency: 'A', startedAt: at(3) });
        await given('plain', {}, { agency: 'A', startedAt: at(4) });
        // when d2 is finished late, and a commit without attributes leaves d1's as they are
        await store.commit(unit(d2, 1, { attributes: { ...attributes('KS', 'DA_TRA_KET_QUA', '2026-10-05T02:00:00.000Z'), 'dossier.result': 'LATE' } }));
        await store.commit(unit(instanceRecord('d1', { agency: 'A', startedAt: at(1) }), 1));
        const ids = async (query: Parameters<S['listInstances']>[0]) => (await store.listInstances(query)).map((i) => i.id);
        // then
        expect(await store.instanceAttributes('d2')).to.deep.equal({ ...attributes('KS', 'DA_TRA_KET_QUA', '2026-10-05T02:00:00.000Z'), 'dossier.result': 'LATE' });
        expect(await store.instanceAttributes('d1')).to.deep.equal(attributes('KS', 'DANG_XU_LY', '2026-10-01T02:00:00.000Z'));
        expect(await store.instanceAttributes('plain')).to.deep.equal({});
        expect(await ids({ attributes: { 'dossier.procedure': 'KS' } })).to.deep.equal(['d2', 'd1']);
        expect(await ids({ agency: 'A', attributes: { 'dossier.procedure': 'KS', 'dossier.status': 'DANG_XU_LY' } })).to.deep.equal(['d1']);
        expect(await ids({ attributes: { 'dossier.result': 'LATE' } })).to.deep.equal(['d2']);
        expect(await ids({ agency: 'B', attributes: { 'dossier.result': 'LATE' } })).to.deep.equal([]);
        // a range in text order (ISO instants), with or without bounds; no bound: the attribute is set
        expect(await ids({ attributeRange: { name: 'dossier.receivedAt', from: '2026-10-05T00:00:00.000Z', before: '2026-10-09T02:00:00.000Z' } })).to.deep.equal(['d2']);
        expect(await ids({ attributeRange: { name: 'dossier.receivedAt', from: '2026-10-05T00:00:00.000Z' } })).to.deep.equal(['d3', 'd2']);
        expect(await ids({ attributeRange: { name: 'dossier.receivedAt' } })).to.deep.equal(['d3', 'd2', 'd1']);
        expect(await ids({ attributes: { 'dossier.procedure': 'KS' }, attributeRange: { name: 'dossier.receivedAt', before: '2026-10-02T00:00:00.000Z' } })).to.deep.equal(['d1']);
        expect(await store.countInstances({ attributeRange: { name: 'dossier.receivedAt' } })).to.equal(3);
        expect(await store.countInstances({ agency: 'A', attributes: { 'dossier.procedure': 'KS' } })).to.equal(2);
        expect(await ids({ attributes: { 'dossier.procedure': 'KS' }, limit: 1, offset: 1 })).to.deep.equal(['d1']);
      });

      it('sets the attributes of a committed instance outside a commit (an index rebuilt), and of no unknown one', async function () {
        // given
        await given('old', {}, {});
        // when
        await store.setInstanceAttributes('old', { 'dossier.procedure': 'KS' });
        await store.setInstanceAttributes('old', { 'dossier.procedure': 'KH', 'dossier.status': 'MOI_DANG_KY' });
        await store.setInstanceAttributes('nobody', { 'dossier.procedure': 'KS' });
        // then
        expect(await store.instanceAttributes('old')).to.deep.equal({ 'dossier.procedure': 'KH', 'dossier.status': 'MOI_DANG_KY' });
        expect(await store.instanceAttributes('nobody')).to.deep.equal({});
        expect((await store.listInstances({ attributes: { 'dossier.procedure': 'KH' } })).map((i) => i.id)).to.deep.equal(['old']);
        expect((await store.getInstance('old'))?.revision).to.equal(1);
      });

      it('counts the instances of a process per version and status, leaving out other keys', async function () {
        // given two versions of A, one of B
        await given('a1', {}, { processKey: 'A', processVersion: 1, status: 'COMPLETED', endedAt: at(9) });
        await given('a2', {}, { processKey: 'A', processVersion: 1 });
        await given('a3', {}, { processKey: 'A', processVersion: 2 });
        await given('a4', {}, { processKey: 'A', processVersion: 2 });
        await given('a5', {}, { processKey: 'A', processVersion: 2, status: 'TERMINATED', endedAt: at(9) });
        await given('b1', {}, { processKey: 'B', processVersion: 1 });
        // when / then
        expect(await store.countInstancesByVersion('A')).to.deep.equal([
          { processVersion: 1, status: 'ACTIVE', count: 1 },
          { processVersion: 1, status: 'COMPLETED', count: 1 },
          { processVersion: 2, status: 'ACTIVE', count: 2 },
          { processVersion: 2, status: 'TERMINATED', count: 1 },
        ]);
        expect(await store.countInstancesByVersion('Nope')).to.deep.equal([]);
      });

      it('finds the instances of a business key, newest first, with the other filters and the page', async function () {
        // given a dossier, the process it called with its code, other dossiers, an instance without a key, and a key set by a later commit
        await given('hs1', {}, { processKey: 'HoSo', businessKey: '000.00.53.H48-261005-0001', startedAt: at(1) });
        await given('call1', {}, { processKey: 'LayYKien', businessKey: '000.00.53.H48-261005-0001', parentInstanceId: 'hs1', startedAt: at(2), status: 'COMPLETED', endedAt: at(3) });
        await given('hs2', {}, { processKey: 'HoSo', businessKey: '000.00.53.H48-261005-0002', startedAt: at(4) });
        await given('prefix', {}, { processKey: 'HoSo', businessKey: '000.00.53.H48-261005-00010', startedAt: at(5) });
        await given('nokey', {}, { processKey: 'HoSo', startedAt: at(6) });
        const later = await given('later', {}, { processKey: 'HoSo', startedAt: at(7) });
        await store.commit(unit({ ...later, businessKey: '000.00.53.H48-261005-0002' }, 1));
        const ids = async (query: Parameters<S['listInstances']>[0]) => (await store.listInstances(query)).map((i) => i.id);
        // when / then
        expect(await ids({ businessKey: '000.00.53.H48-261005-0001' })).to.deep.equal(['call1', 'hs1']);
        expect(await ids({ businessKey: '000.00.53.H48-261005-0002' })).to.deep.equal(['later', 'hs2']);
        expect(await ids({ businessKey: '000.00.53.H48-261005-0001', processKey: 'HoSo' })).to.deep.equal(['hs1']);
        expect(await ids({ businessKey: '000.00.53.H48-261005-0001', status: 'COMPLETED' })).to.deep.equal(['call1']);
        expect(await ids({ businessKey: '000.00.53.H48-261005-0001', processKey: 'HoSo', status: 'COMPLETED' })).to.deep.equal([]);
        expect(await ids({ businessKey: '000.00.53.H48-261005-0001', limit: 1, offset: 1 })).to.deep.equal(['hs1']);
        expect(await ids({ businessKey: 'nope' })).to.deep.equal([]);
        expect(await ids({ businessKey: '' })).to.deep.equal([]);
        expect(await store.countInstances({ businessKey: '000.00.53.H48-261005-0001' })).to.equal(2);
        expect(await store.countInstances({ businessKey: '000.00.53.H48-261005-0001', status: 'COMPLETED' })).to.equal(1);
        const [summary] = await store.listInstances({ businessKey: '000.00.53.H48-261005-0002', limit: 1 });
        expect(summary).to.deep.include({ id: 'later', businessKey: '000.00.53.H48-261005-0002', revision: 2 });
      });
    });

    describe('open tasks', function () {
      it('projects a created task with its instance and process key', async function () {
        // given
        const task = userTask('t1', { groups: ['mot-cua', 'chuyen-vien'], dueAt: at(minutes(60)) });
        // when
        await given('i1', { tasks: [created(task)] }, { processKey: 'CapPhep' });
        // then
        expect(await store.getTask('t1')).to.deep.equal({ ...task, instanceId: 'i1', processKey: 'CapPhep' });
      });

      it('applies an updated task (a claim) and finds it by assignee', async function () {
        // given
        const record = await given('i1', { tasks: [created(userTask('t1')), created(userTask('t2'))] });
        // when
        await store.commit(unit(record, 1, { tasks: [updated(userTask('t1', { assignee: 'lan' }))] }));
        // then
        expect((await store.getTask('t1'))?.assignee).to.equal('lan');
        expect((await store.listTasks({ assignee: 'lan' })).map((t) => t.id)).to.deep.equal(['t1']);
        expect((await store.listTasks({ candidateGroup: 'mot-cua' })).map((t) => t.id)).to.deep.equal(['t1', 't2']);
      });

      it('removes a completed task from every query', async function () {
        // given
        const record = await given('i1', { tasks: [created(userTask('t1', { assignee: 'lan' })), created(userTask('t2'))] });
        // when
        await store.commit(unit(record, 1, { tasks: [removed('t1')] }));
        // then
        expect(await store.getTask('t1')).to.equal(undefined);
        expect((await store.listTasks({ candidateGroup: 'mot-cua' })).map((t) => t.id)).to.deep.equal(['t2']);
        expect(await store.listTasks({ assignee: 'lan' })).to.deep.equal([]);
        expect((await store.listTasks({ instanceId: 'i1' })).map((t) => t.id)).to.deep.equal(['t2']);
      });

      it("orders a group's tasks by due date (none last), then priority (highest first), then creation", async function () {
        // given, committed in scrambled order across two instances
        await given('i1', {
          tasks: [
            created(userTask('no-due-old', { createdAt: at(1) })),
            created(userTask('due-late', { dueAt: at(minutes(90)) })),
            created(userTask('due-soon-low', { dueAt: at(minutes(30)), priority: 10 })),
          ],
        });
        await given('i2', {
          tasks: [
            created(userTask('no-due-new', { createdAt: at(2) })),
            created(userTask('due-soon-high', { dueAt: at(minutes(30)), priority: 90 })),
            created(userTask('due-soon-low-older', { dueAt: at(minutes(30)), priority: 10, createdAt: at(-1) })),
            created(userTask('due-soonest', { dueAt: at(minutes(30) - 500) })),
            created(userTask('elsewhere', { groups: ['lanh-dao'], dueAt: at() })),
          ],
        });
        // when
        const list = await store.listTasks({ candidateGroup: 'mot-cua' });
        // then
        expect(list.map((t) => t.id)).to.deep.equal([
          'due-soonest',
          'due-soon-high',
          'due-soon-low-older',
          'due-soon-low',
          'due-late',
          'no-due-old',
          'no-due-new',
        ]);
        expect((await store.listTasks({})).map((t) => t.id)).to.deep.equal(['elsewhere', ...list.map((t) => t.id)]);
      });

      it("pages a group's tasks with limit and offset in the same order", async function () {
        // given 25 tasks with due dates in reverse commit order
        const tasks = Array.from({ length: 25 }, (_, i) => created(userTask(`t${String(i).padStart(2, '0')}`, { dueAt: at(minutes(100 - i)) })));
        await given('i1', { tasks });
        const all = (await store.listTasks({ candidateGroup: 'mot-cua' })).map((t) => t.id);
        // when
        const pages = [];
        for (let offset = 0; offset < 25; offset += 10) {
          pages.push(...(await store.listTasks({ candidateGroup: 'mot-cua', limit: 10, offset })).map((t) => t.id));
        }
        // then
        expect(all).to.have.length(25);
        expect(all[0]).to.equal('t24');
        expect(pages).to.deep.equal(all);
        expect(await store.listTasks({ candidateGroup: 'mot-cua', limit: 10, offset: 30 })).to.deep.equal([]);
      });

      it('finds a task under each of its candidate groups, and filters by instance and element', async function () {
        // given
        await given('i1', { tasks: [created(userTask('t1', { groups: ['a', 'b'], elementId: 'Review' })), created(userTask('t2', { groups: ['b'] }))] });
        await given('i2', { tasks: [created(userTask('t3', { groups: ['a'], elementId: 'Review' }))] });
        // then
        expect((await store.listTasks({ candidateGroup: 'a' })).map((t) => t.id)).to.deep.equal(['t1', 't3']);
        expect((await store.listTasks({ candidateGroup: 'b' })).map((t) => t.id)).to.deep.equal(['t1', 't2']);
        expect((await store.listTasks({ candidateGroup: 'a', instanceId: 'i2' })).map((t) => t.id)).to.deep.equal(['t3']);
        expect((await store.listTasks({ elementId: 'Review' })).map((t) => t.id)).to.deep.equal(['t1', 't3']);
        expect((await store.listTasks({ instanceId: 'i1', elementId: 'Review' })).map((t) => t.id)).to.deep.equal(['t1']);
        expect(await store.listTasks({ candidateGroup: 'nobody' })).to.deep.equal([]);
      });
    });

    taskVisibilityContract(() => store);
    recordsContract(() => store);

    describe('subscriptions', function () {
      it("replaces an instance's subscriptions with the committed set", async function () {
        // given
        const record = await given('i1', { subscriptions: [subscription('s1', 'message', 'BoSung'), subscription('s2', 'signal', 'Huy')] });
        // when
        await store.commit(unit(record, 1, { subscriptions: [subscription('s3', 'message', 'KetQua')] }));
        // then
        expect(await store.instancesSubscribed('message', 'BoSung')).to.deep.equal([]);
        expect(await store.instancesSubscribed('signal', 'Huy')).to.deep.equal([]);
        expect(await store.instancesSubscribed('message', 'KetQua')).to.deep.equal(['i1']);
        // and an empty set clears them
        await store.commit(unit(record, 2, { subscriptions: [] }));
        expect(await store.instancesSubscribed('message', 'KetQua')).to.deep.equal([]);
      });

      it('finds the subscribed instances by kind and name, each once, sorted', async function () {
        // given
        await given('i2', { subscriptions: [subscription('s1', 'message', 'BoSung'), subscription('s2', 'message', 'BoSung')] });
        await given('i1', { subscriptions: [subscription('s1', 'message', 'BoSung')] });
        await given('i3', { subscriptions: [subscription('s1', 'signal', 'BoSung')] });
        // then
        expect(await store.instancesSubscribed('message', 'BoSung')).to.deep.equal(['i1', 'i2']);
        expect(await store.instancesSubscribed('signal', 'BoSung')).to.deep.equal(['i3']);
        expect(await store.instancesSubscribed('message', 'Other')).to.deep.equal([]);
      });
    });

    describe('jobs', function () {
      it('reschedules a job by id (upsert) and deletes it on cancel', async function () {
        // given
        const record = await given('i1', { jobs: [{ op: 'schedule', job: job('j1', 'i1', 'async', at(1000), { retries: 3 }) }] });
        // when
        await store.commit(unit(record, 1, { jobs: [{ op: 'schedule', job: job('j1', 'i1', 'async', at(5000), { retries: 2, priority: 7 }) }] }));
        // then
        expect(await store.allJobs()).to.deep.equal([
          { id: 'j1', kind: 'async', instanceId: 'i1', elementId: 'async_El', dueAt: at(5000), retries: 2, priority: 7 },
        ]);
        // when
        await store.commit(unit(record, 2, { jobs: [{ op: 'cancel', jobId: 'j1' }] }));
        // then
        expect(await store.getJob('j1')).to.equal(undefined);
        expect(await store.allJobs()).to.deep.equal([]);
      });

      it('returns the due timers and async jobs by due time then id, never external tasks', async function () {
        // given
        await given('i1', {
          jobs: [
            { op: 'schedule', job: job('t-late', 'i1', 'timer', at(minutes(5))) },
            { op: 'schedule', job: job('t-b', 'i1', 'timer', at(1000)) },
            { op: 'schedule', job: job('a-a', 'i1', 'async', at(1000)) },
            { op: 'schedule', job: job('t-first', 'i1', 'timer', '2025-03-03T01:00:00Z') },
            { op: 'schedule', job: job('ext', 'i1', 'external', at(), { topic: 'sign' }) },
          ],
        });
        // when
        const due = await store.dueJobs(T0 + 1000, 10);
        // then
        expect(due.map((j) => j.id)).to.deep.equal(['t-first', 'a-a', 't-b']);
        expect(due[0]!.dueAt).to.equal('2025-03-03T01:00:00Z');
        expect((await store.dueJobs(T0 + 1000, 2)).map((j) => j.id)).to.deep.equal(['t-first', 'a-a']);
        expect(await store.dueJobs(T0 - 1, 10)).to.deep.equal([]);
      });

      it('gives the earliest due time of timers and async jobs, or undefined', async function () {
        // given
        expect(await store.nextDueAt()).to.equal(undefined);
        const record = await given('i1', {
          jobs: [
            { op: 'schedule', job: job('ext', 'i1', 'external', at(-5000), { topic: 'x' }) },
            { op: 'schedule', job: job('t1', 'i1', 'timer', at(3000)) },
            { op: 'schedule', job: job('t2', 'i1', 'timer', at(2500)) },
          ],
        });
        // then
        expect(await store.nextDueAt()).to.equal(T0 + 2500);
        await store.commit(unit(record, 1, { jobs: [{ op: 'cancel', jobId: 't2' }, { op: 'cancel', jobId: 't1' }] }));
        expect(await store.nextDueAt()).to.equal(undefined);
      });

      it('lists the jobs of one instance, and does not let one instance cancel another one’s job', async function () {
        // given
        const one = await given('i1', { jobs: [{ op: 'schedule', job: job('j1', 'i1', 'timer', at()) }] });
        await given('i2', { jobs: [{ op: 'schedule', job: job('j2', 'i2', 'timer', at()) }] });
        // when
        await store.commit(unit(one, 1, { jobs: [{ op: 'cancel', jobId: 'j2' }] }));
        // then
        expect((await store.allJobs({ instanceId: 'i2' })).map((j) => j.id)).to.deep.equal(['j2']);
        expect((await store.allJobs()).map((j) => j.id)).to.deep.equal(['j1', 'j2']);
      });

      it('applies job changes that belong to no instance, all or nothing', async function () {
        // given two process-level start timers
        await store.applyJobChanges([
          { op: 'schedule', job: job('start:P:1:Timer_a', '', 'timer', at(2000)) },
          { op: 'schedule', job: job('start:P:1:Timer_b', '', 'timer', at(1000)) },
        ]);
        // when one is moved on and the other cancelled
        await store.applyJobChanges([
          { op: 'schedule', job: job('start:P:1:Timer_a', '', 'timer', at(9000)) },
          { op: 'cancel', jobId: 'start:P:1:Timer_b' },
        ]);
        // then
        expect((await store.allJobs({ instanceId: '' })).map((j) => [j.id, j.dueAt])).to.deep.equal([['start:P:1:Timer_a', at(9000)]]);
        expect(await store.nextDueAt()).to.equal(T0 + 9000);
        // and a batch that fails part-way changes nothing
        let error: unknown;
        try {
          await store.applyJobChanges([
            { op: 'cancel', jobId: 'start:P:1:Timer_a' },
            { op: 'schedule', job: job('start:P:1:Timer_c', '', 'timer', 'never') },
          ]);
        } catch (caught) {
          error = caught;
        }
        expect(error).to.be.instanceOf(Error);
        expect((await store.allJobs()).map((j) => j.id)).to.deep.equal(['start:P:1:Timer_a']);
      });

      async function givenExternalTasks(count: number, topic = 'ky-so') {
        await given('i1', {
          jobs: Array.from({ length: count }, (_, i) => ({
            op: 'schedule' as const,
            job: job(`e${i}`, 'i1', 'external', at(i), { topic, retries: 3, priority: i === count - 1 ? 100 : 0 }),
          })),
        });
      }

      it('locks due external tasks of a topic for one worker: highest priority first, at most max', async function () {
        // given
        await givenExternalTasks(4);
        await given('i2', { jobs: [{ op: 'schedule', job: job('other', 'i2', 'external', at(), { topic: 'other' }) }, { op: 'schedule', job: job('future', 'i2', 'external', at(minutes(60)), { topic: 'ky-so' }) }] });
        // when
        const first = await store.lockExternalTasks('ky-so', 'w1', T0 + 10, 60_000, 2);
        const second = await store.lockExternalTasks('ky-so', 'w2', T0 + 10, 60_000, 10);
        // then
        expect(first.map((j) => j.id)).to.deep.equal(['e3', 'e0']);
        expect(first[0]).to.deep.include({ lockOwner: 'w1', lockExpiresAt: new Date(T0 + 10 + 60_000).toISOString(), topic: 'ky-so' });
        expect(second.map((j) => j.id)).to.deep.equal(['e1', 'e2']);
        expect(await store.lockExternalTasks('ky-so', 'w3', T0 + 10, 60_000, 10)).to.deep.equal([]);
        expect((await store.getJob('e0'))?.lockOwner).to.equal('w1');
      });

      it('never hands one external task to two concurrent workers', async function () {
        // given
        await givenExternalTasks(12);
        // when
        const batches = await Promise.all(['w1', 'w2', 'w3'].map((w) => store.lockExternalTasks('ky-so', w, T0 + 100, 60_000, 5)));
        // then
        const ids = batches.flat().map((j) => j.id);
        expect(ids).to.have.length(12);
        expect(new Set(ids).size).to.equal(12);
        for (const [i, batch] of batches.entries()) for (const j of batch) expect(j.lockOwner).to.equal(`w${i + 1}`);
      });

      it('lets another worker take a task whose lock expired, not before', async function () {
        // given
        await givenExternalTasks(1);
        await store.lockExternalTasks('ky-so', 'w1', T0, 1000, 1);
        // then
        expect(await store.lockExternalTasks('ky-so', 'w2', T0 + 999, 1000, 1)).to.deep.equal([]);
        const retaken = await store.lockExternalTasks('ky-so', 'w2', T0 + 1000, 1000, 1);
        expect(retaken.map((j) => [j.id, j.lockOwner])).to.deep.equal([['e0', 'w2']]);
      });

      it('never hands out a task out of retries, until a commit gives it retries again', async function () {
        // given a task failed down to 0 retries (its incident open), one with retries left and one that never had a count
        const exhausted = job('exhausted', 'i1', 'external', at(), { topic: 'ky-so', retries: 0, priority: 100 });
        const record = await given('i1', {
          jobs: [
            { op: 'schedule', job: exhausted },
            { op: 'schedule', job: job('left', 'i1', 'external', at(1), { topic: 'ky-so', retries: 2 }) },
            { op: 'schedule', job: job('uncounted', 'i1', 'external', at(2), { topic: 'ky-so' }) },
          ],
        });
        // when workers fetch
        const fetched = await store.lockExternalTasks('ky-so', 'w1', T0 + 10, 60_000, 10);
        // then the exhausted task stays where it is, unlocked, and no later fetch takes it
        expect(fetched.map((j) => j.id)).to.deep.equal(['left', 'uncounted']);
        expect(await store.getJob('exhausted')).to.deep.equal({ ...exhausted, priority: 100 });
        expect(await store.lockExternalTasks('ky-so', 'w2', T0 + 20, 60_000, 10)).to.deep.equal([]);
        // when resolving the incident reschedules it with a retry
        await store.commit(unit(record, 1, { jobs: [{ op: 'schedule', job: { ...exhausted, retries: 1 } }] }));
        // then it is fetchable again
        expect((await store.lockExternalTasks('ky-so', 'w2', T0 + 10, 60_000, 10)).map((j) => [j.id, j.retries])).to.deep.equal([['exhausted', 1]]);
      });

      it('extends a lock only for the worker holding it, while it holds it', async function () {
        // given w1 holds e0 until T0 + 10 + 60 s
        await givenExternalTasks(1);
        await store.lockExternalTasks('ky-so', 'w1', T0 + 10, 60_000, 1);
        // when another worker, or w1 after its lock ran out, tries to extend it
        expect(await store.extendJobLock('e0', 'w2', T0 + 20, 120_000)).to.equal(false);
        expect(await store.extendJobLock('e0', 'w1', T0 + 60_010, 120_000)).to.equal(false);
        expect(await store.extendJobLock('nope', 'w1', T0 + 20, 120_000)).to.equal(false);
        // then nothing moved
        expect((await store.getJob('e0'))?.lockExpiresAt).to.equal(new Date(T0 + 60_010).toISOString());
        // when w1 extends it in time
        expect(await store.extendJobLock('e0', 'w1', T0 + 20, 120_000)).to.equal(true);
        // then the lock runs from now, and nobody can take the task before it ends
        expect((await store.getJob('e0'))?.lockExpiresAt).to.equal(new Date(T0 + 120_020).toISOString());
        expect(await store.lockExternalTasks('ky-so', 'w2', T0 + 120_000, 60_000, 1)).to.deep.equal([]);
        expect((await store.lockExternalTasks('ky-so', 'w2', T0 + 120_020, 60_000, 1)).map((j) => j.id)).to.deep.equal(['e0']);
      });

      it('makes an unlocked task lockable again, and rescheduling a job releases its lock', async function () {
        // given
        await givenExternalTasks(2);
        await store.lockExternalTasks('ky-so', 'w1', T0 + 10, 60_000, 2);
        // when
        expect(await store.unlockJob('e0')).to.equal(true);
        expect(await store.unlockJob('nope')).to.equal(false);
        // then
        expect((await store.getJob('e0'))).to.not.have.property('lockOwner');
        expect((await store.lockExternalTasks('ky-so', 'w2', T0 + 10, 60_000, 5)).map((j) => j.id)).to.deep.equal(['e0']);
        // when a failure reschedules e1 with backoff
        const { record } = (await store.getInstance('i1'))!;
        await store.commit(unit(record, 1, { jobs: [{ op: 'schedule', job: job('e1', 'i1', 'external', at(5000), { topic: 'ky-so', retries: 2 }) }] }));
        // then
        const e1 = await store.getJob('e1');
        expect(e1).to.not.have.property('lockOwner');
        expect(e1?.retries).to.equal(2);
        expect(await store.lockExternalTasks('ky-so', 'w3', T0 + 4999, 60_000, 5)).to.deep.equal([]);
        expect((await store.lockExternalTasks('ky-so', 'w3', T0 + 5000, 60_000, 5)).map((j) => j.id)).to.deep.equal(['e1']);
      });
    });

    describe('counters', function () {
      it('counts from 1, separately per key', async function () {
        expect(await store.nextCounter('HS:000.00.12.H29:250303')).to.equal(1);
        expect(await store.nextCounter('HS:000.00.12.H29:250303')).to.equal(2);
        expect(await store.nextCounter('HS:000.00.12.H29:250304')).to.equal(1);
        expect(await store.nextCounter('HS:000.00.12.H29:250303')).to.equal(3);
      });

      it('gives concurrent callers distinct values without gaps', async function () {
        // when
        const values = await Promise.all(Array.from({ length: 20 }, () => store.nextCounter('k')));
        // then
        expect([...values].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
      });

      it('bumps counters inside a commit', async function () {
        // given
        const record = await given('i1', { counters: { 'kpi:on-time': 1 } });
        // when
        await store.commit(unit(record, 1, { counters: { 'kpi:on-time': 2, 'kpi:late': 1 } }));
        // then
        expect(await store.nextCounter('kpi:on-time')).to.equal(4);
        expect(await store.nextCounter('kpi:late')).to.equal(2);
      });
    });

    describe('counters by prefix', function () {
      it('reads every counter under a prefix, from commits and nextCounter alike, and nothing else', async function () {
        // given a month's counters beside the next month's, a shorter month name, a key containing the prefix further in, and a code sequence
        await given('i1', {
          counters: {
            'kpi/2026-10/000.00.53.H48/2.000488/1/received': 3,
            'kpi/2026-10/G09.20/1.001612/2/received': 1,
            'kpi/2026-11/000.00.53.H48/2.000488/1/received': 7,
            'kpi/2026-1/x': 1,
            'old/kpi/2026-10/x': 1,
          },
        });
        await store.nextCounter('kpi/2026-10/000.00.53.H48/2.000488/1/finished');
        await store.nextCounter('HS:000.00.53.H48:261005');
        // when
        const october = await store.countersWithPrefix('kpi/2026-10/');
        // then
        expect(october).to.deep.equal({
          'kpi/2026-10/000.00.53.H48/2.000488/1/received': 3,
          'kpi/2026-10/000.00.53.H48/2.000488/1/finished': 1,
          'kpi/2026-10/G09.20/1.001612/2/received': 1,
        });
        expect(await store.countersWithPrefix('kpi/2026-12/')).to.deep.equal({});
        expect(Object.keys(await store.countersWithPrefix(''))).to.have.length(7);
      });

      it('takes the prefix literally: wildcards, regex and SQL metacharacters, any script, the key equal to the prefix', async function () {
        // given keys that a LIKE pattern or an unescaped regex would confuse
        const keys = ['a.b(c)*|1', 'aXb(c)*|1', 'a_b%', 'aZb', 'HS:1', 'HS:10', 'HS:2', 'Sở Tư pháp/𡨸/1', 'Sở Tư pháp/𡨸', 'Sở Tư pháp/z', 'p\uffffz', 'p', '__proto__'];
        await given('i1', { counters: Object.fromEntries(keys.map((key, i) => [key, i + 1])) });
        const read = async (prefix: string) => Object.keys(await store.countersWithPrefix(prefix)).sort();
        // then
        expect(await read('a.b(c)*')).to.deep.equal(['a.b(c)*|1']);
        expect(await read('a_')).to.deep.equal(['a_b%']);
        expect(await read('a%')).to.deep.equal([]);
        expect(await read('HS:1')).to.deep.equal(['HS:1', 'HS:10']);
        expect(await read('Sở Tư pháp/𡨸')).to.deep.equal(['Sở Tư pháp/𡨸', 'Sở Tư pháp/𡨸/1']);
        expect(await read('Sở Tư pháp/')).to.deep.equal(['Sở Tư pháp/z', 'Sở Tư pháp/𡨸', 'Sở Tư pháp/𡨸/1']);
        expect(await read('p')).to.deep.equal(['p', 'p\uffffz']);
        expect(await store.countersWithPrefix('__')).to.deep.equal({ ['__proto__']: 13 });
      });
    });

    describe('outbox', function () {
      it('queues the messages of a commit, per topic, oldest first', async function () {
        // given
        const record = await given('i1', {
          outbox: [
            { topic: 'dvcqg', key: 'HS-1', payload: { trangThai: 'Đã tiếp nhận' } },
            { topic: 'sms', key: '0901', payload: 'hello' },
          ],
        });
        await store.commit(unit(record, 1, { outbox: [{ topic: 'dvcqg', key: 'HS-1', payload: { trangThai: 'Đang xử lý' } }] }));
        // when
        const pending = await store.pendingOutbox('dvcqg', 10);
        // then
        expect(pending.map((e) => e.payload)).to.deep.equal([{ trangThai: 'Đã tiếp nhận' }, { trangThai: 'Đang xử lý' }]);
        expect(pending[0]).to.deep.include({ topic: 'dvcqg', key: 'HS-1', instanceId: 'i1', attempts: 0, nextAttemptAt: 0 });
        expect((await store.pendingOutbox('dvcqg', 1)).map((e) => e.id)).to.deep.equal([pending[0]!.id]);
        expect((await store.pendingOutbox('sms', 10)).map((e) => e.payload)).to.deep.equal(['hello']);
      });

      it('retires delivered messages and holds failed ones back until their next attempt', async function () {
        // given
        await given('i1', { outbox: [{ topic: 't', key: 'a', payload: 1 }, { topic: 't', key: 'b', payload: 2 }] });
        const [a, b] = await store.pendingOutbox('t', 10);
        // when
        expect(await store.markOutbox(a!.id, { ok: true, attempts: 1 })).to.equal(true);
        expect(await store.markOutbox(b!.id, { ok: false, error: 'portal 503', attempts: 1, nextAttemptAt: T0 + 30_000 })).to.equal(true);
        // then
        expect(await store.pendingOutbox('t', 10, T0)).to.deep.equal([]);
        const later = await store.pendingOutbox('t', 10, T0 + 30_000);
        expect(later).to.have.length(1);
        expect(later[0]).to.deep.include({ key: 'b', attempts: 1, nextAttemptAt: T0 + 30_000, lastError: 'portal 503' });
        expect((await store.pendingOutbox('t', 10)).map((e) => e.key)).to.deep.equal(['b']);
      });

      it('parks a message whose retries are exhausted, and ignores unknown ids', async function () {
        // given
        await given('i1', { outbox: [{ topic: 't', key: 'a', payload: 1 }] });
        const [a] = await store.pendingOutbox('t', 10);
        // when
        await store.markOutbox(a!.id, { ok: false, error: 'gave up', attempts: 5 });
        // then
        expect(await store.pendingOutbox('t', 10)).to.deep.equal([]);
        expect(await store.markOutbox('999999', { ok: true, attempts: 1 })).to.equal(false);
      });

      it('lists parked messages per topic for an operator, who can send one back to the pending list', async function () {
        // given three messages, two of topic t parked
        await given('i1', { outbox: [{ topic: 't', key: 'a', payload: 1 }, { topic: 't', key: 'b', payload: 2 }, { topic: 'u', key: 'c', payload: 3 }] });
        const [a, b] = await store.pendingOutbox('t', 10);
        const [c] = await store.pendingOutbox('u', 10);
        for (const entry of [a!, b!, c!]) await store.markOutbox(entry.id, { ok: false, error: 'portal 500', attempts: 10 });
        // when
        const parked = await store.parkedOutbox('t', 10);
        // then
        expect(parked.map((e) => e.key)).to.deep.equal(['a', 'b']);
        expect(parked[0]).to.deep.include({ attempts: 10, lastError: 'portal 500', instanceId: 'i1' });
        expect((await store.parkedOutbox('t', 1)).map((e) => e.key)).to.deep.equal(['a']);
        // when an operator retries a
        await store.markOutbox(a!.id, { ok: false, error: 'portal 500', attempts: 0, nextAttemptAt: T0 });
        // then it is pending again and no longer parked
        expect((await store.pendingOutbox('t', 10, T0)).map((e) => e.key)).to.deep.equal(['a']);
        expect((await store.parkedOutbox('t', 10)).map((e) => e.key)).to.deep.equal(['b']);
      });
    });

    describe('history', function () {
      async function givenHistory(commits = 2) {
        const record = await given('i1', { events: [event('InstanceStarted', 0, { by: 'citizen' }), event('TaskCreated', 1, { elementId: 'Task_1', data: { taskId: 't1' } })] });
        for (let i = 1; i < commits; i++) {
          await store.commit(unit(record, i, { events: [event('TaskCompleted', 10 * i, { by: `officer${i}`, data: { ketQua: 'đạt', n: i, nested: { z: 1, a: [1, 2] } } })] }));
        }
        return store.history('i1');
      }

      it('gives a mark that moves with every commit that appends history, and stays put otherwise', async function () {
        // given an empty store's mark
        const empty = await store.historyMark();
        // when a commit appends events, a second one appends more, and a read happens
        const record = await given('i1', { events: [event('InstanceStarted')] });
        const afterFirst = await store.historyMark();
        await store.commit(unit(record, 1, { events: [event('TaskCreated')] }));
        const afterSecond = await store.historyMark();
        await store.history('i1');
        // then each commit moved it, and reading did not
        expect(afterFirst).to.not.equal(empty);
        expect(afterSecond).to.not.equal(afterFirst);
        expect(await store.historyMark()).to.equal(afterSecond);
      });

      it('numbers events from 1 and chains them from 64 zeros with SHA-256 over the canonical encoding', async function () {
        // when
        const events = await givenHistory(2);
        // then
        expect(events.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
        expect(events[0]!.prevHash).to.equal('0'.repeat(64));
        for (const [i, recorded] of events.entries()) {
          const { instanceId, seq, prevHash, hash, ...original } = recorded;
          if (i > 0) expect(prevHash).to.equal(events[i - 1]!.hash);
          const expected = createHash('sha256').update(sortedJson({ event: original, instanceId, prevHash, seq })).digest('hex');
          expect(hash).to.equal(expected);
          expect(instanceId).to.equal('i1');
        }
        expect(events[2]).to.deep.include({ type: 'TaskCompleted', by: 'officer1', at: at(10) });
        expect(events[2]!.data).to.deep.equal({ ketQua: 'đạt', n: 1, nested: { z: 1, a: [1, 2] } });
      });

      it('continues the chain across commits and keeps an instance’s chain apart from others', async function () {
        // given
        await givenHistory(3);
        await given('i2');
        // then
        expect((await store.history('i1')).map((e) => e.type)).to.deep.equal(['InstanceStarted', 'TaskCreated', 'TaskCompleted', 'TaskCompleted']);
        const other = await store.history('i2');
        expect(other.map((e) => [e.seq, e.prevHash])).to.deep.equal([[1, '0'.repeat(64)]]);
      });

      it('returns no events for an unknown instance, and does not call its history verified', async function () {
        expect(await store.history('nope')).to.deep.equal([]);
        const result = await store.verifyHistory('nope');
        expect(result.ok).to.equal(false);
        expect(result.problems.join(' ')).to.match(/not found/);
      });

      it('verifies an untouched history, including an instance committed without events', async function () {
        // given
        await givenHistory(3);
        await store.commit(unit(instanceRecord('quiet'), 0));
        // then
        expect(await store.verifyHistory('i1')).to.deep.equal({ ok: true, problems: [] });
        expect(await store.verifyHistory('quiet')).to.deep.equal({ ok: true, problems: [] });
      });

      const tamper = options.tamper;
      const withTamper = tamper ? it : it.skip;

      withTamper('detects an altered event', async function () {
        // given
        const events = await givenHistory(3);
        const { instanceId: _i, seq: _s, prevHash: _p, hash: _h, ...second } = events[2]!;
        // when the officer's name is changed in the database
        await tamper!.update(store, 'i1', 3, { event: JSON.stringify({ ...second, by: 'mallory' }) });
        // then
        const result = await store.verifyHistory('i1');
        expect(result.ok).to.equal(false);
        expect(result.problems.join('\n')).to.match(/event 3 .*altered/);
      });

      withTamper('detects an altered event whose own hash was recomputed', async function () {
        // given
        const events = await givenHistory(3);
        const target = events[1]!;
        const { instanceId: _i, seq: _s, prevHash: _p, hash: _h, ...original } = target;
        const forged = { ...original, by: 'mallory' };
        const forgedHash = createHash('sha256').update(sortedJson({ event: forged, instanceId: 'i1', prevHash: target.prevHash, seq: 2 })).digest('hex');
        // when
        await tamper!.update(store, 'i1', 2, { event: JSON.stringify(forged), hash: forgedHash });
        // then the next link no longer points at it
        const result = await store.verifyHistory('i1');
        expect(result.ok).to.equal(false);
        expect(result.problems.join('\n')).to.match(/event 3: prevHash/);
      });

      withTamper('detects an event removed from the middle', async function () {
        // given
        await givenHistory(3);
        // when
        await tamper!.remove(store, 'i1', 2);
        // then
        const result = await store.verifyHistory('i1');
        expect(result.ok).to.equal(false);
        expect(result.problems.join('\n')).to.match(/event 2 is missing/);
      });

      withTamper('detects events removed from the end', async function () {
        // given
        await givenHistory(3);
        // when
        await tamper!.remove(store, 'i1', 4);
        await tamper!.remove(store, 'i1', 3);
        // then
        const result = await store.verifyHistory('i1');
        expect(result.ok).to.equal(false);
        expect(result.problems.join('\n')).to.match(/ends at event 2 but the instance recorded 4/);
      });

      withTamper('detects reordered events', async function () {
        // given
        await givenHistory(3);
        // when events 2 and 3 swap places
        await tamper!.update(store, 'i1', 2, { seq: -1 });
        await tamper!.update(store, 'i1', 3, { seq: 2 });
        await tamper!.update(store, 'i1', -1, { seq: 3 });
        // then
        const result = await store.verifyHistory('i1');
        expect(result.ok).to.equal(false);
        expect(result.problems.join('\n')).to.match(/event 2: prevHash/);
        expect(result.problems.join('\n')).to.match(/event 2 .*altered/);
      });
    });
  });
}
