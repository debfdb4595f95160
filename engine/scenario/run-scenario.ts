/**
 * Runs one scenario on a fresh engine over the in-memory embedded store (the production runtime,
 * not a simulator) with the scenario's manual clock, and reports the first step that fails.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { InstanceId } from '../bpmn/execution/state.ts';
import type { BusinessCalendar } from '../bpmn/timers/calendar.ts';
import { isMotcuaError } from '../errors.ts';
import type { Clock, DeployedProcess, EngineApi } from '../runtime/api.ts';
import type { CommitExtension } from '../runtime/commit-extension.ts';
import { createEngine } from '../runtime/create-engine.ts';
import { checkExpectation, type Mismatch } from './expectations.ts';
import { takeSnapshot } from './instance-snapshot.ts';
import { ManualClock } from './manual-clock.ts';
import type { Scenario, ScenarioResult, ScenarioStep, StepFailure } from './scenario.ts';
import { performAction, runJobsDueNow, type ScenarioRun } from './scenario-actions.ts';
import { scenarioCalendar } from './scenario-calendar.ts';
import type { DossierInspector, ScenarioExtension, ScenarioStartContext, ScenarioStepKind } from './scenario-extension.ts';

export interface EngineFactoryOptions {
  readonly store: string;
  readonly clock: Clock;
  readonly calendar: BusinessCalendar;
  /** the extensions' commit extensions (absent when none) */
  readonly extensions?: readonly CommitExtension[];
}

export interface RunScenarioOptions {
  /** plug-ins: extra `start` keys, their own start, the dossier inspector */
  readonly extensions?: readonly ScenarioExtension[];
  /** how the fresh engine is made; the default is `createEngine` on `sqlite::memory:` */
  readonly createEngine?: (options: EngineFactoryOptions) => Promise<EngineApi>;
}

/** The store every scenario runs on: the embedded one, in memory, new for each scenario. */
export const SCENARIO_STORE = 'sqlite::memory:';

/** Unusable input found while setting up (deployment rejected, unknown process). */
class SetupProblems {
  constructor(readonly problems: readonly string[]) {}
}

export async function runScenario(scenario: Scenario, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const extensions = options.extensions ?? [];
  const clock = new ManualClock(Date.parse(scenario.start.at));
  const calendar = await scenarioCalendar(scenario);
  const commitExtensions = extensions.flatMap((extension) => extension.commitExtensions?.(scenario, calendar) ?? []);
  const engine = await (options.createEngine ?? createEngine)({
    store: SCENARIO_STORE,
    clock,
    calendar,
    ...(commitExtensions.length > 0 ? { extensions: commitExtensions } : {}),
  });
  const warnings: string[] = [];
  const result = (extra: Pick<ScenarioResult, 'ok' | 'failure' | 'problems' | 'trace'>): ScenarioResult => ({
    name: scenario.name,
    file: scenario.file,
    ...extra,
    ...(warnings.length > 0 ? { warnings } : {}),
  });
  try {
    const deployed = await deployAll(engine, scenario, (message) => warnings.push(message));
    if (deployed instanceof SetupProblems) return result({ ok: false, problems: deployed.problems });
    const processKey = chooseProcess(scenario, deployed);
    if (processKey instanceof SetupProblems) return result({ ok: false, problems: processKey.problems });

    let rootId: InstanceId;
    try {
      const started = await start(engine, scenario, extensions, { clock, calendar, deployed, processKey, warn: (message) => warnings.push(message) });
      if (typeof started !== 'string') return result({ ok: false, failure: { step: 'start', ...started } });
      rootId = started;
    } catch (error) {
      return result({ ok: false, failure: { step: 'start', ...thrown('start', error) } });
    }

    const run: ScenarioRun = { engine, clock, calendar, rootId, startAt: scenario.start.at, locks: new Map() };
    const dossiers = extensions.find((extension) => extension.dossiers)?.dossiers?.(engine);
    const stepKinds: Record<string, ScenarioStepKind> = Object.assign({}, ...extensions.map((extension) => extension.steps ?? {}));
    for (const [index, step] of scenario.steps.entries()) {
      let mismatch: Mismatch | undefined;
      try {
        mismatch = await perform(run, step, dossiers, stepKinds);
      } catch (error) {
        mismatch = thrown(step.action === 'extension' ? step.key : step.action, error);
      }
      if (step.rejects !== undefined) mismatch = refusalExpected(step.action === 'extension' ? step.key : step.action, step.rejects, mismatch);
      if (mismatch) return result({ ok: false, failure: { step: index, ...mismatch } satisfies StepFailure, ...(await traceOf(engine, rootId)) });
    }
    return result({ ok: true, ...(await traceOf(engine, rootId)) });
  } finally {
    await engine.close();
  }
}

async function perform(
  run: ScenarioRun,
  step: ScenarioStep,
  dossiers: DossierInspector | undefined,
  stepKinds: Readonly<Record<string, ScenarioStepKind>>,
): Promise<Mismatch | undefined> {
  if (step.action === 'extension') {
    const kind = stepKinds[step.key];
    if (!kind) {
      // the scenario was loaded with an extension this run was not given
      return { expectation: step.key, expected: `an extension handling ${step.key} steps`, found: 'none', message: `no scenario extension of this run handles ${step.key} steps` };
    }
    const mismatch = await kind.perform(step.value, { engine: run.engine, clock: run.clock, rootId: run.rootId });
    return mismatch ?? runJobsDueNow(run);
  }
  if (step.action !== 'expect') return performAction(run, step);
  const snapshot = await takeSnapshot(run.engine, run.rootId, step.expect.dossier ? dossiers : undefined);
  return checkExpectation(step.expect, snapshot);
}

/** Where the root instance went and where it waits, for a modeler to draw; nothing when it cannot be read. */
async function traceOf(engine: EngineApi, rootId: InstanceId): Promise<Pick<ScenarioResult, 'trace'>> {
  try {
    const snapshot = await takeSnapshot(engine, rootId);
    return { trace: { entered: snapshot.entered, active: snapshot.active } };
  } catch {
    return {};
  }
}

/** An engine rejection (or bug) during a step: the scenario fails there, the run goes on. */
function thrown(action: string, error: unknown): Mismatch {
  if (isMotcuaError(error)) {
    return { expectation: action, expected: `${action} accepted by the engine`, found: error.code, message: error.toString(), code: error.code };
  }
  const text = error instanceof Error ? error.message : String(error);
  return { expectation: action, expected: `${action} carried out`, found: 'an unexpected engine error', message: `engine error: ${text}` };
}

/** `rejects: CODE` on a step: refused with that code passes; accepted, or refused otherwise, fails. */
function refusalExpected(action: string, code: string, outcome: Mismatch | undefined): Mismatch | undefined {
  if (outcome?.code === code) return undefined;
  const expectation = `${action}.rejects`;
  if (outcome === undefined) return { expectation, expected: `refused with ${code}`, found: 'accepted', message: `${action} was accepted; expected it to be refused with ${code}` };
  return { expectation, expected: `refused with ${code}`, found: outcome.code ?? outcome.found, message: `expected ${action} to be refused with ${code}, but: ${outcome.message}` };
}

async function deployAll(engine: EngineApi, scenario: Scenario, warn: (message: string) => void): Promise<DeployedProcess[] | SetupProblems> {
  // further files first, so that the scenario's own file holds the latest versions
  const files: [string, string][] = [...scenario.deploy.map((file, i): [string, string] => [`deploy[${i}]`, file]), ['bpmn', scenario.bpmn]];
  let deployed: DeployedProcess[] = [];
  for (const [key, file] of files) {
    let xml: string;
    try {
      xml = await readFile(file, 'utf8');
    } catch (error) {
      return new SetupProblems([`${key}: cannot read ${file}: ${(error as Error).message}`]);
    }
    try {
      deployed = await engine.deploy(basename(file), xml);
    } catch (error) {
      if (!isMotcuaError(error)) throw error;
      // the compiler lists one problem per line: keep them apart, each naming the file
      const lines = error.message.split('\n').filter((line) => line.trim() !== '');
      return new SetupProblems(lines.map((line) => `${key}: ${basename(file)}: ${line}`));
    }
    for (const warning of deployed[0]?.warnings ?? []) warn(`${basename(file)}: ${warning}`);
  }
  return deployed;
}

function chooseProcess(scenario: Scenario, deployed: readonly DeployedProcess[]): string | undefined | SetupProblems {
  const keys = deployed.map((process) => process.key);
  const has = keys.length === 0 ? 'no executable process' : `executable processes ${keys.join(', ')}`;
  if (scenario.process !== undefined) {
    if (keys.includes(scenario.process)) return scenario.process;
    return new SetupProblems([`process: unknown process ${scenario.process}: ${basename(scenario.bpmn)} has ${has}`]);
  }
  if (scenario.start.message !== undefined) return undefined;
  if (keys.length === 1) return keys[0];
  return new SetupProblems([`process: required, ${basename(scenario.bpmn)} has ${has}`]);
}

async function start(
  engine: EngineApi,
  scenario: Scenario,
  extensions: readonly ScenarioExtension[],
  context: ScenarioStartContext,
): Promise<InstanceId | Mismatch> {
  const variables = scenario.start.variables ? { variables: scenario.start.variables } : {};
  let rootId: InstanceId | undefined;
  for (const extension of extensions) {
    rootId = await extension.start?.(engine, scenario, context);
    if (rootId !== undefined) break;
  }
  if (rootId === undefined && scenario.start.message !== undefined) {
    const view = await engine.startByMessage(scenario.start.message, variables);
    if (scenario.process !== undefined && view.key !== scenario.process) {
      return {
        expectation: 'start.message',
        expected: scenario.process,
        found: view.key,
        message: `message ${scenario.start.message} started process ${view.key}, not ${scenario.process}`,
      };
    }
    rootId = view.id;
  }
  if (rootId === undefined) {
    // chooseProcess settled a key whenever there is no start message
    rootId = (await engine.startInstance(context.processKey as string, variables)).id;
  }
  await engine.runDueJobs();
  return rootId;
}
