/**
 * Store contract, continued: agencies on instances and tasks, and the task-list filters an
 * officer's queries use (visibleTo, candidate users and groups, unassigned, due before, process
 * key) with their counts. Called by `storeContract` inside its describe, with its store.
 */
import { expect } from 'chai';
import { ErrorCode, isMotcuaError } from '../../engine/errors.ts';
import type { TaskQuery } from '../../engine/runtime/api.ts';
import type { Store } from '../../engine/store/port.ts';
import { at, created, event, instanceRecord, minutes, removed, unit, updated, userTask, type RecordOptions } from './fixtures/records.ts';

export function taskVisibilityContract(current: () => Store): void {
  async function given(id: string, parts: Parameters<typeof unit>[2], options: RecordOptions) {
    const record = instanceRecord(id, options);
    await current().commit(unit(record, 0, { events: [event('InstanceStarted')], ...parts }));
    return record;
  }

  const ids = async (query: TaskQuery) => (await current().listTasks(query)).map((t) => t.id);

  /** The list and its count agree, and the count ignores the page. */
  async function listed(query: TaskQuery): Promise<string[]> {
    const list = await ids(query);
    expect(await current().countTasks({ ...query, limit: 1, offset: 1 }), `count of ${JSON.stringify(query)}`).to.equal(list.length);
    return list;
  }

  describe('agencies', function () {
    it('keeps the agency on the instance and on each of its tasks, and lists instances by agency', async function () {
      // given
      const task = userTask('t1', { dueAt: at(minutes(60)) });
      const record = await given('i1', { tasks: [created(task)] }, { agency: 'UBNDXA-MAU', processKey: 'CapPhep' });
      await given('i2', {}, { agency: 'UBNDXA-KHAC' });
      await given('i3', { tasks: [created(userTask('t3'))] }, {});
      // then
      expect((await current().getInstance('i1'))?.record).to.deep.equal(record);
      expect(await current().getTask('t1')).to.deep.equal({ ...task, instanceId: 'i1', processKey: 'CapPhep', agency: 'UBNDXA-MAU' });
      expect(await current().getTask('t3')).not.to.have.property('agency');
      expect((await current().listInstances({ agency: 'UBNDXA-MAU' })).map((i) => [i.id, i.agency])).to.deep.equal([['i1', 'UBNDXA-MAU']]);
      expect((await current().listInstances({ agency: 'UBNDXA-KHAC', status: 'ACTIVE' })).map((i) => i.id)).to.deep.equal(['i2']);
      expect(await current().listInstances({ agency: 'NOWHERE' })).to.deep.equal([]);
      expect(await current().countInstances({ agency: 'UBNDXA-MAU' })).to.equal(1);
      expect(await current().countInstances({ agency: 'NOWHERE' })).to.equal(0);
    });

    it("never shows one agency's tasks to another agency's officers holding the same names", async function () {
      // given the same user and groups in two agencies
      const tasks = (prefix: string) => [
        created(userTask(`${prefix}-group`, { groups: ['mot_cua'] })),
        created(userTask(`${prefix}-mine`, { groups: ['khac'], assignee: 'lan' })),
        created(userTask(`${prefix}-named`, { groups: [], candidateUsers: ['lan'] })),
      ];
      await given('a', { tasks: tasks('a') }, { agency: 'A' });
      await given('b', { tasks: tasks('b') }, { agency: 'B' });
      // then
      const lan = { user: 'lan', groups: ['mot_cua'] };
      expect(await listed({ agency: 'A', visibleTo: lan })).to.have.members(['a-group', 'a-mine', 'a-named']);
      expect(await listed({ agency: 'B', visibleTo: lan })).to.have.members(['b-group', 'b-mine', 'b-named']);
      expect(await listed({ agency: 'A', candidateGroup: 'mot_cua' })).to.deep.equal(['a-group']);
      expect(await listed({ agency: 'A', candidateGroups: ['mot_cua', 'khac'] })).to.have.members(['a-group', 'a-mine']);
      expect(await listed({ agency: 'B', candidateUser: 'lan' })).to.deep.equal(['b-named']);
      expect(await listed({ agency: 'B', assignee: 'lan' })).to.deep.equal(['b-mine']);
      expect(await listed({ agency: 'A' })).to.have.members(['a-group', 'a-mine', 'a-named']);
      expect(await listed({ agency: 'C', visibleTo: lan })).to.deep.equal([]);
      // without an agency, every agency's tasks match
      expect(await listed({ candidateGroup: 'mot_cua' })).to.deep.equal(['a-group', 'b-group']);
      expect(await listed({ assignee: 'lan' })).to.deep.equal(['a-mine', 'b-mine']);
    });
  });

  describe('who sees a task (visibleTo)', function () {
    it('shows a task assigned to the user, naming the user, or in one of their groups, once each, in list order', async function () {
      // given tasks due one minute apart, in the reverse of their expected order
      const due = (n: number) => at(minutes(10 - n));
      await given(
        'i1',
        {
          tasks: [
            created(userTask('assigned', { groups: ['lanh_dao'], assignee: 'lan', dueAt: due(1) })),
            created(userTask('named', { groups: [], candidateUsers: ['mai', 'lan'], dueAt: due(2) })),
            created(userTask('group', { groups: ['chuyen_vien'], dueAt: due(3) })),
            created(userTask('group-claimed-by-other', { groups: ['mot_cua'], assignee: 'hung', dueAt: due(4) })),
            created(userTask('every-way', { groups: ['mot_cua', 'chuyen_vien'], candidateUsers: ['lan'], assignee: 'lan', dueAt: due(5) })),
            created(userTask('no-due', { groups: ['mot_cua'] })),
            created(userTask('other-group', { groups: ['lanh_dao'], dueAt: due(6) })),
            created(userTask('other-user', { groups: [], candidateUsers: ['mai'], assignee: 'mai', dueAt: due(7) })),
          ],
        },
        { agency: 'A' },
      );
      // when
      const visible = await listed({ agency: 'A', visibleTo: { user: 'lan', groups: ['mot_cua', 'chuyen_vien'] } });
      // then
      expect(visible).to.deep.equal(['every-way', 'group-claimed-by-other', 'group', 'named', 'assigned', 'no-due']);
      expect(await listed({ visibleTo: { user: 'lan', groups: ['mot_cua', 'chuyen_vien'] } })).to.deep.equal(visible);
      expect(await listed({ agency: 'A', visibleTo: { user: 'lan', groups: [] } })).to.deep.equal(['every-way', 'named', 'assigned']);
      expect(await listed({ agency: 'A', visibleTo: { user: 'nobody', groups: [] } })).to.deep.equal([]);
    });

    it('serves an officer holding hundreds of groups', async function () {
      // given tasks in groups 0 … 599 of one agency
      await given('i1', { tasks: [0, 299, 599, 600].map((g) => created(userTask(`t${g}`, { groups: [`g${g}`], dueAt: at(minutes(1000 - g)) }))) }, { agency: 'A' });
      const groups = Array.from({ length: 600 }, (_, g) => `g${g}`);
      // then
      expect(await listed({ agency: 'A', visibleTo: { user: 'lan', groups } })).to.deep.equal(['t599', 't299', 't0']);
      expect(await ids({ agency: 'A', candidateGroups: groups, limit: 2 })).to.deep.equal(['t599', 't299']);
      expect(await current().countTasks({ agency: 'A', candidateGroups: groups })).to.equal(3);
    });

    it('pages the visible tasks in one order, whichever principal each was found by', async function () {
      // given 30 tasks spread over the user, two groups and another group, due in scrambled order
      const tasks = Array.from({ length: 30 }, (_, i) => {
        const dueAt = at(minutes((i * 7) % 30));
        const way = i % 4;
        return created(
          way === 0
            ? userTask(`t${i}`, { groups: ['khac'], assignee: 'lan', dueAt })
            : way === 1
              ? userTask(`t${i}`, { groups: ['mot_cua'], dueAt })
              : way === 2
                ? userTask(`t${i}`, { groups: ['chuyen_vien', 'mot_cua'], dueAt, priority: i })
                : userTask(`t${i}`, { groups: ['khac'], dueAt }),
        );
      });
      await given('i1', { tasks }, { agency: 'A' });
      const query = { agency: 'A', visibleTo: { user: 'lan', groups: ['mot_cua', 'chuyen_vien'] } };
      const all = await listed(query);
      // when
      const pages: string[] = [];
      for (let offset = 0; offset < 30; offset += 7) pages.push(...(await ids({ ...query, limit: 7, offset })));
      // then
      expect(all).to.have.length(23);
      expect(pages).to.deep.equal(all);
      const dues = (await current().listTasks(query)).map((t) => Date.parse(t.dueAt!));
      expect(dues).to.deep.equal([...dues].sort((a, b) => a - b));
    });

    it('follows claims, unclaims, new due dates and completions', async function () {
      // given
      const record = await given(
        'i1',
        { tasks: [created(userTask('t1', { groups: ['lanh_dao'], dueAt: at(minutes(5)) })), created(userTask('t2', { groups: ['mot_cua'], dueAt: at(minutes(9)) }))] },
        { agency: 'A' },
      );
      const lan = { agency: 'A', visibleTo: { user: 'lan', groups: ['mot_cua'] } };
      expect(await listed(lan)).to.deep.equal(['t2']);
      // when lan is given t1, t2 moves ahead of it and then t1 is given back
      await current().commit(unit(record, 1, { tasks: [updated(userTask('t1', { groups: ['lanh_dao'], assignee: 'lan', dueAt: at(minutes(5)) }))] }));
      const claimed = await listed(lan);
      await current().commit(unit(record, 2, { tasks: [updated(userTask('t2', { groups: ['mot_cua'], dueAt: at(minutes(1)) }))] }));
      const moved = await listed(lan);
      await current().commit(unit(record, 3, { tasks: [updated(userTask('t1', { groups: ['lanh_dao'], dueAt: at(minutes(5)) }))] }));
      const unclaimed = await listed(lan);
      await current().commit(unit(record, 4, { tasks: [removed('t2')] }));
      // then
      expect(claimed).to.deep.equal(['t1', 't2']);
      expect(moved).to.deep.equal(['t2', 't1']);
      expect(unclaimed).to.deep.equal(['t2']);
      expect(await listed(lan)).to.deep.equal([]);
      expect(await listed({ agency: 'A', assignee: 'lan' })).to.deep.equal([]);
      expect(await listed({ agency: 'A', candidateGroup: 'lanh_dao' })).to.deep.equal(['t1']);
    });
  });

  describe('task filters and counts', function () {
    beforeEach(async function () {
      await given(
        'i1',
        {
          tasks: [
            created(userTask('early', { groups: ['mot_cua'], dueAt: at(minutes(10)) })),
            created(userTask('early-claimed', { groups: ['mot_cua'], assignee: 'lan', dueAt: at(minutes(20)) })),
            created(userTask('at-limit', { groups: ['chuyen_vien'], dueAt: at(minutes(30)) })),
            created(userTask('late', { groups: ['chuyen_vien'], candidateUsers: ['mai'], dueAt: at(minutes(40)), elementId: 'Review' })),
            created(userTask('undated', { groups: ['mot_cua'] })),
          ],
        },
        { agency: 'A', processKey: 'CapPhep' },
      );
      await given('i2', { tasks: [created(userTask('other-process', { groups: ['mot_cua'], dueAt: at(minutes(5)) }))] }, { agency: 'A', processKey: 'KhaiSinh' });
    });

    it('takes candidate groups as "any of", and an empty list as none', async function () {
      expect(await listed({ agency: 'A', candidateGroups: ['mot_cua', 'chuyen_vien'] })).to.deep.equal([
        'other-process',
        'early',
        'early-claimed',
        'at-limit',
        'late',
        'undated',
      ]);
      expect(await listed({ agency: 'A', candidateGroups: ['chuyen_vien', 'nobody'] })).to.deep.equal(['at-limit', 'late']);
      expect(await listed({ candidateGroups: ['chuyen_vien'] })).to.deep.equal(['at-limit', 'late']);
      expect(await listed({ agency: 'A', candidateGroups: [] })).to.deep.equal([]);
    });

    it('filters by candidate user, unassigned, process key and element', async function () {
      expect(await listed({ agency: 'A', candidateUser: 'mai' })).to.deep.equal(['late']);
      expect(await listed({ candidateUser: 'mai', elementId: 'Review' })).to.deep.equal(['late']);
      expect(await listed({ agency: 'A', candidateGroup: 'mot_cua', unassigned: true })).to.deep.equal(['other-process', 'early', 'undated']);
      expect(await listed({ candidateGroup: 'mot_cua', unassigned: true })).to.deep.equal(['other-process', 'early', 'undated']);
      expect(await listed({ agency: 'A', processKey: 'KhaiSinh' })).to.deep.equal(['other-process']);
      expect(await listed({ processKey: 'CapPhep', unassigned: true })).to.deep.equal(['early', 'at-limit', 'late', 'undated']);
      expect(await listed({ agency: 'A', visibleTo: { user: 'lan', groups: ['mot_cua'] }, processKey: 'CapPhep', unassigned: true })).to.deep.equal(['early', 'undated']);
    });

    it('keeps tasks due strictly before a time, never one without a due date', async function () {
      const before = at(minutes(30));
      expect(await listed({ agency: 'A', dueBefore: before })).to.deep.equal(['other-process', 'early', 'early-claimed']);
      expect(await listed({ dueBefore: before, candidateGroup: 'mot_cua' })).to.deep.equal(['other-process', 'early', 'early-claimed']);
      expect(await listed({ agency: 'A', visibleTo: { user: 'lan', groups: ['chuyen_vien'] }, dueBefore: at(minutes(30) + 1) })).to.deep.equal([
        'early-claimed',
        'at-limit',
      ]);
      expect(await listed({ agency: 'A', candidateGroups: ['mot_cua', 'chuyen_vien'], dueBefore: at(minutes(60)), unassigned: true })).to.deep.equal([
        'other-process',
        'early',
        'at-limit',
        'late',
      ]);
    });

    it('combines principal filters: every one must hold', async function () {
      expect(await listed({ agency: 'A', visibleTo: { user: 'mai', groups: ['mot_cua'] }, candidateGroups: ['chuyen_vien'] })).to.deep.equal(['late']);
      expect(await listed({ agency: 'A', assignee: 'lan', candidateGroup: 'mot_cua' })).to.deep.equal(['early-claimed']);
      expect(await listed({ agency: 'A', assignee: 'lan', candidateGroup: 'chuyen_vien' })).to.deep.equal([]);
      expect(await listed({ candidateUser: 'mai', candidateGroup: 'chuyen_vien' })).to.deep.equal(['late']);
      expect(await listed({ visibleTo: { user: 'lan', groups: [] }, candidateGroup: 'mot_cua' })).to.deep.equal(['early-claimed']);
    });

    it('refuses a due-before that is not a time, naming the field', async function () {
      let error: unknown;
      try {
        await current().listTasks({ agency: 'A', dueBefore: 'ngày mai' });
      } catch (caught) {
        error = caught;
      }
      expect(isMotcuaError(error, ErrorCode.InvalidInput), String(error)).to.equal(true);
      expect((error as { field?: string }).field).to.equal('dueBefore');
    });
  });
}
