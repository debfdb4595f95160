import { expect } from 'chai';
import type { BusinessCalendar } from '../../../engine/bpmn/timers/calendar.ts';
import { ErrorCode, isMotcuaError } from '../../../engine/errors.ts';
import { defaultCalendarConfig } from '../../../engine/procedure/calendar/calendar-config.ts';
import { SEED_YEARS } from '../../../engine/procedure/calendar/seed.ts';
import { WorkingCalendar } from '../../../engine/procedure/calendar/working-calendar.ts';
import { local, seedCalendar, vn } from './vn-time.ts';

describe('engine/procedure/calendar/working-calendar', () => {
  const calendar = seedCalendar();

  it('is a BusinessCalendar with id "vn"', () => {
    // given the seed calendar
    // when used through the BPMN core's interface
    const core: BusinessCalendar = calendar;
    // then it answers under its stable name
    expect(core.id).to.equal('vn');
    expect(local(core.addWorkingDays(vn('2026-10-05T09:00'), 10))).to.equal('Mon 2026-10-19T17:00');
  });

  describe('addWorkingDays', () => {
    it('DOMAIN §3.1: 10 working days from Mon 05/10/2026 are due Mon 19/10/2026 17:00', () => {
      // given a dossier accepted on Monday morning
      // when 10 working days are added (the acceptance day not counted)
      const due = calendar.deadline(vn('2026-10-05T09:00'), { value: 10, unit: 'WORKING_DAYS' });
      // then it is due at the close of the 10th working day
      expect(local(due)).to.equal('Mon 2026-10-19T17:00');
    });

    it('DOMAIN §3.1: 3 working days from Wed 29/04/2026 10:00 skip 30/4, 1/5 and the weekend → Wed 06/05 17:00', () => {
      // given a dossier accepted the day before the April holidays
      // when 3 working days are counted
      const due = calendar.deadline(vn('2026-04-29T10:00'), { value: 3, unit: 'WORKING_DAYS' });
      // then Mon 04, Tue 05, Wed 06/05 are the three days
      expect(local(due)).to.equal('Wed 2026-05-06T17:00');
    });

    it('counts the make-up Saturday 10/01/2026 and skips the swapped Friday 02/01', () => {
      // given a dossier accepted Wed 31/12/2025
      // when 3 working days are counted
      const due = calendar.addWorkingDays(vn('2025-12-31T09:00'), 3);
      // then 01/01 and 02/01 are off, Sun 04/01 too: Mon 05, Tue 06, Wed 07/01
      expect(local(due)).to.equal('Wed 2026-01-07T17:00');
      // and from Fri 09/01, the first working day is the make-up Saturday
      expect(local(calendar.addWorkingDays(vn('2026-01-09T09:00'), 1))).to.equal('Sat 2026-01-10T17:00');
    });

    it('skips the compensatory Monday after Giỗ Tổ 2026 and after Labour Day 2027', () => {
      // given acceptances on the Friday before each
      // when 1 working day is added
      // then the next working day is Tuesday
      expect(local(calendar.addWorkingDays(vn('2026-04-24T09:00'), 1))).to.equal('Tue 2026-04-28T17:00');
      expect(local(calendar.addWorkingDays(vn('2027-04-29T09:00'), 1))).to.equal('Tue 2027-05-04T17:00');
    });

    it('applies the cut-off to acceptance when set: accepted 16:00 counts from the next working day', () => {
      // given an acceptance at 16:00, after the 15:00 cut-off
      const at = vn('2026-10-05T16:00');
      // when a 1-working-day period is counted with and without the setting
      const withCutoff = calendar.deadline(at, { value: 1, unit: 'WORKING_DAYS' });
      const without = new WorkingCalendar({ ...calendar.config, applyCutoffToAcceptance: false }).deadline(at, {
        value: 1,
        unit: 'WORKING_DAYS',
      });
      // then Tuesday is the acceptance day with it (due Wed), Tuesday is day 1 without it
      expect(local(withCutoff)).to.equal('Wed 2026-10-07T17:00');
      expect(local(without)).to.equal('Tue 2026-10-06T17:00');
    });

    it('applies the cut-off to working-hour periods too: 8 h accepted 16:00 run from Tuesday 07:30', () => {
      // given an acceptance at 16:00, after the 15:00 cut-off, of an 8-working-hour procedure
      const at = vn('2026-10-05T16:00');
      // when the period is counted with the setting, and with a procedure that turns it off
      const withCutoff = calendar.deadline(at, { value: 8, unit: 'WORKING_HOURS' });
      const without = calendar.deadline(at, { value: 8, unit: 'WORKING_HOURS' }, { applyCutoffToAcceptance: false });
      // then with it the 8 h are Tuesday's whole office day (07:30–11:30, 13:30–17:00 = 7.5 h) and 0.5 h on Wednesday;
      // without it the last hour of Monday counts (16:00–17:00) and 7 h follow on Tuesday
      expect(local(withCutoff)).to.equal('Wed 2026-10-07T08:00');
      expect(local(without)).to.equal('Tue 2026-10-06T16:30');
    });

    it('takes a procedure\'s cut-off time and setting over the calendar\'s', () => {
      // given an acceptance at 14:00, before the calendar's 15:00 cut-off
      const at = vn('2026-10-05T14:00');
      // when a procedure whose cut-off is 13:30 counts 1 working day, with and without its setting
      const early = calendar.deadline(at, { value: 1, unit: 'WORKING_DAYS' }, { cutoffTime: '13:30' });
      const off = calendar.deadline(at, { value: 1, unit: 'WORKING_DAYS' }, { cutoffTime: '13:30', applyCutoffToAcceptance: false });
      // then its own cut-off moves the acceptance to Tuesday, unless it turned the rule off
      expect(local(early)).to.equal('Wed 2026-10-07T17:00');
      expect(local(off)).to.equal('Tue 2026-10-06T17:00');
    });
  });

  describe('sameDay', () => {
    it('DOMAIN §3.1: received Fri 13/02/2026 15:30, after the cut-off, is due after the Tết break, Mon 23/02', () => {
      // given a same-day procedure received after 15:00 on the last day before Tết
      // when its due instant is computed
      const due = calendar.deadline(vn('2026-02-13T15:30'), { value: 0, unit: 'SAME_DAY' });
      // then it is the close of the next working day
      expect(local(due)).to.equal('Mon 2026-02-23T17:00');
    });

    it('is due the same day when received by the cut-off, and honours a procedure cut-off', () => {
      // given receptions at 14:59 and at 15:00 sharp
      // when due instants are computed
      // then both are due at today's close
      expect(local(calendar.sameDay(vn('2026-10-05T14:59')))).to.equal('Mon 2026-10-05T17:00');
      expect(local(calendar.sameDay(vn('2026-10-05T15:00')))).to.equal('Mon 2026-10-05T17:00');
      // and a procedure with a 10:00 cut-off moves an 11:00 reception to the next day
      expect(local(calendar.sameDay(vn('2026-10-05T11:00'), { cutoffTime: '10:00' }))).to.equal('Tue 2026-10-06T17:00');
    });

    it('moves a weekend reception to the next working day', () => {
      // given an online dossier received on Sunday morning
      // when due the same day
      // then it is due Monday
      expect(local(calendar.sameDay(vn('2026-10-04T09:00')))).to.equal('Mon 2026-10-05T17:00');
    });
  });

  describe('addWorkingHours', () => {
    it('counts across lunch: 10:00 + 3 h = 15:00', () => {
      // given a start at 10:00 on a working day
      // when 3 working hours are added (1.5 h before lunch, 1.5 h after)
      // then the two-hour lunch is skipped
      expect(local(calendar.addWorkingHours(vn('2026-10-05T10:00'), 3))).to.equal('Mon 2026-10-05T15:00');
    });

    it('counts across the night and the weekend: Fri 16:00 + 2 h = Mon 08:30', () => {
      // given a start one hour before Friday's close
      // when 2 working hours are added
      // then the second hour is Monday's first
      expect(local(calendar.addWorkingHours(vn('2026-10-09T16:00'), 2))).to.equal('Mon 2026-10-12T08:30');
    });

    it('starts a lunchtime or night-time request at the next session and stops exactly at a close', () => {
      // given starts at 12:00 and at 20:00
      // when 3.5 h and 8 h are added
      // then the first ends at 17:00 that day; from the night, 7.5 h is the whole next day and 4 h its morning
      expect(local(calendar.addWorkingHours(vn('2026-10-05T12:00'), 3.5))).to.equal('Mon 2026-10-05T17:00');
      expect(local(calendar.addWorkingHours(vn('2026-10-05T20:00'), 7.5))).to.equal('Tue 2026-10-06T17:00');
      expect(local(calendar.addWorkingHours(vn('2026-10-05T20:00'), 4))).to.equal('Tue 2026-10-06T11:30');
    });
  });

  describe('addCalendarDays', () => {
    it('Civil Code Art. 147–148: the first day is not counted; a last day off moves to the next working day', () => {
      // given an acceptance Mon 05/10/2026
      // when 5 and 4 calendar days are counted
      // then 5 days end Sat 10/10 → Mon 12/10; 4 days end Fri 09/10
      expect(local(calendar.addCalendarDays(vn('2026-10-05T09:00'), 5))).to.equal('Mon 2026-10-12T17:00');
      expect(local(calendar.addCalendarDays(vn('2026-10-05T09:00'), 4))).to.equal('Fri 2026-10-09T17:00');
    });

    it('can end at 24:00 instead of the office close', () => {
      // given a calendar whose periods in days end at midnight
      const midnight = new WorkingCalendar({ ...calendar.config, calendarDaysEndAt: 'MIDNIGHT' });
      // when 4 days are counted from Mon 05/10/2026
      const due = midnight.addCalendarDays(vn('2026-10-05T09:00'), 4);
      // then the period ends at the very end of Fri 09/10
      expect(due).to.equal(vn('2026-10-10T00:00') - 1);
    });

    it('counts "ngày" as calendar days in deadline(), never as working days', () => {
      // given a 15-day procedure accepted Wed 29/04/2026 10:00
      // when its deadline is computed in DAYS and in WORKING_DAYS
      const days = calendar.deadline(vn('2026-04-29T10:00'), { value: 15, unit: 'DAYS' });
      const workingDays = calendar.deadline(vn('2026-04-29T10:00'), { value: 15, unit: 'WORKING_DAYS' });
      // then they differ: Thu 14/05 against Fri 22/05
      expect(local(days)).to.equal('Thu 2026-05-14T17:00');
      expect(local(workingDays)).to.equal('Fri 2026-05-22T17:00');
    });
  });

  describe('addDuration', () => {
    it('adds ISO 8601 durations in calendar time', () => {
      // given Sat 31/01/2026 10:00
      // when P1M, P3D and PT2H are added
      // then weekends and holidays do not matter
      const from = vn('2026-01-31T10:00');
      expect(local(calendar.addDuration(from, 'P1M'))).to.equal('Sat 2026-02-28T10:00');
      expect(local(calendar.addDuration(from, 'P3D'))).to.equal('Tue 2026-02-03T10:00');
      expect(local(calendar.addDuration(from, 'PT2H'))).to.equal('Sat 2026-01-31T12:00');
    });

    it('rejects a malformed duration', () => {
      // given "3 days"
      // when added
      // then the error names the argument
      expect(() => calendar.addDuration(0, '3 days'))
        .to.throw()
        .that.satisfies((e: unknown) => isMotcuaError(e, ErrorCode.InvalidInput) && e.field === 'isoDuration');
    });
  });

  describe('effectiveAcceptance and nextWorkingInstant', () => {
    it('moves an acceptance after the cut-off or on a day off to the next working day 07:30', () => {
      // given acceptances at 15:30 on Friday 13/02/2026 and on Saturday 14/02
      // when their effective instants are computed
      // then both count from Mon 23/02 07:30, after the Tết break
      expect(local(calendar.effectiveAcceptance(vn('2026-02-13T15:30')))).to.equal('Mon 2026-02-23T07:30');
      expect(local(calendar.effectiveAcceptance(vn('2026-02-14T09:00')))).to.equal('Mon 2026-02-23T07:30');
    });

    it('keeps an acceptance before the cut-off on its day, moving lunch or early morning to the next session', () => {
      // given acceptances at 06:45, 12:15 and 14:00 on a Monday
      // when their effective instants are computed
      // then the day is kept
      expect(local(calendar.effectiveAcceptance(vn('2026-10-05T06:45')))).to.equal('Mon 2026-10-05T07:30');
      expect(local(calendar.effectiveAcceptance(vn('2026-10-05T12:15')))).to.equal('Mon 2026-10-05T13:30');
      expect(local(calendar.effectiveAcceptance(vn('2026-10-05T14:00')))).to.equal('Mon 2026-10-05T14:00');
    });

    it('finds the next working instant over lunch, night and holidays', () => {
      // given instants at lunch, inside a session, and on 30/04/2026
      // when the next working instant is asked
      // then lunch goes to 13:30, a session instant stays, the holiday goes to Mon 04/05 07:30
      expect(local(calendar.nextWorkingInstant(vn('2026-10-05T11:45')))).to.equal('Mon 2026-10-05T13:30');
      expect(local(calendar.nextWorkingInstant(vn('2026-10-05T09:10')))).to.equal('Mon 2026-10-05T09:10');
      expect(local(calendar.nextWorkingInstant(vn('2026-04-30T09:00')))).to.equal('Mon 2026-05-04T07:30');
    });
  });

  describe('workingTimeBetween', () => {
    it('counts the working days after the start day and the office time in between', () => {
      // given Mon 05/10/2026 09:00 to Thu 08/10/2026 10:00
      // when the working time is measured
      const used = calendar.workingTimeBetween(vn('2026-10-05T09:00'), vn('2026-10-08T10:00'));
      // then 3 days (6, 7, 8/10) and 6 h (Mon) + 7.5 h × 2 + 2.5 h (Thu) = 23.5 h of office time
      expect(used).to.deep.equal({ workingDays: 3, workingMs: 23.5 * 3_600_000 });
    });
  });

  describe('a Saturday-morning desk', () => {
    it('counts Saturday as a working day that closes at 11:30', () => {
      // given a desk that works Saturday 07:30–11:30 and rests on Sunday
      const desk = new WorkingCalendar({
        ...defaultCalendarConfig(SEED_YEARS),
        weeklyRestDays: ['SUN'],
        weekdaySessions: { SAT: [{ start: '07:30', end: '11:30' }] },
      });
      // when 1 working day is added from Friday, and a same-day request arrives Saturday at 11:45
      // then Saturday is the due day, closing at 11:30; the late Saturday request is due Monday
      expect(local(desk.addWorkingDays(vn('2026-10-09T09:00'), 1))).to.equal('Sat 2026-10-10T11:30');
      expect(local(desk.sameDay(vn('2026-10-10T11:45')))).to.equal('Mon 2026-10-12T17:00');
      expect(local(desk.addWorkingHours(vn('2026-10-10T11:00'), 1))).to.equal('Mon 2026-10-12T08:00');
    });
  });

  describe('years not declared', () => {
    it('refuses to count into a year without data, naming the year', () => {
      // given the seed (2025–2027)
      // when a date of 2031 is asked, or a deadline runs past 31/12/2027
      // then CalendarYearMissing names the year and the field
      const expectMissing = (act: () => unknown, year: number) =>
        expect(act)
          .to.throw(`Lịch làm việc năm ${year} chưa được khai báo`)
          .that.satisfies(
            (e: unknown) => isMotcuaError(e, ErrorCode.CalendarYearMissing) && e.field === `years[${year}]`,
          );
      expectMissing(() => calendar.isWorkingDay('2031-03-02'), 2031);
      expectMissing(() => calendar.addWorkingDays(vn('2027-12-20T09:00'), 10), 2028);
    });
  });
});
