/**
 * The crash test's checks cannot pass on a run that did nothing: an empty store and no reported
 * activity fail on the minimum load, the kills and nothing else.
 */
import { expect } from 'chai';
import { openStore } from '../../engine/store/index.ts';
import { emptyReport, MINIMUM_LOAD, verifyCrashRun, type Reported } from './verify.ts';

/** What engine processes that reported nothing (but `given`) would have said. */
function report(given: Partial<Reported> = {}): Reported {
  return { ...emptyReport(), ...given };
}

describe('test/crash/verify: verifyCrashRun', function () {
  it('fails a run that started nothing and was never killed', async function () {
    // given an empty store and engine processes that reported nothing
    const store = await openStore('sqlite::memory:');
    const reported = report();

    // when it is verified
    const result = await verifyCrashRun(store, reported, { now: Date.now(), finishStartedAt: Date.now() });
    await store.close();

    // then every minimum and the kills are reported missing, and nothing else
    expect(result.violations).to.deep.equal([
      `too little activity while being killed: 0 instances started, at least ${MINIMUM_LOAD.started} wanted`,
      `too little activity while being killed: 0 dossiers completed, at least ${MINIMUM_LOAD.completed} wanted`,
      `too little activity while being killed: 0 timers fired, at least ${MINIMUM_LOAD.timersFired} wanted`,
      `too little activity while being killed: 0 called instances started, at least ${MINIMUM_LOAD.calledInstances} wanted`,
      `too little activity while being killed: 0 call activities returned, at least ${MINIMUM_LOAD.calledInstances} wanted`,
      `too little activity while being killed: 0 thrown messages received, at least ${MINIMUM_LOAD.messages} wanted`,
      `too little activity while being killed: 0 signals received, at least ${MINIMUM_LOAD.signals} wanted`,
      'only 0 SIGKILLs, at least 20 wanted',
      '0 kills during start-up, one wanted',
      'only 0 kills right after a commit, at least 3 wanted',
      'only 0 kills while jobs were firing, at least 3 wanted',
    ]);
  });

  it('fails a run where most starts failed', async function () {
    // given one start that succeeded and two that failed
    const store = await openStore('sqlite::memory:');
    const reported = report({ started: new Set(['x']), startFailures: new Map([['STORE_UNAVAILABLE', 2]]) });

    // when it is verified
    const result = await verifyCrashRun(store, reported, { now: Date.now(), finishStartedAt: Date.now() });
    await store.close();

    // then the failed starts are a violation of their own
    expect(result.violations).to.include('2 starts failed and only 1 succeeded');
    expect(result.lines.find((line) => line.startsWith('starts:'))).to.equal('starts: 1 reported, 2 failed (2 STORE_UNAVAILABLE)');
  });
});
