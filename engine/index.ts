/**
 * The engine's public API: what api/, the CLI and embedding applications import. Everything else
 * under engine/ is internal and may move; a name exported here changes only with the changelog.
 */
export { compileBpmn, compileOrThrow, type CompileOptions, type CompileResult, formatProblem, ProblemCode, type ValidationProblem } from './bpmn/compile/index.ts';
export { type Incident, type InstanceState, InstanceStatus, type Variables } from './bpmn/execution/state.ts';
export { HistoryEventType } from './bpmn/execution/results.ts';
export type { CompiledDefinitions, ProcessModel } from './bpmn/model.ts';
export { calendarDays } from './bpmn/timers/index.ts';
export { ErrorCode, type ErrorSubject, isMotcuaError, MotcuaError } from './errors.ts';
export type { ClaimOptions, Clock, CorrelationScope, DeployedProcess, DeployOptions, EngineApi, InstanceView, LockedExternalTask, OpenTask, RecordedEvent, StartOptions, TaskQuery, TaskVisibility } from './runtime/api.ts';
export type { CommitAdditions, CommitExtension, StepOutcome } from './runtime/commit-extension.ts';
export { createEngine, type CreateEngineOptions, systemClock } from './runtime/create-engine.ts';
export { Engine, type EngineOptions } from './runtime/Engine.ts';
export { JobExecutor, type JobExecutorOptions } from './runtime/JobExecutor.ts';
export { configuredStoreUrl, DEFAULT_STORE_URL, describeStore, openStore, type InstanceQuery, type InstanceSummary, RecordKind, type RecordQuery, type Store, type StoredRecord } from './store/index.ts';
export type { Deployment, DeploymentInfo, InstanceRecord, JobRecord, StoredInstance } from './store/port.ts';
export * from './procedure/index.ts';
export { formatSummary, runScenarioFiles, type RunScenarioFilesOptions } from './scenario/index.ts';
export { type Motcua, type MotcuaOptions, openMotcua, productCalendar } from './compose/open-motcua.ts';
export { deployProcesses } from './compose/deploy-processes.ts';
export { DeployChange, type DeployedProcessChange, type FileDeployment } from './runtime/deploy-folder.ts';
export { startJobs } from './compose/jobs.ts';
export { DEPLOYMENT_FORM_PREFIX, type FormSchema, Forms, parseForm } from './compose/forms.ts';
export { checkFormData, type FormProblem, formFields } from './compose/form-data.ts';
export { type Draft, type DraftContent, type DraftScenario, DraftStore, type DraftSummary } from './compose/drafts/DraftStore.ts';
export { type DraftCheck, DraftService, MODELER_DEPLOYMENT_PREFIX, type Published } from './compose/drafts/DraftService.ts';
export { type DraftScenarioReport, type DraftTestReport } from './compose/drafts/test-draft.ts';
export { type BudgetWarning, type DraftProblem } from './compose/drafts/validate-draft.ts';
