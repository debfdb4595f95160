/**
 * Validation problems: what the compiler reports about a diagram. Every problem has a stable code,
 * names the element it concerns and says what the modeller can do about it.
 */

export const ProblemCode = {
  /** the text is not well-formed XML, not a BPMN 2.0 document, or an element had to be dropped */
  Parse: 'BPMN_PARSE',
  /** the reader ignored something (unknown element or attribute, unresolved reference, encoding) */
  ParseWarning: 'BPMN_PARSE_WARNING',
  /** two elements share one id (the reader keeps only the first) */
  DuplicateId: 'BPMN_DUPLICATE_ID',
  /** no process of the file has isExecutable="true" */
  NoExecutableProcess: 'BPMN_NO_EXECUTABLE_PROCESS',
  /** an element or extension the engine cannot run */
  UnsupportedElement: 'BPMN_UNSUPPORTED_ELEMENT',
  /** an event definition in a position where it is not supported (e.g. a timer end event) */
  UnsupportedEventDefinition: 'BPMN_UNSUPPORTED_EVENT_DEFINITION',
  /** a sequence flow without source or target */
  FlowIncomplete: 'BPMN_FLOW_INCOMPLETE',
  /** a sequence flow that cannot exist (out of an end event, into a start event, across scopes) */
  FlowInvalid: 'BPMN_FLOW_INVALID',
  /** a gateway without outgoing sequence flow */
  GatewayNoOutgoing: 'BPMN_GATEWAY_NO_OUTGOING',
  /** a start event without outgoing sequence flow */
  NoOutgoing: 'BPMN_NO_OUTGOING',
  /** a node no sequence flow leads to (warning: it never runs) */
  NodeUnreachable: 'BPMN_NODE_UNREACHABLE',
  /** default flow that is not an outgoing flow of its element, or that has a condition */
  DefaultFlowInvalid: 'BPMN_DEFAULT_FLOW_INVALID',
  /** a condition that is never evaluated (warning), e.g. on a flow out of a parallel gateway */
  ConditionIgnored: 'BPMN_CONDITION_IGNORED',
  /** an expression that does not parse, or a literal where a condition is needed */
  ExpressionInvalid: 'BPMN_EXPRESSION_INVALID',
  /** a timer whose literal ISO 8601 text does not parse, or a timer without (exactly one) value */
  TimerInvalid: 'BPMN_TIMER_INVALID',
  /** a missing or unknown message / signal / error / escalation, or one without name / code */
  UnknownReference: 'BPMN_UNKNOWN_REFERENCE',
  /** a call activity without a called element, or calling a process that does not exist */
  UnknownCalledProcess: 'BPMN_UNKNOWN_CALLED_PROCESS',
  /** an event-based gateway followed by something other than a catch event or receive task */
  EventGatewayTargetInvalid: 'BPMN_EVENT_GATEWAY_TARGET_INVALID',
  /** a process or sub-process with flow nodes but no start event to begin at */
  NoStart: 'BPMN_NO_START',
  /** a sub-process with more than one none start event */
  MultipleNoneStarts: 'BPMN_MULTIPLE_NONE_STARTS',
  /** multi-instance without loopCardinality or camunda:collection */
  MultiInstanceInvalid: 'BPMN_MULTI_INSTANCE_INVALID',
  /** a boundary event not attached to an activity of its scope, or an error boundary that does not interrupt */
  BoundaryEventInvalid: 'BPMN_BOUNDARY_EVENT_INVALID',
  /** an event sub-process with sequence flows, or without exactly one triggered start event */
  EventSubProcessInvalid: 'BPMN_EVENT_SUBPROCESS_INVALID',
  /** an attribute the engine reads but does not act on (warning: it has no effect) */
  AttributeIgnored: 'BPMN_ATTRIBUTE_IGNORED',
  /** an attribute with a value out of its range (motcua budget, call activity binding, …) */
  AttributeInvalid: 'BPMN_ATTRIBUTE_INVALID',
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

export interface ValidationProblem {
  /** stable code, one of `ProblemCode` */
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** the BPMN element concerned, e.g. `Activity_1` */
  readonly elementId?: string;
  /** its BPMN type, e.g. `bpmn:ComplexGateway` */
  readonly elementType?: string;
  readonly message: string;
}

/** What a problem is about: an element id and type, both optional. */
export interface ProblemSubject {
  readonly id?: string;
  readonly type?: string;
}

/** `CODE Element_1 (bpmn:Type): message` — the form used in errors, logs and CLI output. */
export function formatProblem(p: ValidationProblem): string {
  const where = p.elementId ? ` ${p.elementId}${p.elementType ? ` (${p.elementType})` : ''}` : '';
  return `${p.code}${where}: ${p.message}`;
}

export function hasErrors(problems: readonly ValidationProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/**
 * Collects problems. A collector for a non-executable process reports its errors as warnings:
 * such a process is compiled (so the file can still be deployed) but never started.
 */
export class ProblemCollector {
  constructor(
    private readonly sink: ValidationProblem[] = [],
    /** set for a non-executable process: its errors become warnings, with this note appended */
    private readonly downgradeNote?: string,
  ) {}

  get problems(): readonly ValidationProblem[] {
    return this.sink;
  }

  /** a collector writing to the same list, downgrading errors to warnings with a note */
  downgraded(note: string): ProblemCollector {
    return new ProblemCollector(this.sink, note);
  }

  error(code: ProblemCode, subject: ProblemSubject | undefined, message: string): void {
    if (this.downgradeNote !== undefined) {
      this.add(code, 'warning', subject, `${message} (${this.downgradeNote})`);
    } else {
      this.add(code, 'error', subject, message);
    }
  }

  warning(code: ProblemCode, subject: ProblemSubject | undefined, message: string): void {
    this.add(code, 'warning', subject, message);
  }

  private add(code: ProblemCode, severity: 'error' | 'warning', subject: ProblemSubject | undefined, message: string): void {
    const problem: { -readonly [K in keyof ValidationProblem]: ValidationProblem[K] } = { code, severity, message };
    if (subject?.id !== undefined) problem.elementId = subject.id;
    if (subject?.type !== undefined) problem.elementType = subject.type;
    this.sink.push(problem);
  }
}
