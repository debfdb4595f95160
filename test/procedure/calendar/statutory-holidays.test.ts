import { expect } from 'chai';
import { ErrorCode, isMotcuaError } from '../../../engine/errors.ts';
import { defaultCalendarConfig, type YearCalendar } from '../../../engine/procedure/calendar/calendar-config.ts';
import { formatIsoDate } from '../../../engine/procedure/calendar/iso-date.ts';
import { gioToHungVuong, tetNguyenDan } from '../../../engine/procedure/calendar/lunar.ts';
import { SEED_YEARS } from '../../../engine/procedure/calendar/seed.ts';
import {
  compensatoryDaysFor,
  generateStatutoryYear,
  NationalDayAdjacent,
} from '../../../engine/procedure/calendar/statutory-holidays.ts';
import { WorkingCalendar } from '../../../engine/procedure/calendar/working-calendar.ts';

const dates = (days: YearCalendar['holidays']) => days.map((d) => d.date);

describe('engine/procedure/calendar/statutory-holidays', () => {
  describe('generateStatutoryYear', () => {
    it('computes the Art. 112 holidays of 2026, with Tết from the last day of the old year to mùng 4', () => {
      // given 2026 (Tết Tue 17/02, Giỗ Tổ Sun 26/04, 02/09 a Wednesday)
      // when the statutory year is generated with the defaults
      const year = generateStatutoryYear(2026);
      // then it has 01/01, Tết 16–20/02 (the announced weekdays), Giỗ Tổ, 30/04, 01/05, 02/09 + 03/09
      expect(dates(year.holidays)).to.deep.equal([
        '2026-01-01',
        '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
        '2026-04-26', '2026-04-30', '2026-05-01',
        '2026-09-02', '2026-09-03',
      ]);
      // and Giỗ Tổ on Sunday gives Monday 27/04 off (Art. 111(3))
      expect(year.compensatoryDaysOff.map((d) => [d.date, d.pairedWith])).to.deep.equal([['2026-04-27', '2026-04-26']]);
    });

    it('gives two compensatory days when Tết 2027 puts mùng 1 and mùng 2 on a weekend, and Mon 03/05 for Sat 01/05', () => {
      // given 2027 (mùng 1 = Sat 06/02, 01/05 a Saturday)
      // when generated
      const year = generateStatutoryYear(2027);
      // then the days after the break and the Monday after Labour Day are off
      expect(dates(year.compensatoryDaysOff)).to.deep.equal(['2027-02-10', '2027-02-11', '2027-05-03']);
    });

    it('is exactly the shipped 2027 seed, which nothing announced has replaced yet', () => {
      // given the seed for 2027 (all computed)
      const seed = SEED_YEARS.find((y) => y.year === 2027)!;
      // when the same year is generated
      const year = generateStatutoryYear(2027);
      // then the same days are off
      expect(dates(year.holidays)).to.deep.equal(dates(seed.holidays));
      expect(dates(year.compensatoryDaysOff)).to.deep.equal(dates(seed.compensatoryDaysOff));
    });

    it('uses the Vietnamese Tết for 2030 (Sat 02/02), not the Chinese one', () => {
      // given 2030
      // when generated with Tết starting on mùng 1
      const year = generateStatutoryYear(2030, { tetStartOffset: 0 });
      // then the five Tết days are 02–06/02 and the weekend ones are compensated after them
      expect(dates(year.holidays).slice(1, 6)).to.deep.equal([
        '2030-02-02', '2030-02-03', '2030-02-04', '2030-02-05', '2030-02-06',
      ]);
      expect(dates(year.compensatoryDaysOff).slice(0, 2)).to.deep.equal(['2030-02-07', '2030-02-08']);
    });

    it('places the day next to 02/09 by the chosen rule', () => {
      // given 2023, when 02/09 was a Saturday and 01/09 (Fri) was announced, with Mon 04/09 compensatory
      // when generated with each rule
      const bridge = generateStatutoryYear(2023);
      const after = generateStatutoryYear(2023, { nationalDayAdjacent: NationalDayAdjacent.After });
      // then BRIDGE reproduces the announcement and AFTER takes Sun 03/09, compensated on Mon and Tue
      expect(dates(bridge.holidays).slice(-2)).to.deep.equal(['2023-09-01', '2023-09-02']);
      expect(dates(bridge.compensatoryDaysOff).at(-1)).to.equal('2023-09-04');
      expect(dates(after.holidays).slice(-2)).to.deep.equal(['2023-09-02', '2023-09-03']);
      expect(dates(after.compensatoryDaysOff).slice(-2)).to.deep.equal(['2023-09-04', '2023-09-05']);
    });

    it('reproduces the announced 02/09 pairs of 2024 (Mon → Tue 03/09) and 2025 (Tue → Mon 01/09)', () => {
      // given the BRIDGE default
      // when 2024 and 2025 are generated
      // then the adjacent days are those announced
      expect(dates(generateStatutoryYear(2024).holidays).slice(-2)).to.deep.equal(['2024-09-02', '2024-09-03']);
      expect(dates(generateStatutoryYear(2025).holidays).slice(-2)).to.deep.equal(['2025-09-01', '2025-09-02']);
    });

    it('gives a usable year for every year 2028–2050: the eleven Art. 112 days, each compensatory day a working day after them', () => {
      for (let year = 2028; year <= 2050; year++) {
        // given a year nothing has announced yet
        // when it is generated and an agency calendar is made of it
        const generated = generateStatutoryYear(year);
        const calendar = new WorkingCalendar(defaultCalendarConfig([generated]));
        const holidays = dates(generated.holidays);
        // then it has 01/01, five Tết days around mùng 1, Giỗ Tổ, 30/04, 01/05, 02/09 and its neighbour
        expect(holidays, `${year}`).to.have.length(11);
        expect(holidays, `${year}`).to.include.members([`${year}-01-01`, formatIsoDate(tetNguyenDan(year)), formatIsoDate(gioToHungVuong(year)), `${year}-04-30`, `${year}-05-01`, `${year}-09-02`]);
        // and every compensatory day follows its holiday and falls on a weekday that would otherwise be worked
        for (const day of generated.compensatoryDaysOff) {
          const weekday = new Date(`${day.date}T00:00:00Z`).getUTCDay();
          expect([day.date > day.pairedWith!, weekday !== 0 && weekday !== 6, holidays.includes(day.date)], `${year} ${day.date}`).to.deep.equal([true, true, false]);
        }
        // and the calendar counts working days through the whole year without a gap
        const workingDays = Array.from({ length: 366 }, (_, i) => new Date(Date.UTC(year, 0, 1 + i)).toISOString().slice(0, 10)).filter(
          (date) => date.startsWith(`${year}`) && calendar.isWorkingDay(date),
        ).length;
        expect(workingDays, `${year}`).to.be.within(239, 251);
      }
    });

    it('rejects a Tết start that would leave mùng 1 outside the five days', () => {
      // given an offset of −5
      // when generating
      // then the error names the option
      expect(() => generateStatutoryYear(2026, { tetStartOffset: -5 }))
        .to.throw()
        .that.satisfies((e: unknown) => isMotcuaError(e, ErrorCode.InvalidInput) && e.field === 'tetStartOffset');
    });
  });

  describe('compensatoryDaysFor', () => {
    it('follows the agency weekly rest days', () => {
      // given a desk that rests only on Sunday and Giỗ Tổ 2026 on Sunday
      const holidays = [{ date: '2026-04-25', name: 'A' }, { date: '2026-04-26', name: 'Giỗ Tổ' }];
      // when compensatory days are computed
      const days = compensatoryDaysFor(holidays, ['SUN']);
      // then only Sunday is compensated, on Monday
      expect(days.map((d) => d.date)).to.deep.equal(['2026-04-27']);
    });
  });
});
