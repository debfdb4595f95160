/** How slips write dates, times, money and periods: the Vietnamese administrative style. */
import { DateTime } from 'luxon';
import { VIETNAM_ZONE } from '../calendar/index.ts';
import type { Period } from '../calendar/index.ts';
import { periodLabel } from '../catalog/catalog-csv.ts';

/** `05/10/2026` */
export function viDate(iso: string | undefined, zone = VIETNAM_ZONE): string {
  if (!iso) return '';
  return DateTime.fromISO(iso, { zone }).toFormat('dd/MM/yyyy');
}

/** `08 giờ 30 phút, ngày 05/10/2026` (forms 01 and 04 print the hour and minute) */
export function viDateTime(iso: string | undefined, zone = VIETNAM_ZONE): string {
  if (!iso) return '';
  const local = DateTime.fromISO(iso, { zone });
  return `${local.toFormat('HH')} giờ ${local.toFormat('mm')} phút, ngày ${local.toFormat('dd/MM/yyyy')}`;
}

/** `100.000 đồng` */
export function viMoney(amount: number): string {
  return `${Math.round(amount).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;
}

/** `10 ngày làm việc` */
export function viPeriod(period: Period): string {
  return periodLabel(period);
}
