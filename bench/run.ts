/**
 * `npm run bench [-- names…]`: every figure of DESIGN.md "Budgets", measured side by side in one
 * process run and printed as `BENCH <name> <value> … vs <peer> <ratio>x`. Figures, not assertions:
 * the machines are shared and noisy, so nothing here fails a build.
 */
import { motcuaInMemory } from './engine-memory.ts';
import { bpmnEngineInMemory } from './peers/bpmn-engine.ts';

const selected = new Set(process.argv.slice(2));
const wanted = (name: string) => selected.size === 0 || selected.has(name);
const fmt = (n: number) => (n >= 100 ? Math.round(n).toString() : n.toFixed(2));

let peerRate: number | undefined;
async function peer(): Promise<number> {
  if (peerRate === undefined) {
    await bpmnEngineInMemory(50);
    peerRate = await bpmnEngineInMemory(Number(process.env.BENCH_PEER_INSTANCES ?? 500));
    console.log(`# bpmn-engine in memory: ${fmt(peerRate)} instances/s`);
  }
  return peerRate;
}

if (wanted('engine')) {
  await motcuaInMemory(2_000);
  const rate = await motcuaInMemory(Number(process.env.BENCH_INSTANCES ?? 50_000));
  console.log(`BENCH engine.memory ${fmt(rate)} instances/s vs bpmn-engine ${fmt(rate / (await peer()))}x`);
}
