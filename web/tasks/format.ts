/** Dates as the agencies write them: dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh, whatever the browser's zone. */
const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const parts = Object.fromEntries(formatter.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** A new key per form, so a double click sends the same request twice and the server keeps one. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
