/**
 * A long chain is not a loop: a step may enter any number of elements once each, but the same
 * element entered MAX_VISITS_PER_STEP times in one scope without a wait state is a loop. The
 * models are built directly (plain JSON, as compile produces), so the chain can be longer than
 * the limit without parsing a huge file.
 */
import { expect } from 'chai';
import type { StepResult } from '../../../engine/bpmn/execution/results.ts';
import { MAX_VISITS_PER_STEP, step } from '../../../engine/bpmn/execution/step.ts';
import type { FlowNode, ProcessModel, SequenceFlow } from '../../../engine/bpmn/model.ts';
import { calendarDays } from '../../../engine/bpmn/timers/index.ts';
import { ErrorCode, MotcuaError } from '../../../engine/errors.ts';

function node(id: string, kind: FlowNode['kind'], bpmnType: string, incoming: string[], outgoing: string[], extra: Partial<FlowNode> = {}): FlowNode {
  return { id, kind, bpmnType, scope: 'Process_1', incoming, outgoing, boundaryEvents: [], asyncBefore: false, asyncAfter: false, inputs: [], outputs: [], ...extra };
}

function model(nodes: FlowNode[], flows: SequenceFlow[]): ProcessModel {
  return {
    id: 'Process_1',
    isExecutable: true,
    nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
    flows: Object.fromEntries(flows.map((f) => [f.id, f])),
    scopes: { Process_1: { id: 'Process_1', noneStarts: ['StartEvent_1'], eventStarts: [], eventSubProcesses: [], nodes: nodes.map((n) => n.id), reaches: {} } },
  };
}

function start(process: ProcessModel): StepResult {
  return step(process, undefined, { type: 'StartInstance', instanceId: 'pi' }, Date.parse('2025-03-03T01:00:00Z'), { calendar: calendarDays() });
}

describe('engine/bpmn/execution - a long chain is not a loop', () => {
  it(`runs a chain of ${MAX_VISITS_PER_STEP * 2} pass-through tasks to the user task after it in one step`, () => {
    // given start → Activity_0 → … → Activity_n → Activity_Review (a user task)
    const length = MAX_VISITS_PER_STEP * 2;
    const nodes: FlowNode[] = [node('StartEvent_1', 'startEvent', 'bpmn:StartEvent', [], ['Flow_0'])];
    const flows: SequenceFlow[] = [];
    let previous = 'StartEvent_1';
    for (let i = 0; i <= length; i++) {
      const target = i === length ? 'Activity_Review' : `Activity_${i}`;
      flows.push({ id: `Flow_${i}`, source: previous, target });
      if (i < length) nodes.push(node(target, 'task', 'bpmn:Task', [`Flow_${i}`], [`Flow_${i + 1}`]));
      previous = target;
    }
    nodes.push(node('Activity_Review', 'userTask', 'bpmn:UserTask', [`Flow_${length}`], [], { userTask: {} }));
    // when it starts
    const result = start(model(nodes, flows));
    // then every task was passed once and the instance waits at the review
    expect(Object.values(result.state.tokens).map((t) => t.elementId)).to.deep.equal(['Activity_Review']);
    expect(result.events.filter((e) => e.type === 'ElementCompleted')).to.have.length(length + 1);
  });

  it('refuses a gateway loop that never waits, naming the element it keeps entering', () => {
    // given start → Activity_Count → Gateway_Again → (always) back to Activity_Count
    const nodes = [
      node('StartEvent_1', 'startEvent', 'bpmn:StartEvent', [], ['Flow_1']),
      node('Activity_Count', 'task', 'bpmn:Task', ['Flow_1', 'Flow_Again'], ['Flow_2']),
      node('Gateway_Again', 'exclusiveGateway', 'bpmn:ExclusiveGateway', ['Flow_2'], ['Flow_Again']),
    ];
    const flows: SequenceFlow[] = [
      { id: 'Flow_1', source: 'StartEvent_1', target: 'Activity_Count' },
      { id: 'Flow_2', source: 'Activity_Count', target: 'Gateway_Again' },
      { id: 'Flow_Again', source: 'Gateway_Again', target: 'Activity_Count' },
    ];
    // when it starts
    const attempt = () => start(model(nodes, flows));
    // then the step is refused as a loop, naming the element
    expect(attempt).to.throw(MotcuaError, new RegExp(`loops without reaching a wait state: (Activity_Count|Gateway_Again) was entered ${MAX_VISITS_PER_STEP} times in one step`));
    try {
      attempt();
    } catch (error) {
      expect(error).to.include({ code: ErrorCode.InvalidInput });
    }
  });
});
