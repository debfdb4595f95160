import { expect } from 'chai';
import { ErrorCode, isMotcuaError } from '../../../engine/errors.ts';
import { type CivilDate, formatIsoDate } from '../../../engine/procedure/calendar/iso-date.ts';
import {
  gioToHungVuong,
  leapMonthOf,
  lunarToSolar,
  solarToLunar,
  tetNguyenDan,
} from '../../../engine/procedure/calendar/lunar.ts';

const iso = (date: CivilDate) => formatIsoDate(date);

// Mùng 1 Tết as observed in Vietnam (almanacs, government holiday notices).
const TET: Record<number, string> = {
  2000: '2000-02-05', 2001: '2001-01-24', 2002: '2002-02-12', 2003: '2003-02-01', 2004: '2004-01-22',
  2005: '2005-02-09', 2006: '2006-01-29', 2007: '2007-02-17', 2008: '2008-02-07', 2009: '2009-01-26',
  2010: '2010-02-14', 2011: '2011-02-03', 2012: '2012-01-23', 2013: '2013-02-10', 2014: '2014-01-31',
  2015: '2015-02-19', 2016: '2016-02-08', 2017: '2017-01-28', 2018: '2018-02-16', 2019: '2019-02-05',
  2020: '2020-01-25', 2021: '2021-02-12', 2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10',
  2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13',
  2030: '2030-02-02',
};

// Giỗ Tổ Hùng Vương (10/3 lunar) as observed since it became a paid holiday in 2007.
const GIO_TO: Record<number, string> = {
  2007: '2007-04-26', 2008: '2008-04-15', 2009: '2009-04-04', 2010: '2010-04-23', 2011: '2011-04-12',
  2012: '2012-03-31', 2013: '2013-04-19', 2014: '2014-04-09', 2015: '2015-04-28', 2016: '2016-04-16',
  2017: '2017-04-06', 2018: '2018-04-25', 2019: '2019-04-14', 2020: '2020-04-02', 2021: '2021-04-21',
  2022: '2022-04-10', 2023: '2023-04-29', 2024: '2024-04-18', 2025: '2025-04-07', 2026: '2026-04-26',
  2027: '2027-04-16',
};

describe('engine/procedure/calendar/lunar', () => {
  describe('tetNguyenDan', () => {
    for (const [year, expected] of Object.entries(TET)) {
      it(`gives mùng 1 Tết ${year} = ${expected}`, () => {
        // given a lunar year
        // when its first day is converted at UTC+7
        const tet = tetNguyenDan(Number(year));
        // then it is the day Vietnam celebrated
        expect(iso(tet)).to.equal(expected);
      });
    }

    it('differs from the Chinese (UTC+8) calendar where the new moon falls between 16:00 and 17:00 UTC', () => {
      // given the years where the two calendars are known to disagree
      // when Tết is computed at UTC+7 and at UTC+8
      // then Vietnam is one day earlier in 2007 and 2030, and a whole month earlier in 1985
      expect([iso(tetNguyenDan(2030)), iso(tetNguyenDan(2030, 8))]).to.deep.equal(['2030-02-02', '2030-02-03']);
      expect([iso(tetNguyenDan(2007)), iso(tetNguyenDan(2007, 8))]).to.deep.equal(['2007-02-17', '2007-02-18']);
      expect([iso(tetNguyenDan(1985)), iso(tetNguyenDan(1985, 8))]).to.deep.equal(['1985-01-21', '1985-02-20']);
    });

    it('puts Tết 2030 on a Saturday', () => {
      // given Tết 2030, the case DOMAIN.md warns about
      // when it is computed
      const tet = tetNguyenDan(2030);
      // then it is Sat 02/02/2030
      expect(new Date(Date.UTC(tet.year, tet.month - 1, tet.day)).getUTCDay()).to.equal(6);
      expect(iso(tet)).to.equal('2030-02-02');
    });
  });

  describe('gioToHungVuong', () => {
    for (const [year, expected] of Object.entries(GIO_TO)) {
      it(`gives Giỗ Tổ ${year} = ${expected}`, () => {
        // given a lunar year
        // when 10/3 (not the leap 3rd month) is converted
        const day = gioToHungVuong(Number(year));
        // then it is the day of the holiday
        expect(iso(day)).to.equal(expected);
      });
    }
  });

  describe('leap months', () => {
    it('finds the leap months of recent years, including the rare leap 11th month of 2033', () => {
      // given years with and without a leap month
      // when their leap month is asked
      const leaps = [2020, 2023, 2024, 2025, 2026, 2028, 2033].map((y) => leapMonthOf(y));
      // then 2020 has a 4th, 2023 a 2nd, 2025 a 6th, 2028 a 5th, 2033 an 11th, others none
      expect(leaps).to.deep.equal([4, 2, undefined, 6, undefined, 5, 11]);
    });

    it('converts a date in a leap month both ways', () => {
      // given 2025-07-25, the 1st day of the leap 6th month of Ất Tỵ
      // when it is converted to lunar and back
      const lunar = solarToLunar({ year: 2025, month: 7, day: 25 });
      // then the leap flag is set and the round trip is exact
      expect(lunar).to.deep.equal({ year: 2025, month: 6, day: 1, leap: true });
      expect(iso(lunarToSolar(lunar))).to.equal('2025-07-25');
    });

    it('rejects a leap month the year does not have', () => {
      // given 2026, a year without a leap month
      // when the leap 3rd month is asked for
      // then the error names the field
      expect(() => lunarToSolar({ year: 2026, month: 3, day: 10, leap: true }))
        .to.throw()
        .that.satisfies((e: unknown) => isMotcuaError(e, ErrorCode.InvalidInput) && e.field === 'lunar.leap');
    });
  });

  describe('solarToLunar', () => {
    it('round-trips every day of 2024–2031', () => {
      // given every Gregorian day of eight years
      const start = Date.UTC(2024, 0, 1);
      for (let ms = start; ms < Date.UTC(2032, 0, 1); ms += 86_400_000) {
        const d = new Date(ms);
        const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
        // when it is converted to lunar and back
        const back = lunarToSolar(solarToLunar(date));
        // then the same day comes back
        expect(iso(back), iso(date)).to.equal(iso(date));
      }
    });

    it('labels the last day of Ất Tỵ as the 29th of the 12th month (2026 has no "30 Tết")', () => {
      // given Mon 16/02/2026, the eve of Tết Bính Ngọ
      // when converted
      // then it is 29 tháng Chạp of lunar year 2025
      expect(solarToLunar({ year: 2026, month: 2, day: 16 })).to.deep.equal({ year: 2025, month: 12, day: 29, leap: false });
    });
  });
});
