import { expect } from 'chai';
import { ManualClock } from '../../engine/scenario/manual-clock.ts';

describe('engine/scenario - manual-clock', () => {
  it('stands still until set, and moves forward only', () => {
    // given
    const start = Date.parse('2025-03-03T08:00:00+07:00');
    const clock = new ManualClock(start);
    // when
    clock.set(start + 1000);
    clock.set(start + 1000);
    // then
    expect(clock.now()).to.equal(start + 1000);
    expect(() => clock.set(start)).to.throw(RangeError, 'the clock cannot go back from 2025-03-03T01:00:01.000Z to 2025-03-03T01:00:00.000Z');
  });
});
