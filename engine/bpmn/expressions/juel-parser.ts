/**
 * Recursive-descent parser for the JUEL subset, one method per precedence level of the EL
 * specification (lowest first): `?:`, `|| or`, `&& and`, `== != eq ne`, `< > <= >= lt gt le ge`,
 * `+ -`, `* / div % mod`, unary `- ! not empty`, then `.` `[]` and calls.
 */
import type { BinaryOperator, JuelNode, JuelTemplate } from './juel-ast.ts';
import { tokenizeExpression, type Token } from './juel-lexer.ts';
import { ExpressionSyntaxError } from './expression-errors.ts';
import { FORBIDDEN_PROPERTIES } from './juel-resolver.ts';

const SYMBOL_OPERATORS: ReadonlySet<string> = new Set(['+', '-', '*', '/', '%', '==', '!=', '<', '>', '<=', '>=', '&&', '||', '!']);

const KEYWORD_OPERATORS: Readonly<Record<string, BinaryOperator | '!'>> = {
  and: '&&', or: '||', eq: '==', ne: '!=', lt: '<', gt: '>', le: '<=', ge: '>=', div: '/', mod: '%', not: '!',
};

/** Splits a diagram text into literal text and parsed `${…}` / `#{…}` expressions. */
export function parseJuelTemplate(text: string): JuelTemplate {
  const parts: (string | JuelNode)[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const opensExpression = (c === '$' || c === '#') && text[i + 1] === '{';
    if (c === '\\' && (text[i + 1] === '$' || text[i + 1] === '#') && text[i + 2] === '{') {
      // EL's escape for a literal `${` in text
      literal += text.slice(i + 1, i + 3);
      i += 3;
    } else if (opensExpression) {
      if (literal) parts.push(literal);
      literal = '';
      const { tokens, next } = tokenizeExpression(text, i + 2);
      parts.push(new Parser(tokens, i + 1).parseBody());
      i = next;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal || parts.length === 0) parts.push(literal);
  return parts;
}

/** deeper nesting is no real diagram's; refusing it keeps a crafted text from overflowing the stack */
const MAX_NESTING = 100;

class Parser {
  private position = 0;
  private nesting = 0;

  constructor(
    private readonly tokens: readonly Token[],
    /** column of the `$`, for errors about the expression as a whole */
    private readonly column: number,
  ) {}

  parseBody(): JuelNode {
    if (this.peek().kind === 'end') throw new ExpressionSyntaxError('the expression is empty', this.column);
    const node = this.conditional();
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest, "an operator or '}'");
    return node;
  }

  private conditional(): JuelNode {
    return this.nested(() => {
      const test = this.or();
      if (!this.accept('?')) return test;
      const then = this.conditional();
      this.expect(':', "':' of the conditional 'test ? a : b'");
      const otherwise = this.conditional();
      return { kind: 'conditional', test, then, otherwise };
    });
  }

  /** every recursion (parentheses, arguments, indexes, `?:`, prefix operators) passes here */
  private nested(parse: () => JuelNode): JuelNode {
    if (++this.nesting > MAX_NESTING) {
      throw new ExpressionSyntaxError(`the expression is nested more than ${MAX_NESTING} levels deep`, this.peek().start + 1);
    }
    const node = parse();
    this.nesting--;
    return node;
  }

  private or(): JuelNode {
    return this.binaryLevel(() => this.and(), ['||']);
  }

  private and(): JuelNode {
    return this.binaryLevel(() => this.equality(), ['&&']);
  }

  private equality(): JuelNode {
    return this.binaryLevel(() => this.relational(), ['==', '!=']);
  }

  private relational(): JuelNode {
    return this.binaryLevel(() => this.additive(), ['<', '>', '<=', '>=']);
  }

  private additive(): JuelNode {
    return this.binaryLevel(() => this.multiplicative(), ['+', '-']);
  }

  private multiplicative(): JuelNode {
    return this.binaryLevel(() => this.unary(), ['*', '/', '%']);
  }

  /** left-associative: `a - b - c` is `(a - b) - c` */
  private binaryLevel(operand: () => JuelNode, operators: readonly BinaryOperator[]): JuelNode {
    let left = operand();
    for (;;) {
      const operator = this.operatorOf(this.peek());
      if (!operator || operator === '!' || !operators.includes(operator)) return left;
      this.position++;
      left = { kind: 'binary', operator, left, right: operand() };
    }
  }

  private unary(): JuelNode {
    const token = this.peek();
    const operator = this.operatorOf(token);
    const prefix = operator === '-' || operator === '!' ? operator : token.kind === 'keyword' && token.text === 'empty' ? 'empty' : undefined;
    if (!prefix) return this.postfix(this.primary());
    this.position++;
    return { kind: 'unary', operator: prefix, operand: this.nested(() => this.unary()) };
  }

  private postfix(target: JuelNode): JuelNode {
    for (;;) {
      const token = this.peek();
      if (this.accept('.')) {
        const name = this.next();
        if (name.kind !== 'identifier' && name.kind !== 'keyword') throw this.unexpected(name, "a property name after '.'");
        target = { kind: 'property', target, key: this.allowedName(name.text, name) };
      } else if (this.accept('[')) {
        const key = this.conditional();
        this.expect(']', "']'");
        target = {
          kind: 'property',
          target,
          key: key.kind === 'literal' && typeof key.value === 'string' ? this.allowedName(key.value, token) : key,
        };
      } else if (token.kind === 'operator' && token.text === '(') {
        throw new ExpressionSyntaxError(
          'only functions supplied by the engine can be called, by name, e.g. now(); methods like a.b() are not supported',
          token.start + 1,
        );
      } else {
        return target;
      }
    }
  }

  private primary(): JuelNode {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: token.value ?? Number(token.text) };
      case 'string':
        return { kind: 'literal', value: token.text };
      case 'identifier': {
        const name = this.allowedName(token.text, token);
        if (!this.accept('(')) return { kind: 'identifier', name };
        return { kind: 'call', name, args: this.callArguments() };
      }
      case 'keyword':
        if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true' };
        if (token.text === 'null') return { kind: 'literal', value: null };
        if (token.text === 'instanceof') throw new ExpressionSyntaxError("'instanceof' is not supported", token.start + 1);
        throw this.unexpected(token, 'a value');
      case 'operator':
        if (token.text === '(') {
          const inner = this.conditional();
          this.expect(')', "')'");
          return inner;
        }
        throw this.unexpected(token, 'a value');
      case 'end':
        throw this.unexpected(token, 'a value');
    }
  }

  private callArguments(): JuelNode[] {
    const args: JuelNode[] = [];
    if (this.accept(')')) return args;
    do {
      args.push(this.conditional());
    } while (this.accept(','));
    this.expect(')', "',' or ')' in the argument list");
    return args;
  }

  /** the sandbox: names that lead to prototypes are refused before anything runs */
  private allowedName(name: string, token: Token): string {
    if (FORBIDDEN_PROPERTIES.has(name)) {
      throw new ExpressionSyntaxError(`access to '${name}' is not allowed`, token.start + 1);
    }
    return name;
  }

  private operatorOf(token: Token): BinaryOperator | '!' | undefined {
    if (token.kind === 'keyword') return KEYWORD_OPERATORS[token.text];
    if (token.kind !== 'operator' || !SYMBOL_OPERATORS.has(token.text)) return undefined;
    return token.text as BinaryOperator | '!';
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position];
    // never step past `end`: every error path reports it instead
    if (token.kind !== 'end') this.position++;
    return token;
  }

  private accept(operator: string): boolean {
    const token = this.peek();
    if (token.kind !== 'operator' || token.text !== operator) return false;
    this.position++;
    return true;
  }

  private expect(operator: string, what: string): void {
    if (!this.accept(operator)) throw this.unexpected(this.peek(), what);
  }

  private unexpected(token: Token, expected: string): ExpressionSyntaxError {
    const found = token.kind === 'end' ? "'}'" : token.kind === 'string' ? `the text '${token.text}'` : `'${token.text}'`;
    return new ExpressionSyntaxError(`expected ${expected} but found ${found}`, token.start + 1);
  }
}
