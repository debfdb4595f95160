/**
 * The procedure domain (DOMAIN.md): the working calendar, the procedure catalog, dossiers and
 * their status machine (a commit extension of the command loop), the official slips, the QĐ 766
 * indicators, and the scenario extension that runs a scenario as a dossier. See ./README.md.
 */
export * from './calendar/index.ts';
export { type CalendarSource, type CalendarStamp, type CalendarYearRecord, CalendarRegistry, type CalendarYearView } from './calendar/CalendarRegistry.ts';
export { type CalendarYearDocument, calendarOfYears, NATIONAL_CALENDAR, parseCalendarFile, parseYearCalendar, withYears } from './calendar/calendar-file.ts';

export { catalogCsv, periodLabel } from './catalog/catalog-csv.ts';
export { checkProcedureBpmn, checkProcedureDiagram, type DiagramCheckOptions, type DiagramProblem } from './catalog/diagram-check.ts';
export { findProcedureFiles, loadCatalog, loadCatalogFiles, loadCatalogLayers, PROCEDURE_FILE } from './catalog/load-catalog.ts';
export { ProcedureCatalog } from './catalog/ProcedureCatalog.ts';
export { type PublicationStamp, SharedCatalog, type StoredProcedure, type VersionScenario } from './catalog/SharedCatalog.ts';
export { type CatalogPage, type CatalogQuery, foldVietnamese, searchCatalog } from './catalog/catalog-search.ts';
export { versionUsage, type VersionUsage } from './catalog/version-usage.ts';
export {
  OnlineLevel,
  type ProcedureComponent,
  type ProcedureExtension,
  ProcedureLevel,
  type ProcedureRecord,
  type ProcedureWay,
} from './catalog/procedure-record.ts';
export { PROCEDURE_SCHEMA, procedureProblems } from './catalog/procedure-schema.ts';

export {
  type Dossier,
  type DossierApplicant,
  type DossierComponent,
  type DossierExtension,
  type DossierFees,
  type DossierTerms,
  DOSSIER_VARIABLE,
  type RunningClock,
  type SupplementRequests,
} from './dossier/dossier.ts';
export { addPeriod, DEFAULT_RECEPTION_SLA, processingTime, receptionDue, resultOf } from './dossier/dossier-clock.ts';
export { DEFAULT_CODE_PATTERN, DossierCodePattern } from './dossier/dossier-code.ts';
export { applyDossierCommand, DOSSIER_COMMAND_VARIABLE, type DossierCommand, parseDossierCommand, REASON_VARIABLE, WITHDRAWAL_MESSAGE } from './dossier/dossier-commands.ts';
export { allDossiers, dossierOfState, loadDossier, type StoredDossier } from './dossier/dossier-queries.ts';
export {
  Channel,
  CHANNEL_LABEL,
  DOSSIER_RESULT_LABEL,
  DOSSIER_STATUS_LABEL,
  DOSSIER_STATUSES,
  DossierResult,
  DossierStatus,
  ENDING_STATUSES,
  isDossierStatus,
  NATIONAL_STATUS_CODE,
  TERMINAL_STATUSES,
} from './dossier/dossier-status.ts';
export { changeStatus, type DossierChange, type TransitionCause } from './dossier/dossier-transition.ts';
export { DossierCommitExtension, type DossierCommitExtensionOptions } from './dossier/DossierCommitExtension.ts';
export { type DueItem, type Received, type RegisterQuery, DossierService, type DossierServiceOptions } from './dossier/DossierService.ts';
export { NATIONAL_SYNC_TOPIC, nationalSyncMessage, NationalSyncOutbox, type NationalSyncPayload } from './dossier/national-sync.ts';
export { AGENCY_CODE_PATTERN, type ReceiveInput, RECEIVE_INPUT_SCHEMA } from './dossier/receive-input.ts';
export { transitionProblem } from './dossier/status-machine.ts';

export { type ActionContext, type ActionOption, actionOptions, DOSSIER_ACTIONS, DossierAction, mayWork, type Officer, RefusalReason } from './desk/dossier-actions.ts';
export { type ActionInput, type DeskInput, DeskService, type DeskServiceOptions, type DossierDetail } from './desk/DeskService.ts';
export { type TaskSummary, taskSummary } from './desk/task-summary.ts';
export { type DossierSearch, type DossierSearchResult, searchDossiers } from './desk/dossier-search.ts';
export { DossierAttribute, dossierAttributes, indexDossiers } from './dossier/dossier-attributes.ts';
export { availableSlips, type DossierPause, type DossierSummary, dossierSummary, pausesOf, SLIP_TITLE, SUPPLEMENT_REQUEST_VARIABLE, type SupplementRequestRecord } from './desk/dossier-view.ts';
export { DUE_STATE_LABEL, DueState, dueSoonHorizon, dueStateOf, remainingWorkingDays } from './desk/due-state.ts';
export { checkLookupSecret, issueLookupSecret, LOOKUP_RECORD_KIND } from './desk/lookup-secret.ts';
export { equalityOf, type StepDecision, type StepPath, stepPaths } from './desk/step-paths.ts';
export { type TaskBoardPage, type TaskBoardQuery, type TaskCounts, type TaskRow, TaskBoard, type TaskBoardOptions, TASK_VIEWS, TaskView } from './desk/task-board.ts';

export { counterReaderOf, type CounterReader, MemoryCounters } from './kpi/counter-reader.ts';
export { type KpiFact, kpiCounters } from './kpi/kpi-counters.ts';
export * from './kpi/kpi-formulas.ts';
export { type KpiDimensions, kpiKey, KpiMetric, kpiPeriodPrefix, parseKpiKey, periodOf } from './kpi/kpi-keys.ts';
export { inProgressAt, type KpiFilter, KpiService, matchesKpiFilter, periodRange } from './kpi/KpiService.ts';

export { DossierInspector, dossierView } from './scenario/DossierInspector.ts';
export { DOSSIER_START_SCHEMA, type DossierStart } from './scenario/dossier-start-schema.ts';
export { DOSSIER_STEP_COMMANDS, DOSSIER_STEP_SCHEMA, type DossierStep } from './scenario/dossier-step-schema.ts';
export { DossierScenarioExtension, type DossierScenarioOptions } from './scenario/DossierScenarioExtension.ts';

export { type ApologyInput, apologyExtensionSlip } from './slips/apology-extension-slip.ts';
export { processControlRecord, type ProcessControlOptions } from './slips/process-control-record.ts';
export { type ReceiptOptions, receiptSlip } from './slips/receipt-slip.ts';
export { refusalSlip } from './slips/refusal-slip.ts';
export { REGISTER_COLUMNS, registerRow, registerTable } from './slips/register.ts';
export { type Slip, type SlipField, SlipForm, slipField, type SlipTable, templateOf } from './slips/slip.ts';
export { viDate, viDateTime, viMoney, viPeriod } from './slips/slip-format.ts';
export { escapeHtml, slipPage, type SlipPageOptions } from './slips/slip-html.ts';
export { stopNoticeSlip } from './slips/stop-notice-slip.ts';
export { supplementRequestSlip, type SupplementRequestInput } from './slips/supplement-request-slip.ts';

export * from './audit/index.ts';
