import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { openStore, ProcedureCatalog, SharedCatalog, type ProcedureRecord, type Store } from '../../../engine/index.ts';

const base = JSON.parse(readFileSync('processes/dang-ky-khai-sinh/procedure.json', 'utf8')) as ProcedureRecord;
const version = (n: number, effectiveFrom: string): ProcedureRecord => ({ ...base, code: 'X.1', version: n, effectiveFrom });
const clock = { now: () => Date.parse('2026-06-01T08:00:00+07:00') };

describe('engine/procedure/catalog/SharedCatalog: the catalog every process shares', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
  });
  afterEach(() => store.close());

  it("sees another process's import at its next refresh, with who published it", async () => {
    // given two processes on one store
    const files = new ProcedureCatalog([version(1, '2025-01-01')]);
    const here = new SharedCatalog(store, files, clock);
    const there = new SharedCatalog(store, files, clock);
    await here.refresh();
    await there.refresh();
    // when one imports version 2
    await there.import(version(2, '2026-01-01'), 'phantich');
    // then the other has it after refreshing, not before
    expect(here.current().versions('X.1')).to.have.length(1);
    await here.refresh();
    expect(here.current().versions('X.1').map((r) => r.version)).to.deep.equal([1, 2]);
    expect(here.stampOf('X.1', 2)).to.deep.equal({ at: '2026-06-01T01:00:00.000Z', by: 'phantich', how: 'import' });
    expect(here.stampOf('X.1', 1)).to.equal(undefined);
  });

  it('leaves out, and names, a stored version that clashes with a file record added later', async () => {
    // given version 2 published through the API
    await new SharedCatalog(store, new ProcedureCatalog([version(1, '2025-01-01')]), clock).import(version(2, '2026-01-01'), 'phantich');
    // when the procedures folder later gains a version 3 starting the same day
    const catalog = new SharedCatalog(store, new ProcedureCatalog([version(1, '2025-01-01'), version(3, '2026-01-01')]), clock);
    await catalog.refresh();
    // then the folder's versions still serve dossiers and the clash is said
    expect(catalog.current().versions('X.1').map((r) => r.version)).to.deep.equal([1, 3]);
    expect(catalog.skipped).to.have.length(1);
    expect(catalog.skipped[0]).to.match(/^X\.1 version 2: /);
  });
});
