/**
 * The syntax tree of the JUEL subset. Keyword operators (`and`, `eq`, `div`…) are folded into
 * their symbols by the parser, so the compiler sees one spelling per operation.
 */

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '&&' | '||';
export type UnaryOperator = '-' | '!' | 'empty';

export type JuelNode =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'identifier'; readonly name: string }
  /** `a.b` and `a['b']` carry the key as text; `a[i]` carries the index expression */
  | { readonly kind: 'property'; readonly target: JuelNode; readonly key: string | JuelNode }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly JuelNode[] }
  | { readonly kind: 'unary'; readonly operator: UnaryOperator; readonly operand: JuelNode }
  | { readonly kind: 'binary'; readonly operator: BinaryOperator; readonly left: JuelNode; readonly right: JuelNode }
  | { readonly kind: 'conditional'; readonly test: JuelNode; readonly then: JuelNode; readonly otherwise: JuelNode };

/**
 * A whole JUEL text: literal text and `${…}` expressions in order. A text that is exactly one
 * expression yields its raw value; any other mix yields a string.
 */
export type JuelTemplate = readonly (string | JuelNode)[];
