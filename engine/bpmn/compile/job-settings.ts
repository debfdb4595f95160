/**
 * Camunda 7's job settings on an element: camunda:failedJobRetryTimeCycle drives the retries of
 * its timer and async jobs; camunda:exclusive and camunda:jobPriority change nothing here, and
 * say so rather than be accepted silently.
 */
import type { RetryCycle } from '../model.ts';
import { parseRetryCycle } from '../timers/retry-cycle.ts';
import { label, subjectOf, textOf } from './element.ts';
import type { ModdleElement } from './moddle.ts';
import { ProblemCode, type ProblemCollector } from './problems.ts';

/** The body of a `camunda:failedJobRetryTimeCycle` extension element, read; a bad one is an error naming the element. */
export function readRetryCycle(el: ModdleElement, extension: ModdleElement, problems: ProblemCollector): RetryCycle | undefined {
  const text = textOf(extension, 'body');
  const subject = subjectOf(el);
  if (text === undefined) {
    problems.error(ProblemCode.AttributeInvalid, subject, `camunda:failedJobRetryTimeCycle of ${label(el)} is empty: write the attempts and the wait, e.g. R3/PT10M`);
    return undefined;
  }
  if (text.includes('${') || text.startsWith('=')) {
    problems.error(ProblemCode.AttributeInvalid, subject, `camunda:failedJobRetryTimeCycle of ${label(el)} is an expression (${text}): write the cycle itself, e.g. R3/PT10M`);
    return undefined;
  }
  const parsed = parseRetryCycle(text);
  if ('problem' in parsed) {
    problems.error(ProblemCode.AttributeInvalid, subject, `camunda:failedJobRetryTimeCycle of ${label(el)} ${parsed.problem}`);
    return undefined;
  }
  return parsed.value;
}

/** Job settings this engine does not act on: a warning naming the element for each one written. */
export function warnIgnoredJobSettings(el: ModdleElement, problems: ProblemCollector): void {
  const subject = subjectOf(el);
  // moddle reports the default (true) when the attribute is absent: only a written false asks for something
  if (Object.hasOwn(el, 'exclusive') && el.get('camunda:exclusive') === false) {
    problems.warning(ProblemCode.AttributeIgnored, subject, `camunda:exclusive="false" on ${label(el)} has no effect: the jobs of one instance always run one at a time here (each commit checks the instance's revision)`);
  }
  const priority = textOf(el, 'camunda:jobPriority');
  if (priority !== undefined) {
    problems.warning(ProblemCode.AttributeIgnored, subject, `camunda:jobPriority="${priority}" on ${label(el)} has no effect: due jobs run in the order they fall due`);
  }
}

/** camunda:failedJobRetryTimeCycle on an element that runs no job (no timer, no async continuation): a warning. */
export function warnRetryCycleWithoutJob(el: ModdleElement, problems: ProblemCollector): void {
  problems.warning(
    ProblemCode.AttributeIgnored,
    subjectOf(el),
    `camunda:failedJobRetryTimeCycle on ${label(el)} has no effect: it runs no job (only timer events and elements with asyncBefore / asyncAfter do)`,
  );
}
