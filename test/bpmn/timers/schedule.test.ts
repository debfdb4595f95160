import { expect } from 'chai';
import { ErrorCode, MotcuaError } from '../../../engine/errors.ts';
import { TimerKind } from '../../../engine/bpmn/model.ts';
import type { BusinessCalendar } from '../../../engine/bpmn/timers/calendar.ts';
import {
  calendarDays,
  checkTimer,
  nextCycle,
  scheduleTimer,
  type TimerSchedule,
} from '../../../engine/bpmn/timers/index.ts';

const ms = (iso: string): number => Date.parse(iso);
const MINUTE = 60_000;
const NOW = ms('2025-03-03T08:00:00+07:00');
const vn = calendarDays();

/** A calendar whose durations are one second, whatever the text: proves the hook does the counting. */
function recordingCalendar(): BusinessCalendar & { readonly added: [number, string][] } {
  const added: [number, string][] = [];
  const unused = (): never => {
    throw new Error('not part of this contract');
  };
  return {
    id: 'recording',
    added,
    addDuration: (from, isoDuration) => {
      added.push([from, isoDuration]);
      return from + 1000;
    },
    addWorkingDays: unused,
    addWorkingHours: unused,
  };
}

/** Fires a cycle until it is exhausted (or `limit` times) and returns every due instant. */
function firings(first: TimerSchedule, limit = 100): number[] {
  const due = [first.dueAt];
  let current: TimerSchedule | undefined = first;
  while (current?.repeat && due.length < limit) {
    current = nextCycle(current.repeat, current.dueAt, vn);
    if (current) due.push(current.dueAt);
  }
  return due;
}

describe('engine/bpmn/timers - schedule', () => {
  describe('timeDate', () => {
    it('is due at the instant written with its offset', () => {
      // given
      const text = '2025-03-10T17:00:00+07:00';
      // when
      const schedule = scheduleTimer(TimerKind.Date, text, NOW, vn);
      // then
      expect(schedule).to.deep.equal({ dueAt: ms('2025-03-10T17:00:00+07:00') });
    });

    it('reads a date-time without an offset as +07:00 with the default calendar', () => {
      // given
      const text = '2025-03-10T17:00';
      // when
      const schedule = scheduleTimer(TimerKind.Date, text, NOW, vn);
      // then
      expect(schedule.dueAt).to.equal(ms('2025-03-10T17:00:00+07:00'));
    });

    it('reads a date-time without an offset in the zone of the calendar', () => {
      // given
      const paris = calendarDays('Europe/Paris');
      // when
      const schedule = scheduleTimer(TimerKind.Date, '2025-03-10T17:00', NOW, paris);
      // then
      expect(schedule.dueAt).to.equal(ms('2025-03-10T17:00:00+01:00'));
    });

    it('is due now, so it fires at once, when the date is already past', () => {
      // given
      const text = '2025-03-01T08:00:00+07:00';
      // when
      const schedule = scheduleTimer(TimerKind.Date, text, NOW, vn);
      // then
      expect(schedule).to.deep.equal({ dueAt: NOW });
    });

    it('accepts the date-time an expression such as workingDays(3) evaluates to', () => {
      // given what ${workingDays(3)} evaluates to at NOW
      const evaluated = new Date(vn.addWorkingDays(NOW, 3)).toISOString();
      // when
      const schedule = scheduleTimer(TimerKind.Date, evaluated, NOW, vn);
      // then
      expect(evaluated).to.equal(new Date(NOW + 3 * 86_400_000).toISOString());
      expect(schedule.dueAt).to.equal(NOW + 3 * 86_400_000);
    });
  });

  describe('timeDuration', () => {
    it('is due the duration after now: minutes, days, weeks, months, fractional hours', () => {
      // given
      const cases: [string, string][] = [
        ['PT10M', '2025-03-03T08:10:00+07:00'],
        ['P3D', '2025-03-06T08:00:00+07:00'],
        ['P2W', '2025-03-17T08:00:00+07:00'],
        ['P1M', '2025-04-03T08:00:00+07:00'],
        ['P1Y2M3DT4H', '2026-05-06T12:00:00+07:00'],
        ['PT1.5H', '2025-03-03T09:30:00+07:00'],
      ];
      // when
      const due = cases.map(([text]) => scheduleTimer(TimerKind.Duration, text, NOW, vn));
      // then
      expect(due).to.deep.equal(cases.map(([, expected]) => ({ dueAt: ms(expected) })));
    });

    it('counts P1M from the end of January to the end of February', () => {
      // given
      const jan31 = ms('2025-01-31T09:00:00+07:00');
      // when
      const schedule = scheduleTimer(TimerKind.Duration, 'P1M', jan31, vn);
      // then
      expect(schedule.dueAt).to.equal(ms('2025-02-28T09:00:00+07:00'));
    });

    it('lets the calendar count the duration, so a working-day calendar can plug in', () => {
      // given
      const calendar = recordingCalendar();
      // when
      const schedule = scheduleTimer(TimerKind.Duration, 'P3D', NOW, calendar);
      // then
      expect(calendar.added).to.deep.equal([[NOW, 'P3D']]);
      expect(schedule).to.deep.equal({ dueAt: NOW + 1000 });
    });

    it('ignores the white space around a text taken from the XML', () => {
      // given
      const text = '\n      PT10M\n    ';
      // when
      const schedule = scheduleTimer(TimerKind.Duration, text, NOW, vn);
      // then
      expect(schedule.dueAt).to.equal(NOW + 10 * MINUTE);
      expect(checkTimer(TimerKind.Duration, text)).to.equal(undefined);
    });
  });

  describe('timeCycle', () => {
    it('R3/PT10M fires three times in all, ten minutes apart, then is exhausted', () => {
      // given
      const first = scheduleTimer(TimerKind.Cycle, 'R3/PT10M', NOW, vn);
      // when
      const second = nextCycle(first.repeat!, first.dueAt, vn);
      const third = nextCycle(second!.repeat!, second!.dueAt, vn);
      const fourth = nextCycle(third!.repeat!, third!.dueAt, vn);
      // then
      expect(first).to.deep.equal({ dueAt: NOW + 10 * MINUTE, repeat: { remaining: 2, interval: 'PT10M' } });
      expect(second).to.deep.equal({ dueAt: NOW + 20 * MINUTE, repeat: { remaining: 1, interval: 'PT10M' } });
      expect(third).to.deep.equal({ dueAt: NOW + 30 * MINUTE, repeat: { remaining: 0, interval: 'PT10M' } });
      expect(fourth).to.equal(undefined);
    });

    it('R1 fires once', () => {
      // given
      const first = scheduleTimer(TimerKind.Cycle, 'R1/P1D', NOW, vn);
      // when
      const due = firings(first);
      // then
      expect(due).to.deep.equal([ms('2025-03-04T08:00:00+07:00')]);
    });

    it('R/PT1H repeats without limit', () => {
      // given
      const first = scheduleTimer(TimerKind.Cycle, 'R/PT1H', NOW, vn);
      // when
      const due = firings(first, 50);
      const fiftieth = nextCycle(first.repeat!, ms('2025-03-05T09:00:00+07:00'), vn);
      // then
      expect(first.repeat).to.deep.equal({ remaining: null, interval: 'PT1H' });
      expect(due).to.have.length(50);
      expect(due[49]).to.equal(NOW + 50 * 60 * MINUTE);
      expect(fiftieth?.repeat?.remaining).to.equal(null);
    });

    it('with a start date to come, first fires at the start and then every interval', () => {
      // given
      const text = 'R3/2025-03-10T08:00:00+07:00/P1D';
      // when
      const due = firings(scheduleTimer(TimerKind.Cycle, text, NOW, vn));
      // then
      expect(due).to.deep.equal([
        ms('2025-03-10T08:00:00+07:00'),
        ms('2025-03-11T08:00:00+07:00'),
        ms('2025-03-12T08:00:00+07:00'),
      ]);
    });

    it('with a start date without an offset, reads it in the calendar zone', () => {
      // given
      const text = 'R2/2025-03-10T08:00/PT12H';
      // when
      const schedule = scheduleTimer(TimerKind.Cycle, text, NOW, vn);
      // then
      expect(schedule).to.deep.equal({ dueAt: ms('2025-03-10T08:00:00+07:00'), repeat: { remaining: 1, interval: 'PT12H' } });
    });

    it('with a start date past, skips the missed firings as Camunda 7 does and counts them as used', () => {
      // given firings due at 07:35, 07:45, 07:55, 08:05 and 08:15; it is 08:00
      const text = 'R5/2025-03-03T07:35:00+07:00/PT10M';
      // when
      const schedule = scheduleTimer(TimerKind.Cycle, text, NOW, vn);
      // then
      expect(schedule).to.deep.equal({ dueAt: ms('2025-03-03T08:05:00+07:00'), repeat: { remaining: 1, interval: 'PT10M' } });
    });

    it('with a start date equal to now, is due now', () => {
      // given
      const text = 'R/2025-03-03T08:00:00+07:00/P1D';
      // when
      const schedule = scheduleTimer(TimerKind.Cycle, text, NOW, vn);
      // then
      expect(schedule).to.deep.equal({ dueAt: NOW, repeat: { remaining: null, interval: 'P1D' } });
    });

    it('with every firing already past, is refused, naming the last one', () => {
      // given firings at 07:00, 07:10 and 07:20; it is 08:00
      const text = 'R3/2025-03-03T07:00:00+07:00/PT10M';
      // when / then
      expect(() => scheduleTimer(TimerKind.Cycle, text, NOW, vn, { elementId: 'Timer_1' }))
        .to.throw(MotcuaError, /was over before the timer was armed at 2025-03-03T08:00:00\+07:00: its last firing was due at 2025-03-03T07:20:00\+07:00/)
        .with.property('elementId', 'Timer_1');
    });

    it('with a start date too far back to step through, is refused rather than stalling the step', () => {
      // given a one-minute cycle that started a year ago
      const text = 'R/2024-03-03T08:00:00+07:00/PT1M';
      // when / then
      expect(() => scheduleTimer(TimerKind.Cycle, text, NOW, vn)).to.throw(/starts more than 10000 intervals before .*: expected a start date closer to it/);
    });

    it('lets the calendar count the interval of the first and of every next firing', () => {
      // given
      const calendar = recordingCalendar();
      // when
      const first = scheduleTimer(TimerKind.Cycle, 'R2/P1D', NOW, calendar);
      const second = nextCycle(first.repeat!, first.dueAt, calendar);
      // then
      expect(calendar.added).to.deep.equal([
        [NOW, 'P1D'],
        [NOW + 1000, 'P1D'],
      ]);
      expect(second).to.deep.equal({ dueAt: NOW + 2000, repeat: { remaining: 0, interval: 'P1D' } });
    });

    it('counts the next firing from the due instant, not from when the job ran, and keeps month ends', () => {
      // given a monthly cycle that first fired on 31 January
      const repeat = { remaining: 5, interval: 'P1M' };
      // when
      const feb = nextCycle(repeat, ms('2025-01-31T08:00:00+07:00'), vn);
      const mar = nextCycle(feb!.repeat!, feb!.dueAt, vn);
      // then luxon's month arithmetic: 31 Jan → 28 Feb → 28 Mar
      expect(feb?.dueAt).to.equal(ms('2025-02-28T08:00:00+07:00'));
      expect(mar).to.deep.equal({ dueAt: ms('2025-03-28T08:00:00+07:00'), repeat: { remaining: 3, interval: 'P1M' } });
    });
  });

  describe('checkTimer', () => {
    it('accepts every supported form', () => {
      // given
      const texts: [TimerKind, string][] = [
        [TimerKind.Date, '2025-03-03T08:00:00Z'],
        [TimerKind.Date, '2025-03-03T08:00'],
        [TimerKind.Date, '2025-03-03'],
        [TimerKind.Duration, 'PT10M'],
        [TimerKind.Duration, 'P2W'],
        [TimerKind.Duration, 'PT0S'],
        [TimerKind.Cycle, 'R3/PT10M'],
        [TimerKind.Cycle, 'R/PT1H'],
        [TimerKind.Cycle, 'R3/2025-03-03T08:00:00+07:00/PT10M'],
      ];
      // when
      const problems = texts.map(([kind, text]) => checkTimer(kind, text));
      // then
      expect(problems).to.deep.equal(texts.map(() => undefined));
    });

    it('names the expected form when a text cannot be read', () => {
      // given / when / then
      expect(checkTimer(TimerKind.Date, 'tomorrow')).to.equal(
        'timeDate "tomorrow" is not valid: expected an ISO 8601 date-time such as 2025-03-03T08:00:00+07:00; ' +
          'without an offset it is read in Asia/Ho_Chi_Minh',
      );
      expect(checkTimer(TimerKind.Duration, '10 minutes')).to.equal(
        'timeDuration "10 minutes" is not valid: expected an ISO 8601 duration PnYnMnWnDTnHnMnS such as PT10M, P3D, P2W or P1M',
      );
      expect(checkTimer(TimerKind.Cycle, 'every hour')).to.match(
        /^timeCycle "every hour" is not valid: expected an ISO 8601 repeating interval Rn\/duration, R\/duration \(no limit\) or Rn\/start\/duration, such as R3\/PT10M$/,
      );
      expect(checkTimer(TimerKind.Duration, '  ')).to.match(/^timeDuration is empty: expected an ISO 8601 duration/);
    });

    it('points to the right kind when a text is written in the wrong one', () => {
      // given / when / then
      expect(checkTimer(TimerKind.Date, 'PT10M')).to.match(/\(a delay belongs in timeDuration\)$/);
      expect(checkTimer(TimerKind.Duration, '2025-03-03T08:00')).to.match(/is a date-time, not a duration: .*\(a fixed instant belongs in timeDate\)$/);
      expect(checkTimer(TimerKind.Duration, 'R3/PT10M')).to.match(/is a repeating interval, not a duration: .*\(repetition belongs in timeCycle\)$/);
      expect(checkTimer(TimerKind.Cycle, 'PT10M')).to.match(/has no repetition: expected .*\(a single firing belongs in timeDuration\)$/);
    });

    it('refuses cron cycles, saying cron is not supported yet and what to write instead', () => {
      // given
      const cron = '0 0/5 * * * ?';
      // when
      const problem = checkTimer(TimerKind.Cycle, cron);
      // then
      expect(problem).to.match(/^timeCycle "0 0\/5 \* \* \* \?" is a cron expression; cron cycles are not supported yet: expected /);
      expect(problem).to.include('e.g. R/PT5M for every 5 minutes');
    });

    it('refuses cycles that repeat zero times, every zero time, or end at a date', () => {
      // given / when / then
      expect(checkTimer(TimerKind.Cycle, 'R0/PT10M')).to.equal(
        'timeCycle "R0/PT10M" repeats zero times: expected a count of 1 or more (R3/PT10M), or R alone for no limit (R/PT10M)',
      );
      expect(checkTimer(TimerKind.Cycle, 'R3/PT0S')).to.match(/repeats every zero time: expected an interval longer than zero/);
      expect(checkTimer(TimerKind.Cycle, 'R2/PT1H/2025-03-03T12:00:00+07:00')).to.match(/ends at a date \(Rn\/duration\/end\), which is not supported: expected /);
      expect(checkTimer(TimerKind.Cycle, 'R2/2025-03-03T08:00/2025-03-03T12:00')).to.match(/ends at a date \(Rn\/start\/end\), which is not supported/);
    });

    it('says which part of a cycle is wrong', () => {
      // given / when / then
      expect(checkTimer(TimerKind.Cycle, 'R3/2025-13-01T08:00/PT10M')).to.match(
        /starts at "2025-13-01T08:00": expected an ISO 8601 date-time .* \(without an offset it is read in Asia\/Ho_Chi_Minh\)$/,
      );
      expect(checkTimer(TimerKind.Cycle, 'R3/P1.5D')).to.match(/^timeCycle "R3\/P1.5D": interval "P1.5D" has a fraction in years, months, weeks or days/);
      expect(checkTimer(TimerKind.Cycle, 'R-1/PT10M')).to.match(/is not valid: expected an ISO 8601 repeating interval/);
    });
  });

  describe('scheduleTimer on bad text', () => {
    it('throws TIMER_INVALID for the element, with the message checkTimer gives', () => {
      // given
      const subject = { elementId: 'Timer_Reminder', elementType: 'bpmn:BoundaryEvent' };
      // when
      let thrown: unknown;
      try {
        scheduleTimer(TimerKind.Duration, '3 days', NOW, vn, subject);
      } catch (error) {
        thrown = error;
      }
      // then
      expect(thrown).to.be.instanceOf(MotcuaError);
      const error = thrown as MotcuaError;
      expect(error.code).to.equal(ErrorCode.TimerInvalid);
      expect(error.message).to.equal(checkTimer(TimerKind.Duration, '3 days'));
      expect(error.toString()).to.match(/^TIMER_INVALID Timer_Reminder \(bpmn:BoundaryEvent\): timeDuration "3 days" is not valid/);
    });
  });
});
