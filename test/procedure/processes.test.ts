/**
 * processes/ as a whole (issue #4): at least six real procedures, each a catalog record that fits
 * its diagram (statuses, acceptance, step budgets within the legal time), every element drawn and
 * named in Vietnamese, the inter-agency bundle and the parallel consultation modelled as the issue
 * asks, and scenarios for each. That the scenarios pass is test/scenario/fixtures.test.ts's job.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileOrThrow } from '../../engine/bpmn/compile/index.ts';
import { createModdle } from '../../engine/bpmn/compile/moddle.ts';
import { NodeKind, type ProcessModel } from '../../engine/bpmn/model.ts';
import { defaultScenarioExtensions } from '../../engine/cli/scenario-extensions.ts';
import { checkProcedureBpmn } from '../../engine/procedure/catalog/diagram-check.ts';
import { loadCatalog } from '../../engine/procedure/catalog/load-catalog.ts';
import type { ProcedureRecord } from '../../engine/procedure/catalog/procedure-record.ts';
import { loadScenario } from '../../engine/scenario/load-scenario.ts';
import type { Scenario } from '../../engine/scenario/scenario.ts';

const PROCESSES = fileURLToPath(new URL('../../processes/', import.meta.url));

/** A letter only Vietnamese spelling has (a name written without its diacritics would have none). */
const VIETNAMESE_LETTER = /[àáâãèéêìíòóôõùúýăđĩũơưạ-ỹ]/iu;

interface ProcedureFolder {
  readonly name: string;
  readonly records: ProcedureRecord[];
  readonly xml: string;
  readonly scenarios: Scenario[];
}

async function readFolders(): Promise<ProcedureFolder[]> {
  const folders = readdirSync(PROCESSES, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  return Promise.all(
    folders.map(async ({ name }) => {
      const folder = join(PROCESSES, name);
      const files = readdirSync(folder).sort();
      const scenarios = await Promise.all(
        files.filter((file) => file.endsWith('.scenario.yaml')).map((file) => loadScenario(join(folder, file), { extensions: defaultScenarioExtensions() })),
      );
      return {
        name,
        records: (await loadCatalog([folder])).exportJson().procedures,
        xml: readFileSync(join(folder, `${name}.bpmn`), 'utf8'),
        scenarios,
      };
    }),
  );
}

describe('processes/: the shipped procedures', () => {
  let folders: ProcedureFolder[];
  before(async () => {
    folders = await readFolders();
  });

  it('holds at least six procedures, each with one catalog record, its diagram and at least two scenarios', () => {
    // given the folders of processes/
    // when each is read
    // then there are six or more, each complete
    expect(folders.length).to.be.at.least(6);
    for (const folder of folders) {
      expect(folder.records.map((record) => record.code), folder.name).to.have.length(1);
      expect(folder.scenarios.length, folder.name).to.be.at.least(2);
      expect(folder.scenarios.every((scenario) => scenario.start.extra.dossier !== undefined), `${folder.name}: every scenario runs as a dossier`).to.equal(true);
    }
  });

  it('fits every record to its diagram: valid statuses, an acceptance, step budgets within the legal time', async () => {
    // given each record and the diagram of its folder
    // when the diagram check runs
    const problems = await Promise.all(folders.map(async (folder) => [folder.name, await checkProcedureBpmn(folder.records[0], folder.xml)]));
    // then it finds nothing, not even a warning
    expect(problems.filter(([, found]) => found.length > 0)).to.deep.equal([]);
  });

  it('draws every element (shape or edge) and names every activity, event, lane and pool in Vietnamese', async () => {
    for (const folder of folders) {
      // given the diagram
      const { elementsById } = await createModdle().fromXML(folder.xml);
      const elements = Object.values(elementsById);
      const drawn = new Set(elements.filter((element) => element.$instanceOf('bpmndi:BPMNShape') || element.$instanceOf('bpmndi:BPMNEdge')).map((element) => (element.get('bpmnElement') as { id?: string } | undefined)?.id));
      const shown = elements.filter((element) => ['bpmn:FlowNode', 'bpmn:SequenceFlow', 'bpmn:MessageFlow', 'bpmn:Lane', 'bpmn:Participant'].some((type) => element.$instanceOf(type)));
      const named = shown.filter((element) => !element.$instanceOf('bpmn:SequenceFlow') && !element.$instanceOf('bpmn:Gateway'));
      // when its layout and names are read
      const undrawn = shown.filter((element) => !drawn.has(element.id)).map((element) => element.id);
      const notVietnamese = named.filter((element) => !VIETNAMESE_LETTER.test(String(element.get('name') ?? ''))).map((element) => element.id);
      // then nothing is missing
      expect(undrawn, `${folder.name}: elements without DI`).to.deep.equal([]);
      expect(notVietnamese, `${folder.name}: elements without a Vietnamese name`).to.deep.equal([]);
    }
  });

  it('models the inter-agency bundle as call activities to the Police and Social Insurance processes, in parallel', async () => {
    // given the birth – permanent residence – health insurance bundle
    const bundle = folders.find((folder) => folder.name === 'lien-thong-khai-sinh-thuong-tru-bhyt')!;
    // when its diagram is compiled
    const main = await processOf(bundle);
    const called = Object.values(main.nodes).filter((node) => node.kind === NodeKind.CallActivity).map((node) => node.callActivity?.calledElement);
    // then the commune's process calls both agencies' processes, which the same file holds
    expect(called.map((element) => element?.text).sort()).to.deep.equal(['lien_thong_cap_the_bhyt', 'lien_thong_dang_ky_thuong_tru']);
    const definitions = await compileOrThrow(bundle.xml, { isKnownProcess: () => true });
    expect(Object.keys(definitions.processes)).to.include.members(['lien_thong_cap_the_bhyt', 'lien_thong_dang_ky_thuong_tru']);
    expect(Object.values(main.nodes).some((node) => node.kind === NodeKind.ParallelGateway)).to.equal(true);
  });

  it('consults the verifying agencies in parallel with a multi-instance call activity (judicial record)', async () => {
    // given the judicial record procedure
    const judicial = folders.find((folder) => folder.name === 'cap-phieu-ly-lich-tu-phap')!;
    // when its diagram is compiled
    const main = await processOf(judicial);
    // then the verification is a parallel multi-instance over coQuanXacMinh
    const verification = main.nodes.CallActivity_XacMinh;
    expect(verification?.kind).to.equal(NodeKind.CallActivity);
    expect(verification?.multiInstance).to.deep.include({ sequential: false });
    expect(JSON.stringify(verification?.multiInstance)).to.contain('coQuanXacMinh');
  });

  it('has more than twelve scenarios, among them a late dossier with apology and extension, and withdrawals by both routes', () => {
    // given every scenario of processes/
    const scenarios = folders.flatMap((folder) => folder.scenarios);
    const commands = scenarios.flatMap((scenario) =>
      scenario.steps.flatMap((step) => (step.action === 'extension' && step.key === 'dossier' ? Object.keys(step.value as object) : [])),
    );
    const messages = scenarios.flatMap((scenario) => scenario.steps.flatMap((step) => (step.action === 'message' ? [step.name] : [])));
    // when their steps are read
    // then the cases are there
    expect(scenarios.length).to.be.at.least(12);
    expect(commands).to.include.members(['extendDeadline', 'requestWithdrawal', 'stop']);
    expect(messages).to.include.members(['RutHoSo', 'BoSungHoSo']);
  });
});

async function processOf(folder: ProcedureFolder): Promise<ProcessModel> {
  const definitions = await compileOrThrow(folder.xml, { isKnownProcess: () => true });
  return definitions.processes[folder.records[0].process.key];
}
