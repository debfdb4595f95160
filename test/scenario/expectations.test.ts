import { expect } from 'chai';
import {
  checkExpectation,
  differenceAt,
  matchDossier,
  matchTasks,
  multisetMessage,
  NO_DOSSIER,
  sameInstant,
} from '../../engine/scenario/expectations.ts';
import type { InstanceSnapshot, SnapshotTask } from '../../engine/scenario/instance-snapshot.ts';

function task(elementId: string, fields: Partial<SnapshotTask> = {}): SnapshotTask {
  return {
    instanceId: 'i-1',
    taskId: `${elementId}-${Math.random()}`,
    elementId,
    candidateGroups: [],
    createdAt: '2025-03-03T01:00:00.000Z',
    ...fields,
  };
}

function snapshot(fields: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  return {
    status: 'ACTIVE',
    ended: false,
    active: [],
    completed: [],
    entered: [],
    variables: {},
    tasks: [],
    incidents: [],
    incidentMessages: [],
    ...fields,
  };
}

describe('engine/scenario - expectations', () => {
  describe('active (multiset)', () => {
    it('holds whatever the order', () => {
      // given
      const found = snapshot({ active: ['Timer_1', 'Task_A'] });
      // when / then
      expect(checkExpectation({ active: ['Task_A', 'Timer_1'] }, found)).to.equal(undefined);
    });

    it('counts repeated ids: two instances of a multi-instance task are not one', () => {
      // given
      const found = snapshot({ active: ['Task_T', 'Task_T'] });
      // when
      const once = checkExpectation({ active: ['Task_T'] }, found);
      const twice = checkExpectation({ active: ['Task_T', 'Task_T'] }, found);
      // then
      expect(once).to.deep.equal({
        expectation: 'expect.active',
        expected: ['Task_T'],
        found: ['Task_T', 'Task_T'],
        message: 'unexpected Task_T',
      });
      expect(twice).to.equal(undefined);
    });

    it('names what is missing and what is unexpected', () => {
      // given / when / then
      expect(multisetMessage(['Task_A', 'Timer_1', 'Timer_1'], ['Timer_1', 'Task_B'])).to.equal('missing Task_A, Timer_1; unexpected Task_B');
      expect(multisetMessage([], [])).to.equal(undefined);
    });

    it('an empty list means no token waits', () => {
      // given / when / then
      expect(checkExpectation({ active: [] }, snapshot({ active: ['Task_A'] }))?.message).to.equal('unexpected Task_A');
    });
  });

  describe('ended, passed, notPassed, incidents', () => {
    it('ended compares with any end, and says the status', () => {
      // given
      const running = snapshot();
      const terminated = snapshot({ status: 'TERMINATED', ended: true });
      // when / then
      expect(checkExpectation({ ended: true }, running)?.message).to.equal('the instance has not ended (status ACTIVE)');
      expect(checkExpectation({ ended: true }, terminated)).to.equal(undefined);
      expect(checkExpectation({ ended: false }, terminated)?.message).to.equal('the instance has ended (status TERMINATED)');
    });

    it('passed needs each element completed at least once; notPassed needs it never entered', () => {
      // given Task_B was entered but is still running
      const found = snapshot({ completed: ['StartEvent_1', 'Task_A'], entered: ['StartEvent_1', 'Task_A', 'Task_B'] });
      // when / then
      expect(checkExpectation({ passed: ['Task_A'], notPassed: ['Task_Reject'] }, found)).to.equal(undefined);
      expect(checkExpectation({ passed: ['Task_A', 'Task_B'] }, found)?.message).to.equal('not completed so far: Task_B');
      expect(checkExpectation({ notPassed: ['Task_B', 'Task_Reject'] }, found)).to.deep.equal({
        expectation: 'expect.notPassed',
        expected: ['Task_B', 'Task_Reject'],
        found: ['Task_B'],
        message: 'entered: Task_B',
      });
    });

    it('shows each incident with its message in found, and names it when active does not match', () => {
      // given an external task parked in an incident
      const found = snapshot({ active: ['Task_Send'], incidents: ['Task_Send'], incidentMessages: ['Task_Send: external task failed with no retries left: timeout'] });
      // when incidents or active are expected otherwise
      const incidents = checkExpectation({ incidents: [] }, found);
      const active = checkExpectation({ active: ['Task_Archive'] }, found);
      // then found and the message carry the incident's message
      expect(incidents?.found).to.deep.equal(['Task_Send: external task failed with no retries left: timeout']);
      expect(active?.message).to.equal('missing Task_Archive; unexpected Task_Send; open incidents: Task_Send: external task failed with no retries left: timeout');
    });

    it('incidents match as a multiset; [] means none', () => {
      // given
      const found = snapshot({ incidents: ['Task_Send'] });
      // when / then
      expect(checkExpectation({ incidents: ['Task_Send'] }, found)).to.equal(undefined);
      expect(checkExpectation({ incidents: [] }, found)?.message).to.equal('unexpected Task_Send');
      expect(checkExpectation({ incidents: [] }, snapshot())).to.equal(undefined);
    });

    it('reports the first expectation that fails, in the order the step writes them', () => {
      // given
      const found = snapshot({ active: ['Task_A'] });
      // when
      const activeFirst = checkExpectation({ active: ['Task_B'], ended: true }, found);
      const endedFirst = checkExpectation({ ended: true, active: ['Task_B'] }, found);
      // then
      expect(activeFirst?.expectation).to.equal('expect.active');
      expect(endedFirst?.expectation).to.equal('expect.ended');
    });
  });

  describe('variables (subset deep-match)', () => {
    it('ignores variables it does not name', () => {
      // given
      const found = snapshot({ variables: { approved: true, amount: 5, applicant: { name: 'An' } } });
      // when / then
      expect(checkExpectation({ variables: { approved: true } }, found)).to.equal(undefined);
    });

    it('names the variable that differs, with both values, and shows only the named ones as found', () => {
      // given
      const found = snapshot({ variables: { approved: false, amount: 5 } });
      // when
      const mismatch = checkExpectation({ variables: { approved: true } }, found);
      // then
      expect(mismatch).to.deep.equal({
        expectation: 'expect.variables',
        expected: { approved: true },
        found: { approved: false },
        message: 'variables.approved: expected true, found false',
      });
    });

    it('matches nested mappings as subsets and lists item by item', () => {
      // given
      const found = { applicant: { name: 'Nguyễn An', idNumber: '001' }, documents: [{ kind: 'CCCD', pages: 2 }] };
      // when / then
      expect(differenceAt({ applicant: { name: 'Nguyễn An' }, documents: [{ kind: 'CCCD' }] }, found, 'variables')).to.equal(undefined);
      expect(differenceAt({ applicant: { phone: '09' } }, found, 'variables')).to.equal('variables.applicant.phone: missing');
      expect(differenceAt({ documents: [] }, found, 'variables')).to.equal(
        'variables.documents: expected [], found [{ kind: CCCD, pages: 2 }]',
      );
      expect(differenceAt({ documents: [{ pages: 3 }] }, found, 'variables')).to.equal('variables.documents[0].pages: expected 3, found 2');
    });

    it('a missing variable is not null, and a string is not a number', () => {
      // given / when / then
      expect(differenceAt({ note: null }, {}, 'variables')).to.equal('variables.note: missing');
      expect(differenceAt({ note: null }, { note: null }, 'variables')).to.equal(undefined);
      expect(differenceAt({ amount: 5 }, { amount: '5' }, 'variables')).to.equal('variables.amount: expected 5, found "5"');
    });

    it('compares instants as instants, whatever their offsets', () => {
      // given
      const found = { appointment: '2025-03-06T10:00:00.000Z' };
      // when / then
      expect(differenceAt({ appointment: '2025-03-06T17:00:00+07:00' }, found, 'variables')).to.equal(undefined);
      expect(differenceAt({ appointment: '2025-03-07T17:00:00+07:00' }, found, 'variables')).to.equal(
        'variables.appointment: expected 2025-03-07T17:00:00+07:00, found 2025-03-06T17:00:00+07:00',
      );
    });
  });

  describe('tasks (multiset by element id, optional fields)', () => {
    it('compares only the fields an entry gives', () => {
      // given
      const tasks = [task('Task_Review', { assignee: 'cv_nguyen', candidateGroups: ['chuyen_vien'], dueAt: '2025-03-06T10:00:00.000Z' })];
      // when / then
      expect(matchTasks([{ id: 'Task_Review' }], tasks)).to.equal(undefined);
      expect(matchTasks([{ id: 'Task_Review', assignee: 'cv_nguyen' }], tasks)).to.equal(undefined);
    });

    it('compares due dates as instants, in any offset', () => {
      // given due 17:00 in Hanoi, stored in UTC
      const tasks = [task('Task_Review', { dueAt: '2025-03-06T10:00:00.000Z' })];
      // when / then
      expect(matchTasks([{ id: 'Task_Review', due: '2025-03-06T17:00:00+07:00' }], tasks)).to.equal(undefined);
      expect(matchTasks([{ id: 'Task_Review', due: '2025-03-06T10:00:00Z' }], tasks)).to.equal(undefined);
      expect(matchTasks([{ id: 'Task_Review', due: '2025-03-06T11:00:00+01:00' }], tasks)).to.equal(undefined);
    });

    it('shows a wrong due date in the offset the scenario wrote', () => {
      // given
      const tasks = [task('Task_Review', { dueAt: '2025-03-07T10:00:00.000Z' })];
      // when
      const mismatch = matchTasks([{ id: 'Task_Review', due: '2025-03-06T17:00:00+07:00' }], tasks);
      // then
      expect(mismatch?.message).to.equal('tasks[0] (Task_Review): due expected 2025-03-06T17:00:00+07:00, found 2025-03-07T17:00:00+07:00');
      expect(mismatch?.found).to.deep.equal([{ id: 'Task_Review', assignee: undefined, candidateGroups: undefined, due: '2025-03-07T17:00:00+07:00' }]);
    });

    it('compares candidate groups as a set', () => {
      // given
      const tasks = [task('Task_Review', { candidateGroups: ['lanh_dao', 'chuyen_vien'] })];
      // when / then
      expect(matchTasks([{ id: 'Task_Review', candidateGroups: ['chuyen_vien', 'lanh_dao', 'chuyen_vien'] }], tasks)).to.equal(undefined);
      expect(matchTasks([{ id: 'Task_Review', candidateGroups: ['chuyen_vien'] }], tasks)?.message).to.equal(
        'tasks[0] (Task_Review): candidateGroups expected [chuyen_vien], found [lanh_dao, chuyen_vien]',
      );
    });

    it('assignee null means an unassigned task', () => {
      // given
      const unassigned = [task('Task_Review')];
      const assigned = [task('Task_Review', { assignee: 'cv_nguyen' })];
      // when / then
      expect(matchTasks([{ id: 'Task_Review', assignee: null }], unassigned)).to.equal(undefined);
      expect(matchTasks([{ id: 'Task_Review', assignee: null }], assigned)?.message).to.equal(
        'tasks[0] (Task_Review): assignee expected null, found cv_nguyen',
      );
      expect(matchTasks([{ id: 'Task_Review', assignee: 'cv_nguyen' }], unassigned)?.message).to.equal(
        'tasks[0] (Task_Review): assignee expected cv_nguyen, found null',
      );
    });

    it('needs exactly the open tasks: one missing or one too many fails', () => {
      // given
      const tasks = [task('Task_Review'), task('Task_Sign')];
      // when
      const tooFew = matchTasks([{ id: 'Task_Review' }], tasks);
      const tooMany = matchTasks([{ id: 'Task_Review' }, { id: 'Task_Sign' }, { id: 'Task_Sign' }], tasks);
      const none = matchTasks([], []);
      // then
      expect(tooFew?.message).to.equal('unexpected Task_Sign');
      expect(tooMany?.message).to.equal('missing Task_Sign');
      expect(none).to.equal(undefined);
    });

    it('pairs each entry with a distinct task, even when a greedy pairing would take the wrong one', () => {
      // given two open reviews; the first entry (any assignee) would greedily take cv_a's task
      const tasks = [task('Task_Review', { assignee: 'cv_a' }), task('Task_Review', { assignee: 'cv_b' })];
      // when
      const matched = matchTasks([{ id: 'Task_Review' }, { id: 'Task_Review', assignee: 'cv_a' }], tasks);
      const bothA = matchTasks([{ id: 'Task_Review', assignee: 'cv_a' }, { id: 'Task_Review', assignee: 'cv_a' }], tasks);
      // then
      expect(matched).to.equal(undefined);
      expect(bothA?.message).to.equal('tasks[1] (Task_Review): assignee expected cv_a, found cv_b');
    });
  });

  describe('dossier', () => {
    it('without a dossier, fails with "this scenario runs no dossier"', () => {
      // given / when
      const mismatch = checkExpectation({ dossier: { status: 'DANG_XU_LY' } }, snapshot());
      // then
      expect(mismatch?.message).to.equal(NO_DOSSIER);
      expect(NO_DOSSIER).to.equal('this scenario runs no dossier');
    });

    it('compares the given fields, dueAt as an instant', () => {
      // given
      const dossier = { status: 'DANG_XU_LY', dueAt: '2025-03-06T10:00:00.000Z', paused: false };
      // when / then
      expect(matchDossier({ status: 'DANG_XU_LY', dueAt: '2025-03-06T17:00:00+07:00', paused: false }, dossier)).to.equal(undefined);
      expect(matchDossier({ paused: true }, dossier)).to.deep.equal({
        expectation: 'expect.dossier.paused',
        expected: true,
        found: false,
        message: 'dossier paused expected true, found false',
      });
      expect(matchDossier({ result: 'ONTIME' }, dossier)?.message).to.equal('dossier result expected ONTIME, found (none)');
    });
  });

  it('sameInstant reads offsets and refuses what is not an instant', () => {
    // given / when / then
    expect(sameInstant('2025-03-06T17:00:00+07:00', '2025-03-06T10:00:00.000Z')).to.equal(true);
    expect(sameInstant('2025-03-06T17:00:00+07:00', '2025-03-06T17:00:00Z')).to.equal(false);
    expect(sameInstant('soon', 'soon')).to.equal(false);
  });
});
