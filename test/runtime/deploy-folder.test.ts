/**
 * Deploying a folder of diagrams at start-up (engine/runtime/deploy-folder.ts): one line per
 * process saying new, new version or unchanged, and a second file defining a process id another
 * file already has is refused, naming both, without deploying anything of it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ErrorCode } from '../../engine/errors.ts';
import { createEngine } from '../../engine/runtime/create-engine.ts';
import type { Engine } from '../../engine/runtime/Engine.ts';
import { deployFolder, type FileDeployment } from '../../engine/runtime/deploy-folder.ts';
import { runtimeFixture, tempDir } from './helpers.ts';

const summary = (results: readonly FileDeployment[]) =>
  results.map((r) => ('refused' in r ? `${r.file}: refused ${r.refused.code}` : `${r.file}: ${r.processes.map((p) => `${p.key} v${p.version} ${p.change}`).join(', ')}`));

describe('engine/runtime/deploy-folder', function () {
  let tmp: ReturnType<typeof tempDir>;
  let engine: Engine;
  let folder: string;

  beforeEach(async function () {
    tmp = tempDir();
    folder = join(tmp.dir, 'processes');
    mkdirSync(join(folder, 'ban-sao'), { recursive: true });
    writeFileSync(join(folder, 'approval.bpmn'), runtimeFixture('Approval.bpmn'));
    writeFileSync(join(folder, 'short-timer.bpmn'), runtimeFixture('ShortTimer.bpmn'));
    engine = await createEngine({ store: 'sqlite::memory:' });
  });

  afterEach(async function () {
    await engine.close();
    tmp.cleanup();
  });

  it('deploys every diagram once and says, on the next start, that each is unchanged', async function () {
    // when the folder is deployed twice, as two start-ups would
    const lines: string[] = [];
    const first = await deployFolder(engine, folder, (line) => lines.push(line));
    const second = await deployFolder(engine, folder, (line) => lines.push(line));
    // then
    expect(summary(first)).to.deep.equal(['approval.bpmn: Process_Approval v1 new', 'short-timer.bpmn: Process_ShortTimer v1 new']);
    expect(summary(second)).to.deep.equal(['approval.bpmn: Process_Approval v1 unchanged', 'short-timer.bpmn: Process_ShortTimer v1 unchanged']);
    expect(lines[2]).to.equal('deployed Process_Approval v1 (approval.bpmn): unchanged');
    expect((await engine.store.listDeployments()).map((d) => `${d.key}:${d.version}`)).to.deep.equal(['Process_Approval:1', 'Process_ShortTimer:1']);
  });

  it('says "new version" for a changed file, with the version it replaces', async function () {
    // given the folder deployed, then one diagram edited
    await deployFolder(engine, folder, () => undefined);
    writeFileSync(join(folder, 'approval.bpmn'), runtimeFixture('Approval.bpmn').replace('name="Thẩm định và ký duyệt"', 'name="Thẩm định, ký duyệt"'));
    // when
    const lines: string[] = [];
    const results = await deployFolder(engine, folder, (line) => lines.push(line));
    // then
    expect(summary(results)).to.deep.equal(['approval.bpmn: Process_Approval v2 new version', 'short-timer.bpmn: Process_ShortTimer v1 unchanged']);
    expect(lines[0]).to.equal('deployed Process_Approval v2 (approval.bpmn): new version (was v1)');
  });

  it('refuses a second file with a process id another file has, naming both, at every start', async function () {
    // given a copy of a diagram in another folder (it comes later in path order)
    writeFileSync(join(folder, 'ban-sao', 'approval-copy.bpmn'), runtimeFixture('Approval.bpmn').replace('name="Thẩm định và ký duyệt"', 'name="Bản sao"'));
    // when deployed at two start-ups
    const lines: string[] = [];
    const first = await deployFolder(engine, folder, (line) => lines.push(line));
    const second = await deployFolder(engine, folder, () => undefined);
    // then the copy is refused both times, naming both files, and only the original is deployed
    const refused = first.find((r) => r.file === join('ban-sao', 'approval-copy.bpmn'));
    expect(refused && 'refused' in refused && refused.refused.code).to.equal(ErrorCode.BpmnInvalid);
    const line = lines.find((l) => l.startsWith('not deployed'))!;
    expect(line).to.contain(join('ban-sao', 'approval-copy.bpmn')).and.to.contain('approval.bpmn').and.to.contain('Process_Approval');
    expect(summary(second)).to.include(`${join('ban-sao', 'approval-copy.bpmn')}: refused BPMN_INVALID`);
    expect((await engine.store.listDeployments()).map((d) => `${d.key}:${d.version}:${d.name}`)).to.deep.equal([
      'Process_Approval:1:approval.bpmn',
      'Process_ShortTimer:1:short-timer.bpmn',
    ]);
  });

  it('reports a diagram that does not compile and deploys the others', async function () {
    // given
    writeFileSync(join(folder, 'broken.bpmn'), '<bpmn:definitions');
    // when
    const lines: string[] = [];
    const results = await deployFolder(engine, folder, (line) => lines.push(line));
    // then
    expect(summary(results)).to.deep.equal([
      'approval.bpmn: Process_Approval v1 new',
      'broken.bpmn: refused BPMN_PARSE',
      'short-timer.bpmn: Process_ShortTimer v1 new',
    ]);
    expect(lines.find((l) => l.startsWith('not deployed broken.bpmn: BPMN_PARSE'))).to.not.equal(undefined);
  });
});
