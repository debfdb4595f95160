/**
 * The store contract, commits under concurrency and failure: many commits in flight at once each
 * keep their own compare-and-set (an adapter may write them together, as SQLite's group commit
 * does, but a loser fails alone), and a commit that fails after every one of its writes leaves
 * nothing of them behind.
 */
import { expect } from 'chai';
import { ErrorCode, isMotcuaError } from '../../engine/errors.ts';
import type { CommitUnit, Store } from '../../engine/store/port.ts';
import type { OpenStore } from './contract.ts';
import { at, created, event, instanceRecord, job, subscription, unit, userTask } from './fixtures/records.ts';

const INJECTED = 'injected after the writes';

/** Everything a commit can write, for instance `id` at `expectedRevision`, tagged `tag`. */
function fullUnit(id: string, expectedRevision: number, tag: string): CommitUnit {
  return unit(instanceRecord(id, { variables: { tag } }), expectedRevision, {
    events: [event('VariablesUpdated', 1, { by: tag })],
    tasks: [created(userTask(`${id}-${tag}-task`, { groups: ['mot-cua'] }))],
    jobs: [{ op: 'schedule', job: job(`${id}-${tag}-job`, id, 'timer', at(60_000)) }],
    subscriptions: [subscription(`${id}-${tag}-sub`, 'message', `KetQua-${tag}`)],
    counters: { [`batch:${tag}`]: 1, 'batch:all': 1 },
    outbox: [{ topic: `portal-${tag}`, key: id, payload: { tag } }],
  });
}

/** What `fullUnit(id, …, tag)` would have left in `store`, read back. */
async function leftBy(store: Store, id: string, tag: string) {
  const task = await store.getTask(`${id}-${tag}-task`);
  const jobRow = await store.getJob(`${id}-${tag}-job`);
  return {
    task: task !== undefined,
    job: jobRow !== undefined,
    subscribed: (await store.instancesSubscribed('message', `KetQua-${tag}`)).includes(id),
    counter: (await store.countersWithPrefix(`batch:${tag}`))[`batch:${tag}`] ?? 0,
    outbox: (await store.pendingOutbox(`portal-${tag}`, 10)).length,
  };
}

const NOTHING = { task: false, job: false, subscribed: false, counter: 0, outbox: 0 };
const EVERYTHING = { task: true, job: true, subscribed: true, counter: 1, outbox: 1 };

export function commitAtomicityContract<S extends Store>(open: OpenStore<S>, cleanup: (store: S) => Promise<void>): void {
  describe('commits in flight together', function () {
    let store: S | undefined;

    afterEach(async function () {
      if (store) await cleanup(store);
      store = undefined;
    });

    it('commits 24 concurrent units, each with its own compare-and-set: the stale one fails alone with VERSION_CONFLICT', async function () {
      // given 24 instances at revision 1
      store = await open();
      const ids = Array.from({ length: 24 }, (_, i) => `g${String(i).padStart(2, '0')}`);
      for (const id of ids) await store.commit(unit(instanceRecord(id), 0, { events: [event('InstanceStarted')] }));
      // when every one of them commits at once, and among them a unit of g07 that names a revision it never had
      const loser = fullUnit('g07', 4, 'stale');
      const units = ids.map((id) => fullUnit(id, 1, id));
      const all = [...units.slice(0, 12), loser, ...units.slice(12)];
      const outcomes = await Promise.allSettled(all.map((u) => store!.commit(u)));
      // then the 24 good units committed, each at revision 2 with everything it wrote
      const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(failed, 'only the stale unit fails').to.have.length(1);
      expect(isMotcuaError(failed[0]!.reason, ErrorCode.VersionConflict), String(failed[0]!.reason)).to.equal(true);
      expect(outcomes[12]!.status).to.equal('rejected');
      for (const id of ids) {
        const loaded = await store.getInstance(id);
        expect(loaded?.revision, id).to.equal(2);
        expect(loaded?.record.state.scopes[`${id}-s1`]!.variables.tag).to.equal(id);
        expect(await store.history(id)).to.have.length(2);
        expect(await leftBy(store, id, id), id).to.deep.equal(EVERYTHING);
      }
      expect((await store.countersWithPrefix('batch:all'))['batch:all']).to.equal(24);
      // and nothing of the stale unit is anywhere
      expect(await leftBy(store, 'g07', 'stale')).to.deep.equal(NOTHING);
      expect((await store.verifyHistory('g07')).ok).to.equal(true);
    });

    it('leaves nothing behind when a commit fails after all its writes, while the commits beside it stand', async function () {
      // given a store whose second commit of instance "doomed" fails, once, when every write is done
      let armed = true;
      store = await open({
        afterWrites: (u) => {
          if (armed && u.instance.id === 'doomed' && u.expectedRevision === 1) {
            armed = false;
            throw new Error(INJECTED);
          }
        },
      });
      await store.commit(unit(instanceRecord('doomed'), 0, { events: [event('InstanceStarted')], counters: { 'batch:all': 1 } }));
      await store.commit(unit(instanceRecord('before'), 0, { events: [event('InstanceStarted')] }));
      // when it commits state, history, a task, a job, a subscription, counters and an outbox
      // message, in flight together with two other commits
      const outcomes = await Promise.allSettled([store.commit(fullUnit('before', 1, 'before')), store.commit(fullUnit('doomed', 1, 'doomed')), store.commit(fullUnit('after', 0, 'after'))]);
      // then it failed with the injected error, and none of its writes is visible
      expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).to.contain(INJECTED);
      const doomed = await store.getInstance('doomed');
      expect(doomed?.revision).to.equal(1);
      expect(doomed?.record.state.scopes['doomed-s1']!.variables).to.deep.equal({});
      expect((await store.history('doomed')).map((e) => e.type)).to.deep.equal(['InstanceStarted']);
      expect(await leftBy(store, 'doomed', 'doomed')).to.deep.equal(NOTHING);
      expect(await store.listTasks({ instanceId: 'doomed' })).to.deep.equal([]);
      expect(await store.allJobs({ instanceId: 'doomed' })).to.deep.equal([]);
      expect((await store.countersWithPrefix('batch:all'))['batch:all'], 'the counter bumped by the others only').to.equal(3);
      expect((await store.verifyHistory('doomed')).ok).to.equal(true);
      // and the commits beside it are whole
      expect(await leftBy(store, 'before', 'before')).to.deep.equal(EVERYTHING);
      expect(await leftBy(store, 'after', 'after')).to.deep.equal(EVERYTHING);
      expect((await store.getInstance('after'))?.revision).to.equal(1);
      // and the instance takes its next commit normally
      await store.commit(unit(instanceRecord('doomed', { variables: { n: 2 } }), 1, { events: [event('VariablesUpdated')] }));
      expect((await store.getInstance('doomed'))?.revision).to.equal(2);
    });
  });
}
