import { expect } from 'chai';
import { seedCalendar, vn } from './vn-time.ts';

// What is left of a period when the clock stops for a supplement; the due instant after the
// resubmission (PAUSE / RESET) is the dossier clock's (test/procedure/dossier/dossier-transition.test.ts).
describe('engine/procedure/calendar/working-calendar remainingAfterPause', () => {
  const calendar = seedCalendar();

  it('working days: accepted Mon 05/10/2026, paused Thu 08/10 → 3 days used (6, 7, 8/10), 7 of 10 left', () => {
    // given 10 working days accepted Monday
    // when the clock stops at the supplement request on Thursday
    const left = calendar.remainingAfterPause({ value: 10, unit: 'WORKING_DAYS' }, vn('2026-10-05T09:00'), vn('2026-10-08T10:00'));
    // then the request day counts as used
    expect(left).to.deep.equal({ value: 7, unit: 'WORKING_DAYS' });
  });

  it('working hours: the office time used is kept (2.5 h + 1.5 h of 8 h used by 15:00)', () => {
    // given 8 working hours accepted Mon 05/10/2026 09:00
    // when paused at 15:00
    const left = calendar.remainingAfterPause({ value: 8, unit: 'WORKING_HOURS' }, vn('2026-10-05T09:00'), vn('2026-10-05T15:00'));
    // then 4 h are left
    expect(left).to.deep.equal({ value: 4, unit: 'WORKING_HOURS' });
  });

  it('never leaves less than nothing: a pause on the due day leaves 0', () => {
    // given 2 working days accepted Mon 05/10
    // when paused on the due day Wed 07/10
    const left = calendar.remainingAfterPause({ value: 2, unit: 'WORKING_DAYS' }, vn('2026-10-05T09:00'), vn('2026-10-07T09:00'));
    // then nothing is left
    expect(left).to.deep.equal({ value: 0, unit: 'WORKING_DAYS' });
  });
});
