import { expect } from 'chai';
import { DateTime } from 'luxon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployProcesses, DossierAttribute, indexDossiers, type Motcua, openMotcua, searchDossiers } from '../../../engine/index.ts';
import { SqliteStore } from '../../../engine/store/sqlite/SqliteStore.ts';

describe('engine/procedure/dossier: dossier attributes, the index of the dossier search', () => {
  const folder = mkdtempSync(join(tmpdir(), 'motcua-attributes-'));
  const file = join(folder, 'motcua.db');
  let now = DateTime.fromISO('2026-03-02T09:00:00+07:00').toMillis();
  let motcua: Motcua;
  const receive = () =>
    motcua.dossiers.receive({ procedureCode: '1.001193', channel: 1, applicant: { name: 'Lê Văn Cường', idNumber: '001088000456' }, receivingAgency: 'UBNDXA-MAU' });

  before(async () => {
    motcua = await openMotcua({ store: `sqlite:${file}`, clock: { now: () => now } });
    await deployProcesses(motcua, () => undefined);
  });
  after(async () => {
    await motcua.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('are written by the dossier commit and follow the dossier: procedure, status, reception time', async () => {
    // given a dossier received on Monday 09:00, whose reception step is then completed
    const received = await receive();
    const attributes = await motcua.store.instanceAttributes(received.instanceId);
    expect(attributes).to.deep.equal({
      [DossierAttribute.Procedure]: '1.001193',
      [DossierAttribute.Status]: 'MOI_DANG_KY',
      [DossierAttribute.ReceivedAt]: '2026-03-02T02:00:00.000Z',
    });
    const [reception] = await motcua.engine.listTasks({ instanceId: received.instanceId });
    await motcua.engine.completeTask(reception!.id, { ketQuaTiepNhan: 'HOP_LE' });
    // then the status moved with it, in the index the search reads
    const status = (await motcua.store.instanceAttributes(received.instanceId))[DossierAttribute.Status];
    expect(status).to.not.equal('MOI_DANG_KY');
    const found = await searchDossiers(motcua.store, { agency: 'UBNDXA-MAU', procedureCode: '1.001193', status: status as never, limit: 10, offset: 0 });
    expect(found.items.map((dossier) => dossier.code)).to.include(received.code);
    expect(found.total).to.equal(found.items.length);
  });

  it('are given once at start-up to dossiers committed before they existed', async () => {
    // given a second dossier, and a store as an older version left it: no attributes, no mark
    now = DateTime.fromISO('2026-03-03T10:00:00+07:00').toMillis();
    await receive();
    const db = (motcua.store as SqliteStore).db;
    db.prepare('DELETE FROM instance_attributes').run();
    db.prepare("DELETE FROM counters WHERE key = 'schema:dossier-attributes'").run();
    const byDay = () => searchDossiers(motcua.store, { agency: 'UBNDXA-MAU', from: Date.parse('2026-03-03T00:00:00+07:00'), to: Date.parse('2026-03-04T00:00:00+07:00'), limit: 10, offset: 0 });
    expect((await byDay()).total).to.equal(0);
    // when the index is rebuilt, then again
    const first = await indexDossiers(motcua.store);
    const second = await indexDossiers(motcua.store);
    // then every dossier has its attributes back, once
    expect(first).to.equal(2);
    expect(second).to.equal(0);
    expect((await byDay()).total).to.equal(1);
    expect((await searchDossiers(motcua.store, { agency: 'UBNDXA-MAU', limit: 10, offset: 0 })).total).to.equal(2);
  });
});
