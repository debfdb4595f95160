import { expect } from 'chai';
import { compileBpmn, compileOrThrow, ProblemCode } from '../../../engine/bpmn/compile/index.ts';
import type { CompiledDefinitions, ProcessModel } from '../../../engine/bpmn/model.ts';
import { compileFixture, expectProblem, fixture, inlineDiagram } from './fixtures.ts';

const KNOWN = { isKnownProcess: (key: string) => key === 'tham-dinh-chung' };

async function processOf(name: string, id = 'Process_1'): Promise<ProcessModel> {
  const definitions = await compileOrThrow(fixture(name), KNOWN);
  const process = definitions.processes[id];
  if (process === undefined) throw new Error(`${name} has no process ${id}`);
  return process;
}

describe('engine/bpmn/compile - compile', () => {
  describe('a plain procedure (valid-procedure.bpmn)', () => {
    it('maps every BPMN type to its node kind, in the process scope', async () => {
      // given the household-business registration diagram
      // when it is compiled
      const { definitions, problems } = await compileFixture('valid-procedure.bpmn');

      // then it compiles without problem, each node with its kind and scope
      expect(problems).to.deep.equal([]);
      const process = definitions!.processes.Process_1!;
      expect(definitions).to.include({ id: 'Definitions_1', targetNamespace: 'http://bpmn.io/schema/bpmn' });
      expect(process).to.include({ id: 'Process_1', name: 'Đăng ký hộ kinh doanh', isExecutable: true });
      const kinds = Object.fromEntries(Object.values(process.nodes).map((n) => [n.id, n.kind]));
      expect(kinds).to.deep.equal({
        StartEvent_1: 'startEvent',
        Activity_1: 'userTask',
        Gateway_1: 'exclusiveGateway',
        Activity_2: 'externalTask',
        Activity_3: 'scriptTask',
        Activity_4: 'userTask',
        Event_1: 'endEvent',
        Event_2: 'endEvent',
      });
      expect(Object.values(process.nodes).every((n) => n.scope === 'Process_1')).to.equal(true);
      expect(process.scopes.Process_1).to.include({ id: 'Process_1' });
      expect(process.scopes.Process_1!.noneStarts).to.deep.equal(['StartEvent_1']);
      expect(process.scopes.Process_1!.nodes).to.have.length(8);
    });

    it('keeps the camunda user task attributes as expressions, with async, mappings and the motcua budget', async () => {
      // given the user task "Tiếp nhận hồ sơ"
      // when the diagram is compiled
      const task = (await processOf('valid-procedure.bpmn')).nodes.Activity_1!;

      // then its assignment, dates, form and budget are all there
      expect(task.userTask).to.deep.equal({
        candidateGroups: { text: 'mot-cua', language: 'literal' },
        dueDate: { text: '${dueDate}', language: 'juel' },
        priority: { text: '50', language: 'literal' },
        formKey: 'tiep-nhan',
      });
      expect(task).to.include({ name: 'Tiếp nhận hồ sơ', asyncBefore: true, asyncAfter: false });
      expect(task.inputs).to.deep.equal([
        { name: 'agency', value: { text: 'UBND xã', language: 'literal' } },
        { name: 'total', value: { text: '=fee * 2', language: 'feel' } },
      ]);
      expect(task.outputs).to.deep.equal([{ name: 'accepted' }]);
      expect(task.motcua).to.deep.equal({ budget: { value: 1, unit: 'WORKING_DAYS' }, dossierStatus: 'DA_TIEP_NHAN' });
      expect((await processOf('valid-procedure.bpmn')).nodes.Activity_4!.motcua).to.deep.equal({ budget: { value: 2, unit: 'WORKING_HOURS' } });
    });

    it('compiles gateway flows, conditions, the default flow, the external topic and the FEEL script', async () => {
      // given the gateway "Hồ sơ hợp lệ?" with a JUEL condition and a default flow
      // when the diagram is compiled
      const process = await processOf('valid-procedure.bpmn');

      // then flows, conditions and the task specs are compiled
      const gateway = process.nodes.Gateway_1!;
      expect(gateway).to.include({ defaultFlow: 'Flow_4' });
      expect(gateway.incoming).to.deep.equal(['Flow_2']);
      expect(gateway.outgoing).to.deep.equal(['Flow_3', 'Flow_4']);
      expect(process.flows.Flow_3).to.deep.equal({
        id: 'Flow_3',
        name: 'hợp lệ',
        source: 'Gateway_1',
        target: 'Activity_2',
        condition: { text: '${valid == true}', language: 'juel' },
      });
      expect(process.flows.Flow_4).to.deep.equal({ id: 'Flow_4', source: 'Gateway_1', target: 'Activity_3' });
      expect(process.nodes.Activity_2!.externalTask).to.deep.equal({
        topic: { text: 'dossier-code', language: 'literal' },
        priority: { text: '10', language: 'literal' },
      });
      expect(process.nodes.Activity_2!.asyncAfter).to.equal(true);
      expect(process.nodes.Activity_3!.script).to.deep.equal({ expression: { text: '=amount * 1000', language: 'feel' }, resultVariable: 'fee' });
    });
  });

  describe('scopes (valid-scopes.bpmn)', () => {
    it('opens a scope per sub-process and event sub-process, with its starts and parent', async () => {
      // given a sub-process and two event sub-processes (message, non-interrupting; error, interrupting)
      // when the diagram is compiled
      const process = await processOf('valid-scopes.bpmn');

      // then each has its scope model and its nodes point to it
      expect(Object.keys(process.scopes)).to.have.members(['Process_1', 'Activity_1', 'Activity_5', 'Activity_6']);
      expect(process.scopes.Process_1!.eventSubProcesses).to.deep.equal(['Activity_5', 'Activity_6']);
      expect(process.scopes.Process_1!.parent).to.equal(undefined);
      const sub = process.scopes.Activity_1!;
      expect(sub).to.include({ id: 'Activity_1', parent: 'Process_1' });
      expect(sub.noneStarts).to.deep.equal(['StartEvent_2']);
      expect(sub.nodes).to.deep.equal(['StartEvent_2', 'Activity_2', 'Event_2']);
      expect(process.nodes.Activity_2!.scope).to.equal('Activity_1');
      expect(process.nodes.Activity_1).to.include({ kind: 'subProcess', opensScope: true, scope: 'Process_1' });
      expect(process.scopes.Activity_5!.eventStarts).to.deep.equal(['StartEvent_3']);
      expect(process.scopes.Activity_5!.noneStarts).to.deep.equal([]);
    });

    it('takes isInterrupting of an event sub-process from its start event, onto both', async () => {
      // given "Rút hồ sơ" (non-interrupting message start) and "Xử lý lỗi" (error start)
      // when the diagram is compiled
      const { nodes } = await processOf('valid-scopes.bpmn');

      // then the event sub-process node and its start agree
      expect(nodes.Activity_5).to.include({ kind: 'eventSubProcess', isInterrupting: false, opensScope: true });
      expect(nodes.StartEvent_3).to.include({ isInterrupting: false, scope: 'Activity_5' });
      expect(nodes.StartEvent_3!.event).to.deep.equal({ type: 'message', messageName: 'YeuCauRut' });
      expect(nodes.Activity_6).to.include({ kind: 'eventSubProcess', isInterrupting: true });
      expect(nodes.StartEvent_4!.event).to.deep.equal({ type: 'error' });
      expect(nodes.Event_8!.event).to.deep.equal({ type: 'escalation', escalationCode: 'BAO_LANH_DAO' });
    });

    it('links boundary events to their activity, with cancelActivity and their definition', async () => {
      // given a non-interrupting timer on the sub-process and an error boundary on the call activity
      // when the diagram is compiled
      const { nodes } = await processOf('valid-scopes.bpmn');

      // then attachment goes both ways
      expect(nodes.Event_3).to.include({ kind: 'boundaryEvent', attachedTo: 'Activity_1', cancelActivity: false });
      expect(nodes.Event_3!.event).to.deep.equal({ type: 'timer', timer: { kind: 'timeDuration', expression: { text: 'PT2H', language: 'literal' } } });
      expect(nodes.Activity_1!.boundaryEvents).to.deep.equal(['Event_3']);
      expect(nodes.Event_5).to.include({ attachedTo: 'Activity_4', cancelActivity: true });
      expect(nodes.Event_5!.event).to.deep.equal({ type: 'error', errorCode: 'XAC_MINH_THAT_BAI', errorCodeVariable: 'code', errorMessageVariable: 'reason' });
      expect(nodes.Activity_4!.boundaryEvents).to.deep.equal(['Event_5']);
      expect(nodes.Event_6!.event).to.deep.equal({ type: 'terminate' });
    });

    it('compiles multi-instance: a collection name becomes ${name}', async () => {
      // given the multi-instance user task "Ý kiến chuyên viên" over camunda:collection="reviewers"
      // when the diagram is compiled
      const { nodes } = await processOf('valid-scopes.bpmn');

      // then the collection is an expression, with the element variable and completion condition
      expect(nodes.Activity_2!.multiInstance).to.deep.equal({
        sequential: false,
        collection: { text: '${reviewers}', language: 'juel' },
        elementVariable: 'reviewer',
        completionCondition: { text: '${nrOfCompletedInstances >= 2}', language: 'juel' },
      });
    });

    it('compiles a call activity: key, binding, version and in / out mappings', async () => {
      // given "Xác minh liên thông" calling tham-dinh-chung version 3 with four mappings
      // when the diagram is compiled
      const { nodes } = await processOf('valid-scopes.bpmn');

      // then the spec holds all of them
      expect(nodes.Activity_4!.callActivity).to.deep.equal({
        calledElement: { text: 'tham-dinh-chung', language: 'literal' },
        binding: 'version',
        version: 3,
        inputs: [
          { all: true },
          { businessKey: { text: '#{execution.processBusinessKey}', language: 'juel' } },
          { source: 'applicant', target: 'person' },
        ],
        outputs: [{ sourceExpression: { text: '${score + 1}', language: 'juel' }, target: 'score', local: true }],
      });
    });
  });

  describe('events (valid-events.bpmn)', () => {
    it('compiles message, timer, signal, conditional and escalation definitions', async () => {
      // given a process started by a message, a timer cycle or a signal
      // when the diagram is compiled
      const { nodes, scopes } = await processOf('valid-events.bpmn');

      // then each event carries its definition
      expect(scopes.Process_1!.eventStarts).to.deep.equal(['StartEvent_1', 'StartEvent_2', 'StartEvent_3']);
      expect(nodes.StartEvent_1!.event).to.deep.equal({ type: 'message', messageName: 'HoSoNop' });
      expect(nodes.StartEvent_2!.event).to.deep.equal({ type: 'timer', timer: { kind: 'timeCycle', expression: { text: 'R3/PT1H', language: 'literal' } } });
      expect(nodes.Event_2!.event).to.deep.equal({ type: 'timer', timer: { kind: 'timeDate', expression: { text: '2026-01-01T00:00:00Z', language: 'literal' } } });
      expect(nodes.Event_6!.event).to.deep.equal({ type: 'conditional', condition: { text: '${ready}', language: 'juel' }, variableName: 'ready' });
      expect(nodes.Event_7!.event).to.deep.equal({ type: 'signal', signalName: 'HoSoKetThuc' });
      expect(nodes.Event_4!.event).to.deep.equal({ type: 'escalation', escalationCode: 'QUA_HAN_BO_SUNG' });
      expect(nodes.Event_5!.event).to.deep.equal({ type: 'message', messageName: 'DaNopPhi' });
      expect(nodes.Activity_1).to.include({ kind: 'receiveTask', messageName: 'DaNopPhi' });
      expect(nodes.Gateway_1).to.include({ kind: 'eventBasedGateway' });
    });
  });

  describe('output form', () => {
    for (const name of ['valid-procedure.bpmn', 'valid-scopes.bpmn', 'valid-events.bpmn', 'inclusive-fork-join.bpmn']) {
      it(`is plain JSON: ${name} survives JSON.stringify / parse unchanged`, async () => {
        // given a compiled diagram
        const definitions: CompiledDefinitions = await compileOrThrow(fixture(name), KNOWN);

        // when it goes through JSON
        const copy: unknown = JSON.parse(JSON.stringify(definitions));

        // then nothing is lost or changed (no undefined keys, no class instances)
        expect(copy).to.deep.equal(definitions);
      });
    }

    it('reads camunda:async as asyncBefore', async () => {
      // given a task with the legacy camunda:async="true"
      const xml = inlineDiagram(`
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:task id="Activity_1" camunda:async="true" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_1" />`);

      // when it is compiled
      const definitions = await compileOrThrow(xml);

      // then the task is async before
      expect(definitions.processes.Process_1!.nodes.Activity_1).to.include({ asyncBefore: true, asyncAfter: false });
    });

    it('drops a condition on a flow out of a parallel gateway from the compiled flow (it is ignored)', async () => {
      // given a parallel fork whose Flow_2 carries a condition
      const xml = inlineDiagram(`
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:parallelGateway id="Gateway_1" />
    <bpmn:endEvent id="Event_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Gateway_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Gateway_1" targetRef="Event_1">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${never}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>`);

      // when it is compiled
      const { definitions, problems } = await compileBpmn(xml);

      // then it deploys with a warning, and the runtime never sees the condition
      expectProblem(problems, ProblemCode.ConditionIgnored, 'Flow_2', 'warning');
      expect(definitions!.processes.Process_1!.flows.Flow_2).to.deep.equal({ id: 'Flow_2', source: 'Gateway_1', target: 'Event_1' });
    });
  });
});
