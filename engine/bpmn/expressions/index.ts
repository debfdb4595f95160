/**
 * The expression languages of our BPMN dialect: Camunda JUEL `${…}` / `#{…}` (a safe subset),
 * FEEL `=…` (feelin) and plain literal text. Both languages are sandboxed: nothing is handed to
 * `eval` or `Function`, and no expression can reach a prototype or a global.
 *
 * Every failure is a `MotcuaError` that quotes the expression and carries the element and field
 * it belongs to, so an incident tells the analyst exactly which attribute of which element to fix.
 */
import type { ExpressionSource } from '../model.ts';
import { ErrorCode, MotcuaError, type ErrorSubject } from '../../errors.ts';
import { compileExpression } from './compiled-expression.ts';
import { EvaluationFailure } from './expression-errors.ts';
import { describeValue } from './describe-value.ts';
import type { ExpressionFunctions, VariableLookup } from './variable-lookup.ts';

export { lookupFrom, type ExpressionFunctions, type VariableLookup } from './variable-lookup.ts';

const NO_FUNCTIONS: ExpressionFunctions = Object.freeze({});

/** Classifies a text from the diagram: leading `=` → feel (kept with the `=`), `${` or `#{` → juel, else literal. */
export function parseExpression(text: string): ExpressionSource {
  if (text.startsWith('=')) return { text, language: 'feel' };
  if (text.includes('${') || text.includes('#{')) return { text, language: 'juel' };
  return { text, language: 'literal' };
}

/** Compile-time check: an actionable message, or undefined when the expression parses. */
export function checkExpression(source: ExpressionSource): string | undefined {
  if (source.language === 'literal') return undefined;
  return compileExpression(source.language, source.text).invalid;
}

/** Evaluates; throws `MotcuaError(ExpressionFailed)` quoting the expression on any failure. */
export function evaluateExpression(
  source: ExpressionSource,
  variables: VariableLookup,
  functions: ExpressionFunctions = NO_FUNCTIONS,
  subject: ErrorSubject = {},
): unknown {
  return evaluate(source, variables, functions, subject);
}

/** Conditions must yield a boolean; anything else is an `ExpressionFailed` error naming the element. */
export function evaluateCondition(
  source: ExpressionSource,
  variables: VariableLookup,
  functions: ExpressionFunctions = NO_FUNCTIONS,
  subject: ErrorSubject = {},
): boolean {
  const warnings = source.language === 'feel' ? [] : undefined;
  const value = evaluate(source, variables, functions, subject, warnings);
  if (typeof value === 'boolean') return value;
  const hint =
    source.language === 'literal'
      ? `; plain text is not evaluated, write \${${source.text}} (JUEL) or =${source.text} (FEEL)`
      : warnings?.length
        ? `; FEEL reported: ${warnings.join('; ')}`
        : '';
  throw new MotcuaError(
    ErrorCode.ExpressionFailed,
    `Condition ${source.text} must evaluate to a boolean, but returned ${describeValue(value)}${hint}`,
    subject,
  );
}

function evaluate(
  source: ExpressionSource,
  variables: VariableLookup,
  functions: ExpressionFunctions,
  subject: ErrorSubject,
  warnings?: string[],
): unknown {
  if (source.language === 'literal') return source.text;
  const compiled = compileExpression(source.language, source.text);
  if (compiled.invalid !== undefined) throw new MotcuaError(ErrorCode.ExpressionFailed, compiled.invalid, subject);
  try {
    return compiled.evaluate(variables, functions, warnings);
  } catch (error) {
    throw failure(source, error, subject);
  }
}

/** Camunda's wording, so people who know Camunda recognise the failure at once. */
function failure(source: ExpressionSource, error: unknown, subject: ErrorSubject): MotcuaError {
  const cause = error instanceof Error ? error.message : String(error);
  const message =
    error instanceof EvaluationFailure && error.unknownIdentifier !== undefined
      ? `Unknown property used in expression: ${source.text}. Cause: ${cause}`
      : `Error while evaluating expression: ${source.text}. Cause: ${cause}`;
  return new MotcuaError(ErrorCode.ExpressionFailed, message, subject, { cause: error });
}
