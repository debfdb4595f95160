/**
 * Checks that need the linked graph: where tokens would stall or cannot start, default flows,
 * conditions that would be ignored (removed from the compiled flow), event-based gateway targets,
 * and the start events of each scope.
 */
import { NodeKind, type ElementId, type FlowId, type SequenceFlow } from '../model.ts';
import type { NodeDraft } from './node-compiler.ts';
import { ProblemCode, type ProblemCollector } from './problems.ts';

/** A scope while its process is being compiled. */
export interface ScopeDraft {
  readonly id: ElementId;
  readonly kind: 'process' | 'subProcess' | 'eventSubProcess';
  readonly parent?: ElementId;
  readonly noneStarts: ElementId[];
  readonly eventStarts: ElementId[];
  readonly eventSubProcesses: ElementId[];
  readonly nodes: ElementId[];
}

type FlowDraft = { -readonly [K in keyof SequenceFlow]: SequenceFlow[K] };

const GATEWAYS: readonly string[] = [NodeKind.ExclusiveGateway, NodeKind.ParallelGateway, NodeKind.InclusiveGateway, NodeKind.EventBasedGateway];
const EVENTS: readonly string[] = [NodeKind.StartEvent, NodeKind.EndEvent, NodeKind.IntermediateCatchEvent, NodeKind.IntermediateThrowEvent, NodeKind.BoundaryEvent];
/** nodes a token never enters through a sequence flow */
const ENTERED_WITHOUT_FLOW: readonly string[] = [NodeKind.StartEvent, NodeKind.BoundaryEvent, NodeKind.EventSubProcess];

export function checkGraph(
  nodes: Readonly<Record<ElementId, NodeDraft>>,
  flows: Record<FlowId, FlowDraft>,
  scopes: Readonly<Record<ElementId, ScopeDraft>>,
  problems: ProblemCollector,
): void {
  for (const node of Object.values(nodes)) checkNode(node, nodes, flows, problems);
  for (const scope of Object.values(scopes)) checkScope(scope, nodes, problems);
}

function display(node: NodeDraft): string {
  return node.name !== undefined ? `"${node.name.replace(/\s+/g, ' ')}" (${node.id})` : node.id;
}

function checkNode(node: NodeDraft, nodes: Readonly<Record<ElementId, NodeDraft>>, flows: Record<FlowId, FlowDraft>, problems: ProblemCollector): void {
  const subject = { id: node.id, type: node.bpmnType };
  if (node.kind === NodeKind.StartEvent && node.outgoing.length === 0) {
    problems.error(ProblemCode.NoOutgoing, subject, `start event ${display(node)} has no outgoing sequence flow: connect it to the first step`);
  }
  if (GATEWAYS.includes(node.kind) && node.outgoing.length === 0) {
    problems.error(ProblemCode.GatewayNoOutgoing, subject, `gateway ${display(node)} has no outgoing sequence flow: a token reaching it would be stuck; connect it to the next step`);
  }
  if (!ENTERED_WITHOUT_FLOW.includes(node.kind) && node.incoming.length === 0) {
    problems.warning(ProblemCode.NodeUnreachable, subject, `${display(node)} has no incoming sequence flow, so it never runs: connect it or delete it`);
  }

  if (node.defaultFlow !== undefined) {
    const flow = flows[node.defaultFlow];
    if (!node.outgoing.includes(node.defaultFlow)) {
      problems.error(ProblemCode.DefaultFlowInvalid, subject, `the default flow ${node.defaultFlow} of ${display(node)} is not one of its outgoing flows: pick one of ${node.outgoing.join(', ') || '(none)'}`);
    } else if (flow?.condition !== undefined) {
      problems.error(ProblemCode.DefaultFlowInvalid, { id: flow.id, type: 'bpmn:SequenceFlow' }, `${flow.id} is the default flow of ${display(node)} and has a condition: a default flow is taken when no other condition holds, remove its condition`);
    }
  }

  if (node.kind === NodeKind.ParallelGateway || node.kind === NodeKind.EventBasedGateway || EVENTS.includes(node.kind)) {
    const what = node.kind === NodeKind.ParallelGateway ? 'a parallel gateway (every outgoing flow is taken)' : node.kind === NodeKind.EventBasedGateway ? 'an event-based gateway (the first event decides)' : 'an event';
    for (const flowId of node.outgoing) {
      const flow = flows[flowId];
      if (flow?.condition === undefined) continue;
      problems.warning(ProblemCode.ConditionIgnored, { id: flow.id, type: 'bpmn:SequenceFlow' }, `the condition of ${flow.id} is ignored: it leaves ${what} ${display(node)}; use an exclusive or inclusive gateway to choose`);
      delete flow.condition;
    }
  }

  if (node.kind === NodeKind.EventBasedGateway) {
    for (const flowId of node.outgoing) {
      const target = nodes[flows[flowId]?.target ?? ''];
      if (target === undefined) continue;
      if (target.kind !== NodeKind.IntermediateCatchEvent && target.kind !== NodeKind.ReceiveTask) {
        problems.error(
          ProblemCode.EventGatewayTargetInvalid,
          subject,
          `event-based gateway ${display(node)} leads to ${display(target)} (${target.bpmnType}): it may only lead to intermediate catch events (message, timer, signal, conditional) or receive tasks`,
        );
      }
    }
  }
}

function checkScope(scope: ScopeDraft, nodes: Readonly<Record<ElementId, NodeDraft>>, problems: ProblemCollector): void {
  const owner = nodes[scope.id];
  const subject = { id: scope.id, type: owner?.bpmnType ?? 'bpmn:Process' };
  const name = owner ? display(owner) : scope.id;
  const starts = scope.noneStarts.length + scope.eventStarts.length;
  switch (scope.kind) {
    case 'process':
      if (scope.nodes.length > 0 && starts === 0) {
        problems.error(ProblemCode.NoStart, subject, `process ${scope.id} has flow nodes but no start event: add a start event before the first step`);
      }
      break;
    case 'subProcess':
      if (scope.nodes.length > 0 && starts === 0) {
        problems.error(ProblemCode.NoStart, subject, `sub-process ${name} has flow nodes but no start event: add a (none) start event before its first step`);
      }
      if (scope.noneStarts.length > 1) {
        problems.error(ProblemCode.MultipleNoneStarts, subject, `sub-process ${name} has ${scope.noneStarts.length} none start events (${scope.noneStarts.join(', ')}): keep exactly one, so it is clear where it begins`);
      }
      break;
    case 'eventSubProcess': {
      if (starts !== 1) {
        problems.error(ProblemCode.EventSubProcessInvalid, subject, `event sub-process ${name} has ${starts} start events: it needs exactly one start event with a trigger (message, timer, signal, conditional, error or escalation)`);
      }
      for (const startId of scope.noneStarts) {
        problems.error(ProblemCode.EventSubProcessInvalid, subject, `the start event ${startId} of event sub-process ${name} has no trigger: give it a message, timer, signal, conditional, error or escalation definition`);
      }
      for (const startId of scope.eventStarts) {
        const start = nodes[startId];
        if (start?.event?.type === 'error' && start.isInterrupting === false) {
          problems.error(ProblemCode.EventSubProcessInvalid, subject, `the error start event ${startId} of event sub-process ${name} is non-interrupting: an error always interrupts, make it interrupting`);
        }
      }
      break;
    }
  }
}
