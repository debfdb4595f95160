import { expect } from 'chai';
import { copyFile, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultScenarioExtensions } from '../../../engine/cli/scenario-extensions.ts';
import { DossierScenarioExtension } from '../../../engine/procedure/scenario/DossierScenarioExtension.ts';
import { parseScenario } from '../../../engine/scenario/load-scenario.ts';
import { runScenario } from '../../../engine/scenario/run-scenario.ts';
import { runScenarioFiles } from '../../../engine/scenario/run-scenario-files.ts';
import { ScenarioInputError } from '../../../engine/scenario/scenario-input-error.ts';
import { fixtureRecords, SCENARIOS } from '../support/sample-dossier.ts';

/** Run scenario text as if it were a file in `folder`. */
async function run(folder: string, lines: string[], extension = new DossierScenarioExtension()) {
  const scenario = parseScenario(lines.join('\n'), join(folder, 'inline.scenario.yaml'), { extensions: [extension] });
  return runScenario(scenario, { extensions: [extension] });
}

describe('engine/procedure/scenario/DossierScenarioExtension', () => {
  it('is registered for `motcua test`, and the scenarios of test/procedure/scenarios pass', async () => {
    // given the CLI's extensions
    const extensions = defaultScenarioExtensions();
    // when the procedure scenarios run
    const results = await runScenarioFiles([SCENARIOS], { extensions });
    // then all of them pass
    expect(extensions.map((extension) => extension.name)).to.include('procedure');
    expect(results.map((result) => [result.name, result.ok, result.failure?.message ?? result.problems?.join('; ')]).filter(([, ok]) => !ok)).to.deep.equal([]);
    expect(results).to.have.length(4);
  });

  it('reports a wrong dossier expectation as a step failure with expected and found', async () => {
    // given a scenario expecting the wrong due date after acceptance
    const lines = [
      'name: wrong due',
      'bpmn: ./ho-so.bpmn',
      'calendar: vn',
      'start:',
      '  at: "2026-10-05T09:00:00+07:00"',
      '  dossier: { procedure: "2.000488", agency: "000.00.53.H48", catalog: ./procedure.json }',
      'steps:',
      '  - complete: Task_KiemTra',
      '    variables: { hopLe: true }',
      '  - expect: { dossier: { status: DANG_XU_LY, dueAt: "2026-10-16T17:00:00+07:00" } }',
    ];
    // when it runs
    const result = await run(SCENARIOS, lines);
    // then the failure says what was found
    expect(result.ok).to.equal(false);
    expect(result.failure).to.deep.include({ step: 1, expectation: 'expect.dossier.dueAt', expected: '2026-10-16T17:00:00+07:00', found: '2026-10-19T17:00:00+07:00' });
  });

  it('fails at start naming start.dossier.procedure for an unknown procedure, and rejects unknown keys', async () => {
    // given a scenario with an unknown procedure code, and one with a misspelt key
    const unknown = ['name: unknown', 'bpmn: ./ho-so.bpmn', 'start:', '  at: "2026-10-05T09:00:00+07:00"', '  dossier: { procedure: "1.999999", agency: "A1", catalog: ./procedure.json }'];
    const misspelt = ['name: typo', 'bpmn: ./ho-so.bpmn', 'start:', '  at: "2026-10-05T09:00:00+07:00"', '  dossier: { procedure: "2.000488", agncy: "A1" }'];
    // when they run / load
    const result = await run(SCENARIOS, unknown);
    let problems: readonly string[] = [];
    try {
      parseScenario(misspelt.join('\n'), join(SCENARIOS, 'typo.scenario.yaml'), { extensions: [new DossierScenarioExtension()] });
    } catch (error) {
      problems = (error as ScenarioInputError).problems;
    }
    // then the start fails naming the key, and the typo is unusable input
    expect(result.failure).to.deep.include({ step: 'start', found: 'NOT_FOUND' });
    expect(result.failure?.message).to.match(/^NOT_FOUND field=start\.dossier\.procedure: unknown procedure "1\.999999"/);
    expect(problems).to.have.members(['start.dossier.agency: required', 'start.dossier.agncy: unknown key']);
  });

  it('leaves scenarios without a dossier alone: expect.dossier there says it runs none', async () => {
    // given a plain BPMN scenario with the extension plugged in
    const lines = ['name: plain', 'bpmn: ./ho-so.bpmn', 'start:', '  at: "2026-10-05T09:00:00+07:00"', 'steps:', '  - expect: { active: [Task_KiemTra] }', '  - expect: { dossier: { status: MOI_DANG_KY } }'];
    // when it runs
    const result = await run(SCENARIOS, lines);
    // then it starts as a plain instance, and the dossier expectation fails clearly
    expect(result.failure).to.deep.include({ step: 1, message: 'this scenario runs no dossier' });
  });

  describe('catalog discovery', () => {
    let folder: string;
    beforeEach(async () => {
      folder = await mkdtemp(join(tmpdir(), 'motcua-scenario-'));
    });
    afterEach(async () => rm(folder, { recursive: true, force: true }));

    it("takes a procedure from the scenario's own folder before the shared processes/ catalog", async () => {
      // given processes/ holding 1.001612 with 3 working days, and the scenario's folder a local one with 10
      const shared = join(folder, 'processes', 'ho-kinh-doanh');
      const local = join(folder, 'scenario');
      await mkdir(shared, { recursive: true });
      await mkdir(local);
      const record = { ...fixtureRecords()[0], process: { key: 'Process_HoSo' } };
      await writeFile(join(shared, 'procedure.json'), JSON.stringify(record));
      await writeFile(join(local, 'procedure.json'), JSON.stringify({ ...record, ways: [{ channel: 1, deadline: { value: 10, unit: 'WORKING_DAYS' } }] }));
      await copyFile(join(SCENARIOS, 'ho-so.bpmn'), join(local, 'ho-so.bpmn'));
      const lines = [
        'name: local record',
        'bpmn: ./ho-so.bpmn',
        'calendar: vn',
        'start:',
        '  at: "2026-10-05T09:00:00+07:00"',
        '  dossier: { procedure: "1.001612", agency: "000.00.53.H48" }',
        'steps:',
        '  - complete: Task_KiemTra',
        '    variables: { hopLe: true }',
        '  - expect: { dossier: { dueAt: "2026-10-19T17:00:00+07:00" } }',
      ];
      // when the scenario runs with processes/ as the shared catalog
      const result = await run(local, lines, new DossierScenarioExtension({ catalogRoots: [join(folder, 'processes')] }));
      // then the local 10-day record was used
      expect(result, JSON.stringify(result.failure)).to.deep.include({ ok: true });
    });
  });
});
