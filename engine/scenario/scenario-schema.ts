/**
 * The JSON schema of a scenario file and the translation of ajv's errors into messages an analyst
 * can act on (`steps[2].expect.tasks[0].asignee: unknown key`). Every object is closed
 * (`additionalProperties: false`): a typo must fail loudly, never pass silently.
 *
 * What a schema cannot say well (exactly one action key per step, options that belong to another
 * action) is checked by `stepProblems` afterwards, so its messages stay readable too.
 */
import type { SchemaObject, ValidateFunction } from 'ajv';
import { parseDuration } from '../bpmn/timers/iso8601.ts';
import { compileSchema, problemLines, schemaProblems as fieldProblems, type Vocabulary } from '../validation/schema-problems.ts';
import type { CoreStepAction } from './scenario.ts';

const YAML_WORDS: Vocabulary = { property: 'key', object: 'a mapping' };

const INSTANT = {
  type: 'string',
  format: 'date-time',
  description: 'an instant with a time zone offset, e.g. 2025-03-03T08:00:00+07:00',
};
const ELEMENT_ID = { type: 'string', minLength: 1, description: 'an element id' };
const ELEMENT_IDS = { type: 'array', items: ELEMENT_ID, description: 'a list of element ids' };
const VARIABLES = { type: 'object', description: 'a mapping of variable names to values' };
const COUNT = { type: 'integer', minimum: 0, description: 'a whole number, 0 or more' };

const TASK_EXPECTATION = {
  type: 'object',
  description: 'a mapping with id and optional assignee, candidateGroups, due',
  required: ['id'],
  additionalProperties: false,
  properties: {
    id: ELEMENT_ID,
    assignee: { type: ['string', 'null'], description: 'a user id, or null for an unassigned task' },
    candidateGroups: { type: 'array', items: { type: 'string' }, description: 'a list of group ids' },
    due: INSTANT,
  },
};

const DOSSIER_EXPECTATION = {
  type: 'object',
  description: 'a mapping with optional status, dueAt, paused, result',
  additionalProperties: false,
  properties: {
    status: { type: 'string', description: 'a dossier status code' },
    dueAt: INSTANT,
    paused: { type: 'boolean', description: 'true or false' },
    result: { enum: ['EARLY', 'ONTIME', 'LATE'] },
  },
};

const EXPECTATION = {
  type: 'object',
  description: 'a mapping of expectations',
  additionalProperties: false,
  properties: {
    ended: { type: 'boolean', description: 'true or false' },
    active: ELEMENT_IDS,
    passed: ELEMENT_IDS,
    notPassed: ELEMENT_IDS,
    variables: VARIABLES,
    tasks: { type: 'array', items: TASK_EXPECTATION, description: 'a list of tasks' },
    incidents: ELEMENT_IDS,
    dossier: DOSSIER_EXPECTATION,
  },
};

/** Options each action takes besides its own key. */
export const STEP_OPTIONS: Readonly<Record<CoreStepAction, readonly string[]>> = {
  complete: ['variables', 'index', 'rejects'],
  message: ['variables', 'rejects'],
  signal: ['variables', 'rejects'],
  advance: [],
  at: [],
  fail: ['retries', 'index', 'rejects'],
  expect: [],
};
/** Options a step of an extension's action key takes beside it. */
export const EXTENSION_STEP_OPTIONS: readonly string[] = ['rejects'];
export const STEP_ACTIONS = Object.keys(STEP_OPTIONS) as CoreStepAction[];

const STEP = {
  type: 'object',
  description: 'a mapping with one action key',
  additionalProperties: false,
  properties: {
    complete: ELEMENT_ID,
    message: { type: 'string', minLength: 1, description: 'a message name' },
    signal: { type: 'string', minLength: 1, description: 'a signal name' },
    advance: {
      // string and object forms in one schema (format/required/properties apply per type), so
      // a wrong value gets one clear message instead of a oneOf error per branch
      type: ['string', 'object'],
      format: 'iso-duration',
      description: 'an ISO 8601 duration (e.g. PT2H) or { workingDays: N }',
      required: ['workingDays'],
      additionalProperties: false,
      properties: { workingDays: COUNT },
    },
    at: INSTANT,
    fail: ELEMENT_ID,
    expect: EXPECTATION,
    variables: VARIABLES,
    index: COUNT,
    retries: COUNT,
    rejects: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'an error code such as EXTENSION_OVER_MAX or TASK_NOT_OPEN' },
  },
};

/** A JSON schema fragment, as an extension declares the `start` keys it adds. */
export type JsonSchema = SchemaObject;

/**
 * The scenario file's schema; `startKeys` and `stepKeys` are what extensions add to `start` and
 * as step actions (key → schema of its value).
 */
export function scenarioJsonSchema(startKeys: Readonly<Record<string, JsonSchema>> = {}, stepKeys: Readonly<Record<string, JsonSchema>> = {}): JsonSchema {
  return {
    type: 'object',
    description: 'a mapping (name, bpmn, start, steps, …)',
    required: ['name', 'bpmn', 'start'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, description: 'a name' },
      bpmn: { type: 'string', minLength: 1, description: 'a path to a .bpmn file' },
      deploy: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'a list of paths to .bpmn files' },
      process: { type: 'string', minLength: 1, description: 'a process id' },
      calendar: {
        type: 'string',
        pattern: '^(calendar-days|vn|.+\\.json)$',
        description: 'one of calendar-days, vn, or a calendar file such as ./lich-2028.json',
      },
      start: {
        type: 'object',
        description: 'a mapping with at and optional variables, message',
        required: ['at'],
        additionalProperties: false,
        properties: {
          at: INSTANT,
          variables: VARIABLES,
          message: { type: 'string', minLength: 1, description: 'a message name' },
          ...startKeys,
        },
      },
      steps: { type: 'array', items: { ...STEP, properties: { ...STEP.properties, ...stepKeys } }, description: 'a list of steps' },
    },
  };
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(startKeys: Readonly<Record<string, JsonSchema>>, stepKeys: Readonly<Record<string, JsonSchema>>): ValidateFunction {
  const schema = scenarioJsonSchema(startKeys, stepKeys);
  const cacheKey = JSON.stringify(schema);
  let validate = validators.get(cacheKey);
  if (!validate) {
    // the timers' own grammar, so `advance` accepts exactly the durations a timer does
    validate = compileSchema(schema, { 'iso-duration': (text: string) => 'value' in parseDuration(text, 'advance') });
    validators.set(cacheKey, validate);
  }
  return validate;
}

/** Checks a parsed document against the schema; returns the problems, empty when it conforms. */
export function schemaProblems(document: unknown, startKeys: Readonly<Record<string, JsonSchema>> = {}, stepKeys: Readonly<Record<string, JsonSchema>> = {}): string[] {
  return problemLines(fieldProblems(validatorFor(startKeys, stepKeys), document, YAML_WORDS));
}

/**
 * The checks a schema expresses badly: one action key per step, options of that action only.
 * `extensionActions` are the action keys extensions added: such a step has its key alone.
 */
export function stepProblems(steps: readonly Record<string, unknown>[], extensionActions: readonly string[] = []): string[] {
  const problems: string[] = [];
  const allActions = [...STEP_ACTIONS, ...extensionActions];
  steps.forEach((step, i) => {
    const actions = allActions.filter((action) => action in step);
    const oneOf = `a step has exactly one of ${allActions.join(', ')}`;
    if (actions.length === 0) {
      problems.push(`steps[${i}]: no action key; ${oneOf}`);
      return;
    }
    if (actions.length > 1) {
      problems.push(`steps[${i}]: ${actions.length} action keys (${actions.join(', ')}); ${oneOf}`);
      return;
    }
    const action = actions[0];
    const options: readonly string[] = (STEP_OPTIONS as Readonly<Record<string, readonly string[]>>)[action] ?? EXTENSION_STEP_OPTIONS;
    for (const key of Object.keys(step)) {
      if (key !== action && !options.includes(key)) {
        problems.push(`steps[${i}].${key}: unknown key for a ${action} step`);
      }
    }
  });
  return problems;
}
