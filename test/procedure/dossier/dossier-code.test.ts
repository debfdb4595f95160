import { expect } from 'chai';
import { ErrorCode, MotcuaError } from '../../../engine/errors.ts';
import { DossierCodePattern } from '../../../engine/procedure/dossier/dossier-code.ts';
import { DossierService } from '../../../engine/procedure/dossier/DossierService.ts';
import { openStore } from '../../../engine/store/index.ts';
import { deskInput, startHarness } from '../support/engine-harness.ts';
import { fixtureCatalog, vn } from '../support/sample-dossier.ts';

const ZONE = 'Asia/Ho_Chi_Minh';

function patternError(pattern: string): MotcuaError {
  try {
    new DossierCodePattern(pattern);
  } catch (error) {
    return error as MotcuaError;
  }
  throw new Error(`${pattern} was accepted`);
}

describe('engine/procedure/dossier/dossier-code', () => {
  it('formats the TT 01/2018 default: <agency>-<YYMMDD>-<NNNN>', () => {
    // given the default pattern
    const pattern = new DossierCodePattern();
    // when the 99th dossier of 21/09/2022 is coded
    const code = pattern.format('000.00.53.H48', vn('2022-09-21T10:00'), ZONE, 99);
    // then it reads like the DOMAIN example
    expect(code).to.equal('000.00.53.H48-220921-0099');
  });

  it('dates the code in Hà Nội, not UTC (00:30 on the 22nd there is still the 21st in UTC)', () => {
    // given an instant that is the 22nd in UTC+7 but the 21st in UTC
    const pattern = new DossierCodePattern();
    // when coded just after local midnight
    const code = pattern.format('000.00.53.H48', vn('2022-09-22T00:30'), ZONE, 1);
    // then the local date is used
    expect(code).to.equal('000.00.53.H48-220922-0001');
  });

  it('keeps one daily sequence per agency in store counters', async () => {
    // given the embedded store and the default pattern
    const store = await openStore('sqlite::memory:');
    const pattern = new DossierCodePattern();
    const mint = async (agency: string, local: string) => {
      const at = vn(local);
      return pattern.format(agency, at, ZONE, await store.nextCounter(pattern.counterKey(agency, at, ZONE)));
    };
    // when two agencies receive on one day, and one of them again the next day
    const codes = [
      await mint('000.00.53.H48', '2026-10-05T08:00'),
      await mint('000.00.53.H48', '2026-10-05T09:00'),
      await mint('G09.20', '2026-10-05T09:30'),
      await mint('000.00.53.H48', '2026-10-06T08:00'),
    ];
    await store.close();
    // then each agency counts on its own and the count restarts each day
    expect(codes).to.deep.equal(['000.00.53.H48-261005-0001', '000.00.53.H48-261005-0002', 'G09.20-261005-0001', '000.00.53.H48-261006-0001']);
    expect(pattern.counterKey('000.00.53.H48', vn('2026-10-05T08:00'), ZONE)).to.equal('dossier:000.00.53.H48:261005');
  });

  it('supports a TT 03/2025-like pattern and never cuts a sequence longer than its width', () => {
    // given a pattern with a full year date and a 7-digit sequence, and a 2-digit one
    const long = new DossierCodePattern('{agency}-{YYYYMMDD}-{NNNNNNN}');
    const short = new DossierCodePattern('{agency}/{YYYY}/{NN}');
    // when coded
    // then the format follows and a sequence past the width keeps all its digits
    expect(long.format('G09.20', vn('2026-06-09T10:00'), ZONE, 92637)).to.equal('G09.20-20260609-0092637');
    expect(short.format('X', vn('2026-06-09T10:00'), ZONE, 123)).to.equal('X/2026/123');
    expect(short.counterKey('X', vn('2026-06-09T10:00'), ZONE)).to.equal('dossier:X:2026');
  });

  it('rejects patterns that could repeat a code, naming codePattern', () => {
    // given patterns without an agency, with two sequences, an unknown token, a day without its year, nothing at all
    const cases: [string, RegExp][] = [
      ['{YYMMDD}-{NNNN}', /needs \{agency\}/],
      ['{agency}-{NNNN}-{NN}', /exactly one sequence/],
      ['{agency}-{DDMMYY}-{NNNN}', /unknown token \{DDMMYY\}/],
      ['{agency}-{MM}{DD}-{NNNN}', /needs the month and the year/],
      ['{agency}-{YYMMDD-{NNNN}', /unknown token|without its/],
      ['', /must not be empty/],
    ];
    for (const [pattern, message] of cases) {
      // when parsed
      const error = patternError(pattern);
      // then the error says what is wrong and names the setting
      expect(error.code, pattern).to.equal(ErrorCode.InvalidInput);
      expect(error.field, pattern).to.equal('codePattern');
      expect(error.message, pattern).to.match(message);
    }
  });

  it('makes the dossier service fail at construction on an invalid pattern', async () => {
    // given an engine
    const harness = await startHarness();
    // when a service is configured with a pattern lacking a sequence
    const build = () => new DossierService({ engine: harness.engine, store: harness.engine.store, catalog: fixtureCatalog(), clock: harness.clock, codePattern: '{agency}-{YYMMDD}' });
    // then it refuses at once
    expect(build).to.throw(MotcuaError, /exactly one sequence/);
    await harness.close();
  });

  it('never reuses a number, even when the start that took it failed', async () => {
    // given a catalog whose second procedure runs a process that is not deployed
    const broken = { ...fixtureCatalog().get('1.001612', 1)!, code: '9.000001', process: { key: 'Process_Missing' } };
    const harness = await startHarness({ records: [...fixtureCatalog().exportJson().procedures, broken] });
    // when one dossier is received, one fails to start, and one more is received
    const first = await harness.service.receive(deskInput());
    const failed = await harness.service.receive(deskInput('9.000001')).catch((error: MotcuaError) => error);
    const third = await harness.service.receive(deskInput());
    await harness.close();
    // then the failed start's number is skipped, not handed out again
    expect(failed).to.be.instanceOf(MotcuaError).with.property('code', ErrorCode.ProcessNotFound);
    expect([first.code, third.code]).to.deep.equal(['000.00.53.H48-261005-0001', '000.00.53.H48-261005-0003']);
  });
});
