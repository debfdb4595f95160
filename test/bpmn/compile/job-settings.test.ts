import { expect } from 'chai';
import { compileBpmn, ProblemCode } from '../../../engine/bpmn/compile/index.ts';
import { expectNoProblem, expectProblem, inlineDiagram } from './fixtures.ts';

describe('engine/bpmn/compile/job-settings', () => {
  it('reads camunda:failedJobRetryTimeCycle of timers and async elements into the model', async () => {
    // given an async task and a timer catch event, each with a retry cycle
    const xml = inlineDiagram(`
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:task id="Activity_1" camunda:asyncAfter="true">
      <bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R5/PT10M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>
    </bpmn:task>
    <bpmn:intermediateCatchEvent id="Event_1">
      <bpmn:extensionElements><camunda:failedJobRetryTimeCycle>PT1M,PT5M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="EndEvent_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_1" targetRef="Event_1" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Event_1" targetRef="EndEvent_1" />`);
    // when it is compiled
    const { definitions, problems } = await compileBpmn(xml);
    // then both carry their cycle, with no warning about it
    const nodes = definitions!.processes.Process_1!.nodes;
    expect(nodes.Activity_1!.retryCycle).to.deep.equal({ attempts: 5, waits: ['PT10M'] });
    expect(nodes.Event_1!.retryCycle).to.deep.equal({ attempts: 2, waits: ['PT1M', 'PT5M'] });
    expectNoProblem(problems, ProblemCode.AttributeIgnored);
  });

  it('refuses a retry cycle that cannot be read, naming the element', async () => {
    // given an async task whose cycle is an expression, and one whose cycle is prose
    const xml = inlineDiagram(`
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:task id="Activity_1" camunda:asyncBefore="true">
      <bpmn:extensionElements><camunda:failedJobRetryTimeCycle>\${cycle}</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>
    </bpmn:task>
    <bpmn:task id="Activity_2" camunda:asyncBefore="true">
      <bpmn:extensionElements><camunda:failedJobRetryTimeCycle>three times</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>
    </bpmn:task>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_1" targetRef="Activity_2" />`);
    // when it is compiled
    const { definitions, problems } = await compileBpmn(xml);
    // then nothing is compiled and each problem names its element
    expect(definitions).to.equal(undefined);
    expect(expectProblem(problems, ProblemCode.AttributeInvalid, 'Activity_1').message).to.contain('is an expression');
    expect(expectProblem(problems, ProblemCode.AttributeInvalid, 'Activity_2').message).to.contain('"three times"');
  });

  it('warns, naming the element, that camunda:exclusive="false", camunda:jobPriority and a retry cycle without a job have no effect', async () => {
    // given a task with both job settings, a user task with a retry cycle but no job, and a process job priority
    const xml = inlineDiagram(`
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:task id="Activity_1" camunda:asyncBefore="true" camunda:exclusive="false" camunda:jobPriority="7" />
    <bpmn:userTask id="Activity_2">
      <bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R3/PT1M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:task id="Activity_3" camunda:asyncBefore="true" camunda:exclusive="true" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_1" targetRef="Activity_2" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Activity_2" targetRef="Activity_3" />`);
    // when it is compiled
    const { definitions, problems } = await compileBpmn(xml);
    // then it compiles, with one warning per setting that does nothing
    expect(definitions).to.not.equal(undefined);
    const ignored = problems.filter((p) => p.code === ProblemCode.AttributeIgnored);
    expect(ignored.map((p) => [p.elementId, p.severity])).to.deep.equal([
      ['Activity_1', 'warning'],
      ['Activity_1', 'warning'],
      ['Activity_2', 'warning'],
    ]);
    expect(ignored.map((p) => p.message).join('\n')).to.match(/camunda:exclusive="false".*has no effect[\s\S]*camunda:jobPriority="7".*has no effect[\s\S]*failedJobRetryTimeCycle.*runs no job/);
    expect(definitions!.processes.Process_1!.nodes.Activity_2!.retryCycle).to.equal(undefined);
  });

  it('reads camunda:initiator of a process start event and warns about one on a sub-process start', async () => {
    // given
    const xml = inlineDiagram(`
    <bpmn:startEvent id="StartEvent_1" camunda:initiator="nguoiNop" />
    <bpmn:subProcess id="Activity_1">
      <bpmn:startEvent id="StartEvent_2" camunda:initiator="ai" />
      <bpmn:endEvent id="EndEvent_2" />
      <bpmn:sequenceFlow id="Flow_2" sourceRef="StartEvent_2" targetRef="EndEvent_2" />
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_1" />`);
    // when
    const { definitions, problems } = await compileBpmn(xml);
    // then
    expect(definitions!.processes.Process_1!.nodes.StartEvent_1!.initiator).to.equal('nguoiNop');
    expect(expectProblem(problems, ProblemCode.AttributeIgnored, 'StartEvent_2', 'warning').message).to.contain('camunda:initiator');
  });
});
