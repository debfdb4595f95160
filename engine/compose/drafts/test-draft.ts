/**
 * Run a draft's scenarios on the server with the real scenario runner, exactly as `motcua test`
 * runs a procedure folder: the draft's files are written to a fresh temporary folder (the
 * diagram, `procedure.json`, the forms and one `<name>.scenario.yaml` per scenario), the
 * dossier extension reads the draft's record first and the shared procedures folder after it,
 * each scenario runs on its own in-memory engine, and the folder is removed afterwards.
 *
 * The diagram is written under its `diagramName` and under every plain file name a scenario's
 * `bpmn:` names (scenarios copied from processes/ name the original file).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import type { ElementId } from '../../bpmn/model.ts';
import { DossierScenarioExtension } from '../../procedure/scenario/DossierScenarioExtension.ts';
import { formatResult } from '../../scenario/report.ts';
import { runScenarioFiles } from '../../scenario/run-scenario-files.ts';
import type { ScenarioResult } from '../../scenario/scenario.ts';
import type { DraftContent } from './DraftStore.ts';

export interface DraftScenarioReport {
  readonly name: string;
  readonly ok: boolean;
  /** why it failed (the failing step, or the unusable input), one line each, as `motcua test` prints them */
  readonly failures: readonly string[];
  readonly warnings: readonly string[];
  /** the elements the dossier's instance entered, in order */
  readonly path: readonly ElementId[];
  /** where it waits at the end, or at the failing step */
  readonly active: readonly ElementId[];
  /** the failing step's index (`start` when it failed to start) */
  readonly failedStep?: number | 'start';
}

export interface DraftTestReport {
  readonly passed: number;
  readonly failed: number;
  readonly scenarios: readonly DraftScenarioReport[];
  readonly durationMs: number;
}

const SAFE_NAME = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;

/** The diagram's file name: as the draft says, else `<process key>.bpmn`. */
export function diagramNameOf(draft: DraftContent): string {
  if (draft.diagramName && SAFE_NAME.test(draft.diagramName)) return draft.diagramName;
  const key = (draft.record as { process?: { key?: unknown } } | undefined)?.process?.key;
  return `${typeof key === 'string' && SAFE_NAME.test(key) ? key : 'procedure'}.bpmn`;
}

/** The plain file name a scenario's `bpmn:` names (`./x.bpmn` or `x.bpmn`); undefined otherwise. */
function bpmnNameOf(yaml: string): string | undefined {
  const bpmn = (parseDocument(yaml).toJS() as { bpmn?: unknown } | null)?.bpmn;
  if (typeof bpmn !== 'string') return undefined;
  const name = bpmn.replace(/^\.\//, '');
  return SAFE_NAME.test(name) && name.endsWith('.bpmn') ? name : undefined;
}

function reportOf(result: ScenarioResult, name: string): DraftScenarioReport {
  // the first line is the scenario's own (`ok`/`FAIL`/`ERROR`); the rest say why, with no temp path
  const lines = formatResult(result).slice(1).map((line) => line.trim()).filter((line) => !line.startsWith('in ') && !line.startsWith('warning: '));
  return {
    name,
    ok: result.ok,
    failures: result.ok ? [] : lines,
    warnings: result.warnings ?? [],
    path: result.trace?.entered ?? [],
    active: result.trace?.active ?? [],
    ...(result.failure ? { failedStep: result.failure.step } : {}),
  };
}

export async function testDraft(draft: DraftContent, options: { readonly processesDir: string }): Promise<DraftTestReport> {
  const started = Date.now();
  const folder = await mkdtemp(join(tmpdir(), 'motcua-draft-'));
  try {
    const diagramNames = new Set([diagramNameOf(draft)]);
    for (const scenario of draft.scenarios) {
      const name = bpmnNameOf(scenario.yaml);
      if (name) diagramNames.add(name);
    }
    for (const name of diagramNames) await writeFile(join(folder, name), draft.xml);
    await writeFile(join(folder, 'procedure.json'), JSON.stringify(draft.record ?? {}));
    for (const [file, schema] of Object.entries(draft.forms)) {
      if (SAFE_NAME.test(file)) await writeFile(join(folder, file), JSON.stringify(schema));
    }
    // numbered, so the runner takes them in the draft's order and two equal names cannot collide
    const files = new Map<string, string>();
    for (const [i, scenario] of draft.scenarios.entries()) {
      const file = join(folder, `${String(i).padStart(3, '0')}-${SAFE_NAME.test(scenario.name) ? scenario.name : 'scenario'}.scenario.yaml`);
      files.set(file, scenario.name);
      await writeFile(file, scenario.yaml);
    }
    const results = files.size === 0 ? [] : await runScenarioFiles([...files.keys()], { extensions: [new DossierScenarioExtension({ catalogRoots: [options.processesDir] })] });
    const scenarios = results.map((result) => reportOf(result, files.get(result.file) ?? basename(result.file)));
    const passed = scenarios.filter((scenario) => scenario.ok).length;
    return { passed, failed: scenarios.length - passed, scenarios, durationMs: Date.now() - started };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
