/**
 * Reads the expressions and timers of a diagram into `ExpressionSource`s, reporting the ones that
 * do not parse. Messages name the attribute and the element: `conditionExpression of Flow_3 …`.
 */
import { checkExpression, parseExpression } from '../expressions/index.ts';
import type { ExpressionSource, TimerDefinition, TimerKind } from '../model.ts';
import { checkTimer } from '../timers/index.ts';
import { ProblemCode, type ProblemCollector, type ProblemSubject } from './problems.ts';

export class ExpressionReader {
  constructor(private readonly problems: ProblemCollector) {}

  /** a value: a literal, a `${…}` / `#{…}` JUEL expression or a `=…` FEEL expression */
  value(text: string, subject: ProblemSubject, attribute: string): ExpressionSource {
    const source = parseExpression(text.trim());
    this.check(source, subject, attribute);
    return source;
  }

  /** a condition: must be an expression; a literal would be a constant, almost surely a mistake */
  condition(text: string, subject: ProblemSubject, attribute: string): ExpressionSource {
    const source = parseExpression(text.trim());
    if (source.language === 'literal') {
      this.problems.error(
        ProblemCode.ExpressionInvalid,
        subject,
        `${attribute} of ${subject.id} is the plain text "${text.trim()}", not an expression: write it as \${…} (JUEL) or =… (FEEL), e.g. \${approved == true}`,
      );
    } else {
      this.check(source, subject, attribute);
    }
    return source;
  }

  /** a FEEL expression written without the leading `=` (script bodies); stored with it */
  feel(text: string, subject: ProblemSubject, attribute: string): ExpressionSource {
    const body = text.trim();
    const source = parseExpression(body.startsWith('=') ? body : `=${body}`);
    this.check(source, subject, attribute);
    return source;
  }

  /** a name or an expression: a plain name `items` becomes `${items}` */
  variableOrExpression(text: string, subject: ProblemSubject, attribute: string): ExpressionSource {
    const trimmed = text.trim();
    const source = parseExpression(trimmed);
    if (source.language !== 'literal') {
      this.check(source, subject, attribute);
      return source;
    }
    if (!/^[A-Za-z_$][\w$]*$/.test(trimmed)) {
      this.problems.error(ProblemCode.ExpressionInvalid, subject, `${attribute} of ${subject.id} is "${trimmed}": expected a variable name or an expression \${…} / =…`);
      return source;
    }
    return this.value(`\${${trimmed}}`, subject, attribute);
  }

  /** a timer value: literal ISO 8601 text (checked as such) or an expression yielding one */
  timer(kind: TimerKind, text: string, subject: ProblemSubject): TimerDefinition {
    const expression = parseExpression(text.trim());
    if (expression.language === 'literal') {
      const message = checkTimer(kind, expression.text);
      if (message !== undefined) {
        this.problems.error(ProblemCode.TimerInvalid, subject, `${kind} of ${subject.id}: ${message}`);
      }
    } else {
      this.check(expression, subject, kind);
    }
    return { kind, expression };
  }

  private check(source: ExpressionSource, subject: ProblemSubject, attribute: string): void {
    if (source.language === 'literal') return;
    const message = checkExpression(source);
    if (message !== undefined) {
      this.problems.error(ProblemCode.ExpressionInvalid, subject, `${attribute} of ${subject.id} does not parse: "${source.text}": ${message}`);
    }
  }
}
