/**
 * Fills `incoming` / `outgoing` of every flow node from the sequence flows after an import.
 * BPMN makes those child elements optional and hand-written or generated diagrams (ours under
 * processes/ among them) leave them out; bpmnlint's rules read them, and would call every
 * element "not connected". It runs before the linter and outside the command stack (it states
 * what the file already says, so the diagram is not marked changed); exports then carry them as
 * Camunda Modeler writes them.
 */
import { is } from 'bpmn-js/lib/util/ModelUtil.js';
import type { Element } from 'bpmn-js/lib/model/Types.js';

interface Ref { get(name: string): Ref[] }
interface FlowObject { sourceRef?: Ref; targetRef?: Ref }
interface EventBus { on(event: string, priority: number, fn: () => void): void }
interface ElementRegistry { filter(fn: (element: Element) => boolean): Element[] }

function link(node: Ref | undefined, list: 'incoming' | 'outgoing', flow: FlowObject): void {
  if (!node) return;
  const refs = node.get(list);
  if (!refs.includes(flow as unknown as Ref)) refs.push(flow as unknown as Ref);
}

class FlowRefs {
  static $inject = ['eventBus', 'elementRegistry'];

  constructor(eventBus: EventBus, elementRegistry: ElementRegistry) {
    eventBus.on('import.done', 2000, () => {
      for (const element of elementRegistry.filter((e) => is(e, 'bpmn:SequenceFlow'))) {
        const flow = element.businessObject as FlowObject;
        link(flow.sourceRef, 'outgoing', flow);
        link(flow.targetRef, 'incoming', flow);
      }
    });
  }
}

export const flowRefsModule = { __init__: ['flowRefs'], flowRefs: ['type', FlowRefs] };
