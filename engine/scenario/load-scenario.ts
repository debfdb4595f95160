/**
 * Reads a scenario file (YAML, or JSON for `.json`), checks it against the schema and the step
 * rules, and normalises it into a `Scenario`. Any problem is a `ScenarioInputError` naming the
 * file and the key path: unusable input is never half-run.
 */
import { access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { Variables } from '../bpmn/execution/state.ts';
import { CalendarName, type Expectation, type Scenario, type ScenarioStep } from './scenario.ts';
import type { ScenarioExtension, ScenarioStepKind } from './scenario-extension.ts';
import { ScenarioInputError } from './scenario-input-error.ts';
import { type JsonSchema, schemaProblems, stepProblems } from './scenario-schema.ts';

export interface LoadScenarioOptions {
  /** extensions whose `start` keys are accepted (e.g. the procedure domain's `dossier`) */
  readonly extensions?: readonly ScenarioExtension[];
}

/** Loads and validates a scenario file; throws `ScenarioInputError` when it is unusable. */
export async function loadScenario(path: string, options: LoadScenarioOptions = {}): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ScenarioInputError(path, [`cannot read the file: ${(error as Error).message}`]);
  }
  const scenario = parseScenario(text, path, options);
  const missing: string[] = [];
  const files = [['bpmn', scenario.bpmn], ...scenario.deploy.map((f, i) => [`deploy[${i}]`, f]), ...(scenario.calendarFile ? [['calendar', scenario.calendarFile]] : [])];
  for (const [key, file] of files) {
    try {
      await access(file);
    } catch {
      missing.push(`${key}: file not found: ${file}`);
    }
  }
  if (missing.length > 0) throw new ScenarioInputError(path, missing);
  return scenario;
}

/** Parses and validates scenario text; paths resolve against `file`'s folder but are not checked. */
export function parseScenario(text: string, file: string, options: LoadScenarioOptions = {}): Scenario {
  const other = otherKindOfFile(text, file);
  if (other !== undefined) throw new ScenarioInputError(file, [other]);
  let document: unknown;
  if (file.toLowerCase().endsWith('.json')) {
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new ScenarioInputError(file, [`bad JSON: ${(error as Error).message}`]);
    }
  } else {
    const parsed = parseDocument(text);
    if (parsed.errors.length > 0) {
      throw new ScenarioInputError(
        file,
        parsed.errors.map((error) => `bad YAML: ${error.message.split('\n')[0].replace(/:$/, '')}`),
      );
    }
    document = parsed.toJS();
  }
  return validateScenario(document, file, options);
}

/** Validates an already parsed document (the schema, then the step rules). */
export function validateScenario(document: unknown, file: string, options: LoadScenarioOptions = {}): Scenario {
  const startKeys: Record<string, JsonSchema> = {};
  const stepKinds: Record<string, ScenarioStepKind> = {};
  for (const extension of options.extensions ?? []) {
    Object.assign(startKeys, extension.startKeys ?? {});
    Object.assign(stepKinds, extension.steps ?? {});
  }
  const stepKeys = Object.fromEntries(Object.entries(stepKinds).map(([key, kind]) => [key, kind.schema]));

  const problems = schemaProblems(document, startKeys, stepKeys);
  if (problems.length > 0) throw new ScenarioInputError(file, problems);
  const raw = document as RawScenario;
  const steps = raw.steps ?? [];
  const stepIssues = stepProblems(steps, Object.keys(stepKinds));
  if (stepIssues.length > 0) throw new ScenarioInputError(file, stepIssues);
  const valueIssues = steps.flatMap((step, i) => extensionStepProblems(step, i, stepKinds));
  if (valueIssues.length > 0) throw new ScenarioInputError(file, valueIssues);

  const folder = dirname(file);
  const { at, variables, message, ...extra } = raw.start;
  return {
    name: raw.name,
    file,
    bpmn: resolve(folder, raw.bpmn),
    deploy: (raw.deploy ?? []).map((path) => resolve(folder, path)),
    process: raw.process,
    ...calendarOf(raw.calendar, folder),
    start: { at, variables, message, extra },
    steps: steps.map((step) => toStep(step, stepKinds)),
  };
}

/** `calendar-days`, `vn`, or a calendar file: the `vn` calendar with the file's years. */
function calendarOf(calendar: string | undefined, folder: string): Pick<Scenario, 'calendar' | 'calendarFile'> {
  if (calendar === undefined) return { calendar: CalendarName.CalendarDays };
  if (calendar === CalendarName.CalendarDays || calendar === CalendarName.Vn) return { calendar };
  return { calendar: CalendarName.Vn, calendarFile: resolve(folder, calendar) };
}

/** A file that is plainly not a scenario (a diagram, a procedure record): say what it is instead of quoting it back. */
function otherKindOfFile(text: string, file: string): string | undefined {
  const start = text.trimStart();
  if (/\.bpmn$/i.test(file) || (start.startsWith('<') && /<(\w+:)?definitions\b/.test(start.slice(0, 2000)))) {
    return 'this is a BPMN diagram, not a scenario: give the *.scenario.yaml that names it (bpmn: ./diagram.bpmn), or the folder holding both';
  }
  if (start.startsWith('<')) return 'this is an XML file, not a scenario: a scenario is YAML (or JSON) with name, bpmn, start and steps';
  if (/(^|[\\/])([\w.-]*\.)?procedure\.json$/i.test(file)) {
    return 'this is a procedure record (catalog), not a scenario: give the *.scenario.yaml files beside it, or their folder';
  }
  return undefined;
}

interface RawScenario {
  readonly name: string;
  readonly bpmn: string;
  readonly deploy?: string[];
  readonly process?: string;
  readonly calendar?: string;
  readonly start: { at: string; variables?: Variables; message?: string; [key: string]: unknown };
  readonly steps?: RawStep[];
}

interface RawStep {
  readonly [key: string]: unknown;
  readonly variables?: Variables;
  readonly index?: number;
  readonly retries?: number;
  readonly rejects?: string;
}

/** The problems an extension finds in the value of its step, each line prefixed with the step's key path. */
function extensionStepProblems(step: RawStep, index: number, kinds: Readonly<Record<string, ScenarioStepKind>>): string[] {
  const key = Object.keys(kinds).find((candidate) => candidate in step);
  if (key === undefined) return [];
  const path = `steps[${index}].${key}`;
  return (kinds[key].problems?.(step[key]) ?? []).map((problem) => `${problem.field === '' ? path : `${path}.${problem.field}`}: ${problem.message}`);
}

// the schema and stepProblems have already guaranteed one action key of the right type
function toStep(raw: RawStep, kinds: Readonly<Record<string, ScenarioStepKind>>): ScenarioStep {
  const step = actionOf(raw, kinds);
  return raw.rejects === undefined ? step : { ...step, rejects: raw.rejects };
}

function actionOf(raw: RawStep, kinds: Readonly<Record<string, ScenarioStepKind>>): ScenarioStep {
  const extensionKey = Object.keys(kinds).find((key) => key in raw);
  if (extensionKey !== undefined) return { action: 'extension', key: extensionKey, value: raw[extensionKey] };
  if ('complete' in raw) return { action: 'complete', element: raw.complete as string, variables: raw.variables, index: raw.index };
  if ('message' in raw) return { action: 'message', name: raw.message as string, variables: raw.variables };
  if ('signal' in raw) return { action: 'signal', name: raw.signal as string, variables: raw.variables };
  if ('advance' in raw) return { action: 'advance', by: raw.advance as string | { workingDays: number } };
  if ('at' in raw) return { action: 'at', instant: raw.at as string };
  if ('fail' in raw) return { action: 'fail', element: raw.fail as string, retries: raw.retries ?? 0, index: raw.index };
  return { action: 'expect', expect: raw.expect as Expectation };
}
