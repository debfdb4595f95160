/**
 * One `bpmn:process` → ProcessModel: walks the process and its sub-processes (one ScopeModel
 * each), compiles their nodes and sequence flows, links boundary events, runs the graph checks and
 * precomputes the inclusive-join `reaches` map.
 */
import { NodeKind, type ElementId, type FlowId, type ProcessModel, type ScopeModel, type SequenceFlow } from '../model.ts';
import { readExtensions } from './camunda-extensions.ts';
import { childOf, childrenOf, expressionBodyOf, label, subjectOf, textOf } from './element.ts';
import { checkGraph, type ScopeDraft } from './graph-checks.ts';
import { warnIgnoredJobSettings } from './job-settings.ts';
import type { ModdleElement } from './moddle.ts';
import { compileFlowNode, isActivityType, type NodeContext, type NodeDraft, type ScopeInfo } from './node-compiler.ts';
import { omitUndefined } from './omit-undefined.ts';
import { takeUnresolved } from './parse.ts';
import { ProblemCode } from './problems.ts';
import { computeReaches } from './reaches.ts';

export function compileProcess(process: ModdleElement, ctx: NodeContext): ProcessModel {
  const compiler = new ProcessCompiler(ctx);
  readExtensions(process, ctx);
  warnIgnoredJobSettings(process, ctx.problems);
  compiler.walk(process, { id: process.id ?? '', kind: 'process' }, undefined);
  compiler.linkFlows();
  compiler.linkBoundaryEvents();
  checkGraph(compiler.nodes, compiler.flows, compiler.scopes, ctx.problems);
  const scopes: Record<ElementId, ScopeModel> = {};
  for (const scope of Object.values(compiler.scopes)) {
    scopes[scope.id] = omitUndefined({
      id: scope.id,
      parent: scope.parent,
      noneStarts: scope.noneStarts,
      eventStarts: scope.eventStarts,
      eventSubProcesses: scope.eventSubProcesses,
      nodes: scope.nodes,
      reaches: computeReaches(scope.nodes, compiler.nodes, compiler.flows),
    });
  }
  return omitUndefined({
    id: process.id ?? '',
    name: textOf(process, 'name'),
    isExecutable: process.get('isExecutable') === true,
    nodes: compiler.nodes,
    flows: compiler.flows,
    scopes,
  });
}

class ProcessCompiler {
  readonly nodes: Record<ElementId, NodeDraft> = {};
  readonly flows: Record<FlowId, { -readonly [K in keyof SequenceFlow]: SequenceFlow[K] }> = {};
  readonly scopes: Record<ElementId, ScopeDraft> = {};
  /** sequence flows with the scope they are declared in, in document order */
  private readonly flowElements: { el: ModdleElement; scope: ElementId }[] = [];

  constructor(private readonly ctx: NodeContext) {}

  walk(container: ModdleElement, scope: ScopeInfo, parent: ElementId | undefined): void {
    const draft: ScopeDraft = { id: scope.id, kind: scope.kind, parent, noneStarts: [], eventStarts: [], eventSubProcesses: [], nodes: [] };
    this.scopes[scope.id] = draft;
    for (const el of childrenOf(container, 'flowElements')) {
      if (el.$type === 'bpmn:SequenceFlow') {
        this.flowElements.push({ el, scope: scope.id });
        continue;
      }
      // data objects, data stores and the like describe; they do not run
      if (!el.$instanceOf('bpmn:FlowNode') || el.id === undefined) continue;
      const node = compileFlowNode(el, scope, this.ctx);
      this.nodes[node.id] = node;
      draft.nodes.push(node.id);
      if (node.kind === NodeKind.StartEvent) {
        (childrenOf(el, 'eventDefinitions').length === 0 ? draft.noneStarts : draft.eventStarts).push(node.id);
      }
      if (el.$type === 'bpmn:SubProcess') {
        const isEventSubProcess = node.kind === NodeKind.EventSubProcess;
        if (isEventSubProcess) draft.eventSubProcesses.push(node.id);
        this.walk(el, { id: node.id, kind: isEventSubProcess ? 'eventSubProcess' : 'subProcess' }, scope.id);
        if (isEventSubProcess) {
          const starts = this.scopes[node.id]!.eventStarts;
          const start = starts.length === 1 ? this.nodes[starts[0]!] : undefined;
          node.isInterrupting = start?.isInterrupting ?? true;
        }
      }
    }
  }

  linkFlows(): void {
    const { problems } = this.ctx;
    for (const { el, scope } of this.flowElements) {
      const id = el.id ?? '';
      const subject = subjectOf(el);
      readExtensions(el, this.ctx);
      const source = this.endOf(el, 'sourceRef');
      const target = this.endOf(el, 'targetRef');
      if (source.missing || target.missing) {
        const missing = [source.missing, target.missing].filter((m) => m !== undefined).join(' and ');
        problems.error(ProblemCode.FlowIncomplete, subject, `sequence flow ${label(el)} ${missing}: connect both ends to flow nodes or delete it`);
        continue;
      }
      const from = this.nodes[source.id!]!;
      const to = this.nodes[target.id!]!;
      if (from.scope !== scope || to.scope !== scope) {
        problems.error(ProblemCode.FlowInvalid, subject, `sequence flow ${label(el)} crosses the border of a sub-process (${from.id} → ${to.id}): flows stay inside one process or sub-process`);
      }
      if (from.kind === NodeKind.EndEvent) problems.error(ProblemCode.FlowInvalid, subject, `sequence flow ${label(el)} leaves end event ${from.id}: an end event has no outgoing flow`);
      if (to.kind === NodeKind.StartEvent) problems.error(ProblemCode.FlowInvalid, subject, `sequence flow ${label(el)} enters start event ${to.id}: a start event has no incoming flow`);
      if (to.kind === NodeKind.BoundaryEvent) problems.error(ProblemCode.FlowInvalid, subject, `sequence flow ${label(el)} enters boundary event ${to.id}: a boundary event has no incoming flow`);
      for (const node of [from, to]) {
        if (node.kind === NodeKind.EventSubProcess) {
          problems.error(ProblemCode.EventSubProcessInvalid, { id: node.id, type: node.bpmnType }, `event sub-process ${node.name ? `"${node.name.replace(/\s+/g, ' ')}"` : node.id} has a sequence flow (${id}): an event sub-process is started by its start event only, remove the flow`);
        }
      }
      const flow: (typeof this.flows)[FlowId] = { id, source: from.id, target: to.id };
      const name = textOf(el, 'name');
      if (name !== undefined) flow.name = name;
      const condition = this.readCondition(el);
      if (condition !== undefined) flow.condition = condition;
      this.flows[id] = flow;
      from.outgoing.push(id);
      to.incoming.push(id);
    }
  }

  linkBoundaryEvents(): void {
    const { problems } = this.ctx;
    for (const node of Object.values(this.nodes)) {
      if (node.kind !== NodeKind.BoundaryEvent || node.attachedTo === undefined) continue;
      const subject = { id: node.id, type: node.bpmnType };
      const name = node.name ? `"${node.name.replace(/\s+/g, ' ')}"` : node.id;
      const host = this.nodes[node.attachedTo];
      if (host === undefined || !isActivity(host)) {
        problems.error(ProblemCode.BoundaryEventInvalid, subject, `boundary event ${name} is attached to ${node.attachedTo}${host ? ` (${host.bpmnType})` : ''}, which is not an activity: attach it to a task, sub-process or call activity`);
        continue;
      }
      if (host.scope !== node.scope) {
        problems.error(ProblemCode.BoundaryEventInvalid, subject, `boundary event ${name} is attached to ${host.id} but declared in another scope (${node.scope}): move it next to the activity`);
        continue;
      }
      host.boundaryEvents.push(node.id);
      if (node.event?.type === 'error' && node.cancelActivity === false) {
        problems.error(ProblemCode.BoundaryEventInvalid, subject, `error boundary event ${name} is non-interrupting: an error always interrupts the activity, make it interrupting`);
      }
    }
  }

  /** a flow end: the node id, or what is missing for the message */
  private endOf(el: ModdleElement, property: 'sourceRef' | 'targetRef'): { id?: ElementId; missing?: string } {
    const what = property === 'sourceRef' ? 'source' : 'target';
    const ref = childOf(el, property);
    if (ref === undefined) {
      const unresolved = takeUnresolved(this.ctx.parsed, el, property);
      return { missing: unresolved !== undefined ? `has ${what} "${unresolved}", which does not exist` : `has no ${what}` };
    }
    if (ref.id === undefined || this.nodes[ref.id] === undefined) {
      return { missing: `has ${what} ${ref.id ?? ref.$type} (${ref.$type}), which is not a flow node of this process` };
    }
    return { id: ref.id };
  }

  private readCondition(el: ModdleElement): SequenceFlow['condition'] {
    const expression = childOf(el, 'conditionExpression');
    if (expression === undefined) return undefined;
    const subject = subjectOf(el)!;
    const language = textOf(expression, 'language');
    if (language !== undefined || textOf(expression, 'camunda:resource') !== undefined) {
      this.ctx.problems.error(
        ProblemCode.UnsupportedElement,
        subject,
        `conditionExpression of ${subject.id} is a script${language ? ` (language="${language}")` : ' resource'}: scripts are not supported, write the condition as \${…} (JUEL) or =… (FEEL)`,
      );
      return undefined;
    }
    const text = expressionBodyOf(expression);
    if (text === undefined) {
      this.ctx.problems.error(ProblemCode.ExpressionInvalid, subject, `conditionExpression of ${subject.id} is empty: write a condition such as \${approved} or remove it`);
      return undefined;
    }
    return this.ctx.expressions.condition(text, subject, 'conditionExpression');
  }
}

function isActivity(node: NodeDraft): boolean {
  return isActivityType(node.bpmnType) && node.kind !== NodeKind.EventSubProcess;
}
