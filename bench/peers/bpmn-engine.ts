/**
 * The peer: bpmn-engine (paed01) running the same diagram in memory. Definitions are parsed once
 * (one moddle context shared by every run); each dossier is one Engine execution whose user
 * tasks are signalled as soon as they wait.
 */
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import { createModdle } from '../../engine/bpmn/compile/moddle.ts';
import { approvedFor, bpmnEngineDossierXml } from '../dossier.ts';

export async function bpmnEngineInMemory(instances: number): Promise<number> {
  const moddleContext = await createModdle().fromXML(bpmnEngineDossierXml);
  const started = performance.now();
  for (let i = 0; i < instances; i++) {
    const listener = new EventEmitter();
    listener.on('wait', (api: { signal: () => void }) => api.signal());
    const engine = new Engine({ name: `d${i}`, moddleContext: moddleContext as never });
    await new Promise<void>((resolve, reject) => {
      engine.once('end', () => resolve());
      engine.once('error', reject);
      void engine.execute({ listener, variables: { approved: approvedFor(i) } });
    });
  }
  return instances / ((performance.now() - started) / 1000);
}
