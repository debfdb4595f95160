/** Dates, durations and numbers as auditors read them: dd/MM/yyyy HH:mm in Vietnam, durations in days and hours, decimals in the reader's language. */
import { currentLang } from '../shared/i18n.ts';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
});

export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date).replace(',', '');
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return '—';
  const hours = Math.round(Math.abs(ms) / 3_600_000);
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const sign = ms < 0 ? '−' : '';
  const [d, h] = currentLang() === 'vi' ? ['ngày', 'giờ'] : ['d', 'h'];
  return days ? `${sign}${days} ${d} ${rest} ${h}` : `${sign}${rest} ${h}`;
}

export const percent = (share: number | null | undefined): string => (share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`);

/** A number with one decimal, the way the reader writes it: 2,6 in Vietnamese, 2.6 in English. */
export function oneDecimal(value: number): string {
  return new Intl.NumberFormat(currentLang() === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}
