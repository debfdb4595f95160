import { expect } from 'chai';
import { formatValue } from '../../engine/scenario/format-value.ts';
import { formatResult, formatSummary } from '../../engine/scenario/report.ts';
import type { ScenarioResult } from '../../engine/scenario/scenario.ts';

const CWD = '/repo';

describe('engine/scenario - report', () => {
  it('prints "ok  <name>" for a passed scenario', () => {
    // given
    const result: ScenarioResult = { name: 'review ends', file: '/repo/a.scenario.yaml', ok: true };
    // when / then
    expect(formatResult(result, CWD)).to.deep.equal(['ok  review ends']);
  });

  it('prints FAIL, then the step, the expectation, expected, found and the file, indented', () => {
    // given
    const result: ScenarioResult = {
      name: 'reminder appears',
      file: '/repo/processes/reminder.scenario.yaml',
      ok: false,
      failure: {
        step: 3,
        expectation: 'expect.active',
        expected: ['Task_A', 'Timer_1'],
        found: ['Task_A'],
        message: 'missing Timer_1',
      },
    };
    // when / then
    expect(formatResult(result, CWD)).to.deep.equal([
      'FAIL reminder appears',
      '    steps[3] expect.active: missing Timer_1',
      '    expected: [Task_A, Timer_1]',
      '    found:    [Task_A]',
      '    in processes/reminder.scenario.yaml',
    ]);
  });

  it('prints a failure to start as "start"', () => {
    // given
    const result: ScenarioResult = {
      name: 'starts',
      file: 'x.scenario.yaml',
      ok: false,
      failure: { step: 'start', expectation: 'start', expected: 'start accepted by the engine', found: 'EXPRESSION_FAILED', message: 'EXPRESSION_FAILED: boom' },
    };
    // when / then
    expect(formatResult(result, CWD).slice(0, 2)).to.deep.equal(['FAIL starts', '    start: EXPRESSION_FAILED: boom']);
  });

  it('prints ERROR with the file and one line per problem for unusable input', () => {
    // given
    const result: ScenarioResult = {
      name: '/repo/t/typo.scenario.yaml',
      file: '/repo/t/typo.scenario.yaml',
      ok: false,
      problems: ['steps[2].expect.tasks[0].asignee: unknown key', 'start.at: required'],
    };
    // when / then
    expect(formatResult(result, CWD)).to.deep.equal([
      'ERROR t/typo.scenario.yaml',
      '    steps[2].expect.tasks[0].asignee: unknown key',
      '    start.at: required',
    ]);
  });

  it('ends with "N passed, M failed", unusable files counted as failed', () => {
    // given
    const results: ScenarioResult[] = [
      { name: 'a', file: 'a', ok: true },
      { name: 'b', file: 'b', ok: false },
      { name: 'c', file: 'c', ok: false, problems: ['x: unknown key'] },
    ];
    // when / then
    expect(formatSummary(results)).to.equal('1 passed, 2 failed');
    expect(formatSummary([])).to.equal('0 passed, 0 failed');
  });

  it('writes values the way a scenario writes them', () => {
    // given / when / then
    expect(formatValue(['Task_A', 'Timer 1'])).to.equal('[Task_A, "Timer 1"]');
    expect(formatValue({ approved: true, amount: 5, note: null })).to.equal('{ approved: true, amount: 5, note: null }');
    expect(formatValue('true')).to.equal('"true"');
    expect(formatValue('5')).to.equal('"5"');
    expect(formatValue('2025-03-06T17:00:00+07:00')).to.equal('2025-03-06T17:00:00+07:00');
    expect(formatValue('Nguyễn_An')).to.equal('Nguyễn_An');
    expect(formatValue(undefined)).to.equal('(none)');
    expect(formatValue({})).to.equal('{}');
  });
});
