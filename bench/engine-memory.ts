/** engine.memory: the pure core moving dossiers from start to end in memory (no store). */
import { compileOrThrow } from '../engine/bpmn/compile/index.ts';
import { step } from '../engine/bpmn/execution/step.ts';
import type { InstanceState } from '../engine/bpmn/execution/state.ts';
import { calendarDays } from '../engine/bpmn/timers/index.ts';
import { DOSSIER_PROCESS, approvedFor, motcuaDossierXml } from './dossier.ts';

export async function motcuaInMemory(instances: number): Promise<number> {
  const process = (await compileOrThrow(motcuaDossierXml)).processes[DOSSIER_PROCESS];
  const options = { calendar: calendarDays() };
  const now = Date.parse('2026-10-05T08:00:00+07:00');
  const started = performance.now();
  for (let i = 0; i < instances; i++) {
    let state: InstanceState = step(process, undefined, { type: 'StartInstance', instanceId: `d${i}`, variables: { approved: approvedFor(i) } }, now, options).state;
    for (let taskId = firstTask(state); taskId; taskId = firstTask(state)) {
      state = step(process, state, { type: 'CompleteTask', taskId }, now, options).state;
    }
    if (state.status !== 'COMPLETED') throw new Error(`dossier d${i} did not complete`);
  }
  return instances / ((performance.now() - started) / 1000);
}

function firstTask(state: InstanceState): string | undefined {
  for (const id in state.tasks) return id;
  return undefined;
}
