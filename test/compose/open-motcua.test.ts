import { expect } from 'chai';
import { DateTime } from 'luxon';
import { deployProcesses, type Motcua, openMotcua } from '../../engine/index.ts';

describe('engine/compose: openMotcua, the composition npm start serves', () => {
  let now = DateTime.fromISO('2026-03-06T16:00:00+07:00').toMillis(); // a Friday afternoon
  let motcua: Motcua;
  before(async () => {
    motcua = await openMotcua({ store: 'sqlite::memory:', clock: { now: () => now } });
    await deployProcesses(motcua, () => undefined);
  });
  after(() => motcua.close());

  it('counts a step budget in the working calendar: due after the weekend, never on a Saturday', async () => {
    // given a birth registration received and accepted on Friday at 16:00
    const received = await motcua.dossiers.receive({
      procedureCode: '1.001193',
      channel: 1,
      applicant: { name: 'Lê Văn Cường', idNumber: '001088000456' },
      receivingAgency: 'UBNDXA-MAU',
    });
    const [reception] = await motcua.engine.listTasks({ instanceId: received.instanceId });
    now = DateTime.fromISO('2026-03-06T16:30:00+07:00').toMillis();
    await motcua.engine.completeTask(reception!.id, { ketQuaTiepNhan: 'HOP_LE' });
    // when the specialist's step (a budget of 2 working hours) opens
    const [entry] = await motcua.engine.listTasks({ instanceId: received.instanceId });
    // then it is due on Monday morning, the next working day
    expect(entry?.elementId).to.equal('Task_GhiSo');
    const due = DateTime.fromISO(entry!.dueAt!).setZone('Asia/Ho_Chi_Minh');
    expect(due.toISODate()).to.equal('2026-03-09');
    expect(due.weekday).to.equal(1);
  });

  it('loads the catalog of the procedures folder and deploys each diagram with its version kept across starts', async () => {
    expect(motcua.catalog.codes()).to.include('1.001193');
    const before = await motcua.store.listDeployments();
    await deployProcesses(motcua, () => undefined);
    expect((await motcua.store.listDeployments()).map((d) => d.deploymentId)).to.deep.equal(before.map((d) => d.deploymentId));
  });
});
