import { expect } from 'chai';
import { local, seedCalendar, vn } from './vn-time.ts';

describe('engine/procedure/calendar/working-calendar supplements (PAUSE / RESET)', () => {
  const calendar = seedCalendar();
  // DOMAIN §3.3: 10 working days accepted Mon 05/10/2026, supplement requested Thu 08/10,
  // resubmitted Wed 14/10
  const pause = {
    period: { value: 10, unit: 'WORKING_DAYS' },
    acceptedAt: vn('2026-10-05T09:00'),
    pausedAt: vn('2026-10-08T10:00'),
    resumedAt: vn('2026-10-14T09:00'),
  } as const;

  it('PAUSE: 3 days used (6, 7, 8/10), so 7 are left', () => {
    // given the dossier above
    // when the clock stops at the supplement request
    const left = calendar.remainingAfterPause(pause.period, pause.acceptedAt, pause.pausedAt);
    // then the request day counts as used
    expect(left).to.deep.equal({ value: 7, unit: 'WORKING_DAYS' });
  });

  it('PAUSE: the 7 days run from Thu 15/10 → due Fri 23/10/2026 17:00', () => {
    // given the dossier above
    // when it is resubmitted (the resubmission day not counted)
    const due = calendar.resumeAfterSupplement({ ...pause, policy: 'PAUSE' });
    // then the rest of the period ends on Friday of the next week
    expect(local(due)).to.equal('Fri 2026-10-23T17:00');
  });

  it('RESET: a full 10 days from the resubmission → due Wed 28/10/2026 17:00', () => {
    // given the dossier above under a sector that resets
    // when it is resubmitted
    const due = calendar.resumeAfterSupplement({ ...pause, policy: 'RESET' });
    // then a fresh period runs
    expect(local(due)).to.equal('Wed 2026-10-28T17:00');
  });

  it('PAUSE in working hours keeps the office time used', () => {
    // given 8 working hours accepted Mon 05/10/2026 09:00, paused at 15:00 (2.5 h + 1.5 h = 4 h used)
    const period = { value: 8, unit: 'WORKING_HOURS' } as const;
    // when resumed Tue 06/10 at 09:00
    const due = calendar.resumeAfterSupplement({
      period,
      acceptedAt: vn('2026-10-05T09:00'),
      pausedAt: vn('2026-10-05T15:00'),
      resumedAt: vn('2026-10-06T09:00'),
      policy: 'PAUSE',
    });
    // then the remaining 4 h end at 15:00 (2.5 h until lunch, 1.5 h after it)
    expect(local(due)).to.equal('Tue 2026-10-06T15:00');
  });

  it('never leaves less than nothing: a pause on the due day gives until the close of the resubmission day', () => {
    // given 2 working days accepted Mon 05/10, paused on the due day Wed 07/10
    // when resubmitted Fri 09/10 at 09:00
    const due = calendar.resumeAfterSupplement({
      period: { value: 2, unit: 'WORKING_DAYS' },
      acceptedAt: vn('2026-10-05T09:00'),
      pausedAt: vn('2026-10-07T09:00'),
      resumedAt: vn('2026-10-09T09:00'),
      policy: 'PAUSE',
    });
    // then the dossier is due at that day's close
    expect(local(due)).to.equal('Fri 2026-10-09T17:00');
  });
});
