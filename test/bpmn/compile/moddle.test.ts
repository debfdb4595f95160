import { expect } from 'chai';
import { createModdle, MOTCUA_NAMESPACE, motcuaModdleDescriptor } from '../../../engine/bpmn/compile/index.ts';
import { inlineDiagram } from './fixtures.ts';

describe('engine/bpmn/compile/moddle', () => {
  it('declares the motcua extension: namespace, prefix and step attributes on flow nodes', () => {
    // given the descriptor handed to bpmn-js
    // when it is inspected
    const step = motcuaModdleDescriptor.types.find((t) => t.name === 'StepAttributes');

    // then it extends bpmn:FlowNode with budget, budgetUnit and dossierStatus
    expect(motcuaModdleDescriptor).to.include({ uri: MOTCUA_NAMESPACE, prefix: 'motcua' });
    expect(step?.extends).to.deep.equal(['bpmn:FlowNode']);
    expect(step?.properties.map((p) => `${p.name}:${p.type}`)).to.deep.equal(['budget:Real', 'budgetUnit:String', 'dossierStatus:String']);
  });

  it('reads camunda and motcua attributes and writes them back unchanged', async () => {
    // given a user task with camunda and motcua attributes
    const xml = inlineDiagram(`
    <bpmn:userTask id="Activity_1" camunda:assignee="\${leader}" motcua:budget="1.5" motcua:budgetUnit="DAYS" motcua:dossierStatus="DANG_XU_LY" />`);
    const moddle = createModdle();

    // when it is read, written and read again
    const first = await moddle.fromXML(xml);
    const { xml: written } = await moddle.toXML(first.rootElement, { format: true });
    const second = await moddle.fromXML(written);

    // then no warning, and the attributes survive with their prefixes
    expect(first.warnings).to.deep.equal([]);
    const task = second.elementsById.Activity_1!;
    expect(task.get('camunda:assignee')).to.equal('${leader}');
    expect(task.get('motcua:budget')).to.equal(1.5);
    expect(task.get('motcua:budgetUnit')).to.equal('DAYS');
    expect(task.get('motcua:dossierStatus')).to.equal('DANG_XU_LY');
    expect(written).to.contain('motcua:budget="1.5"').and.contain(`xmlns:motcua="${MOTCUA_NAMESPACE}"`);
  });

  it('writes back a foreign namespace that a document bound to the camunda prefix (older Activiti exports)', async () => {
    // given a file where xmlns:camunda means Activiti's namespace, with an extension element in it
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://activiti.org/bpmn" id="Definitions_1" targetNamespace="http://example.com">
  <process id="Process_1">
    <serviceTask id="Activity_1" camunda:class="org.example.Archive">
      <extensionElements>
        <camunda:field name="target"><camunda:string>archive</camunda:string></camunda:field>
      </extensionElements>
    </serviceTask>
  </process>
</definitions>`;
    const moddle = createModdle();

    // when it is read, written and read again
    const first = await moddle.fromXML(xml);
    const { xml: written } = await moddle.toXML(first.rootElement);
    const second = await moddle.fromXML(written);

    // then writing works, the Activiti namespace is still declared and no element is lost
    expect(written).to.contain('"http://activiti.org/bpmn"').and.contain(':field');
    expect(Object.keys(second.elementsById).sort()).to.deep.equal(Object.keys(first.elementsById).sort());
  });
});

