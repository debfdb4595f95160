/**
 * Start-up faults of the store and of agenda's backend: each is a MotcuaError whose one-line
 * message names the file or setting and says what to do; a file that is not a database, is
 * corrupt or is empty is never started over.
 */
import { mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ErrorCode, MotcuaError, isMotcuaError } from '../../engine/errors.ts';
import { openAgendaBackend } from '../../engine/store/agenda-backend.ts';
import { describeStore, openStore } from '../../engine/store/index.ts';
import { instanceRecord, unit } from './fixtures/records.ts';

async function startUpError(open: () => Promise<unknown>): Promise<MotcuaError> {
  try {
    await open();
  } catch (error) {
    expect(isMotcuaError(error), `a MotcuaError, got ${String(error)}`).to.equal(true);
    const typed = error as MotcuaError;
    expect(typed.message, 'one line').not.to.contain('\n');
    expect(typed.field).to.equal('MOTCUA_DB');
    return typed;
  }
  throw new Error('expected the store to refuse to open');
}

describe('engine/store start-up faults', function () {
  let root = '';
  beforeEach(function () {
    root = mkdtempSync(join(tmpdir(), 'motcua-faults-'));
  });
  afterEach(function () {
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses a file that is not a database, naming it, and leaves it as it was', async function () {
    // given a text file where the database should be
    const file = join(root, 'notes.db');
    const text = 'Sổ theo dõi hồ sơ — not a database\n'.repeat(100);
    writeFileSync(file, text);
    // when
    const error = await startUpError(() => openStore(`sqlite:${file}`));
    const agendaError = await startUpError(() => openAgendaBackend(`sqlite:${file}`));
    // then
    expect(error.code).to.equal(ErrorCode.StoreUnavailable);
    expect(error.message).to.contain(file).and.to.contain('not a SQLite database');
    expect(agendaError.message).to.contain(file).and.to.contain('not a SQLite database');
    expect(readFileSync(file, 'utf8')).to.equal(text);
  });

  it('refuses a corrupt database, naming it', async function () {
    // given a store whose schema page was overwritten
    const file = join(root, 'motcua.db');
    const store = await openStore(`sqlite:${file}`);
    await store.commit(unit(instanceRecord('i1'), 0));
    await store.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(3000, 0xa5), 0, 3000, 100);
    closeSync(fd);
    // when
    const error = await startUpError(() => openStore(`sqlite:${file}`));
    // then
    expect(error.message).to.contain(file).and.to.match(/corrupt|not a SQLite database/);
  });

  it('refuses an empty (0-byte) file unless MOTCUA_DB_INIT=1 says to initialise it', async function () {
    // given an empty file, as a truncated store would be
    const file = join(root, 'motcua.db');
    writeFileSync(file, '');
    // when opened as it is
    const error = await startUpError(() => openStore(`sqlite:${file}`, {}));
    // then it is refused, and still empty
    expect(error.message).to.contain(file).and.to.contain('MOTCUA_DB_INIT=1');
    expect(statSync(file).size).to.equal(0);
    // and when told to initialise it, it becomes a store
    const store = await openStore(`sqlite:${file}`, { MOTCUA_DB_INIT: '1' });
    await store.commit(unit(instanceRecord('i1'), 0));
    expect((await store.getInstance('i1'))?.revision).to.equal(1);
    await store.close();
  });

  it('creates a new store where no file exists by linking it into place with its schema (never a 0-byte file)', async function () {
    // when
    const file = join(root, 'new', 'motcua.db');
    const store = await openStore(`sqlite:${file}`);
    // then the file holds the schema and nothing of its making is left beside it
    expect(statSync(file).size).to.be.greaterThan(0);
    expect(readdirSync(join(root, 'new')).filter((name) => !name.startsWith('motcua.db'))).to.deep.equal([]);
    expect(readdirSync(join(root, 'new')).filter((name) => name.includes('creating'))).to.deep.equal([]);
    await store.close();
  });

  it('says which folder cannot be created, for the store and for agenda', async function () {
    // given a path that goes through a regular file
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'x');
    const url = `sqlite:${join(blocker, 'data', 'motcua.db')}`;
    // when
    const error = await startUpError(() => openStore(url));
    const agendaError = await startUpError(() => openAgendaBackend(url));
    // then
    expect(error.message).to.contain(join(blocker, 'data')).and.to.contain('MOTCUA_DB=sqlite:');
    expect(agendaError.message).to.contain(join(blocker, 'data')).and.to.contain('MOTCUA_DB=sqlite:');
  });

  it('names an unknown MOTCUA_DB and what it may be', async function () {
    const error = await startUpError(() => openStore('sqlte:./data/motcua.db'));
    expect(error.code).to.equal(ErrorCode.InvalidInput);
    expect(error.message).to.contain('MOTCUA_DB="sqlte:./data/motcua.db"').and.to.contain('sqlite:<file path>');
  });

  it('shows a SQLite store by its absolute path and a MongoDB one without credentials', function () {
    expect(describeStore('sqlite:./data/motcua.db')).to.equal(`SQLite ${join(process.cwd(), 'data', 'motcua.db')}`);
    expect(describeStore('mongodb://motcua:secret@db1:27017/motcua?replicaSet=rs0')).to.equal('mongodb://…@db1:27017/motcua?replicaSet=rs0');
  });
});
