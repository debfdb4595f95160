/**
 * JSON-schema validation shared by every input the engine reads (scenario files, catalog records,
 * dossier reception), with ajv's errors turned into lines that name the field:
 * `ways[0].deadline.unit: must be one of WORKING_DAYS, DAYS, WORKING_HOURS, SAME_DAY, found "NGAY"`.
 */
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ErrorCode, MotcuaError } from '../errors.ts';

// ajv-formats is CommonJS: under NodeNext its default import is the module object
const addFormats = addFormatsModule.default ?? addFormatsModule;

/** One problem: the field path (`ways[0].deadline.unit`, empty for the whole document) and what is wrong. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** Formats beyond ajv-formats' `date`, `date-time` and `email`, by name. */
export type ExtraFormats = Readonly<Record<string, (text: string) => boolean>>;

/** Compile a schema once; `verbose` so messages can quote the offending value. */
export function compileSchema(schema: SchemaObject, extraFormats: ExtraFormats = {}): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true });
  addFormats(ajv, ['date', 'date-time', 'email']);
  for (const [name, check] of Object.entries(extraFormats)) ajv.addFormat(name, check);
  return ajv.compile(schema);
}

/** How messages name an unknown property and an object value: YAML readers think in keys and mappings. */
export interface Vocabulary {
  readonly property: string;
  readonly object: string;
}

const JSON_WORDS: Vocabulary = { property: 'field', object: 'an object' };

/** `/ways/0/deadline` + `unit` → `ways[0].deadline.unit` */
export function fieldPath(instancePath: string, key?: string): string {
  const segments = instancePath === '' ? [] : instancePath.slice(1).split('/');
  if (key !== undefined) segments.push(key);
  let path = '';
  for (const raw of segments) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(segment) ? `[${segment}]` : path === '' ? segment : `.${segment}`;
  }
  return path;
}

function problemOf(error: ErrorObject, words: Vocabulary): FieldProblem {
  const found = (value: unknown): string => {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'a list';
    if (typeof value === 'object') return words.object;
    const text = JSON.stringify(value);
    // a whole file read as one value (e.g. XML given as YAML) must not be printed back
    return text.length > 80 ? `${text.slice(0, 60)}…" (${String(value).length} characters)` : text;
  };
  const field = fieldPath(error.instancePath);
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { field: fieldPath(error.instancePath, String(params.additionalProperty)), message: `unknown ${words.property}` };
    case 'required':
      return { field: fieldPath(error.instancePath, String(params.missingProperty)), message: 'required' };
    case 'enum':
      return { field, message: `must be one of ${(params.allowedValues as unknown[]).join(', ')}, found ${found(error.data)}` };
    case 'type':
    case 'format':
    case 'pattern':
      return { field, message: `must be ${description ?? `a ${String(params.type ?? params.format ?? params.pattern)}`}, found ${found(error.data)}` };
    case 'minLength':
      return { field, message: 'must not be empty' };
    case 'not':
      return { field, message: `must be ${description ?? 'different'}` };
    case 'minItems':
      return { field, message: `needs at least ${String(params.limit)} item(s)` };
    case 'minimum':
    case 'exclusiveMinimum':
      return { field, message: `must be ${error.keyword === 'minimum' ? '' : 'above '}${String(params.limit)}${error.keyword === 'minimum' ? ' or more' : ''}, found ${found(error.data)}` };
    case 'maximum':
      return { field, message: `must be ${String(params.limit)} or less, found ${found(error.data)}` };
    default:
      return { field, message: error.message ?? 'invalid' };
  }
}

/** The problems of `document` against `validate`, deduplicated; empty when it conforms. */
export function schemaProblems(validate: ValidateFunction, document: unknown, words: Vocabulary = JSON_WORDS): FieldProblem[] {
  if (validate(document)) return [];
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const problem of (validate.errors ?? []).map((error) => problemOf(error, words))) {
    const line = `${problem.field}: ${problem.message}`;
    if (seen.has(line)) continue;
    seen.add(line);
    problems.push(problem);
  }
  return problems;
}

/** `field: message` lines, one per problem. */
export function problemLines(problems: readonly FieldProblem[], prefix = ''): string[] {
  return problems.map((problem) => `${prefix}${problem.field || '(root)'}: ${problem.message}`);
}

/** A rejection listing every problem; its `field` is the first one's. */
export function invalidInput(what: string, problems: readonly FieldProblem[], prefix = ''): MotcuaError {
  const lines = problemLines(problems, prefix);
  const first = problems[0];
  return new MotcuaError(ErrorCode.InvalidInput, `${what}:\n${lines.join('\n')}`, { field: `${prefix}${first?.field ?? ''}` }, problems);
}
