/**
 * The parse-once cache. Diagrams repeat the same few texts (`${approved}` on every gateway pass),
 * so each distinct text is parsed and compiled once and its closure reused. A text that does not
 * parse is cached too, with its message, so a broken diagram is not re-parsed on every attempt.
 */
import type { ExpressionFunctions, VariableLookup } from './variable-lookup.ts';
import { ExpressionSyntaxError } from './expression-errors.ts';
import { parseJuelTemplate } from './juel-parser.ts';
import { compileJuel } from './juel-compiler.ts';
import { compileFeel, evaluateFeel } from './feel.ts';

export type CompiledExpression =
  | {
      readonly invalid?: undefined;
      /** @param warnings receives FEEL's warnings when given (JUEL has none) */
      readonly evaluate: (variables: VariableLookup, functions: ExpressionFunctions, warnings?: string[]) => unknown;
    }
  /** the text does not parse: why, quoting it */
  | { readonly invalid: string };

/** Texts come from deployed diagrams, so the set is small; the bound only protects a long-lived server. */
const MAX_ENTRIES = 10_000;

// one map per language: the diagram's own string is the key, so no key is built per evaluation
const juelCache = new Map<string, CompiledExpression>();
const feelCache = new Map<string, CompiledExpression>();

export function compileExpression(language: 'juel' | 'feel', text: string): CompiledExpression {
  const cache = language === 'juel' ? juelCache : feelCache;
  let compiled = cache.get(text);
  if (!compiled) {
    compiled = language === 'juel' ? compileJuelText(text) : compileFeelText(text);
    // Maps iterate in insertion order, so the first key is the oldest entry
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(text, compiled);
  }
  return compiled;
}

function compileJuelText(text: string): CompiledExpression {
  try {
    return { evaluate: compileJuel(parseJuelTemplate(text)) };
  } catch (error) {
    return invalid(error, `Invalid JUEL expression ${text}`);
  }
}

function compileFeelText(text: string): CompiledExpression {
  try {
    const feel = compileFeel(text);
    return { evaluate: (variables, functions, warnings) => evaluateFeel(feel, variables, functions, warnings) };
  } catch (error) {
    return invalid(error, `Invalid FEEL expression ${text}`);
  }
}

function invalid(error: unknown, what: string): CompiledExpression {
  if (!(error instanceof ExpressionSyntaxError)) throw error;
  return { invalid: `${what}: ${error.message} (column ${error.column})` };
}
