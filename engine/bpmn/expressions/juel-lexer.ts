/**
 * Tokens of one JUEL `${…}` body. The lexer starts right after `${` (or `#{`) and stops at the
 * closing `}`, so the template parser can find where an expression ends without a separate
 * brace-matching pass that would have to understand string literals twice.
 */
import { ExpressionSyntaxError } from './expression-errors.ts';

export type TokenKind = 'number' | 'string' | 'identifier' | 'keyword' | 'operator' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** the source text; for strings the unescaped content, for `end` the closing brace */
  readonly text: string;
  /** numbers only */
  readonly value?: number;
  /** 0-based index in the whole text, for error columns */
  readonly start: number;
}

const KEYWORDS: ReadonlySet<string> = new Set([
  'true', 'false', 'null', 'empty', 'not', 'and', 'or', 'div', 'mod',
  'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'instanceof',
]);

// longest first, so `<=` wins over `<`
const OPERATORS = [
  '==', '!=', '<=', '>=', '&&', '||',
  '+', '-', '*', '/', '%', '<', '>', '!', '?', ':', '.', '[', ']', '(', ')', ',',
] as const;

const IDENTIFIER_START = /[\p{L}_$]/u;
const IDENTIFIER_PART = /[\p{L}\p{M}\p{N}_$]/u;
const DIGIT = /[0-9]/;
const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;

/** the hint given for operators people bring from other languages */
const MISTAKEN_OPERATORS: Readonly<Record<string, string>> = {
  '=': "'=' is not a JUEL operator; compare with '==' or 'eq'",
  '&': "'&' is not a JUEL operator; use '&&' or 'and'",
  '|': "'|' is not a JUEL operator; use '||' or 'or'",
  '{': "'{' is not allowed inside an expression",
};

/**
 * Tokenizes from `from` (just after `${`) up to and including the closing `}`.
 * @returns the tokens, the last one of kind `end`, and the index just after the `}`
 */
export function tokenizeExpression(text: string, from: number): { tokens: Token[]; next: number } {
  const tokens: Token[] = [];
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '}') {
      tokens.push({ kind: 'end', text: '}', start: i });
      return { tokens, next: i + 1 };
    } else if (c === "'" || c === '"') {
      i = readString(text, i, tokens);
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(text[i + 1] ?? '') && !endsOperand(tokens))) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      // the sticky regexp always matches here: the branch only runs on a digit or `.digit`
      const numberText = match![0];
      tokens.push({ kind: 'number', text: numberText, value: Number(numberText), start: i });
      i += numberText.length;
    } else if (IDENTIFIER_START.test(c)) {
      let end = i + 1;
      while (end < text.length && IDENTIFIER_PART.test(text[end])) end++;
      const word = text.slice(i, end);
      tokens.push({ kind: KEYWORDS.has(word) ? 'keyword' : 'identifier', text: word, start: i });
      i = end;
    } else {
      const operator = OPERATORS.find((op) => text.startsWith(op, i));
      if (!operator) {
        throw new ExpressionSyntaxError(MISTAKEN_OPERATORS[c] ?? `unexpected character '${c}'`, i + 1);
      }
      if (operator === '==' && text[i + 2] === '=') {
        throw new ExpressionSyntaxError("'===' is not a JUEL operator; compare with '=='", i + 1);
      }
      tokens.push({ kind: 'operator', text: operator, start: i });
      i += operator.length;
    }
  }
  throw new ExpressionSyntaxError("missing '}' at the end of the expression", from - 1);
}

/** `.5` is a number only where a value may start; after `a` or `)` the dot is property access */
function endsOperand(tokens: readonly Token[]): boolean {
  const last = tokens[tokens.length - 1];
  if (!last) return false;
  if (last.kind === 'operator') return last.text === ')' || last.text === ']';
  return last.kind !== 'keyword' || ['true', 'false', 'null'].includes(last.text);
}

/** JUEL escapes only the quote and the backslash; any other backslash stays as written. */
function readString(text: string, start: number, tokens: Token[]): number {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === quote) {
      tokens.push({ kind: 'string', text: value, start });
      return i + 1;
    }
    if (c === '\\' && (text[i + 1] === quote || text[i + 1] === '\\')) {
      value += text[i + 1];
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  throw new ExpressionSyntaxError(`the text starting with ${quote} is not closed`, start + 1);
}
