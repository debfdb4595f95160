/**
 * The two failures the expression languages raise internally. They carry only what went wrong;
 * index.ts turns them into a `MotcuaError` that quotes the expression and names the element, so
 * the lexer, parser and evaluators need not know where an expression came from.
 */

/** The text does not parse. `column` is 1-based in the whole text as written in the diagram. */
export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}

/** The text parses, but evaluating it against these variables failed. */
export class EvaluationFailure extends Error {
  constructor(
    message: string,
    /** set when a JUEL identifier is not a variable: Camunda reports this case in its own words */
    readonly unknownIdentifier?: string,
  ) {
    super(message);
    this.name = 'EvaluationFailure';
  }
}
