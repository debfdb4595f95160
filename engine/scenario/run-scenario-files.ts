import { findScenarioFiles } from './find-scenario-files.ts';
import { loadScenario } from './load-scenario.ts';
import { runScenario, type RunScenarioOptions } from './run-scenario.ts';
import type { ScenarioResult } from './scenario.ts';
import { ScenarioInputError } from './scenario-input-error.ts';

export interface RunScenarioFilesOptions extends RunScenarioOptions {
  /** called as each scenario finishes, in order, so a caller can print while the rest runs */
  readonly onResult?: (result: ScenarioResult) => void;
  /** called as each scenario file starts: its place among `total` files (from 1) */
  readonly onStart?: (file: string, position: number, total: number) => void;
}

/**
 * Runs every scenario found under `paths` (files, or folders searched recursively for
 * `*.scenario.yaml|yml|json`), one after the other, each on its own fresh engine. A path that
 * does not exist and a file that cannot be used come back as results with `problems`.
 */
export async function runScenarioFiles(paths: readonly string[], options: RunScenarioFilesOptions = {}): Promise<ScenarioResult[]> {
  const { files, missing } = await findScenarioFiles(paths);
  const results: ScenarioResult[] = [];
  const report = (result: ScenarioResult): void => {
    results.push(result);
    options.onResult?.(result);
  };
  for (const path of missing) report({ name: path, file: path, ok: false, problems: ['no such file or folder'] });
  for (const [index, file] of files.entries()) {
    options.onStart?.(file, index + 1, files.length);
    report(await runFile(file, options));
  }
  for (const extension of options.extensions ?? []) {
    for (const unusable of extension.unusableInput?.() ?? []) report({ name: unusable.file, file: unusable.file, ok: false, problems: unusable.problems });
  }
  return results;
}

async function runFile(file: string, options: RunScenarioOptions): Promise<ScenarioResult> {
  let scenario;
  try {
    scenario = await loadScenario(file, options);
  } catch (error) {
    if (error instanceof ScenarioInputError) return { name: file, file, ok: false, problems: error.problems };
    throw error;
  }
  try {
    return await runScenario(scenario, options);
  } catch (error) {
    if (error instanceof ScenarioInputError) return { name: scenario.name, file, ok: false, problems: error.problems };
    // the engine could not be set up or closed: the scenario did not run, but others still may
    const text = error instanceof Error ? error.message : String(error);
    return {
      name: scenario.name,
      file,
      ok: false,
      failure: { step: 'start', expectation: 'start', expected: 'a running engine', found: text, message: `engine error: ${text}` },
    };
  }
}
