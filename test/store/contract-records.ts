/**
 * Store contract, continued: the API's records (users, agencies, drafts, …) kept by kind and id
 * under optimistic revisions. Called by `storeContract` inside its describe, with its store.
 */
import { expect } from 'chai';
import { ErrorCode, isMotcuaError, type MotcuaError } from '../../engine/errors.ts';
import { RecordKind, type Store } from '../../engine/store/port.ts';

async function rejection(promise: Promise<unknown>): Promise<MotcuaError> {
  try {
    await promise;
  } catch (error) {
    if (isMotcuaError(error)) return error;
    throw error;
  }
  throw new Error('expected a MotcuaError, got a result');
}

async function expectRecordConflict(promise: Promise<unknown>, currentRevision: number): Promise<void> {
  const error = await rejection(promise);
  expect(error.code, String(error)).to.equal(ErrorCode.RecordConflict);
  expect(error.details).to.deep.include({ currentRevision });
}

export function recordsContract(current: () => Store): void {
  describe('records', function () {
    const draft = { xml: '<bpmn:definitions/>', record: { ten: 'Đăng ký khai sinh', nested: { empty: {}, list: [1, null, 'ả'] } }, 'a.b': null, $x: 1 };

    it('creates a record at revision 1 and reads it back deep-equal, with the time it was written', async function () {
      // when
      const revision = await current().putRecord(RecordKind.Draft, '1.000046', draft, 0);
      // then
      const stored = await current().getRecord(RecordKind.Draft, '1.000046');
      expect(revision).to.equal(1);
      expect(stored).to.deep.include({ kind: 'draft', id: '1.000046', value: draft, revision: 1 });
      expect(Date.parse(stored!.updatedAt)).to.be.closeTo(Date.now(), 60_000);
      expect(await current().getRecord(RecordKind.Draft, 'unknown')).to.equal(undefined);
      expect(await current().getRecord(RecordKind.User, '1.000046')).to.equal(undefined);
    });

    it('replaces a record at its revision, and returns copies', async function () {
      // given
      await current().putRecord('user', 'lan', { groups: ['mot_cua'] }, 0);
      // when
      const second = await current().putRecord('user', 'lan', { groups: ['mot_cua', 'lanh_dao'] }, 1);
      const loaded = await current().getRecord('user', 'lan');
      (loaded!.value as { groups: string[] }).groups.push('changed');
      // then
      expect(second).to.equal(2);
      expect(await current().getRecord('user', 'lan')).to.deep.include({ value: { groups: ['mot_cua', 'lanh_dao'] }, revision: 2 });
      expect(await current().putRecord('user', 'lan', 'a string is JSON too', 2)).to.equal(3);
    });

    it('refuses a stale revision, a second creation and an update of nothing with RECORD_CONFLICT and the current revision, changing nothing', async function () {
      // given
      await current().putRecord('draft', 'd1', { v: 1 }, 0);
      await current().putRecord('draft', 'd1', { v: 2 }, 1);
      // then
      await expectRecordConflict(current().putRecord('draft', 'd1', { v: 'stale' }, 1), 2);
      await expectRecordConflict(current().putRecord('draft', 'd1', { v: 'again' }, 0), 2);
      await expectRecordConflict(current().putRecord('draft', 'ghost', { v: 1 }, 4), 0);
      expect(await current().getRecord('draft', 'd1')).to.deep.include({ value: { v: 2 }, revision: 2 });
      expect(await current().getRecord('draft', 'ghost')).to.equal(undefined);
    });

    it('lets exactly one of two concurrent writers of one revision win', async function () {
      // when
      const creations = await Promise.allSettled([current().putRecord('agency', 'A', { by: 1 }, 0), current().putRecord('agency', 'A', { by: 2 }, 0)]);
      const updates = await Promise.allSettled([current().putRecord('agency', 'A', { by: 3 }, 1), current().putRecord('agency', 'A', { by: 4 }, 1)]);
      // then
      for (const outcomes of [creations, updates]) {
        expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
        const lost = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(isMotcuaError(lost?.reason, ErrorCode.RecordConflict), String(lost?.reason)).to.equal(true);
      }
      expect((await current().getRecord('agency', 'A'))?.revision).to.equal(2);
    });

    it('lists the records of a kind by id, under a literal prefix, paged', async function () {
      // given
      for (const id of ['b/2', 'a%_', 'b/10', 'b.1', 'bz', 'b/', 'ẞ', 'a.b', 'b/1']) await current().putRecord('procedure', id, { id }, 0);
      await current().putRecord('calendar', 'b/3', {}, 0);
      const idsOf = async (query: Parameters<Store['listRecords']>[1]) => (await current().listRecords('procedure', query)).map((r) => r.id);
      // then
      expect(await idsOf({})).to.deep.equal(['a%_', 'a.b', 'b.1', 'b/', 'b/1', 'b/10', 'b/2', 'bz', 'ẞ']);
      expect(await idsOf({ prefix: 'b/' })).to.deep.equal(['b/', 'b/1', 'b/10', 'b/2']);
      expect(await idsOf({ prefix: 'b/1' })).to.deep.equal(['b/1', 'b/10']);
      expect(await idsOf({ prefix: 'a%' })).to.deep.equal(['a%_']);
      expect(await idsOf({ prefix: 'a.' })).to.deep.equal(['a.b']);
      expect(await idsOf({ prefix: '.' })).to.deep.equal([]);
      expect(await idsOf({ prefix: 'b', limit: 2, offset: 1 })).to.deep.equal(['b/', 'b/1']);
      expect((await current().listRecords('procedure', { prefix: 'ẞ' }))[0]).to.deep.include({ kind: 'procedure', value: { id: 'ẞ' }, revision: 1 });
      expect(await current().listRecords('secret')).to.deep.equal([]);
    });

    it('deletes a record, at a given revision when one is named', async function () {
      // given
      await current().putRecord('idempotency', 'k1', { status: 201 }, 0);
      await current().putRecord('idempotency', 'k2', { status: 201 }, 0);
      await current().putRecord('idempotency', 'k2', { status: 204 }, 1);
      // when
      const deleted = await current().deleteRecord('idempotency', 'k1');
      const again = await current().deleteRecord('idempotency', 'k1');
      await expectRecordConflict(current().deleteRecord('idempotency', 'k2', 1), 2);
      const atRevision = await current().deleteRecord('idempotency', 'k2', 2);
      // then
      expect([deleted, again, atRevision]).to.deep.equal([true, false, true]);
      expect(await current().listRecords('idempotency')).to.deep.equal([]);
      expect(await current().deleteRecord('idempotency', 'k2', 2)).to.equal(false);
      expect(await current().putRecord('idempotency', 'k1', {}, 0)).to.equal(1);
    });

    it('refuses an empty kind or id, a negative revision and a value JSON cannot hold, naming the field', async function () {
      const cases: Array<[Promise<unknown>, string]> = [
        [current().putRecord('', 'x', {}, 0), 'kind'],
        [current().putRecord('user', '', {}, 0), 'id'],
        [current().putRecord('user', 'x', {}, -1), 'revision'],
        [current().putRecord('user', 'x', undefined, 0), 'value'],
        [current().putRecord('user', 'x', () => 1, 0), 'value'],
      ];
      for (const [promise, field] of cases) {
        const error = await rejection(promise);
        expect([error.code, error.field]).to.deep.equal([ErrorCode.InvalidInput, field]);
      }
      expect(await current().listRecords('user')).to.deep.equal([]);
    });
  });
}
