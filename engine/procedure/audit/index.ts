/** Audit: verified histories and their offline export, timelines, paths, per-version statistics from counters. */
export { CHAIN_RECIPE, type ChainVerification, exportHistory, HISTORY_EXPORT_FORMAT, type HistoryExport, verifyHistoryExport } from './history-export.ts';
export { dossierTimeline, type TimelineEntry } from './timeline.ts';
export { type DossierPath, dossierPath, type PathElement } from './dossier-path.ts';
export { ElementStatsExtension } from './ElementStatsExtension.ts';
export { budgetMs, type ElementStats, type StatsFilter, timeLost, type TimeLostStep, versionStats, type VersionStats } from './version-stats.ts';
export { type KpiGroup, KpiGroupBy, kpiCsvRows, KPI_CSV_COLUMNS, type KpiReport, kpiReport, type KpiReportQuery, type ResultBuckets } from './kpi-report.ts';
export { CSV_BOM, csvField, toCsv } from './csv.ts';
