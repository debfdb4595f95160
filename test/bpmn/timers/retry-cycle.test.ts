import { expect } from 'chai';
import { parseRetryCycle, retryWait } from '../../../engine/bpmn/timers/retry-cycle.ts';

describe('engine/bpmn/timers/retry-cycle', () => {
  it('reads R3/PT10M as three attempts ten minutes apart', () => {
    // given / when
    const parsed = parseRetryCycle('R3/PT10M');
    // then
    expect(parsed).to.deep.equal({ value: { attempts: 3, waits: ['PT10M'] } });
    if ('value' in parsed) expect([1, 2].map((n) => retryWait(parsed.value, n))).to.deep.equal(['PT10M', 'PT10M']);
  });

  it('reads a list of waits as one attempt per wait, the n-th failure waiting the n-th one', () => {
    // given / when
    const parsed = parseRetryCycle('PT1M, PT5M,PT30M');
    // then
    expect(parsed).to.deep.equal({ value: { attempts: 3, waits: ['PT1M', 'PT5M', 'PT30M'] } });
    if ('value' in parsed) expect([1, 2, 3].map((n) => retryWait(parsed.value, n))).to.deep.equal(['PT1M', 'PT5M', 'PT30M']);
  });

  it('refuses no attempt, a bad wait and a date, saying what is expected', () => {
    // given texts that are not retry cycles
    const texts = ['R0/PT10M', 'R3/10 minutes', 'R3/2025-03-03T08:00:00Z', ''];
    // when they are read
    const problems = texts.map((text) => parseRetryCycle(text)).map((parsed) => ('problem' in parsed ? parsed.problem : 'read'));
    // then each is a problem quoting the text and the expected form
    expect(problems[0]).to.contain('"R0/PT10M" allows no attempt');
    for (const problem of problems) expect(problem).to.contain('R3/PT10M');
  });
});
