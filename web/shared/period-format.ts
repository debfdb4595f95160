/** Days as dd/MM/yyyy and months as MM/yyyy, as agencies write them, to and from the API's ISO forms (no DOM: tested in Node). */
export type PeriodKind = 'day' | 'month';

const PATTERN: Record<PeriodKind, RegExp> = {
  day: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/,
  month: /^(\d{1,2})\/(\d{4})$/,
};

const pad = (n: number): string => String(n).padStart(2, '0');

/** `yyyy-MM-dd` → `dd/MM/yyyy`, `yyyy-MM` → `MM/yyyy`; anything else is shown as given. */
export function displayOf(kind: PeriodKind, iso: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (kind === 'day' && day) return `${day[3]}/${day[2]}/${day[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(iso);
  if (kind === 'month' && month) return `${month[2]}/${month[1]}`;
  return iso;
}

/** The ISO form of what a person typed, or undefined when it is not a real day or month. */
export function isoOf(kind: PeriodKind, text: string): string | undefined {
  const match = PATTERN[kind].exec(text.trim());
  if (!match) return undefined;
  if (kind === 'month') {
    const [month, year] = [Number(match[1]), Number(match[2])];
    return month >= 1 && month <= 12 ? `${year}-${pad(month)}` : undefined;
  }
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? `${year}-${pad(month)}-${pad(day)}` : undefined;
}
