/**
 * QĐ 766 indicators over a period, whole and grouped by month, channel or procedure: the KPI
 * counters of each month are read once (one prefix read per month) and summed per group, then
 * the formulas of kpi-formulas.ts apply. Running dossiers (2a) are counted for the whole only,
 * at the end of the period, by the live query of `inProgressAt`.
 */
import { DateTime } from 'luxon';
import type { Store } from '../../store/port.ts';
import { VIETNAM_ZONE } from '../calendar/index.ts';
import { CHANNEL_LABEL, type Channel } from '../dossier/dossier-status.ts';
import type { CounterReader } from '../kpi/counter-reader.ts';
import { emptyTally, indicators, type Indicators, type InProgress } from '../kpi/kpi-formulas.ts';
import { type KpiDimensions, KpiMetric, kpiPeriodPrefix, parseKpiKey } from '../kpi/kpi-keys.ts';
import { inProgressAt, type KpiFilter, periodRange } from '../kpi/KpiService.ts';

export const KpiGroupBy = { Month: 'month', Channel: 'channel', Procedure: 'procedure' } as const;
export type KpiGroupBy = (typeof KpiGroupBy)[keyof typeof KpiGroupBy];

export interface KpiReportQuery extends Omit<KpiFilter, 'periods'> {
  /** first and last month, `YYYY-MM` */
  readonly from: string;
  readonly to: string;
  readonly groupBy?: KpiGroupBy;
}

/** Ended dossiers by result: before, on and after their due date. */
export interface ResultBuckets {
  readonly early: number;
  readonly onTime: number;
  readonly late: number;
}

export interface KpiGroup {
  readonly key: string;
  readonly label: string;
  readonly buckets: ResultBuckets;
  readonly indicators: Indicators;
}

export interface KpiReport {
  readonly from: string;
  readonly to: string;
  readonly groupBy?: KpiGroupBy;
  readonly buckets: ResultBuckets;
  readonly indicators: Indicators;
  readonly groups: KpiGroup[];
}

function groupKey(dimensions: KpiDimensions, groupBy: KpiGroupBy): string {
  if (groupBy === KpiGroupBy.Month) return dimensions.period;
  if (groupBy === KpiGroupBy.Channel) return String(dimensions.channel);
  return dimensions.procedure;
}

function groupLabel(key: string, groupBy: KpiGroupBy): string {
  if (groupBy === KpiGroupBy.Month) return `Tháng ${key.slice(5)}/${key.slice(0, 4)}`;
  if (groupBy === KpiGroupBy.Channel) return CHANNEL_LABEL[Number(key) as Channel] ?? key;
  return key;
}

const bucketsOf = (tally: Readonly<Record<KpiMetric, number>>): ResultBuckets => ({
  early: tally[KpiMetric.FinishedEarly],
  onTime: tally[KpiMetric.FinishedOnTime],
  late: tally[KpiMetric.FinishedLate],
});

export async function kpiReport(reader: CounterReader, store: Store, query: KpiReportQuery): Promise<KpiReport> {
  const whole = emptyTally();
  const groups = new Map<string, Record<KpiMetric, number>>();
  for (const period of periodRange(query.from, query.to)) {
    for (const [key, value] of Object.entries(await reader.countersWithPrefix(kpiPeriodPrefix(period)))) {
      const parsed = parseKpiKey(key);
      if (!parsed) continue;
      const { dimensions, metric } = parsed;
      if (query.agency !== undefined && dimensions.agency !== query.agency) continue;
      if (query.procedure !== undefined && dimensions.procedure !== query.procedure) continue;
      if (query.channel !== undefined && dimensions.channel !== query.channel) continue;
      whole[metric] += value;
      if (query.groupBy) {
        const group = groupKey(dimensions, query.groupBy);
        let tally = groups.get(group);
        if (!tally) groups.set(group, (tally = emptyTally()));
        tally[metric] += value;
      }
    }
  }
  const end = DateTime.fromISO(`${query.to}-01`, { zone: VIETNAM_ZONE }).plus({ months: 1 }).toMillis();
  const filter = { ...(query.agency !== undefined ? { agency: query.agency } : {}), ...(query.procedure !== undefined ? { procedure: query.procedure } : {}), ...(query.channel !== undefined ? { channel: query.channel } : {}) };
  const running: InProgress = await inProgressAt(store, end, filter);
  return {
    from: query.from,
    to: query.to,
    ...(query.groupBy ? { groupBy: query.groupBy } : {}),
    buckets: bucketsOf(whole),
    indicators: indicators(whole, running),
    groups: [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, tally]) => ({ key, label: query.groupBy ? groupLabel(key, query.groupBy) : key, buckets: bucketsOf(tally), indicators: indicators(tally) })),
  };
}

/** The indicators as rows for a CSV: one per group (or one for the whole), Vietnamese headers. */
export const KPI_CSV_COLUMNS: readonly { readonly key: string; readonly label: string }[] = [
  { key: 'group', label: 'Nhóm' },
  { key: 'received', label: 'Số hồ sơ tiếp nhận' },
  { key: 'finished', label: 'Số hồ sơ đã giải quyết' },
  { key: 'early', label: 'Trước hạn' },
  { key: 'onTime', label: 'Đúng hạn' },
  { key: 'late', label: 'Trễ hạn' },
  { key: 'onTimeRate', label: 'Tỷ lệ đúng hạn (%)' },
  { key: 'onlineRate', label: 'Tỷ lệ trực tuyến (%)' },
  { key: 'digitisationRate', label: 'Tỷ lệ số hóa (%)' },
  { key: 'averageDays', label: 'Thời gian giải quyết trung bình (ngày làm việc)' },
];

const percent = (rate: number | undefined): string => (rate === undefined ? '' : (rate * 100).toFixed(1));

export function kpiCsvRows(report: KpiReport): Record<string, string>[] {
  const rows = report.groups.length > 0 ? report.groups : [{ key: 'all', label: `Từ ${report.from} đến ${report.to}`, buckets: report.buckets, indicators: report.indicators }];
  return rows.map((group) => ({
    group: group.label,
    received: String(group.indicators.tally[KpiMetric.Received]),
    finished: String(group.indicators.tally[KpiMetric.Finished]),
    early: String(group.buckets.early),
    onTime: String(group.buckets.onTime),
    late: String(group.buckets.late),
    onTimeRate: percent(group.indicators.onTimeRate),
    onlineRate: percent(group.indicators.onlineRate),
    digitisationRate: percent(group.indicators.digitisationRate),
    averageDays: group.indicators.averageProcessingTime ? group.indicators.averageProcessingTime.workingDays.toFixed(2) : '',
  }));
}
