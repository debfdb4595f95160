import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { DossierScenarioExtension, generateStatutoryYear, runScenarioFiles } from '../../engine/index.ts';

const BPMN = resolve('processes/dang-ky-khai-sinh/dang-ky-khai-sinh.bpmn');

/** A same-day birth registration on Tuesday 7 March 2028, accepted at 08:30. */
function scenario(calendar: string): string {
  return [
    'name: "Khai sinh năm 2028"',
    `bpmn: ${BPMN}`,
    `calendar: ${calendar}`,
    'start:',
    '  at: "2028-03-07T08:00:00+07:00"',
    '  dossier: { procedure: "1.001193", channel: 1, agency: UBNDXA-MAU, applicant: { name: Lê Văn Cường } }',
    'steps:',
    '  - at: "2028-03-07T08:30:00+07:00"',
    '  - complete: Task_TiepNhan',
    '    variables: { ketQuaTiepNhan: HOP_LE }',
    '  - expect:',
    '      tasks: [{ id: Task_GhiSo, candidateGroups: [chuyen_vien], due: "2028-03-07T10:30:00+07:00" }]',
    '      dossier: { status: DANG_XU_LY, dueAt: "2028-03-07T17:00:00+07:00" }',
  ].join('\n');
}

describe('engine/scenario: a scenario names a calendar file', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'motcua-scenario-calendar-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  const runOne = async (name: string, text: string) => {
    writeFileSync(join(folder, name), text);
    const [result] = await runScenarioFiles([join(folder, name)], { extensions: [new DossierScenarioExtension()] });
    return result!;
  };

  it('counts in the years of the file (here 2028, which the shipped calendar lacks)', async () => {
    // given the statutory 2028 as `motcua calendar generate` writes it
    writeFileSync(join(folder, 'lich-2028.json'), JSON.stringify(generateStatutoryYear(2028)));
    // when / then
    const result = await runOne('co-lich.scenario.yaml', scenario('./lich-2028.json'));
    expect(result.failure?.message ?? result.problems?.join('\n')).to.equal(undefined);
    expect(result.ok).to.equal(true);
  });

  it('without the file, refuses the dossier: the year is not declared', async () => {
    const result = await runOne('khong-lich.scenario.yaml', scenario('vn'));
    expect(result.ok).to.equal(false);
    expect(result.failure?.message).to.contain('Lịch làm việc năm 2028 chưa được khai báo');
  });

  it('names the file and the field of a bad calendar, and a missing one', async () => {
    writeFileSync(join(folder, 'sai.json'), JSON.stringify({ ...generateStatutoryYear(2028), holidays: [{ date: '2029-01-01', name: 'Sai năm' }] }));
    const bad = await runOne('lich-sai.scenario.yaml', scenario('./sai.json'));
    expect(bad.problems).to.have.length(1);
    expect(bad.problems![0]).to.match(/^calendar: sai\.json: holidays\[0\]\.date: /);
    const missing = await runOne('thieu-lich.scenario.yaml', scenario('./khong-co.json'));
    expect(missing.problems![0]).to.match(/^calendar: file not found: .*khong-co\.json$/);
  });
});
