import { expect } from 'chai';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findScenarioFiles } from '../../engine/scenario/find-scenario-files.ts';
import { loadScenario } from '../../engine/scenario/load-scenario.ts';
import { ScenarioInputError } from '../../engine/scenario/scenario-input-error.ts';

const SCENARIO = ['name: review', 'bpmn: ./review.bpmn', 'start:', '  at: "2025-03-03T08:00:00+07:00"'].join('\n');

describe('engine/scenario - load-scenario', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'motcua-scenario-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('resolves the BPMN path against the scenario file and checks it exists', async () => {
    // given
    await mkdir(join(folder, 'specs'));
    await writeFile(join(folder, 'specs', 'review.bpmn'), '<definitions/>');
    await writeFile(join(folder, 'specs', 'review.scenario.yaml'), SCENARIO);
    // when
    const scenario = await loadScenario(join(folder, 'specs', 'review.scenario.yaml'));
    // then
    expect(scenario.bpmn).to.equal(join(folder, 'specs', 'review.bpmn'));
    expect(scenario.steps).to.deep.equal([]);
  });

  it('rejects a missing BPMN file, naming the scenario file, the key and the path', async () => {
    // given
    const file = join(folder, 'review.scenario.yaml');
    await writeFile(file, `${SCENARIO}\ndeploy: [./called.bpmn]`);
    // when
    const error = await loadScenario(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    // then
    expect(error).to.be.instanceOf(ScenarioInputError);
    expect((error as ScenarioInputError).problems).to.deep.equal([
      `bpmn: file not found: ${join(folder, 'review.bpmn')}`,
      `deploy[0]: file not found: ${join(folder, 'called.bpmn')}`,
    ]);
    expect((error as ScenarioInputError).message).to.match(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: bpmn: file not found`));
  });

  it('rejects a scenario file that cannot be read', async () => {
    // given / when
    const error = await loadScenario(join(folder, 'nope.scenario.yaml')).catch((e: unknown) => e);
    // then
    expect(error).to.be.instanceOf(ScenarioInputError);
    expect((error as ScenarioInputError).problems[0]).to.match(/^cannot read the file: ENOENT/);
  });

  it('finds *.scenario.yaml|yml|json recursively, sorted, skipping node_modules and hidden folders', async () => {
    // given
    for (const path of ['b/two.scenario.yml', 'a.scenario.yaml', 'b/c/three.scenario.json', 'b/notes.yaml', 'node_modules/x.scenario.yaml', '.git/y.scenario.yaml']) {
      await mkdir(join(folder, path, '..'), { recursive: true });
      await writeFile(join(folder, path), '');
    }
    // when
    const found = await findScenarioFiles([folder, join(folder, 'b', 'notes.yaml'), join(folder, 'missing')]);
    // then
    expect(found.files).to.deep.equal([
      join(folder, 'a.scenario.yaml'),
      join(folder, 'b/c/three.scenario.json'),
      join(folder, 'b/two.scenario.yml'),
      join(folder, 'b/notes.yaml'),
    ]);
    expect(found.missing).to.deep.equal([join(folder, 'missing')]);
  });
});
