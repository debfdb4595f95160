/**
 * FEEL through feelin. feelin offers no compiled form to keep: `evaluate(text, context)` parses
 * and builds its interpreter on every call (tens of microseconds). What we can do once per text
 * is check the syntax and find the names it uses, so each evaluation copies only those variables
 * into the context (feelin deep-copies whatever it is given) instead of every variable in scope.
 *
 * FEEL is null-friendly: a missing variable evaluates to null with a warning, as in Camunda 8.
 * The warnings are handed back so a caller that needed a value can say why it got null.
 */
import {
  FeelDate,
  FeelDateTime,
  FeelDuration,
  FeelFunction,
  FeelTime,
  date,
  dateAndTime,
  evaluate,
  parseExpression as parseFeel,
  toFeel,
} from 'feelin';
import type { ExpressionFunctions, VariableLookup } from './variable-lookup.ts';
import { EvaluationFailure, ExpressionSyntaxError } from './expression-errors.ts';

export interface CompiledFeel {
  /** the text without its leading `=` */
  readonly body: string;
  /** names read as variables, in order of appearance */
  readonly names: readonly string[];
  /** names called as functions, e.g. `workingDays` in `workingDays(3)` */
  readonly callees: readonly string[];
}

/**
 * FEEL's own `now()` and `today()` read the machine clock, which would make a replay differ from
 * the original run; they are answered by the caller's functions of the same name instead.
 */
const CLOCK_FUNCTIONS: Readonly<Record<string, (value: string) => unknown>> = {
  now: (value) => dateAndTime(value) ?? value,
  today: (value) => date(value) ?? value,
};

/** Checks the syntax and collects the names; throws `ExpressionSyntaxError`. */
export function compileFeel(text: string): CompiledFeel {
  const offset = text.startsWith('=') ? 1 : 0;
  const body = text.slice(offset);
  if (body.trim() === '') throw new ExpressionSyntaxError('the FEEL expression is empty', offset + 1);
  const names = new Set<string>();
  const callees = new Set<string>();
  let error: ExpressionSyntaxError | undefined;
  parseFeel(body, {}, undefined).iterate({
    enter(node) {
      if (error) return false;
      if (node.type.isError) {
        error = syntaxErrorAt(body, node.from, offset);
        return false;
      }
      if (node.name === 'VariableName') {
        const name = body.slice(node.from, node.to).replace(/\s+/g, ' ');
        const parent = node.node.parent;
        const isCallee = parent?.name === 'FunctionInvocation' && parent.firstChild?.from === node.from;
        (isCallee ? callees : names).add(name);
      }
      return undefined;
    },
  });
  if (error) throw error;
  return { body, names: [...names], callees: [...callees] };
}

function syntaxErrorAt(body: string, position: number, offset: number): ExpressionSyntaxError {
  const rest = body.slice(position).trim();
  if (!rest) return new ExpressionSyntaxError('the FEEL expression is incomplete', body.length + offset);
  const near = rest.split(/\s/, 1)[0].slice(0, 20);
  return new ExpressionSyntaxError(`unexpected '${near}' in the FEEL expression`, position + offset + 1);
}

/** @param warnings receives feelin's warnings (e.g. `Variable 'x' not found`) when given */
export function evaluateFeel(
  compiled: CompiledFeel,
  variables: VariableLookup,
  functions: ExpressionFunctions,
  warnings?: string[],
): unknown {
  const context: Record<string, unknown> = {};
  for (const name of compiled.callees) {
    const fn = Object.hasOwn(functions, name) ? functions[name] : undefined;
    if (fn) context[name] = callable(name, fn);
    else if (Object.hasOwn(CLOCK_FUNCTIONS, name)) context[name] = clockUnavailable(name);
  }
  for (const name of compiled.names) {
    if (!Object.hasOwn(context, name) && variables.has(name)) context[name] = variables.get(name);
  }
  const result = evaluate(compiled.body, context);
  if (warnings) for (const warning of result.warnings) warnings.push(warning.message);
  return fromFeel(result.value);
}

function callable(name: string, fn: (...args: unknown[]) => unknown): FeelFunction {
  const toResult = Object.hasOwn(CLOCK_FUNCTIONS, name) ? CLOCK_FUNCTIONS[name] : undefined;
  return new FeelFunction(
    (...args: unknown[]) => {
      let result: unknown;
      try {
        result = fn(...args.map(fromFeel));
      } catch (error) {
        throw new EvaluationFailure(`function ${name}() failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return toResult && typeof result === 'string' ? toResult(result) : toFeel(result);
    },
    ['...args'],
  );
}

function clockUnavailable(name: string): FeelFunction {
  return new FeelFunction(() => {
    throw new EvaluationFailure(`${name}() is not available: the engine did not supply the current time`);
  }, []);
}

/** FEEL's temporal values become their ISO 8601 text, so results stay plain JSON like our variables. */
function fromFeel(value: unknown): unknown {
  if (value instanceof FeelDateTime || value instanceof FeelDate || value instanceof FeelTime || value instanceof FeelDuration) {
    return value.toString();
  }
  if (Array.isArray(value)) return value.map(fromFeel);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, fromFeel(entry)]));
  }
  return value;
}
