/**
 * The executable model: what a deployment compiles a BPMN file into, once. Runtime code reads only
 * this (plain JSON, no moddle objects, no XML), so a compiled definition can be cached, stored and
 * shared between instances.
 */

export type ElementId = string;
export type FlowId = string;

/** An expression as written in the diagram, kept with its compiled form's language. */
export interface ExpressionSource {
  /** the text as written, e.g. `${amount > 5}` or `=amount > 5` */
  readonly text: string;
  readonly language: 'juel' | 'feel' | 'literal';
}

export const TimerKind = { Date: 'timeDate', Duration: 'timeDuration', Cycle: 'timeCycle' } as const;
export type TimerKind = (typeof TimerKind)[keyof typeof TimerKind];

export interface TimerDefinition {
  readonly kind: TimerKind;
  /** ISO 8601 text or an expression evaluating to one (e.g. `${workingDays(3)}`) */
  readonly expression: ExpressionSource;
}

export type EventDefinition =
  | { readonly type: 'none' }
  | { readonly type: 'timer'; readonly timer: TimerDefinition }
  | { readonly type: 'message'; readonly messageName: string }
  | { readonly type: 'signal'; readonly signalName: string }
  /** errorCode undefined on a catch = catch every error */
  | { readonly type: 'error'; readonly errorCode?: string; readonly errorCodeVariable?: string; readonly errorMessageVariable?: string }
  | { readonly type: 'escalation'; readonly escalationCode?: string; readonly escalationCodeVariable?: string }
  | { readonly type: 'conditional'; readonly condition: ExpressionSource; readonly variableName?: string }
  | { readonly type: 'terminate' };

export interface InputOutputParameter {
  readonly name: string;
  /** undefined = set the variable to null */
  readonly value?: ExpressionSource;
}

/** camunda:in / camunda:out on call activities */
export interface VariableMapping {
  /** `variables="all"` copies every variable */
  readonly all?: boolean;
  readonly source?: string;
  readonly sourceExpression?: ExpressionSource;
  readonly target?: string;
  /** camunda:in businessKey="…" */
  readonly businessKey?: ExpressionSource;
  readonly local?: boolean;
}

export interface MultiInstance {
  readonly sequential: boolean;
  readonly loopCardinality?: ExpressionSource;
  /** camunda:collection: a variable name or an expression yielding an array */
  readonly collection?: ExpressionSource;
  readonly elementVariable?: string;
  readonly completionCondition?: ExpressionSource;
}

/** camunda:failedJobRetryTimeCycle, read (timers/retry-cycle.ts) */
export interface RetryCycle {
  /** attempts before the job becomes an incident */
  readonly attempts: number;
  /** ISO 8601 durations to wait after the 1st, 2nd… failure; the last one repeats */
  readonly waits: readonly string[];
}

export interface UserTaskSpec {
  readonly assignee?: ExpressionSource;
  readonly candidateUsers?: ExpressionSource;
  readonly candidateGroups?: ExpressionSource;
  readonly dueDate?: ExpressionSource;
  readonly followUpDate?: ExpressionSource;
  readonly priority?: ExpressionSource;
  readonly formKey?: string;
}

export interface ExternalTaskSpec {
  readonly topic: ExpressionSource;
  readonly priority?: ExpressionSource;
}

export interface CallActivitySpec {
  /** camunda:calledElement / calledElement: process id (the key) */
  readonly calledElement: ExpressionSource;
  /** `latest` (default), `version` (fixed, see `version`), `deployment` */
  readonly binding: 'latest' | 'version' | 'deployment';
  readonly version?: number;
  readonly inputs: readonly VariableMapping[];
  readonly outputs: readonly VariableMapping[];
}

/** Procedure-specific attributes from the `motcua` moddle extension (issue 4 fills these in). */
export interface MotcuaAttributes {
  /** step budget, e.g. `{ value: 2, unit: 'WORKING_DAYS' }` */
  readonly budget?: { readonly value: number; readonly unit: string };
  /** dossier status this step puts the dossier in, e.g. `DANG_XU_LY` */
  readonly dossierStatus?: string;
  readonly [key: string]: unknown;
}

export const NodeKind = {
  StartEvent: 'startEvent',
  EndEvent: 'endEvent',
  IntermediateCatchEvent: 'intermediateCatchEvent',
  IntermediateThrowEvent: 'intermediateThrowEvent',
  BoundaryEvent: 'boundaryEvent',
  Task: 'task',
  UserTask: 'userTask',
  ManualTask: 'manualTask',
  ExternalTask: 'externalTask',
  ReceiveTask: 'receiveTask',
  ScriptTask: 'scriptTask',
  ExclusiveGateway: 'exclusiveGateway',
  ParallelGateway: 'parallelGateway',
  InclusiveGateway: 'inclusiveGateway',
  EventBasedGateway: 'eventBasedGateway',
  SubProcess: 'subProcess',
  EventSubProcess: 'eventSubProcess',
  CallActivity: 'callActivity',
} as const;
export type NodeKind = (typeof NodeKind)[keyof typeof NodeKind];

/** One flow node of the executable graph. */
export interface FlowNode {
  readonly id: ElementId;
  readonly kind: NodeKind;
  /** the BPMN type as written, e.g. `bpmn:SendTask`, for messages and history */
  readonly bpmnType: string;
  readonly name?: string;
  /** the process or (event) sub-process that contains this node */
  readonly scope: ElementId;
  readonly incoming: readonly FlowId[];
  readonly outgoing: readonly FlowId[];
  readonly defaultFlow?: FlowId;
  /** for events; `none` on plain starts/ends/throws */
  readonly event?: EventDefinition;
  /** boundary events: the activity they are attached to and whether they cancel it */
  readonly attachedTo?: ElementId;
  readonly cancelActivity?: boolean;
  /** activities: ids of the boundary events attached to them */
  readonly boundaryEvents: readonly ElementId[];
  readonly asyncBefore: boolean;
  readonly asyncAfter: boolean;
  /** camunda:failedJobRetryTimeCycle: the attempts and waits of its timer / async jobs */
  readonly retryCycle?: RetryCycle;
  /** process start events: camunda:initiator, the variable that receives the starting user's id */
  readonly initiator?: string;
  readonly multiInstance?: MultiInstance;
  readonly inputs: readonly InputOutputParameter[];
  readonly outputs: readonly InputOutputParameter[];
  readonly userTask?: UserTaskSpec;
  readonly externalTask?: ExternalTaskSpec;
  /** receive task: the message it waits for */
  readonly messageName?: string;
  /** script task (FEEL only) */
  readonly script?: { readonly expression: ExpressionSource; readonly resultVariable?: string };
  readonly callActivity?: CallActivitySpec;
  /** subprocess / event subprocess: the scope it opens (same id as the node) */
  readonly opensScope?: boolean;
  /** event subprocess start: interrupting? (from its start event's isInterrupting) */
  readonly isInterrupting?: boolean;
  readonly motcua?: MotcuaAttributes;
}

export interface SequenceFlow {
  readonly id: FlowId;
  readonly name?: string;
  readonly source: ElementId;
  readonly target: ElementId;
  readonly condition?: ExpressionSource;
}

/** A process or (event) sub-process: a container of nodes with its own start events. */
export interface ScopeModel {
  readonly id: ElementId;
  /** parent scope id; undefined for the process itself */
  readonly parent?: ElementId;
  /** none start events (the ones a plain activation of the scope starts at) */
  readonly noneStarts: readonly ElementId[];
  /** start events with a trigger (message, timer, signal, conditional at process level; event sub-process starts) */
  readonly eventStarts: readonly ElementId[];
  /** event sub-processes declared directly in this scope */
  readonly eventSubProcesses: readonly ElementId[];
  /** every flow node directly inside this scope */
  readonly nodes: readonly ElementId[];
  /**
   * For inclusive joins: for each node of this scope, the inclusive gateways (in this scope) it can
   * still reach without passing through them. Precomputed at compile time so the join check is a
   * lookup, never a graph walk at run time.
   */
  readonly reaches: Readonly<Record<ElementId, readonly ElementId[]>>;
}

export interface ProcessModel {
  readonly id: ElementId;
  readonly name?: string;
  readonly isExecutable: boolean;
  readonly nodes: Readonly<Record<ElementId, FlowNode>>;
  readonly flows: Readonly<Record<FlowId, SequenceFlow>>;
  /** keyed by scope id; the process's own scope has the process id */
  readonly scopes: Readonly<Record<ElementId, ScopeModel>>;
  readonly motcua?: MotcuaAttributes;
}

/** The compiled form of one BPMN file. */
export interface CompiledDefinitions {
  readonly id: string;
  readonly targetNamespace?: string;
  readonly processes: Readonly<Record<ElementId, ProcessModel>>;
}
