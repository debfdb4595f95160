/**
 * The catalog's list view as CSV (RFC 4180: comma-separated, CRLF lines, fields quoted when they
 * hold a comma, quote or line break), with Vietnamese headers, for spreadsheets. It is a view, not
 * an exchange format: JSON (`ProcedureCatalog.exportJson`) carries every field.
 */
import type { Period } from '../calendar/index.ts';
import type { ProcedureRecord } from './procedure-record.ts';
import { csvField } from '../audit/csv.ts';

const UNIT_LABEL: Readonly<Record<string, string>> = {
  WORKING_DAYS: 'ngày làm việc',
  DAYS: 'ngày',
  WORKING_HOURS: 'giờ làm việc',
  SAME_DAY: 'trong ngày',
};

/** `10 ngày làm việc`, `Trong ngày` */
export function periodLabel(period: Period): string {
  if (period.unit === 'SAME_DAY') return 'Trong ngày';
  return `${period.value} ${UNIT_LABEL[period.unit] ?? period.unit}`;
}

const COLUMNS: readonly { readonly header: string; readonly value: (record: ProcedureRecord) => string }[] = [
  { header: 'Mã thủ tục', value: (r) => r.code },
  { header: 'Phiên bản', value: (r) => String(r.version) },
  { header: 'Tên thủ tục', value: (r) => r.name },
  { header: 'Cấp thực hiện', value: (r) => r.level },
  { header: 'Lĩnh vực', value: (r) => (r.sector.code ? `${r.sector.code} ${r.sector.name}` : r.sector.name) },
  { header: 'Cơ quan thực hiện', value: (r) => r.agencies.executing },
  ...([1, 2, 3] as const).map((channel) => ({
    header: `Thời hạn (kênh ${channel})`,
    value: (r: ProcedureRecord) => {
      const way = r.ways.find((w) => w.channel === channel);
      return way ? periodLabel(way.deadline) : '';
    },
  })),
  { header: 'Lệ phí (đồng)', value: (r) => [...new Set(r.ways.map((w) => w.fee?.amount ?? 0))].join(' / ') },
  { header: 'Mức độ trực tuyến', value: (r) => r.onlineLevel ?? '' },
  { header: 'Hiệu lực từ', value: (r) => r.effectiveFrom },
  { header: 'Hiệu lực đến', value: (r) => r.effectiveTo ?? '' },
  { header: 'Quy trình BPMN', value: (r) => (r.process.version ? `${r.process.key}:${r.process.version}` : r.process.key) },
];

/** A header line and one line per record, in the order given. */
export function catalogCsv(records: readonly ProcedureRecord[]): string {
  const lines = [COLUMNS.map((column) => csvField(column.header)).join(',')];
  for (const record of records) lines.push(COLUMNS.map((column) => csvField(column.value(record))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
