/**
 * Public-sector calendars 2025–2027 as shipped with motcua (DOMAIN.md §3.5). Announced data wins
 * over computed data: these are what the government announced where we know it, and the
 * statutory computation (statutory-holidays.ts) only where nothing was announced yet. Each day
 * carries its certainty; administrators confirm or correct the `U` and `COMPUTED` ones.
 */
import { type CalendarConfig, type CalendarDay, type Certainty, defaultCalendarConfig, type YearCalendar } from './calendar-config.ts';

function on(date: string, name: string, certainty: Certainty, pairedWith?: string): CalendarDay {
  return pairedWith === undefined ? { date, name, certainty } : { date, name, certainty, pairedWith };
}

const NEW_YEAR = 'Tết Dương lịch';
const GIO_TO = 'Giỗ Tổ Hùng Vương (10/3 âm lịch)';
const VICTORY = 'Ngày Chiến thắng (30/4)';
const LABOUR = 'Ngày Quốc tế Lao động (1/5)';
const NATIONAL = 'Quốc khánh (2/9)';
const NATIONAL_ADJACENT = 'Quốc khánh (ngày liền kề)';

const YEAR_2025: YearCalendar = {
  year: 2025,
  holidays: [
    on('2025-01-01', NEW_YEAR, 'V'),
    // Ất Tỵ: mùng 1 = Wed 29/01 (computed, matches every almanac). The break was announced as
    // Sat 25/01 – Sun 02/02 [U]: its five weekdays are the days off, whatever split of statutory
    // days and weekly rest the announcement used.
    on('2025-01-27', 'Tết Nguyên đán (28 tháng Chạp)', 'U'),
    on('2025-01-28', 'Tết Nguyên đán (29 tháng Chạp)', 'U'),
    on('2025-01-29', 'Tết Nguyên đán (mùng 1 tháng Giêng)', 'U'),
    on('2025-01-30', 'Tết Nguyên đán (mùng 2 tháng Giêng)', 'U'),
    on('2025-01-31', 'Tết Nguyên đán (mùng 3 tháng Giêng)', 'U'),
    on('2025-04-07', GIO_TO, 'S'),
    on('2025-04-30', VICTORY, 'V'),
    on('2025-05-01', LABOUR, 'V'),
    // [U: 01/09 or 03/09] — we believe Mon 01/09 was announced (a 30/08–02/09 break); unverified
    on('2025-09-01', NATIONAL_ADJACENT, 'U', '2025-09-02'),
    on('2025-09-02', NATIONAL, 'V'),
  ],
  compensatoryDaysOff: [],
  swapDaysOff: [on('2025-05-02', 'Nghỉ hoán đổi (làm bù Thứ Bảy 26/04)', 'S', '2025-04-26')],
  makeUpWorkingDays: [on('2025-04-26', 'Làm bù cho Thứ Sáu 02/05', 'S', '2025-05-02')],
  localClosures: [],
};

const YEAR_2026: YearCalendar = {
  year: 2026,
  holidays: [
    on('2026-01-01', NEW_YEAR, 'V'),
    // Bính Ngọ: mùng 1 = Tue 17/02; break Sat 14/02 – Sun 22/02 [S], weekdays 16–20/02
    // (29 tháng Chạp — the old year has no 30th — through mùng 4)
    on('2026-02-16', 'Tết Nguyên đán (29 tháng Chạp)', 'S'),
    on('2026-02-17', 'Tết Nguyên đán (mùng 1 tháng Giêng)', 'S'),
    on('2026-02-18', 'Tết Nguyên đán (mùng 2 tháng Giêng)', 'S'),
    on('2026-02-19', 'Tết Nguyên đán (mùng 3 tháng Giêng)', 'S'),
    on('2026-02-20', 'Tết Nguyên đán (mùng 4 tháng Giêng)', 'S'),
    on('2026-04-26', GIO_TO, 'S'),
    on('2026-04-30', VICTORY, 'V'),
    on('2026-05-01', LABOUR, 'V'),
    on('2026-09-02', NATIONAL, 'V'),
    // [U] not announced when this was written; the BRIDGE default (Wed → Thu 03/09)
    on('2026-09-03', NATIONAL_ADJACENT, 'U', '2026-09-02'),
  ],
  // Giỗ Tổ on Sunday → Monday off (Art. 111(3) [V], date [S])
  compensatoryDaysOff: [on('2026-04-27', `Nghỉ bù ${GIO_TO}`, 'S', '2026-04-26')],
  swapDaysOff: [on('2026-01-02', 'Nghỉ hoán đổi (làm bù Thứ Bảy 10/01)', 'S', '2026-01-10')],
  makeUpWorkingDays: [on('2026-01-10', 'Làm bù cho Thứ Sáu 02/01', 'S', '2026-01-02')],
  localClosures: [],
};

// 2027: nothing announced yet; every day is computed (it equals generateStatutoryYear(2027)).
const YEAR_2027: YearCalendar = {
  year: 2027,
  holidays: [
    on('2027-01-01', NEW_YEAR, 'COMPUTED'),
    // Đinh Mùi: mùng 1 = Sat 06/02; default rule last day of the old year → mùng 4
    on('2027-02-05', 'Tết Nguyên đán (29 tháng Chạp)', 'COMPUTED'),
    on('2027-02-06', 'Tết Nguyên đán (mùng 1 tháng Giêng)', 'COMPUTED'),
    on('2027-02-07', 'Tết Nguyên đán (mùng 2 tháng Giêng)', 'COMPUTED'),
    on('2027-02-08', 'Tết Nguyên đán (mùng 3 tháng Giêng)', 'COMPUTED'),
    on('2027-02-09', 'Tết Nguyên đán (mùng 4 tháng Giêng)', 'COMPUTED'),
    on('2027-04-16', GIO_TO, 'COMPUTED'),
    on('2027-04-30', VICTORY, 'COMPUTED'),
    on('2027-05-01', LABOUR, 'COMPUTED'),
    on('2027-09-02', NATIONAL, 'COMPUTED'),
    // [U] the BRIDGE default (Thu → Fri 03/09)
    on('2027-09-03', NATIONAL_ADJACENT, 'U', '2027-09-02'),
  ],
  compensatoryDaysOff: [
    // mùng 1 and mùng 2 fall on Sat/Sun: the next two working days after the break
    on('2027-02-10', 'Nghỉ bù Tết Nguyên đán (mùng 1 tháng Giêng)', 'COMPUTED', '2027-02-06'),
    on('2027-02-11', 'Nghỉ bù Tết Nguyên đán (mùng 2 tháng Giêng)', 'COMPUTED', '2027-02-07'),
    on('2027-05-03', `Nghỉ bù ${LABOUR}`, 'COMPUTED', '2027-05-01'),
  ],
  swapDaysOff: [],
  makeUpWorkingDays: [],
  localClosures: [],
};

/** The shipped years, oldest first. */
export const SEED_YEARS: readonly YearCalendar[] = [YEAR_2025, YEAR_2026, YEAR_2027];

/** The national defaults (Sat/Sun off, 07:30–11:30 and 13:30–17:00, cut-off 15:00) with the seed years. */
export function seedCalendarConfig(): CalendarConfig {
  return defaultCalendarConfig(SEED_YEARS);
}
