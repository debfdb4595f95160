/** Which behaviour runs an element, by kind: adding an element family is adding a file and a line here. */
import { NodeKind, type FlowNode } from '../../model.ts';
import type { Arrival, StepContext } from '../context.ts';
import { enterCallActivity } from './call-activity.ts';
import { enterBoundaryEvent, enterCatchEvent, enterEndEvent, enterStartEvent, enterThrowEvent } from './events.ts';
import { enterEventBasedGateway, enterExclusiveGateway, enterInclusiveGateway, enterParallelGateway } from './gateways.ts';
import { enterEventSubProcess, enterSubProcess } from './subprocesses.ts';
import { enterExternalTask, enterPassThroughTask, enterReceiveTask, enterScriptTask, enterUserTask } from './tasks.ts';

export interface Behavior {
  enter(ctx: StepContext, node: FlowNode, arrival: Arrival): void;
}

const behaviors: Readonly<Record<NodeKind, Behavior>> = {
  [NodeKind.StartEvent]: { enter: enterStartEvent },
  [NodeKind.EndEvent]: { enter: enterEndEvent },
  [NodeKind.IntermediateCatchEvent]: { enter: enterCatchEvent },
  [NodeKind.IntermediateThrowEvent]: { enter: enterThrowEvent },
  [NodeKind.BoundaryEvent]: { enter: enterBoundaryEvent },
  [NodeKind.Task]: { enter: enterPassThroughTask },
  [NodeKind.ManualTask]: { enter: enterPassThroughTask },
  [NodeKind.UserTask]: { enter: enterUserTask },
  [NodeKind.ExternalTask]: { enter: enterExternalTask },
  [NodeKind.ReceiveTask]: { enter: enterReceiveTask },
  [NodeKind.ScriptTask]: { enter: enterScriptTask },
  [NodeKind.ExclusiveGateway]: { enter: enterExclusiveGateway },
  [NodeKind.ParallelGateway]: { enter: enterParallelGateway },
  [NodeKind.InclusiveGateway]: { enter: enterInclusiveGateway },
  [NodeKind.EventBasedGateway]: { enter: enterEventBasedGateway },
  [NodeKind.SubProcess]: { enter: enterSubProcess },
  [NodeKind.EventSubProcess]: { enter: enterEventSubProcess },
  [NodeKind.CallActivity]: { enter: enterCallActivity },
};

export function behaviorOf(node: FlowNode): Behavior {
  return behaviors[node.kind];
}
