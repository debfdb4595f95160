/**
 * Process scenarios (SCENARIOS.md): load and validate a scenario file, run it on a fresh engine
 * with a manual clock, report the first step that fails. The additions this implementation makes
 * to the format, and how it settles what the format leaves open, are in ./README.md.
 */
export { checkExpectation, differenceAt, matchTasks, multisetMessage, sameInstant, type Mismatch } from './expectations.ts';
export { findScenarioFiles, SCENARIO_FILE } from './find-scenario-files.ts';
export { formatValue } from './format-value.ts';
export { takeSnapshot, type InstanceSnapshot, type SnapshotTask } from './instance-snapshot.ts';
export { loadScenario, parseScenario, validateScenario, type LoadScenarioOptions } from './load-scenario.ts';
export { ManualClock } from './manual-clock.ts';
export { formatResult, formatSummary } from './report.ts';
export { runScenario, SCENARIO_STORE, type EngineFactoryOptions, type RunScenarioOptions } from './run-scenario.ts';
export { runScenarioFiles, type RunScenarioFilesOptions } from './run-scenario-files.ts';
export type * from './scenario.ts';
export { SCENARIO_WORKER } from './scenario-actions.ts';
export type { DossierInspector, DossierView, ScenarioExtension, ScenarioStartContext } from './scenario-extension.ts';
export { ScenarioInputError } from './scenario-input-error.ts';
export { scenarioJsonSchema, type JsonSchema } from './scenario-schema.ts';
