/**
 * Event definitions: which are supported where, and their compiled form (message name, signal
 * name, error / escalation code, condition, timer).
 */
import type { EventDefinition, TimerKind } from '../model.ts';
import { childOf, childrenOf, expressionBodyOf, humanType, label, subjectOf, textOf } from './element.ts';
import type { ExpressionReader } from './expression-reader.ts';
import type { ModdleElement } from './moddle.ts';
import { omitUndefined } from './omit-undefined.ts';
import { takeUnresolved, type ParsedBpmn } from './parse.ts';
import { ProblemCode, type ProblemCollector } from './problems.ts';

/** Where an event stands; each position supports its own set of event definitions. */
export const EventPosition = {
  ProcessStart: 'start event of a process',
  SubProcessStart: 'start event of a sub-process',
  EventSubProcessStart: 'start event of an event sub-process',
  End: 'end event',
  IntermediateCatch: 'intermediate catch event',
  IntermediateThrow: 'intermediate throw event',
  Boundary: 'boundary event',
} as const;
export type EventPosition = (typeof EventPosition)[keyof typeof EventPosition];

type EventType = EventDefinition['type'];

const SUPPORTED: Readonly<Record<EventPosition, readonly EventType[]>> = {
  [EventPosition.ProcessStart]: ['none', 'message', 'timer', 'signal', 'conditional'],
  [EventPosition.SubProcessStart]: ['none'],
  // `none` is reported as an event sub-process problem (a start without trigger), not here
  [EventPosition.EventSubProcessStart]: ['none', 'error', 'escalation', 'message', 'timer', 'signal', 'conditional'],
  [EventPosition.End]: ['none', 'terminate', 'error', 'escalation', 'message', 'signal'],
  [EventPosition.IntermediateCatch]: ['timer', 'message', 'signal', 'conditional'],
  [EventPosition.IntermediateThrow]: ['none', 'signal', 'escalation', 'message'],
  [EventPosition.Boundary]: ['timer', 'message', 'signal', 'error', 'escalation', 'conditional'],
};

const TYPE_OF_DEFINITION: Readonly<Record<string, EventType>> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:TerminateEventDefinition': 'terminate',
};

/** event definitions that are not supported anywhere: an unsupported element, with the reason */
const UNSUPPORTED_DEFINITION: Readonly<Record<string, string>> = {
  'bpmn:LinkEventDefinition': 'link events are not supported: connect the flow with a sequence flow',
  'bpmn:CompensateEventDefinition': 'compensation is not supported: model the undo steps explicitly (e.g. an error boundary event leading to them)',
  'bpmn:CancelEventDefinition': 'cancel events are not supported (they need transactions, which are not supported either)',
};

/** catch positions: a missing error / escalation reference there means "catch all" */
const CATCHES: readonly EventPosition[] = [EventPosition.Boundary, EventPosition.EventSubProcessStart];

export interface EventDefinitionContext {
  readonly problems: ProblemCollector;
  readonly expressions: ExpressionReader;
  readonly parsed: ParsedBpmn;
}

/**
 * The compiled event definition of `event` at `position`, or undefined when it has an unsupported
 * one (reported). No definition = `none`.
 */
export function compileEventDefinition(event: ModdleElement, position: EventPosition, ctx: EventDefinitionContext): EventDefinition | undefined {
  const subject = subjectOf(event);
  const definitions = childrenOf(event, 'eventDefinitions');
  if (childrenOf(event, 'eventDefinitionRefs').length > 0) {
    ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(event)} refers to a shared event definition (eventDefinitionRef): not supported, define the event inside the event`);
    return undefined;
  }
  if (definitions.length > 1) {
    const kinds = definitions.map((d) => humanType(d.$type).replace(/ event definition$/, '')).join(' + ');
    ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(event)} has several event definitions (${kinds}): multiple and parallel-multiple events are not supported, use an event-based gateway or separate events`);
    return undefined;
  }
  const definition = definitions[0];
  if (definition === undefined) return supported(event, position, 'none', ctx) ? { type: 'none' } : undefined;
  const reason = UNSUPPORTED_DEFINITION[definition.$type];
  if (reason !== undefined) {
    ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(event)}: ${reason}`);
    return undefined;
  }
  const type = TYPE_OF_DEFINITION[definition.$type];
  if (type === undefined) {
    ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(event)} has an unknown event definition ${definition.$type}`);
    return undefined;
  }
  if (!supported(event, position, type, ctx)) return undefined;
  return compileDefinition(event, definition, type, position, ctx);
}

function supported(event: ModdleElement, position: EventPosition, type: EventType, ctx: EventDefinitionContext): boolean {
  if (SUPPORTED[position].includes(type)) return true;
  const allowed = SUPPORTED[position].filter((t) => t !== 'none' || position !== EventPosition.EventSubProcessStart);
  const what = type === 'none' ? 'a none (untriggered)' : `${article(type)} ${type}`;
  ctx.problems.error(
    ProblemCode.UnsupportedEventDefinition,
    subjectOf(event),
    `${label(event)} is ${what} ${position}, which is not supported; ${article(position)} ${position} may be: ${allowed.join(', ')}` +
      (position === EventPosition.ProcessStart && ['error', 'escalation'].includes(type) ? ` (${type} starts belong in an event sub-process)` : ''),
  );
  return false;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function compileDefinition(
  event: ModdleElement,
  definition: ModdleElement,
  type: EventType,
  position: EventPosition,
  ctx: EventDefinitionContext,
): EventDefinition | undefined {
  const subject = subjectOf(event)!;
  switch (type) {
    case 'message': {
      if (position === EventPosition.End || position === EventPosition.IntermediateThrow) checkNoImplementation(event, definition, ctx);
      const messageName = referencedName(event, definition, 'messageRef', 'message', 'name', ctx);
      return messageName === undefined ? undefined : { type, messageName };
    }
    case 'signal': {
      const signalName = referencedName(event, definition, 'signalRef', 'signal', 'name', ctx);
      return signalName === undefined ? undefined : { type, signalName };
    }
    case 'error': {
      const optional = CATCHES.includes(position);
      const errorCode = referencedName(event, definition, 'errorRef', 'error', 'errorCode', ctx, optional);
      if (errorCode === undefined && (!optional || childOf(definition, 'errorRef') !== undefined)) return undefined;
      return omitUndefined({
        type,
        errorCode,
        errorCodeVariable: textOf(definition, 'camunda:errorCodeVariable'),
        errorMessageVariable: textOf(definition, 'camunda:errorMessageVariable'),
      });
    }
    case 'escalation': {
      const optional = CATCHES.includes(position);
      const escalationCode = referencedName(event, definition, 'escalationRef', 'escalation', 'escalationCode', ctx, optional);
      if (escalationCode === undefined && (!optional || childOf(definition, 'escalationRef') !== undefined)) return undefined;
      return omitUndefined({
        type,
        escalationCode,
        escalationCodeVariable: textOf(definition, 'camunda:escalationCodeVariable'),
      });
    }
    case 'conditional': {
      const text = expressionBodyOf(childOf(definition, 'condition'));
      if (text === undefined) {
        ctx.problems.error(ProblemCode.ExpressionInvalid, subject, `condition of ${subject.id} is missing: a conditional event needs a condition such as \${amount > 1000}`);
        return undefined;
      }
      const condition = ctx.expressions.condition(text, subject, 'condition');
      return omitUndefined({ type, condition, variableName: textOf(definition, 'camunda:variableName') });
    }
    case 'timer': {
      const kinds: TimerKind[] = ['timeDate', 'timeDuration', 'timeCycle'];
      const present = kinds.filter((k) => childOf(definition, k) !== undefined);
      if (present.length !== 1) {
        ctx.problems.error(
          ProblemCode.TimerInvalid,
          subject,
          present.length === 0
            ? `${label(event)} is a timer without a value: set a date (timeDate), a duration (timeDuration) or a cycle (timeCycle)`
            : `${label(event)} has several timer values (${present.join(', ')}): keep exactly one`,
        );
        return undefined;
      }
      const kind = present[0]!;
      const text = expressionBodyOf(childOf(definition, kind));
      if (text === undefined) {
        ctx.problems.error(ProblemCode.TimerInvalid, subject, `${kind} of ${subject.id} is empty: set an ISO 8601 value such as PT2H or an expression`);
        return undefined;
      }
      return { type, timer: ctx.expressions.timer(kind, text, subject) };
    }
    case 'terminate':
      return { type };
    case 'none':
      return { type };
  }
}

/**
 * The name (or code) of the message / signal / error / escalation a definition refers to.
 * Reports a missing or unknown reference, or a referenced element without the name / code.
 * `optional`: a missing reference is fine (returns undefined, nothing reported).
 */
function referencedName(
  event: ModdleElement,
  definition: ModdleElement,
  property: string,
  what: string,
  nameProperty: string,
  ctx: EventDefinitionContext,
  optional = false,
): string | undefined {
  const subject = subjectOf(event);
  const ref = childOf(definition, property);
  if (ref === undefined) {
    const unresolved = takeUnresolved(ctx.parsed, definition, property);
    if (unresolved !== undefined) {
      ctx.problems.error(ProblemCode.UnknownReference, subject, `${label(event)} refers to ${what} "${unresolved}" (${property}), which does not exist in this file: define it or pick an existing ${what}`);
    } else if (!optional) {
      ctx.problems.error(ProblemCode.UnknownReference, subject, `${label(event)} has no ${what}: select or create a ${what} (${property}) with a ${humanType(nameProperty)}`);
    }
    return undefined;
  }
  const expected = `bpmn:${what.charAt(0).toUpperCase()}${what.slice(1)}`;
  if (ref.$type !== expected) {
    ctx.problems.error(ProblemCode.UnknownReference, subject, `${label(event)}: ${property} "${ref.id}" is a ${ref.$type}, not a ${expected}`);
    return undefined;
  }
  const name = textOf(ref, nameProperty);
  if (name === undefined) {
    ctx.problems.error(ProblemCode.UnknownReference, subject, `${label(event)} refers to ${what} ${ref.id ?? ''} which has no ${humanType(nameProperty)}: give it one`);
    return undefined;
  }
  return name;
}

/** message throw events publish the message by name; Camunda implementations are not supported */
function checkNoImplementation(event: ModdleElement, definition: ModdleElement, ctx: EventDefinitionContext): void {
  for (const attribute of ['class', 'delegateExpression', 'expression', 'type', 'topic']) {
    const value = textOf(definition, `camunda:${attribute}`);
    if (value !== undefined) {
      ctx.problems.error(
        ProblemCode.UnsupportedElement,
        subjectOf(event),
        `${label(event)} has an implementation (camunda:${attribute}="${value}"): message throw events only publish their message; to call code, use a send task with camunda:type="external" and a camunda:topic`,
      );
      return;
    }
  }
}
