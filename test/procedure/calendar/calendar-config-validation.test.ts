import { expect } from 'chai';
import { ErrorCode, isMotcuaError } from '../../../engine/errors.ts';
import { defaultCalendarConfig, emptyYear } from '../../../engine/procedure/calendar/calendar-config.ts';
import { validateCalendarConfig } from '../../../engine/procedure/calendar/calendar-config-validation.ts';

/** asserts an InvalidInput rejection naming `field` */
function rejectsAt(input: unknown, field: string): void {
  expect(() => validateCalendarConfig(input))
    .to.throw()
    .that.satisfies((e: unknown) => isMotcuaError(e, ErrorCode.InvalidInput) && e.field === field);
}

describe('engine/procedure/calendar/calendar-config-validation', () => {
  it('fills absent settings with the national defaults', () => {
    // given an empty object
    // when validated
    const config = validateCalendarConfig({});
    // then it is the default calendar (Sat/Sun off, 07:30–11:30 and 13:30–17:00, cut-off 15:00)
    expect(config).to.deep.equal(defaultCalendarConfig());
  });

  it('rejects an impossible office time, naming the session field', () => {
    // given a session ending at 25:00
    // when validated
    // then the error points at sessions[1].end
    rejectsAt({ sessions: [{ start: '07:30', end: '11:30' }, { start: '13:30', end: '25:00' }] }, 'sessions[1].end');
  });

  it('rejects sessions out of order or ending before they start', () => {
    // given overlapping and reversed sessions
    // when validated
    // then each error names its session
    rejectsAt({ sessions: [{ start: '07:30', end: '11:30' }, { start: '11:00', end: '17:00' }] }, 'sessions[1].start');
    rejectsAt({ sessions: [{ start: '11:30', end: '07:30' }] }, 'sessions[0].end');
  });

  it('rejects an unknown weekday and a bad cut-off', () => {
    // given "SATURDAY" instead of SAT, and a cut-off of 15h
    // when validated
    // then the fields are named
    rejectsAt({ weeklyRestDays: ['SATURDAY', 'SUN'] }, 'weeklyRestDays[0]');
    rejectsAt({ cutoffTime: '15h' }, 'cutoffTime');
    rejectsAt({ weekdaySessions: { SA: [{ start: '07:30', end: '11:30' }] } }, 'weekdaySessions.SA');
  });

  it('rejects Saturday hours while Saturday is still a weekly rest day', () => {
    // given a Saturday-morning desk that forgot to remove SAT from the rest days
    // when validated
    // then the contradiction is reported on the Saturday hours
    rejectsAt({ weekdaySessions: { SAT: [{ start: '07:30', end: '11:30' }] } }, 'weekdaySessions.SAT');
  });

  it('rejects year data that cannot be right', () => {
    // given a day of another year, an impossible date, a day both worked and off, a year twice
    const year = emptyYear(2026);
    // when validated
    // then each error names the entry
    rejectsAt({ years: [{ ...year, holidays: [{ date: '2027-01-01', name: 'x' }] }] }, 'years[2026].holidays[0].date');
    rejectsAt({ years: [{ ...year, holidays: [{ date: '2026-02-30', name: 'x' }] }] }, 'years[2026].holidays[0].date');
    rejectsAt(
      {
        years: [
          { ...year, holidays: [{ date: '2026-01-10', name: 'x' }], makeUpWorkingDays: [{ date: '2026-01-10', name: 'y' }] },
        ],
      },
      'years[2026].makeUpWorkingDays[0].date',
    );
    rejectsAt({ years: [year, year] }, 'years[1].year');
    rejectsAt({ zone: 'Asia/Hanoi_City' }, 'zone');
  });

  it('accepts a year with absent lists as empty ones', () => {
    // given a year with only holidays
    // when validated
    const config = validateCalendarConfig({ years: [{ year: 2031, holidays: [{ date: '2031-01-01', name: 'Tết Dương lịch' }] }] });
    // then the other lists are empty
    expect(config.years[0]).to.deep.equal({ ...emptyYear(2031), holidays: [{ date: '2031-01-01', name: 'Tết Dương lịch' }] });
  });
});
