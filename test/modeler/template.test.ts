import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../engine/bpmn/compile/index.ts';
import { checkProcedureDiagram } from '../../engine/procedure/catalog/diagram-check.ts';
import { procedureProblems } from '../../engine/procedure/catalog/procedure-schema.ts';
import type { ProcedureRecord } from '../../engine/procedure/catalog/procedure-record.ts';
import { fillTemplate, processKeyOf } from '../../modeler/src/template/template.ts';

const template = readFileSync(join(import.meta.dirname, '..', '..', 'modeler', 'src', 'template', 'desk-division-leader.bpmn'), 'utf8');

describe('modeler/src/template: a new procedure from the desk → division → leader → desk pattern', () => {
  it('makes a process id from any procedure code', () => {
    expect(processKeyOf('1.001193')).to.equal('p_1_001193');
    expect(processKeyOf('LOCAL-GPXD')).to.equal('p_LOCAL_GPXD');
  });

  it('yields a diagram the engine compiles and a record the catalog accepts, budgets within the legal time', async () => {
    // given a new procedure of 5 working days with a name that needs escaping
    const { xml, record } = fillTemplate(template, {
      code: 'LOCAL-TEST-1', name: 'Cấp giấy "thử" & xác nhận', level: 'XA', sector: 'Tư pháp', agency: 'UBND xã Mẫu', workingDays: 5,
    }, '2026-12-02');
    // when the engine compiles it and checks it as the record's diagram
    const compiled = await compileBpmn(xml, { isKnownProcess: () => false });
    // then nothing is wrong: no compile problem, no record problem, no diagram-check problem
    expect(compiled.problems).to.deep.equal([]);
    expect(procedureProblems(record)).to.deep.equal([]);
    const process = compiled.definitions!.processes[processKeyOf('LOCAL-TEST-1')]!;
    expect(process.name).to.equal('Cấp giấy "thử" & xác nhận');
    expect(checkProcedureDiagram(record as unknown as ProcedureRecord, process)).to.deep.equal([]);
  });
});
