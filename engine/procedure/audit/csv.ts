/** CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Vietnamese), CRLF rows, RFC 4180 quoting. */
export const CSV_BOM = '\uFEFF';

/** One field, quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(columns: readonly { readonly key: string; readonly label: string }[], rows: readonly Readonly<Record<string, string>>[]): string {
  const lines = [columns.map((column) => csvField(column.label)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(row[column.key] ?? '')).join(','));
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
