import { expect } from 'chai';
import { ErrorCode } from '../../../engine/errors.ts';
import { calendarDays } from '../../../engine/bpmn/timers/index.ts';

const ms = (iso: string): number => Date.parse(iso);

describe('engine/bpmn/timers - calendar-days', () => {
  it('is called calendar-days and counts in Asia/Ho_Chi_Minh unless told otherwise', () => {
    // given / when
    const calendar = calendarDays();
    // then
    expect(calendar.id).to.equal('calendar-days');
    expect(calendar.zone).to.equal('Asia/Ho_Chi_Minh');
  });

  it('adds durations in its own zone: P1M from the same instant differs between UTC and +07:00', () => {
    // given 20:00 UTC on 31 January, already 03:00 on 1 February in Viet Nam
    const from = ms('2025-01-31T20:00:00Z');
    // when
    const inVietnam = calendarDays().addDuration(from, 'P1M');
    const inUtc = calendarDays('UTC').addDuration(from, 'P1M');
    // then
    expect(inVietnam).to.equal(ms('2025-03-01T03:00:00+07:00'));
    expect(inUtc).to.equal(ms('2025-02-28T20:00:00Z'));
  });

  it('counts N working days as N whole days at the same clock time, weekends included', () => {
    // given Wednesday 5 March 2025, 10:00
    const from = ms('2025-03-05T10:00:00+07:00');
    // when
    const due = calendarDays().addWorkingDays(from, 3);
    const sameDay = calendarDays().addWorkingDays(from, 0);
    // then Saturday 8 March counts like any day
    expect(due).to.equal(ms('2025-03-08T10:00:00+07:00'));
    expect(sameDay).to.equal(from);
  });

  it('counts working hours as plain hours, fractions included', () => {
    // given
    const from = ms('2025-03-05T16:00:00+07:00');
    // when
    const due = calendarDays().addWorkingHours(from, 2.5);
    // then
    expect(due).to.equal(ms('2025-03-05T18:30:00+07:00'));
  });

  it('refuses counts that are not a number of days or hours, and an unknown zone', () => {
    // given
    const calendar = calendarDays();
    const from = ms('2025-03-05T10:00:00+07:00');
    // when / then
    expect(() => calendar.addWorkingDays(from, 1.5)).to.throw(/workingDays\(1.5\): expected a whole number of days, 0 or more/);
    expect(() => calendar.addWorkingDays(from, -1)).to.throw(/workingDays\(-1\)/).with.property('code', ErrorCode.TimerInvalid);
    expect(() => calendar.addWorkingHours(from, Number.NaN)).to.throw(/workingHours\(NaN\): expected a number of hours, 0 or more/);
    expect(() => calendarDays('Mars/Olympus')).to.throw(/unknown time zone "Mars\/Olympus"/).with.property('code', ErrorCode.InvalidInput);
  });
});
