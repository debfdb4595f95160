/**
 * Issue #4: bad data — an unknown procedure, an invalid code pattern, a catalog record missing a
 * required field, a calendar year not declared — gives an error naming what is wrong and changes
 * nothing. "Nothing" is checked on the real SQLite store, table by table: no instance, no
 * history, no task or job, no outbox message, no counter (neither a dossier sequence number nor
 * a KPI count).
 */
import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, MotcuaError } from '../../../engine/errors.ts';
import { loadCatalogFiles } from '../../../engine/procedure/catalog/load-catalog.ts';
import { DossierService } from '../../../engine/procedure/dossier/DossierService.ts';
import { deskInput, type Harness, startHarness } from '../support/engine-harness.ts';
import { fixtureRecords, sampleRecord, withdrawalRecord } from '../support/sample-dossier.ts';
import { rowCounts, storeSnapshot } from '../support/store-snapshot.ts';
import { tempFolderPerTest } from '../support/temp-folder.ts';

async function rejection(act: () => unknown): Promise<MotcuaError> {
  try {
    await act();
  } catch (error) {
    if (error instanceof MotcuaError) return error;
    throw error;
  }
  throw new Error('it was accepted');
}

/** A same-day procedure (code 9.000003): its appointment stays in the year of reception. */
function sameDayRecord(): Record<string, unknown> {
  const ways = [1, 2].map((channel) => ({ channel, deadline: { value: 0, unit: 'SAME_DAY' } }));
  return sampleRecord({ code: '9.000003', name: 'Thủ tục mẫu giải quyết trong ngày', ways, process: { key: 'Process_RutHoSo' } });
}

describe('engine/procedure bad data changes nothing (issue #4)', () => {
  let harness: Harness;
  afterEach(async () => harness?.close());

  it('unknown procedure: NOT_FOUND naming procedureCode and the codes the catalog has; no instance, no number, no counter', async () => {
    // given an engine that has received nothing
    harness = await startHarness();
    const before = storeSnapshot(harness.engine.store);
    // when a dossier of a procedure the catalog does not have is received
    const error = await rejection(() => harness.service.receive(deskInput('9.999999')));
    // then the error names the field and the codes there are
    expect([error.code, error.field]).to.deep.equal([ErrorCode.NotFound, 'procedureCode']);
    expect(error.message).to.match(/unknown procedure "9\.999999": the catalog has 1\.001612, 2\.000488/);
    // and not a row was written; the next dossier still gets number 0001
    expect(storeSnapshot(harness.engine.store)).to.deep.equal(before);
    expect((await harness.service.receive(deskInput())).code).to.equal('000.00.53.H48-261005-0001');
  });

  it('invalid code pattern: the service refuses to start naming codePattern, before any dossier; nothing is written', async () => {
    // given an engine
    harness = await startHarness();
    const before = storeSnapshot(harness.engine.store);
    // when services are configured with patterns that could repeat a code or cannot be read
    const problems = [];
    for (const codePattern of ['{agency}-{YYMMDD}', '{YYMMDD}-{NNNN}', '{agency}-{DD}-{NNNN}', '{agency}-{YYMMDD}-{NNNN', '{agency}-{X}-{NNNN}']) {
      const error = await rejection(() => new DossierService({ engine: harness.engine, store: harness.engine.store, catalog: harness.catalog, clock: harness.clock, codePattern }));
      problems.push([error.code, error.field]);
    }
    // then each is an INVALID_INPUT naming codePattern, and the store is as it was
    expect(problems).to.deep.equal(Array(5).fill([ErrorCode.InvalidInput, 'codePattern']));
    expect(storeSnapshot(harness.engine.store)).to.deep.equal(before);
  });

  describe('catalog record missing a required field', () => {
    const tempFolder = tempFolderPerTest('motcua-bad-catalog-');

    it('a new version without legalBasis: the import names the field, the catalog keeps its versions, dossiers keep the old terms', async () => {
      // given the catalog in use, with version 1 of 2.000488 (10 working days)
      harness = await startHarness();
      const catalogBefore = harness.catalog.exportJson();
      const storeBefore = storeSnapshot(harness.engine.store);
      // when version 2 (15 working days, in force already) arrives without its legal basis, beside a good record
      const { legalBasis: _missing, ...version2 } = sampleRecord({ version: 2, effectiveFrom: '2026-10-01', ways: [{ channel: 1, deadline: { value: 15, unit: 'WORKING_DAYS' } }] });
      const good = sampleRecord({ code: '9.000004', name: 'Thủ tục mẫu khác' });
      const error = await rejection(() => harness.catalog.import({ procedures: [good, version2] }));
      // then the error names the record and the field
      expect([error.code, error.field]).to.deep.equal([ErrorCode.InvalidInput, 'procedures[1].legalBasis']);
      expect(error.message).to.match(/procedures\[1\]\.legalBasis: required/);
      // and nothing was added — not even the good record — and the store is untouched
      expect(harness.catalog.exportJson()).to.deep.equal(catalogBefore);
      expect(storeSnapshot(harness.engine.store)).to.deep.equal(storeBefore);
      // and a dossier received now still gets version 1
      const received = await harness.service.receive(deskInput());
      expect([received.dossier.procedure.version, received.dossier.terms.period.value]).to.deep.equal([1, 10]);
    });

    it('a procedure file without process: loading into the catalog names the file and the field, and adds nothing', async () => {
      // given a catalog and a folder with a good file and a file whose record has no process
      const folder = tempFolder();
      harness = await startHarness();
      const catalogBefore = harness.catalog.exportJson();
      const { process: _missing, ...noProcess } = sampleRecord({ code: '9.000005' });
      await writeFile(join(folder, 'a.procedure.json'), JSON.stringify(sampleRecord({ code: '9.000004' })));
      await writeFile(join(folder, 'b.procedure.json'), JSON.stringify(noProcess));
      // when both files are loaded into it
      const error = await rejection(() => loadCatalogFiles([join(folder, 'a.procedure.json'), join(folder, 'b.procedure.json')], harness.catalog));
      // then the error names the file and the field, and the catalog has neither record
      expect(error.code).to.equal(ErrorCode.InvalidInput);
      expect(error.field).to.match(/b\.procedure\.json: process$/);
      expect(harness.catalog.exportJson()).to.deep.equal(catalogBefore);
    });
  });

  describe('calendar year missing (the seed declares 2025–2027)', () => {
    it('at reception, when the appointment would fall in 2028: names years[2028]; no instance, no number, no counter', async () => {
      // given Mon 20/12/2027 and a procedure of 10 working days
      harness = await startHarness({ start: '2027-12-20T09:00' });
      const before = storeSnapshot(harness.engine.store);
      // when a dossier is received
      const error = await rejection(() => harness.service.receive(deskInput()));
      // then the year is named, in Vietnamese for the administrator
      expect([error.code, error.field]).to.deep.equal([ErrorCode.CalendarYearMissing, 'years[2028]']);
      expect(error.message).to.match(/^Lịch làm việc năm 2028 chưa được khai báo/);
      // and nothing was written: no dossier sequence was taken
      expect(rowCounts(storeSnapshot(harness.engine.store))).to.deep.equal(rowCounts(before));
      expect(storeSnapshot(harness.engine.store)).to.deep.equal(before);
    });

    it("at reception online, when only the 1-working-day reception SLA runs into 2028: names years[2028], takes no number", async () => {
      // given Fri 31/12/2027 10:00 and a same-day procedure (its appointment is 31/12 17:00)
      harness = await startHarness({ start: '2027-12-31T10:00', records: [...fixtureRecords(), withdrawalRecord(), sameDayRecord()] });
      const before = storeSnapshot(harness.engine.store);
      // when it is submitted online, its acceptance due the next working day
      const error = await rejection(() => harness.service.receive({ ...deskInput('9.000003'), channel: 2 }));
      // then the year is named and nothing was written
      expect([error.code, error.field]).to.deep.equal([ErrorCode.CalendarYearMissing, 'years[2028]']);
      expect(storeSnapshot(harness.engine.store)).to.deep.equal(before);
      // and at the desk the same dossier is received, number 0001
      expect((await harness.service.receive(deskInput('9.000003'))).code).to.equal('000.00.53.H48-271231-0001');
    });

    it('at acceptance in 2028: the command is refused naming years[2028]; the task stays open and no row changes', async () => {
      // given a same-day dossier received Fri 31/12/2027, not accepted that day
      harness = await startHarness({ start: '2027-12-31T10:00', records: [...fixtureRecords(), withdrawalRecord(), sameDayRecord()] });
      const { instanceId } = await harness.service.receive(deskInput('9.000003'));
      harness.at('2028-01-03T08:00');
      const before = storeSnapshot(harness.engine.store);
      // when the desk accepts it on Mon 03/01/2028
      const error = await rejection(() => harness.complete(instanceId, 'Task_KiemTra'));
      // then the year is named, and the dossier, its task, history, outbox and counters are as they were
      expect([error.code, error.field]).to.deep.equal([ErrorCode.CalendarYearMissing, 'years[2028]']);
      expect(storeSnapshot(harness.engine.store)).to.deep.equal(before);
      expect((await harness.engine.listTasks({ instanceId })).map((task) => task.elementId)).to.deep.equal(['Task_KiemTra']);
      expect((await harness.service.byInstance(instanceId))!.dossier.status).to.equal('MOI_DANG_KY');
    });
  });

  it('a command for a code no dossier has: NOT_FOUND naming code; nothing is written', async () => {
    // given one received dossier
    harness = await startHarness();
    await harness.service.receive(deskInput());
    const before = storeSnapshot(harness.engine.store);
    // when each command is sent to a code that does not exist (a typo of the real one)
    const errors = [
      await rejection(() => harness.service.extendDeadline('000.00.53.H48-261005-001', { cause: 'Xác minh nhiều nơi cư trú' })),
      await rejection(() => harness.service.requestWithdrawal('000.00.53.H48-261005-001')),
      await rejection(() => harness.service.recordPayment('000.00.53.H48-261005-001', { online: true })),
      await rejection(() => harness.service.stop('000.00.53.H48-261005-001', { reason: 'Rút hồ sơ' })),
    ];
    // then each names the code, and nothing changed
    expect(errors.map((error) => [error.code, error.field])).to.deep.equal(Array(4).fill([ErrorCode.NotFound, 'code']));
    expect(storeSnapshot(harness.engine.store)).to.deep.equal(before);
  });
});
