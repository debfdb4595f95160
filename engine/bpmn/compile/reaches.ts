/**
 * The precomputed "can still reach" relation for inclusive joins (see ScopeModel.reaches).
 *
 * An inclusive gateway joins when no token that could still arrive is left in its scope. A token
 * at node N could still arrive at gateway G when some path of sequence flows leads from N to G
 * without passing through G (a path through G would be a later round). A token resting on an
 * activity can also leave through its boundary events, so activity → boundary event counts as an
 * edge. Computed once per scope by a backward walk from each inclusive gateway.
 */
import { NodeKind, type ElementId, type FlowId, type FlowNode, type SequenceFlow } from '../model.ts';

export function computeReaches(
  scopeNodes: readonly ElementId[],
  nodes: Readonly<Record<ElementId, Pick<FlowNode, 'kind' | 'incoming' | 'attachedTo' | 'scope'>>>,
  flows: Readonly<Record<FlowId, Pick<SequenceFlow, 'source' | 'target'>>>,
): Record<ElementId, ElementId[]> {
  const inScope = new Set(scopeNodes);
  const predecessors = new Map<ElementId, ElementId[]>();
  const addEdge = (from: ElementId, to: ElementId) => {
    if (!inScope.has(from) || !inScope.has(to)) return;
    const list = predecessors.get(to);
    if (list === undefined) predecessors.set(to, [from]);
    else if (!list.includes(from)) list.push(from);
  };
  for (const id of scopeNodes) {
    const node = nodes[id];
    if (node === undefined) continue;
    for (const flowId of node.incoming) {
      const flow = flows[flowId];
      if (flow !== undefined) addEdge(flow.source, id);
    }
    if (node.kind === NodeKind.BoundaryEvent && node.attachedTo !== undefined) addEdge(node.attachedTo, id);
  }

  const reaches: Record<ElementId, ElementId[]> = {};
  for (const id of scopeNodes) reaches[id] = [];
  for (const gateway of scopeNodes) {
    if (nodes[gateway]?.kind !== NodeKind.InclusiveGateway) continue;
    const seen = new Set<ElementId>();
    const queue = [...(predecessors.get(gateway) ?? [])];
    while (queue.length > 0) {
      const current = queue.shift()!;
      if (seen.has(current)) continue;
      seen.add(current);
      reaches[current]!.push(gateway);
      // a path may end at the gateway (a loop back to it) but never pass through it
      if (current === gateway) continue;
      for (const previous of predecessors.get(current) ?? []) if (!seen.has(previous)) queue.push(previous);
    }
  }
  return reaches;
}
