import { expect } from 'chai';
import { compileBpmn, compileOrThrow, formatProblem, ProblemCode } from '../../../engine/bpmn/compile/index.ts';
import { ErrorCode, isMotcuaError, MotcuaError } from '../../../engine/errors.ts';
import { compileFixture, errorsOf, expectNoProblem, expectProblem, fixture, inlineDiagram } from './fixtures.ts';

describe('engine/bpmn/compile - validation', () => {
  describe('reading the document', () => {
    it('reports XML that is not well-formed as one BPMN_PARSE problem without element', async () => {
      // given a truncated document
      const xml = '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="Process_1"></bpmn:definitions>';

      // when it is compiled
      const { definitions, problems } = await compileBpmn(xml);

      // then nothing is compiled and the problem says where the XML breaks
      expect(definitions).to.equal(undefined);
      expect(problems).to.have.length(1);
      expect(problems[0]).to.include({ code: ProblemCode.Parse, severity: 'error' });
      expect(problems[0]!.elementId).to.equal(undefined);
      expect(problems[0]!.message).to.match(/not well-formed \(line 1, column \d+\)/);
    });

    it('reports a document that is not BPMN as BPMN_PARSE', async () => {
      // given well-formed XML of another vocabulary, and an empty text
      const other = '<?xml version="1.0"?><html><body/></html>';

      // when both are compiled
      const [a, b] = await Promise.all([compileBpmn(other), compileBpmn('')]);

      // then both are parse problems that say what was expected
      expect(a.problems.map((p) => p.code)).to.deep.equal([ProblemCode.Parse]);
      expect(a.problems[0]!.message).to.contain('<bpmn:definitions>');
      expect(b.problems.map((p) => p.code)).to.deep.equal([ProblemCode.Parse]);
    });

    it('surfaces what the reader ignored as BPMN_PARSE_WARNING naming the element, and still compiles', async () => {
      // given a diagram with an unknown attribute, an unknown BPMN element and an unknown camunda element
      // when it is compiled
      const { definitions, problems } = await compileFixture('parse-warnings.bpmn');

      // then each is a warning on the element concerned
      expect(expectProblem(problems, ProblemCode.ParseWarning, 'StartEvent_1', 'warning').message).to.contain('camunda:bogus');
      expect(expectProblem(problems, ProblemCode.ParseWarning, 'FooBar_1', 'warning').message).to.contain('<bpmn:fooBar>');
      expect(expectProblem(problems, ProblemCode.ParseWarning, 'Activity_1', 'warning').message).to.contain('<camunda:nope>');
      expect(definitions?.processes.Process_1?.nodes.Activity_1?.kind).to.equal('task');
    });

    it('reports a duplicated id as BPMN_DUPLICATE_ID instead of silently dropping the element', async () => {
      // given two elements sharing the id Activity_1
      const xml = inlineDiagram(`
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:task id="Activity_1" />
    <bpmn:userTask id="Activity_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_1" />`);

      // when it is compiled
      const { definitions, problems } = await compileBpmn(xml);

      // then the duplicate is an error naming the id
      expect(definitions).to.equal(undefined);
      expect(expectProblem(problems, ProblemCode.DuplicateId, 'Activity_1').message).to.contain('more than one element');
    });
  });

  describe('processes', () => {
    it('reports a file without executable process as BPMN_NO_EXECUTABLE_PROCESS on the definitions', async () => {
      // given a diagram whose only process has isExecutable="false"
      // when it is compiled
      const { definitions, problems } = await compileFixture('no-executable-process.bpmn');

      // then there is nothing to deploy, and the modeller is told which flag to set
      expect(definitions).to.equal(undefined);
      expect(expectProblem(problems, ProblemCode.NoExecutableProcess, 'Definitions_1').message).to.contain('isExecutable');
    });

    it('compiles a non-executable pool next to an executable one, its problems downgraded to warnings', async () => {
      // given a collaboration: the agency's executable process and the citizen's descriptive pool with a complex gateway
      // when it is compiled
      const { definitions, problems } = await compileFixture('non-executable-pool.bpmn');

      // then it deploys; the descriptive pool is compiled but flagged not executable
      expect(errorsOf(problems)).to.deep.equal([]);
      expect(expectProblem(problems, ProblemCode.UnsupportedElement, 'Gateway_1', 'warning').message).to.contain('not executable');
      expect(definitions?.processes.Process_1?.isExecutable).to.equal(true);
      expect(definitions?.processes.Process_2?.isExecutable).to.equal(false);
    });
  });

  describe('unsupported elements', () => {
    const cases: [string, string][] = [
      ['Gateway_1', 'complex gateway'],
      ['Activity_1', 'not supported yet'],
      ['Activity_2', 'FEEL'],
      ['Activity_3', 'use an external task'],
      ['Activity_4', 'use an external task'],
      ['Activity_5', 'transaction'],
      ['Activity_6', 'ad-hoc'],
      ['Event_1', 'link events'],
      ['Event_2', 'link events'],
      ['Event_3', 'compensation'],
      ['Event_5', 'cancel events'],
      ['Event_7', 'several event definitions'],
    ];
    for (const [elementId, hint] of cases) {
      it(`names ${elementId} of unsupported-elements.bpmn as BPMN_UNSUPPORTED_ELEMENT (${hint})`, async () => {
        // given a diagram full of elements the engine cannot run
        // when it is compiled
        const { definitions, problems } = await compileFixture('unsupported-elements.bpmn');

        // then this element is reported with a hint of what to do
        expect(definitions).to.equal(undefined);
        expect(expectProblem(problems, ProblemCode.UnsupportedElement, elementId).message).to.contain(hint);
      });
    }

    it('refuses camunda listeners, delegates, connectors and non-text parameters, naming each', async () => {
      // given listeners on a start event, a user task and a flow; class / delegateExpression / expression /
      // connector service tasks; list, map and script parameters
      // when it is compiled
      const { problems } = await compileFixture('unsupported-extensions.bpmn');

      // then every one of them is reported on its element, saying why
      expect(expectProblem(problems, ProblemCode.UnsupportedElement, 'StartEvent_1').message).to.match(/execution listener.*not supported/);
      expect(expectProblem(problems, ProblemCode.UnsupportedElement, 'Activity_1').message).to.match(/task listener.*a script/);
      expect(expectProblem(problems, ProblemCode.UnsupportedElement, 'Flow_2').message).to.contain('listener');
      const parameters = problems.filter((p) => p.elementId === 'Activity_2').map((p) => p.message);
      expect(parameters).to.have.length(3);
      expect(parameters.join('\n')).to.contain('"recipients"').and.contain('"headers"').and.contain('"result"');
      expect(expectProblem(problems, ProblemCode.UnsupportedElement, 'Activity_3').message).to.contain('camunda:delegateExpression');
      expect(expectProblem(problems, ProblemCode.UnsupportedElement, 'Activity_4').message).to.contain('camunda:expression');
      expect(expectProblem(problems, ProblemCode.UnsupportedElement, 'Activity_5').message).to.contain('onnector');
    });
  });

  describe('event definitions', () => {
    const cases: [string, string][] = [
      ['StartEvent_1', 'an error start event of a process'],
      ['StartEvent_2', 'a message start event of a sub-process'],
      ['Event_3', 'a timer intermediate throw event'],
      ['Event_4', 'a none (untriggered) intermediate catch event'],
      ['Event_1', 'a timer end event'],
    ];
    for (const [elementId, what] of cases) {
      it(`reports ${what} (${elementId}) as BPMN_UNSUPPORTED_EVENT_DEFINITION`, async () => {
        // given events with definitions their position does not support
        // when the diagram is compiled
        const { problems } = await compileFixture('unsupported-event-definitions.bpmn');

        // then the event is named together with what its position allows
        const problem = expectProblem(problems, ProblemCode.UnsupportedEventDefinition, elementId);
        expect(problem.message).to.contain(what).and.contain('may be:');
      });
    }
  });

  describe('sequence flows and gateways', () => {
    it('reports flows without target or source as BPMN_FLOW_INCOMPLETE', async () => {
      // given Flow_7 pointing to a missing Activity_99 and Flow_8 without sourceRef
      // when the diagram is compiled
      const { problems } = await compileFixture('flows.bpmn');

      // then both flows are named, with what is missing
      expect(expectProblem(problems, ProblemCode.FlowIncomplete, 'Flow_7').message).to.contain('"Activity_99"');
      expect(expectProblem(problems, ProblemCode.FlowIncomplete, 'Flow_8').message).to.contain('no source');
      expectNoProblem(problems, ProblemCode.ParseWarning, 'Flow_7');
    });

    it('reports a gateway and a start event without outgoing flow', async () => {
      // given Gateway_3 (a dead end) and StartEvent_2 (never connected)
      // when the diagram is compiled
      const { problems } = await compileFixture('flows.bpmn');

      // then both are errors: a token would be stuck there
      expectProblem(problems, ProblemCode.GatewayNoOutgoing, 'Gateway_3');
      expectProblem(problems, ProblemCode.NoOutgoing, 'StartEvent_2');
    });

    it('accepts a task without outgoing flow (implicit end, as Camunda does) but warns about unreachable nodes', async () => {
      // given a task that ends the process implicitly, and (in flows.bpmn) a task nothing leads to
      const xml = inlineDiagram(`
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:task id="Activity_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_1" />`);

      // when both are compiled
      const implicit = await compileBpmn(xml);
      const { problems } = await compileFixture('flows.bpmn');

      // then the implicit end compiles and the orphan is only a warning
      expect(implicit.problems).to.deep.equal([]);
      expect(implicit.definitions?.processes.Process_1?.nodes.Activity_1?.outgoing).to.deep.equal([]);
      expectProblem(problems, ProblemCode.NodeUnreachable, 'Activity_4', 'warning');
    });

    it('reports a default flow that is not outgoing, and a default flow with a condition', async () => {
      // given Gateway_1 whose default Flow_9 leaves Activity_1, and Activity_3 whose default Flow_10 has a condition
      // when the diagram is compiled
      const { problems } = await compileFixture('flows.bpmn');

      // then the gateway and the conditional default flow are named
      expect(expectProblem(problems, ProblemCode.DefaultFlowInvalid, 'Gateway_1').message).to.contain('Flow_9');
      expect(expectProblem(problems, ProblemCode.DefaultFlowInvalid, 'Flow_10').message).to.contain('remove its condition');
    });

    it('warns that a condition on a flow out of a parallel gateway is ignored', async () => {
      // given Flow_4 with a condition, leaving the parallel Gateway_2
      // when the diagram is compiled
      const { problems } = await compileFixture('flows.bpmn');

      // then it is a warning, not an error
      expect(expectProblem(problems, ProblemCode.ConditionIgnored, 'Flow_4', 'warning').message).to.contain('parallel gateway');
    });

    it('reports flows that leave an end event or enter a start event as BPMN_FLOW_INVALID', async () => {
      // given Flow_2 out of the end event and Flow_3 into the start event
      const xml = inlineDiagram(`
    <bpmn:startEvent id="StartEvent_1" />
    <bpmn:endEvent id="Event_1" />
    <bpmn:task id="Activity_1" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Event_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Event_1" targetRef="Activity_1" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Activity_1" targetRef="StartEvent_1" />`);

      // when it is compiled
      const { problems } = await compileBpmn(xml);

      // then both flows are errors
      expect(expectProblem(problems, ProblemCode.FlowInvalid, 'Flow_2').message).to.contain('leaves end event Event_1');
      expect(expectProblem(problems, ProblemCode.FlowInvalid, 'Flow_3').message).to.contain('enters start event StartEvent_1');
    });

    it('reports an event-based gateway followed by a user task', async () => {
      // given Gateway_1 (event-based) leading to a message catch event and to the user task Activity_1
      // when the diagram is compiled
      const { problems } = await compileFixture('event-gateway.bpmn');

      // then the gateway is reported, naming the wrong target
      expect(expectProblem(problems, ProblemCode.EventGatewayTargetInvalid, 'Gateway_1').message).to.contain('Activity_1');
      expect(errorsOf(problems)).to.have.length(1);
    });
  });

  describe('expressions and timers', () => {
    it('names the element and attribute of every expression that does not parse', async () => {
      // given broken JUEL and FEEL in conditions, an assignee and a timer expression
      // when the diagram is compiled
      const { problems } = await compileFixture('expressions.bpmn');

      // then each is a BPMN_EXPRESSION_INVALID naming "<attribute> of <element>"
      expect(expectProblem(problems, ProblemCode.ExpressionInvalid, 'Flow_2').message).to.contain('conditionExpression of Flow_2');
      expect(expectProblem(problems, ProblemCode.ExpressionInvalid, 'Flow_3').message).to.contain('FEEL');
      expect(expectProblem(problems, ProblemCode.ExpressionInvalid, 'Activity_1').message).to.contain('camunda:assignee of Activity_1');
      expect(expectProblem(problems, ProblemCode.ExpressionInvalid, 'Event_2').message).to.contain('timeDuration of Event_2');
    });

    it('refuses a plain-text condition, which would be a constant', async () => {
      // given Flow_7 whose condition is the text "approved"
      // when the diagram is compiled
      const { problems } = await compileFixture('expressions.bpmn');

      // then it asks for an expression
      expect(expectProblem(problems, ProblemCode.ExpressionInvalid, 'Flow_7').message).to.contain('${');
    });

    it('reports a literal timer that is not ISO 8601 as BPMN_TIMER_INVALID', async () => {
      // given Event_1 waiting "PT1X"
      // when the diagram is compiled
      const { problems } = await compileFixture('expressions.bpmn');

      // then the timer is named with its text
      expect(expectProblem(problems, ProblemCode.TimerInvalid, 'Event_1').message).to.contain('PT1X');
    });
  });

  describe('references', () => {
    const cases: [string, string][] = [
      ['Event_1', '"Message_404"'],
      ['Event_2', 'no signal'],
      ['Activity_1', 'no message'],
      ['Event_5', 'has no name'],
      ['Event_3', 'no escalation code'],
      ['Event_4', 'no error code'],
    ];
    for (const [elementId, what] of cases) {
      it(`reports ${elementId} of references.bpmn as BPMN_UNKNOWN_REFERENCE (${what})`, async () => {
        // given events and a receive task with missing, unknown or unnamed messages, signals, errors, escalations
        // when the diagram is compiled
        const { problems } = await compileFixture('references.bpmn');

        // then the element is named with what is missing
        expect(expectProblem(problems, ProblemCode.UnknownReference, elementId).message).to.contain(what);
      });
    }
  });

  describe('call activities', () => {
    it('reports a call activity without calledElement, to an unknown key, or to a non-executable process', async () => {
      // given six call activities; Activity_6 calls a process deployed earlier
      // when the diagram is compiled knowing that deployment
      const { problems } = await compileFixture('call-activities.bpmn', { isKnownProcess: (key) => key === 'tham-dinh-chung' });

      // then only the first three are reported
      expect(expectProblem(problems, ProblemCode.UnknownCalledProcess, 'Activity_1').message).to.contain('calledElement');
      expect(expectProblem(problems, ProblemCode.UnknownCalledProcess, 'Activity_2').message).to.contain('"khong-ton-tai"');
      expect(expectProblem(problems, ProblemCode.UnknownCalledProcess, 'Activity_3').message).to.contain('not executable');
      for (const ok of ['Activity_4', 'Activity_5', 'Activity_6']) expectNoProblem(problems, ProblemCode.UnknownCalledProcess, ok);
    });

    it('reports a call to a key that is not deployed when no deployment knows it', async () => {
      // given the same diagram, compiled without knowledge of deployed processes
      // when it is compiled
      const { problems } = await compileFixture('call-activities.bpmn');

      // then Activity_6 is reported too, but the ${…} called element is left to run time
      expectProblem(problems, ProblemCode.UnknownCalledProcess, 'Activity_6');
      expectNoProblem(problems, ProblemCode.UnknownCalledProcess, 'Activity_5');
    });
  });

  describe('scopes, starts and attachments', () => {
    it('reports scopes with flow nodes but no start event', async () => {
      // given a process and a sub-process (Activity_3) without start events
      // when the diagram is compiled
      const { problems } = await compileFixture('starts.bpmn');

      // then both scopes are named
      expect(expectProblem(problems, ProblemCode.NoStart, 'Process_1').elementType).to.equal('bpmn:Process');
      expect(expectProblem(problems, ProblemCode.NoStart, 'Activity_3').elementType).to.equal('bpmn:SubProcess');
    });

    it('reports a sub-process with two none start events', async () => {
      // given Activity_2 with StartEvent_1 and StartEvent_2
      // when the diagram is compiled
      const { problems } = await compileFixture('starts.bpmn');

      // then the sub-process is named with both starts
      expect(expectProblem(problems, ProblemCode.MultipleNoneStarts, 'Activity_2').message).to.contain('StartEvent_1, StartEvent_2');
    });

    it('accepts a process started only by events (no none start)', async () => {
      // given a process with message, timer and signal starts only
      // when it is compiled
      const { definitions, problems } = await compileFixture('valid-events.bpmn');

      // then it compiles
      expectNoProblem(problems, ProblemCode.NoStart);
      expect(definitions?.processes.Process_1?.scopes.Process_1?.noneStarts).to.deep.equal([]);
    });

    it('reports multi-instance without cardinality or collection, and standard loops', async () => {
      // given Activity_1 (multi-instance, nothing to count) and Activity_3 (standard loop)
      // when the diagram is compiled
      const { problems } = await compileFixture('multi-instance.bpmn');

      // then both are named; Activity_2 (cardinality 3) is fine
      expectProblem(problems, ProblemCode.MultiInstanceInvalid, 'Activity_1');
      expect(expectProblem(problems, ProblemCode.UnsupportedElement, 'Activity_3').message).to.contain('loop');
      expect(problems.filter((p) => p.elementId === 'Activity_2')).to.deep.equal([]);
    });

    it('reports boundary events attached to a gateway, and non-interrupting error boundaries', async () => {
      // given Event_2 on Gateway_1 and a non-interrupting error Event_4 on Activity_1
      // when the diagram is compiled
      const { problems } = await compileFixture('boundary-events.bpmn');

      // then both boundary events are named
      expect(expectProblem(problems, ProblemCode.BoundaryEventInvalid, 'Event_2').message).to.contain('not an activity');
      expect(expectProblem(problems, ProblemCode.BoundaryEventInvalid, 'Event_4').message).to.contain('non-interrupting');
    });

    it('reports event sub-processes with flows, without trigger, or with a non-interrupting error start', async () => {
      // given Activity_2 (entered by Flow_5, untriggered start) and Activity_3 (non-interrupting error start)
      // when the diagram is compiled
      const { problems } = await compileFixture('event-subprocess.bpmn');

      // then each problem names the event sub-process
      const onActivity2 = problems.filter((p) => p.code === ProblemCode.EventSubProcessInvalid && p.elementId === 'Activity_2').map((p) => p.message);
      expect(onActivity2.join('\n')).to.contain('Flow_5').and.contain('no trigger');
      expect(expectProblem(problems, ProblemCode.EventSubProcessInvalid, 'Activity_3').message).to.contain('non-interrupting');
    });

    it('reports motcua budgets that are negative or in an unknown unit', async () => {
      // given Activity_1 with budget -1 and Activity_2 with unit WEEKS
      // when the diagram is compiled
      const { problems } = await compileFixture('motcua-attributes.bpmn');

      // then both are BPMN_ATTRIBUTE_INVALID, the unit one listing the valid units
      expect(expectProblem(problems, ProblemCode.AttributeInvalid, 'Activity_1').message).to.contain('motcua:budget');
      expect(expectProblem(problems, ProblemCode.AttributeInvalid, 'Activity_2').message).to.contain('WORKING_DAYS, DAYS, WORKING_HOURS, SAME_DAY');
    });
  });

  describe('all problems at once', () => {
    it('reports every problem of a diagram in one pass', async () => {
      // given a complex gateway, an unknown message and a broken condition in one diagram
      // when it is compiled
      const { definitions, problems } = await compileFixture('many-problems.bpmn');

      // then all three are reported together, each on its element
      expect(definitions).to.equal(undefined);
      expect(errorsOf(problems).map((p) => [p.code, p.elementId])).to.have.deep.members([
        [ProblemCode.UnsupportedElement, 'Gateway_1'],
        [ProblemCode.UnknownReference, 'Event_1'],
        [ProblemCode.ExpressionInvalid, 'Flow_2'],
      ]);
    });

    it('compileOrThrow throws BPMN_INVALID listing every problem, with the problems as details', async () => {
      // given the same diagram
      // when it is compiled with compileOrThrow
      let thrown: unknown;
      try {
        await compileOrThrow(fixture('many-problems.bpmn'));
      } catch (error) {
        thrown = error;
      }

      // then one MotcuaError carries them all
      expect(isMotcuaError(thrown, ErrorCode.BpmnInvalid)).to.equal(true);
      const error = thrown as MotcuaError;
      expect(error.message).to.contain('BPMN_UNSUPPORTED_ELEMENT Gateway_1 (bpmn:ComplexGateway): ');
      expect(error.message).to.contain('BPMN_UNKNOWN_REFERENCE Event_1 (bpmn:IntermediateCatchEvent): ');
      expect(error.message).to.contain('BPMN_EXPRESSION_INVALID Flow_2 (bpmn:SequenceFlow): conditionExpression of Flow_2');
      expect(error.details).to.be.an('array').with.length(3);
    });

    it('compileOrThrow throws BPMN_PARSE for a document that cannot be read', async () => {
      // given text that is not XML
      // when it is compiled with compileOrThrow
      const attempt = compileOrThrow('this is not xml');

      // then the error code is BPMN_PARSE
      const error = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isMotcuaError(error, ErrorCode.BpmnParse)).to.equal(true);
    });

    it('formats a problem as CODE Element_1 (bpmn:Type): message', () => {
      // given a problem with and one without element
      const withElement = { code: 'BPMN_X', severity: 'error', elementId: 'Task_3', elementType: 'bpmn:ComplexGateway', message: 'no' } as const;
      const without = { code: 'BPMN_PARSE', severity: 'error', message: 'broken' } as const;

      // when they are formatted
      // then the element part appears only when known
      expect(formatProblem(withElement)).to.equal('BPMN_X Task_3 (bpmn:ComplexGateway): no');
      expect(formatProblem(without)).to.equal('BPMN_PARSE: broken');
    });
  });
});
