/**
 * The replay test over every fixture: each scenario runs twice on a SQLite file — once on one
 * engine, once with the engine closed and a new one opened on the same file before every call
 * (so the state is serialised to the store after every command and restored from it). Both runs
 * must pass and leave identical histories and final states.
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstanceState } from '../../engine/bpmn/execution/state.ts';
import type { EngineApi, InstanceView, RecordedEvent } from '../../engine/runtime/api.ts';
import { createEngine, type CreateEngineOptions } from '../../engine/runtime/create-engine.ts';
import { loadScenario, runScenario } from '../../engine/scenario/index.ts';

const fixtures = fileURLToPath(new URL('../bpmn/fixtures/', import.meta.url));

interface Run {
  readonly ok: boolean;
  readonly failure?: unknown;
  readonly histories: string[];
  readonly states: string[];
}

/** An engine that is closed and re-opened on its file before every call. */
function restartingEngine(file: string, options: CreateEngineOptions): Promise<EngineApi> {
  let current: Promise<EngineApi> = createEngine({ ...options, store: `sqlite:${file}` });
  const fresh = async () => {
    await (await current).close();
    current = createEngine({ ...options, store: `sqlite:${file}` });
    return current;
  };
  return Promise.resolve(
    new Proxy({} as EngineApi, {
      // not a thenable: awaiting the proxy must not restart anything
      get: (_target, name: keyof EngineApi | 'then') => name === 'then' ? undefined : async (...args: unknown[]) => {
        const engine = name === 'close' ? await current : await fresh();
        return (engine[name] as (...a: unknown[]) => unknown).apply(engine, args);
      },
    }),
  );
}

/** Instance ids are random: name instances by their order of appearance so two runs compare. */
function normalise(text: string, ids: readonly string[]): string {
  return ids.reduce((out, id, i) => out.split(id).join(`#${i}`), text);
}

async function run(scenarioFile: string, restart: boolean): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-replay-'));
  const file = join(dir, 'replay.db');
  try {
    const scenario = await loadScenario(scenarioFile);
    const seen: InstanceView[] = [];
    let engineRef: EngineApi | undefined;
    const result = await runScenario(scenario, {
      createEngine: async (options) => {
        const engine = restart ? await restartingEngine(file, options) : await createEngine({ ...options, store: `sqlite:${file}` });
        engineRef = new Proxy(engine, {
          get: (target, name: keyof EngineApi) => {
            if (name !== 'close') return target[name];
            return async () => {
              const stored = await createEngine({ store: `sqlite:${file}` });
              const roots = await Promise.all((await (stored as unknown as { store: { listInstances: (q: object) => Promise<{ id: string }[]> } }).store.listInstances({ limit: 1000 })).map((i) => stored.getInstance(i.id)));
              seen.push(...roots.filter((v): v is InstanceView => v !== undefined).sort((a, b) => a.state.startedAt.localeCompare(b.state.startedAt) || a.key.localeCompare(b.key)));
              await stored.close();
              await target.close();
            };
          },
        });
        return engineRef;
      },
    });
    const engine = await createEngine({ store: `sqlite:${file}` });
    const ids = seen.map((v) => v.id);
    const histories: string[] = [];
    const states: string[] = [];
    for (const view of seen) {
      const history: RecordedEvent[] = await engine.history(view.id);
      histories.push(normalise(JSON.stringify(history.map(({ hash: _h, prevHash: _p, ...event }) => event)), ids));
      states.push(normalise(JSON.stringify(view.state satisfies InstanceState), ids));
    }
    await engine.close();
    return { ok: result.ok, failure: result.failure ?? result.problems, histories, states };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('engine/bpmn/execution - replay over every fixture (stored and restored after every command)', function () {
  this.timeout(60_000);
  const scenarios = readdirSync(fixtures).filter((name) => name.endsWith('.scenario.yaml')).sort();

  it('has fixtures to replay', () => {
    expect(scenarios.length).to.be.greaterThan(20);
  });

  for (const name of scenarios) {
    it(name, async () => {
      // given the scenario run on one engine
      const straight = await run(join(fixtures, name), false);
      // when it runs again with the engine restarted from the store before every call
      const restarted = await run(join(fixtures, name), true);
      // then both pass and leave the same history and the same state
      expect(straight.ok, JSON.stringify(straight.failure)).to.equal(true);
      expect(restarted.ok, JSON.stringify(restarted.failure)).to.equal(true);
      expect(straight.histories).to.not.be.empty;
      expect(straight.histories.every((h) => h.includes('InstanceStarted'))).to.equal(true);
      expect(restarted.histories).to.deep.equal(straight.histories);
      expect(restarted.states).to.deep.equal(straight.states);
    });
  }
});
