import { expect } from 'chai';
import { ErrorCode, MotcuaError } from '../../../engine/errors.ts';
import { ProcedureCatalog } from '../../../engine/procedure/catalog/ProcedureCatalog.ts';
import { fixtureCatalog, fixtureRecords, sampleRecord, vn } from '../support/sample-dossier.ts';

function failure(act: () => unknown): MotcuaError {
  try {
    act();
  } catch (error) {
    return error as MotcuaError;
  }
  throw new Error('it was accepted');
}

/** The `field: message` lines of a validation error. */
function lines(error: MotcuaError): string[] {
  return error.message.split('\n').slice(1);
}

describe('engine/procedure/catalog/ProcedureCatalog', () => {
  it('loads valid records, by code and version', () => {
    // given the fixture records
    // when they are imported
    const catalog = fixtureCatalog();
    // then every code and version is there
    expect(catalog.codes()).to.deep.equal(['1.001612', '2.000488']);
    expect(catalog.get('2.000488', 1)?.ways.map((way) => way.channel)).to.deep.equal([1, 2, 3]);
    expect(catalog.get('2.000488', 2)).to.equal(undefined);
  });

  it('names the missing required fields, and adds nothing', () => {
    // given a record without ways, process, and result name
    const { ways: _w, process: _p, ...rest } = sampleRecord();
    const record = { ...rest, result: { electronic: true } };
    const catalog = new ProcedureCatalog();
    // when it is added
    const error = failure(() => catalog.add(record));
    // then each missing field is named, the first as the error's field
    expect(error.code).to.equal(ErrorCode.InvalidInput);
    expect(lines(error)).to.have.members(['ways: required', 'process: required', 'result.name: required']);
    expect(catalog.codes()).to.deep.equal([]);
  });

  it('names a wrong value down to its path, e.g. ways[0].deadline.unit', () => {
    // given a deadline written in an unknown unit, a negative fee, a bad cut-off, an unknown fee-wait policy and a misspelt key
    const base = sampleRecord();
    const ways = structuredClone(base.ways) as { deadline: { unit: string }; fee: { amount: number } }[];
    ways[0].deadline.unit = 'NGAY';
    ways[1].fee.amount = -1;
    const record = { ...base, ways, cutoffTime: '3pm', paymentWaitPolicy: 'NGUNG', efectiveTo: '2027-01-01' };
    // when validated
    const error = failure(() => new ProcedureCatalog().add(record));
    // then every problem carries its field path
    expect(lines(error)).to.have.members([
      'ways[0].deadline.unit: must be one of WORKING_DAYS, DAYS, WORKING_HOURS, SAME_DAY, found "NGAY"',
      'ways[1].fee.amount: must be 0 or more, found -1',
      'cutoffTime: must be a time HH:mm, found "3pm"',
      'paymentWaitPolicy: must be one of PAUSE, RUN, found "NGUNG"',
      'efectiveTo: unknown field',
    ]);
    // and a single problem is the error's field
    const unit = failure(() => new ProcedureCatalog().add({ ...base, ways: [{ channel: 1, deadline: { value: 3, unit: 'NGAY' } }] }));
    expect(unit.field).to.equal('ways[0].deadline.unit');
  });

  it('checks what a schema cannot: one way per channel, an online level for channel 2, dates in order', () => {
    // given a record with channel 1 twice, no online level and an end before its start
    const base = sampleRecord();
    const ways = [...(base.ways as object[]), { channel: 1, deadline: { value: 5, unit: 'WORKING_DAYS' } }];
    const { onlineLevel: _o, ...rest } = { ...base, ways, effectiveTo: '2025-01-01' } as Record<string, unknown>;
    // when validated
    const error = failure(() => new ProcedureCatalog().add(rest));
    // then each rule names its field
    expect(lines(error)).to.have.members([
      'ways[3].channel: channel 1 is already described by ways[0]: one way per channel',
      'onlineLevel: required when the procedure has an online way (channel 2): TOAN_TRINH or MOT_PHAN',
      'effectiveTo: must not be before effectiveFrom 2025-07-01, found "2025-01-01"',
    ]);
  });

  it('gives the version in force at a date: the latest started, in Hà Nội time', () => {
    // given version 1 from 01/01/2025 and version 2 from 01/07/2025 (no end dates)
    const v1 = sampleRecord({ version: 1, effectiveFrom: '2025-01-01' });
    const v2 = sampleRecord({ version: 2, effectiveFrom: '2025-07-01' });
    const catalog = new ProcedureCatalog([v1, v2] as never);
    // when asked late on 30/06 and just after midnight on 01/07 (Hà Nội time; both still 30/06 in UTC), and by date
    // then version 2 takes over on 01/07 in Hà Nội
    expect(catalog.inForce('2.000488', vn('2025-06-30T23:30')).version).to.equal(1);
    expect(catalog.inForce('2.000488', vn('2025-07-01T00:10')).version).to.equal(2);
    expect(catalog.inForce('2.000488', '2025-03-15').version).to.equal(1);
    expect(catalog.list('2025-03-15').map((record) => record.version)).to.deep.equal([1]);
    expect(catalog.list().map((record) => record.version)).to.deep.equal([2]);
  });

  it('says when no version is in force, or the code is unknown, naming the field', () => {
    // given a version ending on 31/12/2025
    const catalog = new ProcedureCatalog([sampleRecord({ effectiveTo: '2025-12-31' })] as never);
    // when asked in 2026, in 2024, and for an unknown code
    const after = failure(() => catalog.inForce('2.000488', '2026-01-01'));
    const before = failure(() => catalog.inForce('2.000488', '2024-01-01', 'start.dossier.procedure'));
    const unknown = failure(() => catalog.inForce('1.999999', '2025-08-01'));
    // then
    expect(after.message).to.equal('procedure 2.000488 has no version in force on 2026-01-01 (version 1: 2025-07-01 – 2025-12-31)');
    expect([after.code, after.field]).to.deep.equal([ErrorCode.NotFound, 'procedureCode']);
    expect(before.field).to.equal('start.dossier.procedure');
    expect(unknown.message).to.match(/unknown procedure "1.999999"/);
  });

  it('imports all or nothing: a clash or a bad record leaves the catalog as it was', () => {
    // given a catalog with version 1
    const catalog = fixtureCatalog();
    const before = JSON.stringify(catalog.exportJson());
    // when importing a valid version 3 with a second version 1, then one with a start date taken, then one with a bad record
    const duplicate = failure(() => catalog.import([sampleRecord({ version: 3, effectiveFrom: '2026-01-01' }), sampleRecord({ version: 1 })]));
    const sameDay = failure(() => catalog.import([sampleRecord({ version: 2 })]));
    const bad = failure(() => catalog.import({ procedures: [sampleRecord({ version: 4, effectiveFrom: '2027-01-01' }), sampleRecord({ version: 5, level: 'QUAN' })] }));
    // then each says why, naming the record, and nothing was added
    expect(lines(duplicate)).to.deep.equal(['procedures[1].version: procedure 2.000488 version 1 exists already (version 1 in the catalog): give the new version the next number']);
    expect(lines(sameDay)).to.deep.equal(['procedures[0].effectiveFrom: procedure 2.000488 version 1 takes effect on 2025-07-01 too: two versions cannot start the same day']);
    expect(lines(bad)).to.deep.equal(['procedures[1].level: must be one of BO_NGANH, TINH, XA, HUYEN, found "QUAN"']);
    expect(JSON.stringify(catalog.exportJson())).to.equal(before);
  });

  it('exports JSON that imports back to the same catalog', () => {
    // given the fixture catalog with a second version
    const catalog = fixtureCatalog();
    catalog.add(sampleRecord({ version: 2, effectiveFrom: '2026-01-01' }));
    // when exported and imported into a new catalog
    const copy = new ProcedureCatalog();
    copy.import(JSON.parse(JSON.stringify(catalog.exportJson())));
    // then both hold the same records
    expect(copy.exportJson()).to.deep.equal(catalog.exportJson());
    expect(copy.exportJson().procedures.map((record) => `${record.code}@${record.version}`)).to.deep.equal(['1.001612@1', '2.000488@1', '2.000488@2']);
  });

  it('returns copies: changing a record read from the catalog changes nothing in it', () => {
    // given the catalog
    const catalog = new ProcedureCatalog(fixtureRecords());
    // when a caller edits what it read
    const record = catalog.get('1.001612', 1)!;
    (record.ways as unknown as { deadline: { value: number } }[])[0].deadline.value = 99;
    // then the catalog is unchanged
    expect(catalog.get('1.001612', 1)!.ways[0].deadline.value).to.equal(3);
  });
});
