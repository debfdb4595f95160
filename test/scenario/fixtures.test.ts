/**
 * Every scenario shipped with the BPMN fixtures and the real procedures must pass: one mocha test
 * per `*.scenario.yaml|yml|json` under test/bpmn/fixtures/ and processes/, run on the real engine.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultScenarioExtensions } from '../../engine/cli/scenario-extensions.ts';
import { SCENARIO_FILE } from '../../engine/scenario/find-scenario-files.ts';
import { parseScenario } from '../../engine/scenario/load-scenario.ts';
import { formatResult } from '../../engine/scenario/report.ts';
import { runScenarioFiles } from '../../engine/scenario/run-scenario-files.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FOLDERS = ['test/bpmn/fixtures', 'processes'];

// mocha registers tests synchronously, hence a synchronous walk here
function scenarioFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : scenarioFiles(path);
      return SCENARIO_FILE.test(entry.name) ? [path] : [];
    });
}

function titleOf(file: string): string {
  const where = relative(ROOT, file);
  try {
    return `${parseScenario(readFileSync(file, 'utf8'), file, { extensions: defaultScenarioExtensions() }).name} (${where})`;
  } catch {
    // the test itself reports why the file is unusable
    return where;
  }
}

describe('scenarios of test/bpmn/fixtures and processes', () => {
  const files = FOLDERS.flatMap((folder) => scenarioFiles(join(ROOT, folder)));
  if (files.length === 0) it.skip('no scenario files yet');

  for (const file of files) {
    it(titleOf(file), async () => {
      // given
      const extensions = defaultScenarioExtensions();
      // when
      const [result] = await runScenarioFiles([file], { extensions });
      // then
      expect(result.ok, formatResult(result, ROOT).join('\n')).to.equal(true);
    });
  }
});
