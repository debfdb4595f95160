import { expect } from 'chai';
import { compileOrThrow } from '../../../engine/bpmn/compile/index.ts';
import { computeReaches } from '../../../engine/bpmn/compile/reaches.ts';
import type { FlowNode, SequenceFlow } from '../../../engine/bpmn/model.ts';
import { fixture, inlineDiagram } from './fixtures.ts';

type Node = { kind: FlowNode['kind']; incoming: string[]; attachedTo?: string; scope: string };

/** a tiny graph: `edges` as [source, target]; kinds by id (default task) */
function graph(edges: [string, string][], kinds: Record<string, FlowNode['kind']>) {
  const nodes: Record<string, Node> = {};
  const flows: Record<string, Pick<SequenceFlow, 'source' | 'target'>> = {};
  const node = (id: string) => (nodes[id] ??= { kind: kinds[id] ?? 'task', incoming: [], scope: 'Process_1' });
  edges.forEach(([source, target], i) => {
    node(source);
    node(target).incoming.push(`Flow_${i + 1}`);
    flows[`Flow_${i + 1}`] = { source, target };
  });
  return { ids: Object.keys(nodes), nodes, flows };
}

describe('engine/bpmn/compile - reaches (inclusive joins)', () => {
  it('lists, for every node, the inclusive gateways it can still reach (inclusive-fork-join.bpmn)', async () => {
    // given an inclusive fork (Gateway_1) to two opinions joined by Gateway_2, with a timer boundary
    // on Activity_3 leading to Activity_4 and on to the join
    // when the diagram is compiled
    const definitions = await compileOrThrow(fixture('inclusive-fork-join.bpmn'));

    // then the reaches map is precomputed for every node of the scope
    expect(definitions.processes.Process_1!.scopes.Process_1!.reaches).to.deep.equal({
      StartEvent_1: ['Gateway_1', 'Gateway_2'],
      Activity_1: ['Gateway_1', 'Gateway_2'],
      Gateway_1: ['Gateway_2'],
      Activity_2: ['Gateway_2'],
      Activity_3: ['Gateway_2'],
      Event_1: ['Gateway_2'],
      Activity_4: ['Gateway_2'],
      Gateway_2: [],
      Activity_5: [],
      Event_2: [],
    });
  });

  it('follows boundary events: a token resting on an activity may still leave through them', () => {
    // given A whose only way to the join J is its boundary event B
    const { ids, nodes, flows } = graph(
      [
        ['S', 'A'],
        ['A', 'E'],
        ['B', 'J'],
        ['J', 'End'],
      ],
      { J: 'inclusiveGateway', B: 'boundaryEvent' },
    );
    nodes.B!.attachedTo = 'A';

    // when reaches are computed
    const reaches = computeReaches(ids, nodes, flows);

    // then A (and S before it) reach J through B
    expect(reaches.A).to.deep.equal(['J']);
    expect(reaches.S).to.deep.equal(['J']);
    expect(reaches.E).to.deep.equal([]);
  });

  it('counts a gateway in a loop as reaching itself, without walking through it', () => {
    // given S → A → G (inclusive) → B → X (exclusive) → A (loop) | → End
    const { ids, nodes, flows } = graph(
      [
        ['S', 'A'],
        ['A', 'G'],
        ['G', 'B'],
        ['B', 'X'],
        ['X', 'A'],
        ['X', 'End'],
      ],
      { G: 'inclusiveGateway', X: 'exclusiveGateway' },
    );

    // when reaches are computed
    const reaches = computeReaches(ids, nodes, flows);

    // then every node of the loop reaches G, G included; the end does not
    for (const id of ['S', 'A', 'G', 'B', 'X']) expect(reaches[id], id).to.deep.equal(['G']);
    expect(reaches.End).to.deep.equal([]);
  });

  it('keeps reaches per scope: a sub-process gateway is not in the parent scope map', async () => {
    // given an inclusive join inside sub-process Activity_1 and none in the process
    const xml = inlineDiagram(`
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:subProcess id="Activity_1">
      <bpmn:startEvent id="StartEvent_2" />
      <bpmn:inclusiveGateway id="Gateway_1" />
      <bpmn:endEvent id="Event_2" />
      <bpmn:sequenceFlow id="Flow_3" sourceRef="StartEvent_2" targetRef="Gateway_1" />
      <bpmn:sequenceFlow id="Flow_4" sourceRef="Gateway_1" targetRef="Event_2" />
    </bpmn:subProcess>
    <bpmn:endEvent id="Event_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_1" targetRef="Event_1" />`);

    // when it is compiled
    const { scopes } = (await compileOrThrow(xml)).processes.Process_1!;

    // then only the sub-process scope knows its gateway
    expect(scopes.Process_1!.reaches).to.deep.equal({ StartEvent_1: [], Activity_1: [], Event_1: [] });
    expect(scopes.Activity_1!.reaches).to.deep.equal({ StartEvent_2: ['Gateway_1'], Gateway_1: [], Event_2: [] });
  });
});
