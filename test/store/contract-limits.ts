/**
 * The store contract, limits that mean one thing on every adapter: a page is an integer `limit`
 * from 1 and an `offset` from 0 (MongoDB and SQLite would each read 0 or a negative number their
 * own way), and a record over MongoDB's document size is refused by every adapter, naming it.
 */
import { expect } from 'chai';
import { ErrorCode, MotcuaError, isMotcuaError } from '../../engine/errors.ts';
import { MAX_RECORD_BYTES } from '../../engine/store/adapter-rules.ts';
import type { Store } from '../../engine/store/port.ts';
import { T0, created, event, instanceRecord, unit, userTask } from './fixtures/records.ts';

async function refusal(promise: Promise<unknown>): Promise<MotcuaError> {
  try {
    await promise;
  } catch (error) {
    if (isMotcuaError(error, ErrorCode.InvalidInput)) return error;
    throw error;
  }
  throw new Error('expected INVALID_INPUT, but it was accepted');
}

export function pageAndSizeContract(current: () => Store): void {
  describe('pages', function () {
    it('refuses a limit below 1 or not whole, and an offset below 0, naming the field', async function () {
      // given a store with two open tasks
      const store = current();
      await store.commit(unit(instanceRecord('i1'), 0, { tasks: [created(userTask('t1')), created(userTask('t2'))] }));
      // when a page is asked in a way the adapters would read differently
      const cases: Array<[string, () => Promise<unknown>]> = [
        ['limit', () => store.listTasks({ limit: 0 })],
        ['limit', () => store.listTasks({ limit: -1 })],
        ['limit', () => store.listTasks({ limit: 1.5 })],
        ['offset', () => store.listTasks({ offset: -1 })],
        ['limit', () => store.listInstances({ limit: 0 })],
        ['offset', () => store.listInstances({ offset: -5 })],
        ['limit', () => store.dueJobs(T0, 0)],
        ['limit', () => store.pendingOutbox('portal', 0)],
        ['limit', () => store.parkedOutbox('portal', -1)],
      ];
      // then each is refused with INVALID_INPUT naming limit or offset
      for (const [field, ask] of cases) expect((await refusal(ask())).field).to.equal(field);
    });

    it('gives a limit of 1 one item and an offset past the end nothing, on every adapter alike', async function () {
      // given
      const store = current();
      await store.commit(unit(instanceRecord('i1'), 0, { tasks: [created(userTask('t1')), created(userTask('t2'))] }));
      // then
      expect(await store.listTasks({ limit: 1 })).to.have.length(1);
      expect(await store.listTasks({ offset: 2 })).to.deep.equal([]);
      expect(await store.listInstances({ limit: 1, offset: 0 })).to.have.length(1);
    });
  });

  describe('record size', function () {
    it('refuses an instance whose state is over the document limit, naming the instance, and stores nothing of it', async function () {
      // given a state holding a variable larger than a stored record may be
      const store = current();
      const big = instanceRecord('hs-lon', { variables: { scan: 'x'.repeat(MAX_RECORD_BYTES) } });
      // when
      const error = await refusal(store.commit(unit(big, 0, { events: [event('InstanceStarted')], tasks: [created(userTask('t1'))] })));
      // then
      expect(error.message).to.contain('instance hs-lon').and.to.contain('MB');
      expect(await store.getInstance('hs-lon')).to.equal(undefined);
      expect(await store.getTask('t1')).to.equal(undefined);
    });

    it('refuses a deployment over the document limit, naming the process', async function () {
      // given
      const store = current();
      const source = `<bpmn:definitions><bpmn:documentation>${'á'.repeat(MAX_RECORD_BYTES / 2)}</bpmn:documentation></bpmn:definitions>`;
      // when
      const error = await refusal(store.deploy({ key: 'Process_Lon', source, compiled: {}, checksum: 'c1' }));
      // then
      expect(error.message).to.contain('process Process_Lon');
      expect(await store.latestDeployment('Process_Lon')).to.equal(undefined);
    });
  });
}
