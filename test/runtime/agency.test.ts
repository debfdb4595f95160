/**
 * The agency an instance is started for (the Camunda 7 tenant): stored on the instance, carried by
 * every task it opens, inherited by the instances its call activities start, and what an
 * officer's task query is scoped by.
 */
import { expect } from 'chai';
import { ErrorCode } from '../../engine/errors.ts';
import { createEngine } from '../../engine/runtime/create-engine.ts';
import { bpmnFixture, manualClock, outcome, runtimeFixture } from './helpers.ts';

const T0 = '2025-03-03T08:00:00+07:00';

describe('engine/runtime/Engine: agencies', function () {
  it("stores the agency on a started instance and on each of its tasks, and scopes officers' queries by it", async function () {
    // given
    const engine = await createEngine({ store: 'sqlite::memory:', clock: manualClock(T0) });
    await engine.deploy('Approval.bpmn', runtimeFixture('Approval.bpmn'));
    // when the same process starts for two agencies
    const mine = await engine.startInstance('Process_Approval', { businessKey: 'HS-1', agency: 'UBNDXA-MAU' });
    const theirs = await engine.startInstance('Process_Approval', { businessKey: 'HS-2', agency: 'UBNDXA-KHAC' });
    // then
    expect((await engine.store.getInstance(mine.id))!.record.agency).to.equal('UBNDXA-MAU');
    const [task] = await engine.listTasks({ instanceId: mine.id });
    expect(task).to.deep.include({ elementId: 'Task_Check', agency: 'UBNDXA-MAU' });
    const officer = { agency: 'UBNDXA-MAU', visibleTo: { user: 'lan', groups: ['chuyen_vien'] } };
    expect((await engine.listTasks(officer)).map((t) => t.instanceId)).to.deep.equal([mine.id]);
    expect(await engine.countTasks(officer)).to.equal(1);
    expect(await engine.countTasks({ ...officer, agency: 'UBNDXA-KHAC' })).to.equal(1);
    expect((await engine.store.listInstances({ agency: 'UBNDXA-KHAC' })).map((i) => i.id)).to.deep.equal([theirs.id]);

    // when lan claims and completes the check, the next task keeps the agency
    await engine.claimTask(task!.id, 'lan');
    expect((await engine.listTasks({ agency: 'UBNDXA-MAU', assignee: 'lan' })).map((t) => t.id)).to.deep.equal([task!.id]);
    await engine.completeTask(task!.id, { approved: true }, 'lan');
    // then
    const [sign] = await engine.listTasks({ instanceId: mine.id });
    expect(sign).to.deep.include({ elementId: 'Task_Sign', agency: 'UBNDXA-MAU' });
    expect(await engine.countTasks(officer)).to.equal(0);
    expect(await engine.countTasks({ agency: 'UBNDXA-MAU', visibleTo: { user: 'hung', groups: ['lanh_dao'] } })).to.equal(1);
    await engine.close();
  });

  it('gives the instances a call activity starts the agency of their caller', async function () {
    // given
    const engine = await createEngine({ store: 'sqlite::memory:', clock: manualClock(T0) });
    await engine.deploy('CallActivity.bpmn', bpmnFixture('CallActivity.bpmn'));
    const variables = { officer: 'cv_le', dossierCode: 'HS-2025-001', fee: 50000 };
    // when
    const main = await engine.startInstance('Process_Main', { variables, agency: 'UBNDXA-MAU' });
    const unscoped = await engine.startInstance('Process_Main', { variables });
    // then the called instance and its task belong to the caller's agency
    const [verify] = await engine.childInstances(main.id);
    expect((await engine.store.getInstance(verify!.id))!.record).to.deep.include({ processKey: 'Process_Verify', agency: 'UBNDXA-MAU' });
    const [verifyTask] = await engine.listTasks({ instanceId: verify!.id });
    expect(verifyTask).to.deep.include({ assignee: 'cv_le', agency: 'UBNDXA-MAU' });
    expect((await engine.listTasks({ agency: 'UBNDXA-MAU', assignee: 'cv_le' })).map((t) => t.id)).to.deep.equal([verifyTask!.id]);
    // and a caller without an agency gives none
    const [unscopedChild] = await engine.childInstances(unscoped.id);
    expect((await engine.store.getInstance(unscopedChild!.id))!.record).not.to.have.property('agency');

    // when the verification completes, the next called instance (archive) inherits it too
    await engine.completeTask(verifyTask!.id, { result: 'DAT' });
    const archive = (await engine.childInstances(main.id)).find((child) => child.key === 'Process_Archive')!;
    // then
    expect((await engine.store.getInstance(archive.id))!.record.agency).to.equal('UBNDXA-MAU');
    expect((await engine.listTasks({ instanceId: archive.id }))[0]?.agency).to.equal('UBNDXA-MAU');
    await engine.close();
  });

  it('refuses an empty agency, naming the field, and starts nothing', async function () {
    // given
    const engine = await createEngine({ store: 'sqlite::memory:', clock: manualClock(T0) });
    await engine.deploy('Approval.bpmn', runtimeFixture('Approval.bpmn'));
    // when
    const result = await outcome(engine.startInstance('Process_Approval', { agency: '' }));
    // then
    expect(result).to.deep.equal({ ok: false, code: ErrorCode.InvalidInput });
    expect(await engine.store.listInstances()).to.deep.equal([]);
    await engine.close();
  });
});
