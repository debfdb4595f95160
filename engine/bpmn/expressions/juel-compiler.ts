/**
 * Turns a parsed JUEL template into one closure, once per distinct text. Evaluating a cached
 * expression is then a few nested calls: no tokens, no tree walk, no `eval`.
 */
import type { JuelNode, JuelTemplate } from './juel-ast.ts';
import type { ExpressionFunctions, VariableLookup } from './variable-lookup.ts';
import { EvaluationFailure } from './expression-errors.ts';
import { readProperty } from './juel-resolver.ts';
import * as op from './juel-operators.ts';

export type Evaluator = (variables: VariableLookup, functions: ExpressionFunctions) => unknown;

export function compileJuel(template: JuelTemplate): Evaluator {
  if (template.length === 1) {
    const only = template[0];
    if (typeof only === 'string') return () => only;
    return compileNode(only);
  }
  const parts = template.map((part): Evaluator => (typeof part === 'string' ? () => part : compileNode(part)));
  return (variables, functions) => {
    let text = '';
    for (const part of parts) text += op.toText(part(variables, functions));
    return text;
  };
}

function compileNode(node: JuelNode): Evaluator {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'identifier':
      return compileIdentifier(node.name);
    case 'property': {
      const target = compileNode(node.target);
      if (typeof node.key === 'string') {
        const key = node.key;
        return (v, f) => readProperty(target(v, f), key);
      }
      const key = compileNode(node.key);
      return (v, f) => readProperty(target(v, f), key(v, f));
    }
    case 'call':
      return compileCall(node.name, node.args.map(compileNode));
    case 'unary':
      return compileUnary(node);
    case 'binary':
      return compileBinary(node.operator, compileNode(node.left), compileNode(node.right));
    case 'conditional': {
      const test = compileNode(node.test);
      const then = compileNode(node.then);
      const otherwise = compileNode(node.otherwise);
      return (v, f) => (op.toBoolean(test(v, f), '?') ? then(v, f) : otherwise(v, f));
    }
  }
}

/** Camunda: an identifier that is not a variable is an error (PropertyNotFoundException), not null. */
function compileIdentifier(name: string): Evaluator {
  return (variables) => {
    const value = variables.get(name);
    if (value !== undefined) return value;
    if (!variables.has(name)) throw new EvaluationFailure(`Cannot resolve identifier '${name}'`, name);
    return null;
  };
}

function compileCall(name: string, args: readonly Evaluator[]): Evaluator {
  return (v, f) => {
    const fn = Object.hasOwn(f, name) ? f[name] : undefined;
    if (typeof fn !== 'function') {
      const known = Object.keys(f);
      throw new EvaluationFailure(
        `unknown function '${name}'${known.length ? `; available: ${known.map((k) => `${k}()`).join(', ')}` : ''}`,
      );
    }
    const values = args.map((arg) => arg(v, f));
    let result: unknown;
    try {
      result = fn(...values);
    } catch (error) {
      throw new EvaluationFailure(`function ${name}() failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return result === undefined ? null : result;
  };
}

function compileUnary(node: Extract<JuelNode, { kind: 'unary' }>): Evaluator {
  const operand = compileNode(node.operand);
  switch (node.operator) {
    case '-':
      return (v, f) => op.negate(operand(v, f));
    case '!':
      return (v, f) => !op.toBoolean(operand(v, f), '!');
    case 'empty': {
      if (node.operand.kind !== 'identifier') return (v, f) => op.isEmpty(operand(v, f));
      // `empty x` is how diagrams ask whether x was ever set, so an unknown x is simply empty
      const name = node.operand.name;
      return (v) => op.isEmpty(v.get(name));
    }
  }
}

function compileBinary(operator: Extract<JuelNode, { kind: 'binary' }>['operator'], left: Evaluator, right: Evaluator): Evaluator {
  switch (operator) {
    case '&&':
      return (v, f) => op.toBoolean(left(v, f), '&&') && op.toBoolean(right(v, f), '&&');
    case '||':
      return (v, f) => op.toBoolean(left(v, f), '||') || op.toBoolean(right(v, f), '||');
    case '==':
      return (v, f) => op.equals(left(v, f), right(v, f));
    case '!=':
      return (v, f) => !op.equals(left(v, f), right(v, f));
    case '<':
    case '>':
    case '<=':
    case '>=':
      return (v, f) => op.compare(left(v, f), right(v, f), operator);
    case '+':
      return (v, f) => op.add(left(v, f), right(v, f));
    case '-':
      return (v, f) => op.subtract(left(v, f), right(v, f));
    case '*':
      return (v, f) => op.multiply(left(v, f), right(v, f));
    case '/':
      return (v, f) => op.divide(left(v, f), right(v, f));
    case '%':
      return (v, f) => op.remainder(left(v, f), right(v, f));
  }
}
