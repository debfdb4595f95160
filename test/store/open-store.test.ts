import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ErrorCode, isMotcuaError } from '../../engine/errors.ts';
import { DEFAULT_STORE_URL, configuredSqliteSync, configuredStoreUrl, openStore } from '../../engine/store/index.ts';
import { SqliteStore } from '../../engine/store/sqlite/SqliteStore.ts';
import { instanceRecord, unit } from './fixtures/records.ts';

describe('engine/store/index openStore', function () {
  it('reads MOTCUA_DB, defaulting to ./data/motcua.db', function () {
    expect(DEFAULT_STORE_URL).to.equal('sqlite:./data/motcua.db');
    expect(configuredStoreUrl({})).to.equal(DEFAULT_STORE_URL);
    expect(configuredStoreUrl({ MOTCUA_DB: '  ' })).to.equal(DEFAULT_STORE_URL);
    expect(configuredStoreUrl({ MOTCUA_DB: 'sqlite::memory:' })).to.equal('sqlite::memory:');
  });

  it('keeps SQLite commits durable across a power cut (FULL) unless MOTCUA_SQLITE_SYNC says NORMAL', function () {
    expect(configuredSqliteSync({})).to.equal('FULL');
    expect(configuredSqliteSync({ MOTCUA_SQLITE_SYNC: 'full' })).to.equal('FULL');
    expect(configuredSqliteSync({ MOTCUA_SQLITE_SYNC: ' normal ' })).to.equal('NORMAL');
  });

  it('refuses a durability level it does not offer, naming the setting', async function () {
    // when OFF (which could corrupt the file on a power cut) is asked for
    let error: unknown;
    try {
      await openStore('sqlite::memory:', { MOTCUA_SQLITE_SYNC: 'OFF' });
    } catch (caught) {
      error = caught;
    }
    // then
    expect(isMotcuaError(error, ErrorCode.InvalidInput)).to.equal(true);
    expect((error as { field?: string }).field).to.equal('MOTCUA_SQLITE_SYNC');
    expect((error as Error).message).to.contain('FULL').and.to.contain('NORMAL');
  });

  it('opens a private in-memory SQLite store for sqlite::memory:', async function () {
    // when
    const a = await openStore('sqlite::memory:');
    const b = await openStore('sqlite::memory:');
    await a.commit(unit(instanceRecord('i1'), 0));
    // then
    expect(a).to.be.instanceOf(SqliteStore);
    expect(await b.getInstance('i1')).to.equal(undefined);
    await a.close();
    await b.close();
  });

  it('creates the folders of a SQLite file path', async function () {
    // given
    const root = mkdtempSync(join(tmpdir(), 'motcua-open-'));
    const file = join(root, 'nested', 'deeper', 'motcua.db');
    try {
      // when
      const store = await openStore(`sqlite:${file}`);
      await store.close();
      // then
      expect(existsSync(file)).to.equal(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('rejects an unknown URL naming the setting, without echoing credentials', async function () {
    let error: unknown;
    try {
      await openStore('postgres://user:secret@host/db');
    } catch (caught) {
      error = caught;
    }
    expect(isMotcuaError(error, ErrorCode.InvalidInput)).to.equal(true);
    expect((error as { field?: string }).field).to.equal('MOTCUA_DB');
    expect(String((error as Error).message)).not.to.contain('secret');
  });
});
