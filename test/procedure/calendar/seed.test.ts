import { expect } from 'chai';
import { validateCalendarConfig } from '../../../engine/procedure/calendar/calendar-config-validation.ts';
import { SEED_YEARS, seedCalendarConfig } from '../../../engine/procedure/calendar/seed.ts';
import { seedCalendar } from './vn-time.ts';

describe('engine/procedure/calendar/seed', () => {
  it('ships 2025–2027 as valid, JSON-serialisable data', () => {
    // given the seed configuration
    const config = seedCalendarConfig();
    // when it goes through JSON and validation, as an administrator's edit would
    const back = validateCalendarConfig(JSON.parse(JSON.stringify(config)));
    // then nothing is lost
    expect(back).to.deep.equal(config);
    expect(SEED_YEARS.map((y) => y.year)).to.deep.equal([2025, 2026, 2027]);
  });

  it('keeps the certainty of unverified days as data', () => {
    // given the seed
    // when the days marked unverified are listed
    const unverified = SEED_YEARS.flatMap((y) => y.holidays.filter((d) => d.certainty === 'U').map((d) => d.date));
    // then they include the 2025 Tết break and every day next to 02/09
    expect(unverified).to.include.members(['2025-01-27', '2025-01-31', '2025-09-01', '2026-09-03', '2027-09-03']);
  });

  it('knows the announced 2026 days: make-up Sat 10/01 works, Fri 02/01 and the Tết weekdays do not', () => {
    // given the seed calendar
    const calendar = seedCalendar();
    // when days around the swaps and Tết are asked
    // then the announced arrangement holds
    expect(calendar.isWorkingDay('2026-01-10')).to.equal(true);
    expect(calendar.describeDay('2026-01-10').kind).to.equal('MAKE_UP_WORKING');
    expect(calendar.isWorkingDay('2026-01-02')).to.equal(false);
    expect(['2026-02-13', '2026-02-16', '2026-02-20', '2026-02-23'].map((d) => calendar.isWorkingDay(d))).to.deep.equal([
      true, false, false, true,
    ]);
  });

  it('knows the 2025 swap: Fri 02/05 off, paid back on Sat 26/04', () => {
    // given the seed calendar
    const calendar = seedCalendar();
    // when the pair is asked
    // then the Friday is off and the Saturday is worked
    expect(calendar.describeDay('2025-05-02')).to.include({ kind: 'SWAP_DAY_OFF', working: false });
    expect(calendar.isWorkingDay('2025-04-26')).to.equal(true);
  });

  it('gives the compensatory Mondays of 2026 (Giỗ Tổ) and 2027 (Labour Day)', () => {
    // given the seed calendar
    const calendar = seedCalendar();
    // when the Mondays after a holiday on Sunday/Saturday are asked
    // then they are compensatory days off
    expect(calendar.describeDay('2026-04-27')).to.include({ kind: 'COMPENSATORY_DAY_OFF', working: false });
    expect(calendar.describeDay('2027-05-03')).to.include({ kind: 'COMPENSATORY_DAY_OFF', working: false });
  });
});
