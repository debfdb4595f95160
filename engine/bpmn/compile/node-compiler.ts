/**
 * One flow node: BPMN type → NodeKind, with its camunda / motcua attributes, event definition,
 * multi-instance and mappings. Everything that can be judged from the element alone is checked
 * here; what needs the graph (flows, starts, attachments) is checked by `checkGraph`.
 */
import {
  NodeKind,
  type CallActivitySpec,
  type ElementId,
  type EventDefinition,
  type ExternalTaskSpec,
  type FlowId,
  type FlowNode,
  type MotcuaAttributes,
  type UserTaskSpec,
} from '../model.ts';
import { readExtensions, readLoop, type ExtensionContext } from './camunda-extensions.ts';
import { boolOf, childOf, childrenOf, humanType, label, numberOf, subjectOf, textOf } from './element.ts';
import { compileEventDefinition, EventPosition, type EventDefinitionContext } from './event-definitions.ts';
import { BudgetUnit, type ModdleElement } from './moddle.ts';
import { warnIgnoredJobSettings, warnRetryCycleWithoutJob } from './job-settings.ts';
import { omitUndefined } from './omit-undefined.ts';
import { takeUnresolved } from './parse.ts';
import { ProblemCode, type ProblemSubject } from './problems.ts';

/** A flow node while its process is being compiled: flows and boundary events are added later. */
export type NodeDraft = Omit<{ -readonly [K in keyof FlowNode]: FlowNode[K] }, 'incoming' | 'outgoing' | 'boundaryEvents'> & {
  incoming: FlowId[];
  outgoing: FlowId[];
  boundaryEvents: ElementId[];
};

/** The process or sub-process whose direct children are being compiled. */
export interface ScopeInfo {
  readonly id: ElementId;
  readonly kind: 'process' | 'subProcess' | 'eventSubProcess';
}

export interface NodeContext extends EventDefinitionContext, ExtensionContext {
  /** processes of this file: id → isExecutable */
  readonly processes: ReadonlyMap<string, boolean>;
  readonly isKnownProcess?: (key: string) => boolean;
}

const UNSUPPORTED_TYPES: Readonly<Record<string, string>> = {
  'bpmn:ComplexGateway': 'complex gateways are not supported: use an inclusive gateway (conditions on its flows) or an exclusive gateway',
  'bpmn:Transaction': 'transactions are not supported: use a sub-process with error boundary events',
  'bpmn:AdHocSubProcess': 'ad-hoc sub-processes are not supported: use a sub-process with an inclusive gateway, or separate tasks',
  'bpmn:BusinessRuleTask': 'business rule tasks (DMN decisions) are not supported yet: use a FEEL script task or an external task',
  'bpmn:ChoreographyTask': 'choreographies are not executable',
  'bpmn:SubChoreography': 'choreographies are not executable',
  'bpmn:CallChoreography': 'choreographies are not executable',
  'bpmn:ImplicitThrowEvent': 'implicit throw events are not supported',
};

/** activity types a token can wait in (boundary events can attach to them) */
export function isActivityType(type: string): boolean {
  return /^bpmn:(Task|UserTask|ManualTask|ServiceTask|SendTask|ReceiveTask|ScriptTask|BusinessRuleTask|SubProcess|CallActivity|Transaction|AdHocSubProcess)$/.test(type);
}

export function compileFlowNode(el: ModdleElement, scope: ScopeInfo, ctx: NodeContext): NodeDraft {
  const isCallActivity = el.$type === 'bpmn:CallActivity';
  const extensions = readExtensions(el, ctx, isCallActivity);
  const node: NodeDraft = {
    id: el.id ?? '',
    kind: NodeKind.Task,
    bpmnType: el.$type,
    scope: scope.id,
    incoming: [],
    outgoing: [],
    boundaryEvents: [],
    asyncBefore: boolOf(el, 'camunda:asyncBefore') === true || boolOf(el, 'camunda:async') === true,
    asyncAfter: boolOf(el, 'camunda:asyncAfter') === true,
    inputs: extensions.inputs,
    outputs: extensions.outputs,
  };
  const name = textOf(el, 'name');
  if (name !== undefined) node.name = name;
  const motcua = readMotcua(el, ctx);
  if (motcua !== undefined) node.motcua = motcua;
  const defaultFlow = readDefaultFlow(el, ctx);
  if (defaultFlow !== undefined) node.defaultFlow = defaultFlow;

  const subject = subjectOf(el)!;
  const unsupported = UNSUPPORTED_TYPES[el.$type];
  if (unsupported !== undefined) {
    // compiled as a pass-through placeholder so the graph checks still see it; never runs
    ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)}: ${unsupported}`);
    return node;
  }
  if (isActivityType(el.$type)) {
    if (boolOf(el, 'isForCompensation') === true) {
      ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)} is a compensation handler: compensation is not supported`);
    }
    const multiInstance = readLoop(el, ctx);
    if (multiInstance !== undefined) node.multiInstance = multiInstance;
  }

  switch (el.$type) {
    case 'bpmn:StartEvent': {
      node.kind = NodeKind.StartEvent;
      const position =
        scope.kind === 'process' ? EventPosition.ProcessStart : scope.kind === 'subProcess' ? EventPosition.SubProcessStart : EventPosition.EventSubProcessStart;
      setEvent(node, el, position, ctx);
      if (scope.kind === 'eventSubProcess') node.isInterrupting = boolOf(el, 'isInterrupting') !== false;
      const initiator = textOf(el, 'camunda:initiator');
      if (initiator !== undefined && scope.kind === 'process') node.initiator = initiator;
      else if (initiator !== undefined) {
        ctx.problems.warning(ProblemCode.AttributeIgnored, subject, `camunda:initiator on ${label(el)} has no effect: only a start event of the process itself starts an instance`);
      }
      break;
    }
    case 'bpmn:EndEvent':
      node.kind = NodeKind.EndEvent;
      setEvent(node, el, EventPosition.End, ctx);
      break;
    case 'bpmn:IntermediateCatchEvent':
      node.kind = NodeKind.IntermediateCatchEvent;
      setEvent(node, el, EventPosition.IntermediateCatch, ctx);
      break;
    case 'bpmn:IntermediateThrowEvent':
      node.kind = NodeKind.IntermediateThrowEvent;
      setEvent(node, el, EventPosition.IntermediateThrow, ctx);
      break;
    case 'bpmn:BoundaryEvent': {
      node.kind = NodeKind.BoundaryEvent;
      setEvent(node, el, EventPosition.Boundary, ctx);
      node.cancelActivity = boolOf(el, 'cancelActivity') !== false;
      const attached = childOf(el, 'attachedToRef');
      if (attached?.id !== undefined) node.attachedTo = attached.id;
      else {
        const unresolved = takeUnresolved(ctx.parsed, el, 'attachedToRef');
        ctx.problems.error(
          ProblemCode.BoundaryEventInvalid,
          subject,
          unresolved !== undefined
            ? `${label(el)} is attached to "${unresolved}", which does not exist: attach it to an activity`
            : `${label(el)} is not attached to any activity: attach it to the border of a task, sub-process or call activity`,
        );
      }
      break;
    }
    case 'bpmn:Task':
      node.kind = NodeKind.Task;
      break;
    case 'bpmn:ManualTask':
      node.kind = NodeKind.ManualTask;
      break;
    case 'bpmn:UserTask':
      node.kind = NodeKind.UserTask;
      node.userTask = readUserTask(el, subject, ctx);
      break;
    case 'bpmn:ServiceTask':
    case 'bpmn:SendTask': {
      node.kind = NodeKind.ExternalTask;
      const spec = readExternalTask(el, subject, ctx);
      if (spec !== undefined) node.externalTask = spec;
      break;
    }
    case 'bpmn:ReceiveTask': {
      node.kind = NodeKind.ReceiveTask;
      if (boolOf(el, 'instantiate') === true) {
        ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)} instantiates the process (instantiate="true"): not supported, use a message start event`);
      }
      const messageName = readReceiveMessage(el, subject, ctx);
      if (messageName !== undefined) node.messageName = messageName;
      break;
    }
    case 'bpmn:ScriptTask': {
      node.kind = NodeKind.ScriptTask;
      const script = readScript(el, subject, ctx);
      if (script !== undefined) node.script = script;
      break;
    }
    case 'bpmn:ExclusiveGateway':
      node.kind = NodeKind.ExclusiveGateway;
      break;
    case 'bpmn:ParallelGateway':
      node.kind = NodeKind.ParallelGateway;
      break;
    case 'bpmn:InclusiveGateway':
      node.kind = NodeKind.InclusiveGateway;
      break;
    case 'bpmn:EventBasedGateway':
      node.kind = NodeKind.EventBasedGateway;
      if (boolOf(el, 'instantiate') === true || textOf(el, 'eventGatewayType') === 'Parallel') {
        ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)} is an instantiating or parallel event-based gateway: not supported, use start events`);
      }
      break;
    case 'bpmn:SubProcess':
      node.kind = boolOf(el, 'triggeredByEvent') === true ? NodeKind.EventSubProcess : NodeKind.SubProcess;
      node.opensScope = true;
      break;
    case 'bpmn:CallActivity': {
      node.kind = NodeKind.CallActivity;
      const spec = readCallActivity(el, subject, ctx, extensions.callInputs, extensions.callOutputs);
      if (spec !== undefined) node.callActivity = spec;
      break;
    }
    default:
      ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)}: ${humanType(el.$type)} (${el.$type}) is not supported`);
  }
  warnIgnoredJobSettings(el, ctx.problems);
  if (extensions.retryCycle !== undefined) {
    if (node.asyncBefore || node.asyncAfter || node.event?.type === 'timer') node.retryCycle = extensions.retryCycle;
    else warnRetryCycleWithoutJob(el, ctx.problems);
  }
  return node;
}

function setEvent(node: NodeDraft, el: ModdleElement, position: EventPosition, ctx: NodeContext): void {
  const event: EventDefinition | undefined = compileEventDefinition(el, position, ctx);
  if (event !== undefined) node.event = event;
}

function readDefaultFlow(el: ModdleElement, ctx: NodeContext): FlowId | undefined {
  const flow = childOf(el, 'default');
  if (flow?.id !== undefined) return flow.id;
  const unresolved = takeUnresolved(ctx.parsed, el, 'default');
  if (unresolved !== undefined) {
    ctx.problems.error(ProblemCode.DefaultFlowInvalid, subjectOf(el), `${label(el)} has default flow "${unresolved}", which does not exist: pick one of its outgoing flows`);
  }
  return undefined;
}

const BUDGET_UNITS: readonly string[] = Object.values(BudgetUnit);

function readMotcua(el: ModdleElement, ctx: NodeContext): MotcuaAttributes | undefined {
  const subject = subjectOf(el);
  const value = numberOf(el, 'motcua:budget');
  const unit = textOf(el, 'motcua:budgetUnit');
  const dossierStatus = textOf(el, 'motcua:dossierStatus');
  let budget: MotcuaAttributes['budget'];
  if (value !== undefined) {
    if (!Number.isFinite(value) || value < 0) {
      ctx.problems.error(ProblemCode.AttributeInvalid, subject, `motcua:budget of ${label(el)} must be a number ≥ 0 (the step budget in ${unit ?? BudgetUnit.WorkingDays})`);
    } else {
      budget = { value, unit: unit ?? BudgetUnit.WorkingDays };
    }
  } else if (unit !== undefined) {
    ctx.problems.warning(ProblemCode.AttributeInvalid, subject, `motcua:budgetUnit of ${label(el)} is set without motcua:budget: it is ignored`);
  }
  if (unit !== undefined && !BUDGET_UNITS.includes(unit)) {
    ctx.problems.error(ProblemCode.AttributeInvalid, subject, `motcua:budgetUnit "${unit}" of ${label(el)} is not a unit: use one of ${BUDGET_UNITS.join(', ')}`);
    budget = undefined;
  }
  if (budget === undefined && dossierStatus === undefined) return undefined;
  return omitUndefined({ budget, dossierStatus });
}

function readUserTask(el: ModdleElement, subject: ProblemSubject, ctx: NodeContext): UserTaskSpec {
  if (childrenOf(el, 'resources').length > 0) {
    ctx.problems.error(
      ProblemCode.UnsupportedElement,
      subject,
      `${label(el)} assigns people with BPMN resources (potentialOwner / humanPerformer): not supported, use camunda:assignee, camunda:candidateUsers or camunda:candidateGroups`,
    );
  }
  if (textOf(el, 'camunda:formHandlerClass') !== undefined) {
    ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)} has camunda:formHandlerClass: Java form handlers are not supported, use camunda:formKey`);
  }
  const expression = (attribute: string) => {
    const text = textOf(el, `camunda:${attribute}`);
    return text === undefined ? undefined : ctx.expressions.value(text, subject, `camunda:${attribute}`);
  };
  return omitUndefined({
    assignee: expression('assignee'),
    candidateUsers: expression('candidateUsers'),
    candidateGroups: expression('candidateGroups'),
    dueDate: expression('dueDate'),
    followUpDate: expression('followUpDate'),
    priority: expression('priority'),
    formKey: textOf(el, 'camunda:formKey'),
  });
}

function readExternalTask(el: ModdleElement, subject: ProblemSubject, ctx: NodeContext): ExternalTaskSpec | undefined {
  const what = el.$type === 'bpmn:SendTask' ? 'send task' : 'service task';
  const advice = `use an external task: set camunda:type="external" and a camunda:topic, and let a worker do the work`;
  for (const attribute of ['class', 'delegateExpression', 'expression']) {
    const value = textOf(el, `camunda:${attribute}`);
    if (value !== undefined) {
      ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)} is a ${what} implemented by camunda:${attribute}="${value}": Java delegates and expressions are not supported; ${advice}`);
      return undefined;
    }
  }
  const type = textOf(el, 'camunda:type');
  const topic = textOf(el, 'camunda:topic');
  if (type !== 'external' || topic === undefined) {
    const why = type !== undefined && type !== 'external' ? `camunda:type="${type}" is not supported` : type === undefined ? 'it has no implementation' : 'it has no camunda:topic';
    ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)} is a ${what} the engine cannot run (${why}): ${advice}`);
    return undefined;
  }
  const priority = textOf(el, 'camunda:taskPriority');
  return omitUndefined({
    topic: ctx.expressions.value(topic, subject, 'camunda:topic'),
    priority: priority === undefined ? undefined : ctx.expressions.value(priority, subject, 'camunda:taskPriority'),
  });
}

function readReceiveMessage(el: ModdleElement, subject: ProblemSubject, ctx: NodeContext): string | undefined {
  const message = childOf(el, 'messageRef');
  if (message === undefined) {
    const unresolved = takeUnresolved(ctx.parsed, el, 'messageRef');
    ctx.problems.error(
      ProblemCode.UnknownReference,
      subject,
      unresolved !== undefined
        ? `${label(el)} waits for message "${unresolved}" (messageRef), which does not exist in this file: define it or pick an existing message`
        : `${label(el)} has no message: select or create the message (messageRef, with a name) it waits for`,
    );
    return undefined;
  }
  const name = textOf(message, 'name');
  if (name === undefined) {
    ctx.problems.error(ProblemCode.UnknownReference, subject, `${label(el)} waits for message ${message.id ?? ''} which has no name: give it one`);
  }
  return name;
}

function readScript(el: ModdleElement, subject: ProblemSubject, ctx: NodeContext): FlowNode['script'] {
  const format = textOf(el, 'scriptFormat');
  if (format?.toLowerCase() !== 'feel') {
    ctx.problems.error(
      ProblemCode.UnsupportedElement,
      subject,
      `${label(el)} is a script task in ${format === undefined ? 'no script format' : `"${format}"`}: only FEEL scripts (scriptFormat="feel") are supported`,
    );
    return undefined;
  }
  if (textOf(el, 'camunda:resource') !== undefined) {
    ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)} loads its script from a resource (camunda:resource): write the FEEL expression inline`);
    return undefined;
  }
  const body = textOf(el, 'script');
  if (body === undefined) {
    ctx.problems.error(ProblemCode.ExpressionInvalid, subject, `script of ${subject.id} is empty: write the FEEL expression whose value the task computes`);
    return undefined;
  }
  return omitUndefined({ expression: ctx.expressions.feel(body, subject, 'script'), resultVariable: textOf(el, 'camunda:resultVariable') });
}

function readCallActivity(
  el: ModdleElement,
  subject: ProblemSubject,
  ctx: NodeContext,
  inputs: CallActivitySpec['inputs'],
  outputs: CallActivitySpec['outputs'],
): CallActivitySpec | undefined {
  for (const [attribute, reason] of [
    ['camunda:caseRef', 'calling CMMN cases is not supported'],
    ['camunda:variableMappingClass', 'Java variable mapping is not supported; use camunda:in / camunda:out'],
    ['camunda:variableMappingDelegateExpression', 'delegate variable mapping is not supported; use camunda:in / camunda:out'],
  ] as const) {
    if (textOf(el, attribute) !== undefined) ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)} uses ${attribute}: ${reason}`);
  }
  const binding = textOf(el, 'camunda:calledElementBinding') ?? 'latest';
  const versionText = textOf(el, 'camunda:calledElementVersion');
  let version: number | undefined;
  if (binding !== 'latest' && binding !== 'version' && binding !== 'deployment') {
    ctx.problems.error(ProblemCode.AttributeInvalid, subject, `camunda:calledElementBinding "${binding}" of ${label(el)} is not supported: use latest, version or deployment`);
  } else if (binding === 'version') {
    version = versionText !== undefined && /^\d+$/.test(versionText) ? Number(versionText) : undefined;
    if (version === undefined || version < 1) {
      ctx.problems.error(ProblemCode.AttributeInvalid, subject, `${label(el)} is bound to a fixed version: camunda:calledElementVersion must be a version number ≥ 1${versionText ? `, not "${versionText}"` : ''}`);
    }
  }
  const called = textOf(el, 'calledElement');
  if (called === undefined) {
    ctx.problems.error(ProblemCode.UnknownCalledProcess, subject, `${label(el)} calls no process: set calledElement to the id (key) of the process to call`);
    return undefined;
  }
  const calledElement = ctx.expressions.value(called, subject, 'calledElement');
  if (calledElement.language === 'literal') {
    const inFile = ctx.processes.get(called);
    const known = ctx.isKnownProcess?.(called) === true;
    if (!known && inFile === undefined) {
      ctx.problems.error(ProblemCode.UnknownCalledProcess, subject, `${label(el)} calls process "${called}", which is neither in this file nor deployed: deploy it first or correct calledElement`);
    } else if (!known && inFile === false) {
      ctx.problems.error(ProblemCode.UnknownCalledProcess, subject, `${label(el)} calls process "${called}" of this file, which is not executable: mark it executable (isExecutable="true")`);
    }
  }
  const spec: CallActivitySpec = {
    calledElement,
    binding: binding === 'version' || binding === 'deployment' ? binding : 'latest',
    version,
    inputs,
    outputs,
  };
  return omitUndefined(spec);
}
