import { expect } from 'chai';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultScenarioExtensions } from '../../../engine/cli/scenario-extensions.ts';
import { DossierScenarioExtension } from '../../../engine/procedure/scenario/DossierScenarioExtension.ts';
import { parseScenario } from '../../../engine/scenario/load-scenario.ts';
import { formatResult } from '../../../engine/scenario/report.ts';
import { runScenario } from '../../../engine/scenario/run-scenario.ts';
import { runScenarioFiles } from '../../../engine/scenario/run-scenario-files.ts';
import { ScenarioInputError } from '../../../engine/scenario/scenario-input-error.ts';
import { fixtureRecords, SCENARIOS } from '../support/sample-dossier.ts';
import { tempFolderPerTest } from '../support/temp-folder.ts';

/** Run scenario text as if it were a file in `folder`. */
async function run(folder: string, lines: string[], extension = new DossierScenarioExtension()) {
  const scenario = parseScenario(lines.join('\n'), join(folder, 'inline.scenario.yaml'), { extensions: [extension] });
  return runScenario(scenario, { extensions: [extension] });
}

/** Run scenario text of test/procedure/scenarios and require it to pass, showing the failure otherwise. */
async function expectToPass(lines: string[]): Promise<void> {
  const result = await run(SCENARIOS, lines);
  expect(result, JSON.stringify(result.failure)).to.deep.include({ ok: true });
}

/** The problems loading scenario text reports; fails the test when the text loads. */
function loadProblems(lines: string[]): readonly string[] {
  try {
    parseScenario(lines.join('\n'), join(SCENARIOS, 'inline.scenario.yaml'), { extensions: [new DossierScenarioExtension()] });
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.problems;
    throw error;
  }
  throw new Error('the scenario loaded');
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
    const problems = loadProblems(misspelt);
    // then the start fails naming the key, and the typo is unusable input
    expect(result.failure).to.deep.include({ step: 'start', found: 'NOT_FOUND' });
    expect(result.failure?.message).to.match(/^NOT_FOUND field=start\.dossier\.procedure: unknown procedure "1\.999999"/);
    expect(problems).to.have.members(['start.dossier.agency: required', 'start.dossier.agncy: unknown key']);
  });

  it('warns, without failing, when the step budgets along the main path exceed the legal time; motcua test prints it', async () => {
    // given a 3-working-day procedure on a diagram whose budgets add up to 9 working days
    const lines = [
      'name: budgets',
      'bpmn: ./ho-so.bpmn',
      'calendar: vn',
      'start:',
      '  at: "2026-10-05T09:00:00+07:00"',
      '  dossier: { procedure: "1.001612", agency: "000.00.53.H48", catalog: ../fixtures/procedures.json }',
      'steps:',
      '  - expect: { dossier: { status: MOI_DANG_KY } }',
    ];
    // when it runs
    const result = await run(SCENARIOS, lines);
    // then it passes, with one warning per channel naming the path, printed under its line
    const warning = 'procedure 1.001612 version 1: step budgets along Task_ThamDinh → Task_PheDuyet add up to 9 working days, more than the legal time 3 working days of channel';
    expect(result.ok).to.equal(true);
    expect(result.warnings).to.deep.equal([`${warning} 1`, `${warning} 2`]);
    expect(formatResult(result)).to.deep.equal(['ok  budgets', `    warning: ${warning} 1`, `    warning: ${warning} 2`]);
  });

  it('leaves scenarios without a dossier alone: expect.dossier there says it runs none', async () => {
    // given a plain BPMN scenario with the extension plugged in
    const lines = ['name: plain', 'bpmn: ./ho-so.bpmn', 'start:', '  at: "2026-10-05T09:00:00+07:00"', 'steps:', '  - expect: { active: [Task_KiemTra] }', '  - expect: { dossier: { status: MOI_DANG_KY } }'];
    // when it runs
    const result = await run(SCENARIOS, lines);
    // then it starts as a plain instance, and the dossier expectation fails clearly
    expect(result.failure).to.deep.include({ step: 1, message: 'this scenario runs no dossier' });
  });

  describe('the dossier step', () => {
    const accepted = [
      'name: extension',
      'bpmn: ./ho-so.bpmn',
      'calendar: vn',
      'start:',
      '  at: "2026-10-05T09:00:00+07:00"',
      '  dossier: { procedure: "2.000488", agency: "000.00.53.H48", catalog: ../fixtures/procedures.json }',
      'steps:',
      '  - complete: Task_KiemTra',
      '    variables: { hopLe: true }',
    ];

    it('extends the deadline through the service: dueAt moves by the days granted', async () => {
      // given an accepted dossier due Mon 19/10 17:00, whose procedure allows +5 working days
      const lines = [
        ...accepted,
        '  - dossier: { extendDeadline: { cause: "Xác minh nhiều nơi cư trú", value: 2, by: lanh_dao } }',
        '  - expect: { dossier: { status: DANG_XU_LY, dueAt: "2026-10-21T17:00:00+07:00" } }',
        '  - dossier: { extendDeadline: { cause: "Xác minh nhiều nơi cư trú" } }',
        '  - expect: { dossier: { dueAt: "2026-10-26T17:00:00+07:00" } }',
      ];
      // when it runs
      // then 2 days, then the 3 left, were granted
      await expectToPass(lines);
    });

    it('fails the step when the service refuses, naming the field (an extension beyond the maximum)', async () => {
      // given an accepted dossier whose procedure allows +5 working days
      const lines = [...accepted, '  - dossier: { extendDeadline: { cause: "Xác minh nhiều nơi cư trú", value: 6 } }'];
      // when 6 are asked
      const result = await run(SCENARIOS, lines);
      // then that step fails with the engine's reason
      expect(result.failure).to.deep.include({ step: 1, expectation: 'dossier', found: 'EXTENSION_OVER_MAX' });
      expect(result.failure?.message).to.match(/^EXTENSION_OVER_MAX field=value: extension "Xác minh nhiều nơi cư trú" of dossier .* is at most 5 WORKING_DAYS/);
    });

    it('withdraws and stops through the service: YEU_CAU_RUT, then DUNG_XU_LY with the process ended', async () => {
      // given an accepted dossier in a diagram without a withdrawal path
      const lines = [
        ...accepted,
        '  - dossier: { requestWithdrawal: { reason: "Không còn nhu cầu", by: cong_dan } }',
        '  - expect: { active: [Task_ThamDinh], dossier: { status: YEU_CAU_RUT } }',
        '  - dossier: { stop: { reason: "Theo yêu cầu rút hồ sơ" } }',
        '  - expect: { ended: true, dossier: { status: DUNG_XU_LY, result: EARLY } }',
      ];
      // when it runs
      // then every expectation held
      await expectToPass(lines);
    });

    it('rejects a step with two commands, a misspelt option, or another key beside it, naming the key path', () => {
      // given three faulty dossier steps, each in its own scenario
      const twoCommands = '  - dossier: { requestWithdrawal: {}, stop: { reason: "x" } }';
      const misspelt = '  - dossier: { extendDeadline: { cause: "x", days: 2 } }';
      const beside = ['  - dossier: { recordPayment: { online: true } }', '    variables: { paid: true }'];
      // when each is loaded
      // then each problem is named where it is
      expect(loadProblems([...accepted, twoCommands])).to.deep.equal([
        'steps[1].dossier: give exactly one of extendDeadline, requestWithdrawal, stop, recordPayment (found requestWithdrawal, stop); use one step per command',
      ]);
      expect(loadProblems([...accepted, misspelt])).to.deep.equal(['steps[1].dossier.extendDeadline.days: unknown key']);
      expect(loadProblems([...accepted, ...beside])).to.deep.equal(['steps[1].variables: unknown key for a dossier step']);
    });

    it('fails the step in a scenario that runs no dossier', async () => {
      // given a plain BPMN scenario
      const lines = ['name: plain', 'bpmn: ./ho-so.bpmn', 'start:', '  at: "2026-10-05T09:00:00+07:00"', 'steps:', '  - dossier: { recordPayment: { online: false } }'];
      // when it runs
      const result = await run(SCENARIOS, lines);
      // then the step says there is no dossier to act on
      expect(result.failure).to.deep.include({ step: 0, expectation: 'dossier', message: 'this scenario runs no dossier' });
    });
  });

  describe('catalog discovery', () => {
    const tempFolder = tempFolderPerTest('motcua-scenario-');

    it("takes a procedure from the scenario's own folder before the shared processes/ catalog", async () => {
      // given processes/ holding 1.001612 with 3 working days, and the scenario's folder a local one with 10
      const folder = tempFolder();
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

    it('reports a broken procedure.json once as unusable input and runs the scenarios that do not need it', async () => {
      // given processes/ with a good procedure and its two scenarios, and a broken procedure.json in another folder with one
      const folder = tempFolder();
      const good = join(folder, 'processes', 'ho-kinh-doanh');
      const broken = join(folder, 'processes', 'hong');
      await mkdir(good, { recursive: true });
      await mkdir(broken);
      await writeFile(join(good, 'procedure.json'), JSON.stringify({ ...fixtureRecords()[0], process: { key: 'Process_HoSo' } }));
      await writeFile(join(broken, 'procedure.json'), '{ "code": "9.999999", ');
      await copyFile(join(SCENARIOS, 'ho-so.bpmn'), join(good, 'ho-so.bpmn'));
      await copyFile(join(SCENARIOS, 'ho-so.bpmn'), join(broken, 'ho-so.bpmn'));
      const scenario = (code: string) =>
        ['name: needs ' + code, 'bpmn: ./ho-so.bpmn', 'calendar: vn', 'start:', '  at: "2026-10-05T09:00:00+07:00"', `  dossier: { procedure: "${code}", agency: "000.00.53.H48" }`].join('\n');
      await writeFile(join(good, 'a.scenario.yaml'), scenario('1.001612'));
      await writeFile(join(good, 'b.scenario.yaml'), scenario('1.001612'));
      await writeFile(join(broken, 'c.scenario.yaml'), scenario('9.999999'));
      const extensions = [new DossierScenarioExtension({ catalogRoots: [join(folder, 'processes')] })];
      // when every scenario runs
      const results = await runScenarioFiles([join(folder, 'processes')], { extensions });
      // then the good procedure's scenarios pass, the one needing the broken file fails saying why, and the file is one ERROR
      expect(results.map((r) => [r.name, r.ok])).to.deep.equal([
        ['needs 1.001612', true],
        ['needs 1.001612', true],
        ['needs 9.999999', false],
        [join(broken, 'procedure.json'), false],
      ]);
      expect(results[2]!.failure?.message).to.match(/unusable procedure files, skipped: .*hong\/procedure\.json/);
      expect(results[3]!.problems).to.have.length(1);
      expect(results[3]!.problems![0]).to.match(/^.*hong\/procedure\.json: (Unexpected end of JSON input|.*JSON)/);
    });
  });
});
