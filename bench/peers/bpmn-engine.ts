/**
 * The peer: bpmn-engine (paed01) running the same diagram in memory, in its cheapest documented
 * set-up. Its API reference offers `source` (parsed and serialized per Engine), `moddleContext`
 * (serialized per Engine) and `sourceContext`, "serialized context supplied by
 * moddle-context-serializer": the diagram is parsed by bpmn-moddle and serialized once here, and
 * every Engine gets that one context, so a dossier costs only its own execution. Each dossier is
 * one Engine execution whose user tasks are signalled as soon as they wait.
 */
import { EventEmitter } from 'node:events';
import * as Elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
// @ts-ignore -- bpmn-moddle types only its element types (bpmn-moddle/types), not its entry point
import { BpmnModdle } from 'bpmn-moddle';
import serialize, { TypeResolver, type SerializableContext } from 'moddle-context-serializer';
import { approvedFor, bpmnEngineDossierXml } from '../dossier.ts';

/** What the peer does, for the bench's `#` lines. */
export const BPMN_ENGINE_SETUP = 'bpmn-engine: diagram parsed and serialized once (sourceContext), one Engine per dossier, user tasks signalled on wait';

let sourceContext: Promise<SerializableContext> | undefined;

/** The diagram as bpmn-engine's `sourceContext`: parsed and serialized once per process. */
function dossierContext(): Promise<SerializableContext> {
  sourceContext ??= (async () => {
    const moddleContext = await new BpmnModdle().fromXML(bpmnEngineDossierXml);
    return serialize(moddleContext, TypeResolver(Elements));
  })();
  return sourceContext;
}

export async function bpmnEngineInMemory(instances: number): Promise<number> {
  const context = await dossierContext();
  const started = performance.now();
  for (let i = 0; i < instances; i++) {
    const listener = new EventEmitter();
    listener.on('wait', (api: { signal: () => void }) => api.signal());
    const engine = new Engine({ name: `d${i}`, sourceContext: context });
    await new Promise<void>((resolve, reject) => {
      engine.once('end', () => resolve());
      engine.once('error', reject);
      void engine.execute({ listener, variables: { approved: approvedFor(i) } });
    });
  }
  return instances / ((performance.now() - started) / 1000);
}
