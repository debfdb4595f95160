/**
 * The runner on the real engine (fresh in-memory store per scenario): these need the engine and
 * exercise each action against a small diagram in ./fixtures/runner.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../../engine/scenario/load-scenario.ts';
import { runScenario, type RunScenarioOptions } from '../../engine/scenario/run-scenario.ts';
import type { ScenarioResult } from '../../engine/scenario/scenario.ts';
import type { ScenarioExtension } from '../../engine/scenario/scenario-extension.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/runner/', import.meta.url));
const START = ['start:', '  at: "2025-03-03T08:00:00+07:00"'];

async function run(lines: string[], options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const file = join(FIXTURES, 'inline.scenario.yaml');
  const scenario = parseScenario(lines.join('\n'), file, options);
  return runScenario(scenario, options);
}

/** The result, with the failure in full when it is not ok, so a red test says why. */
function passed(result: ScenarioResult): void {
  expect(result, JSON.stringify(result.failure ?? result.problems)).to.deep.include({ ok: true });
}

describe('engine/scenario - run-scenario', () => {
  describe('timers', () => {
    it('fires a non-interrupting reminder, then an interrupting expiry, only as the clock moves', async () => {
      // given
      const lines = [
        'name: reminder then expiry',
        'bpmn: ./timers.bpmn',
        'start:',
        '  at: "2025-03-03T08:00:00+07:00"',
        '  variables: { dueDate: "2025-03-06T17:00:00+07:00" }',
        'steps:',
        '  - expect:',
        '      active: [Task_Review]',
        '      tasks: [{ id: Task_Review, candidateGroups: [chuyen_vien], due: "2025-03-06T10:00:00Z" }]',
        '      notPassed: [Timer_Remind]',
        '  - advance: PT59M',
        '  - expect: { active: [Task_Review], notPassed: [Task_Remind] }',
        '  - advance: PT2H',
        '  - expect: { active: [Task_Review, Task_Remind], passed: [Timer_Remind] }',
        '  - at: "2025-03-04T08:00:00+07:00"',
        '  - expect:',
        '      ended: false',
        '      active: [Task_Remind]',
        '      passed: [Timer_Expire, EndEvent_Expired]',
        '      notPassed: [EndEvent_Done]',
        '      tasks: [{ id: Task_Remind }]',
      ];
      // when
      const result = await run(lines);
      // then
      passed(result);
    });
  });

  describe('complete', () => {
    const multi = ['bpmn: ./multi-instance.bpmn', 'start:', '  at: "2025-03-03T08:00:00+07:00"', '  variables: { signers: [cv_a, cv_b] }'];

    it('asks for an index when several tasks of the element are open', async () => {
      // given
      const lines = ['name: two signers', ...multi, 'steps:', '  - expect: { active: [Task_Sign, Task_Sign] }', '  - complete: Task_Sign'];
      // when
      const result = await run(lines);
      // then
      expect(result.failure).to.deep.equal({
        step: 1,
        expectation: 'complete',
        expected: 'one open task at Task_Sign',
        found: '2 open user tasks',
        message: '2 open user tasks at Task_Sign: add index: 0..1 (in creation order)',
      });
    });

    it('completes the task at the index, in creation order, and checks assignees as a multiset', async () => {
      // given
      const lines = [
        'name: two signers, the second signs first',
        ...multi,
        'steps:',
        '  - expect: { tasks: [{ id: Task_Sign, assignee: cv_b }, { id: Task_Sign, assignee: cv_a }] }',
        '  - complete: Task_Sign',
        '    index: 1',
        '  - expect: { tasks: [{ id: Task_Sign, assignee: cv_a }] }',
        '  - complete: Task_Sign',
        '  - expect: { ended: true, tasks: [] }',
      ];
      // when / then
      passed(await run(lines));
    });

    it('fails with a clear message when no task of the element is open, or the index is too high', async () => {
      // given
      const none = ['name: wrong element', ...multi, 'steps:', '  - complete: Task_Nope'];
      const high = ['name: wrong index', ...multi, 'steps:', '  - complete: Task_Sign', '    index: 2'];
      // when
      const noneResult = await run(none);
      const highResult = await run(high);
      // then
      expect(noneResult.failure).to.deep.include({
        step: 0,
        expectation: 'complete',
        found: ['Task_Sign', 'Task_Sign'],
        message: 'no open user task or external task at Task_Nope',
      });
      expect(highResult.failure?.message).to.equal('index 2, but only 2 open user tasks at Task_Sign');
    });
  });

  describe('external tasks', () => {
    const head = ['bpmn: ./external-task.bpmn', ...START, 'steps:'];

    it('complete also completes an external task, with its variables', async () => {
      // given
      const lines = ['name: notice sent', ...head, '  - complete: Task_Send', '    variables: { sent: true }', '  - expect: { ended: true, variables: { sent: true } }'];
      // when / then
      passed(await run(lines));
    });

    it('fail with retries left keeps the task open; with none it raises an incident', async () => {
      // given
      const lines = [
        'name: notice fails twice',
        ...head,
        '  - fail: Task_Send',
        '    retries: 1',
        '  - expect: { incidents: [], active: [Task_Send] }',
        '  - fail: Task_Send',
        '  - expect: { incidents: [Task_Send], ended: false }',
      ];
      // when / then
      passed(await run(lines));
    });

    it('fail on an element without an external task is a step failure', async () => {
      // given
      const lines = ['name: fail nothing', ...head, '  - fail: Task_Other'];
      // when
      const result = await run(lines);
      // then
      expect(result.failure).to.deep.include({ step: 0, expectation: 'fail', found: ['Task_Send'], message: 'no open external task at Task_Other' });
    });
  });

  describe('call activities and messages', () => {
    it('needs process when the file has several executable processes', async () => {
      // given
      const lines = ['name: which one', 'bpmn: ./call-activity.bpmn', ...START];
      // when
      const result = await run(lines);
      // then
      expect(result).to.deep.include({
        ok: false,
        problems: ['process: required, call-activity.bpmn has executable processes Process_Parent, Process_Payment'],
      });
    });

    it('rejects an unknown process as unusable input', async () => {
      // given
      const lines = ['name: typo', 'bpmn: ./call-activity.bpmn', 'process: Process_Parnet', ...START];
      // when
      const result = await run(lines);
      // then
      expect(result.problems).to.deep.equal([
        'process: unknown process Process_Parnet: call-activity.bpmn has executable processes Process_Parent, Process_Payment',
      ]);
    });

    it('delivers a message to the called instance that waits for it and sees its tasks', async () => {
      // given
      const lines = [
        'name: payment in a called process',
        'bpmn: ./call-activity.bpmn',
        'process: Process_Parent',
        ...START,
        'steps:',
        '  - expect: { active: [Call_Payment], tasks: [] }',
        '  - message: PaymentReceived',
        '    variables: { paid: true }',
        '  - expect: { active: [Call_Payment], tasks: [{ id: Task_Receipt }] }',
        '  - complete: Task_Receipt',
        '  - expect: { ended: true, passed: [Call_Payment], variables: { paid: true } }',
      ];
      // when / then
      passed(await run(lines));
    });

    it('a message nobody waits for is a step failure, not a crash', async () => {
      // given
      const lines = ['name: stray message', 'bpmn: ./call-activity.bpmn', 'process: Process_Parent', ...START, 'steps:', '  - message: Refunded'];
      // when
      const result = await run(lines);
      // then
      expect(result.ok).to.equal(false);
      expect(result.failure).to.deep.include({ step: 0, expectation: 'message' });
      expect(result.failure?.message).to.contain('Refunded');
    });

    it('starts through a message start event, and runs the async continuation that follows', async () => {
      // given
      const lines = [
        'name: order by message',
        'bpmn: ./message-start.bpmn',
        'start:',
        '  at: "2025-03-03T08:00:00+07:00"',
        '  message: OrderReceived',
        '  variables: { orderId: 7 }',
        'steps:',
        '  - expect: { active: [Task_Handle], tasks: [{ id: Task_Handle }], variables: { orderId: 7 } }',
      ];
      // when / then
      passed(await run(lines));
    });
  });

  describe('steps expected to be refused (rejects:)', () => {
    const review = ['name: refusals', 'bpmn: ./timers.bpmn', 'start:', '  at: "2025-03-03T08:00:00+07:00"', '  variables: { dueDate: "2025-03-06T17:00:00+07:00" }', 'steps:'];

    it('passes a step refused with the code it names', async () => {
      // given a task completed, then completed again expecting TASK_NOT_OPEN
      const lines = [...review, '  - complete: Task_Review', '  - complete: Task_Review', '    rejects: TASK_NOT_OPEN', '  - expect: { ended: true }'];
      // when
      const result = await run(lines);
      // then
      passed(result);
    });

    it('fails a step that was accepted when a refusal was expected, saying so', async () => {
      // given the first completion expecting a refusal
      const lines = [...review, '  - complete: Task_Review', '    rejects: TASK_NOT_OPEN'];
      // when
      const result = await run(lines);
      // then
      expect(result.ok).to.equal(false);
      expect(result.failure).to.deep.include({ step: 0, expectation: 'complete.rejects', expected: 'refused with TASK_NOT_OPEN', found: 'accepted' });
    });

    it('fails a step refused with another code, showing the refusal it got', async () => {
      // given a message nobody waits for, expecting the wrong code
      const lines = [...review, '  - message: Unknown', '    rejects: TASK_NOT_OPEN'];
      // when
      const result = await run(lines);
      // then
      expect(result.failure).to.deep.include({ step: 0, expectation: 'message.rejects', found: 'NO_SUBSCRIPTION' });
      expect(result.failure?.message).to.match(/^expected message to be refused with TASK_NOT_OPEN, but: NO_SUBSCRIPTION/);
    });

    it('is unusable input on a step that cannot be refused, or with a value that is not a code', async () => {
      // given rejects on an expect step, and a lower-case code
      const onExpect = [...review, '  - expect: { ended: false }', '    rejects: TASK_NOT_OPEN'];
      const notACode = [...review, '  - complete: Task_Review', '    rejects: task not open'];
      // when each is loaded
      const problems = await Promise.all([onExpect, notACode].map((lines) => run(lines).then(() => [], (e: { problems: string[] }) => e.problems)));
      // then each names the key
      expect(problems).to.deep.equal([
        ['steps[0].rejects: unknown key for a expect step'],
        ['steps[0].rejects: must be an error code such as EXTENSION_OVER_MAX or TASK_NOT_OPEN, found "task not open"'],
      ]);
    });
  });

  describe('input the engine rejects', () => {
    it('a BPMN file that cannot be deployed is unusable input naming the file', async () => {
      // given
      const lines = ['name: complex', 'bpmn: ./unsupported.bpmn', ...START];
      // when
      const result = await run(lines);
      // then
      expect(result.ok).to.equal(false);
      expect(result.problems?.every((problem) => problem.startsWith('bpmn: unsupported.bpmn: '))).to.equal(true);
      expect(result.problems?.find((problem) => problem.includes('Gateway_Complex'))).to.match(/^bpmn: unsupported\.bpmn: BPMN_UNSUPPORTED_ELEMENT Gateway_Complex \(bpmn:ComplexGateway\): /);
    });
  });

  describe('dossier', () => {
    const lines = [
      'name: dossier status',
      'bpmn: ./external-task.bpmn',
      'start:',
      '  at: "2025-03-03T08:00:00+07:00"',
      '  dossier: { procedure: "1.001" }',
      'steps:',
      '  - expect: { dossier: { status: DANG_XU_LY, dueAt: "2025-03-06T17:00:00+07:00", paused: false } }',
    ];

    it('without an extension, a dossier expectation fails with "this scenario runs no dossier"', async () => {
      // given
      const plain = ['name: no dossier', 'bpmn: ./external-task.bpmn', ...START, 'steps:', '  - expect: { dossier: { status: DANG_XU_LY } }'];
      // when
      const result = await run(plain);
      // then
      expect(result.failure).to.deep.include({ step: 0, expectation: 'expect.dossier', message: 'this scenario runs no dossier' });
    });

    it('an extension starts the instance its own way and answers expect.dossier', async () => {
      // given
      const started: string[] = [];
      const procedure: ScenarioExtension = {
        name: 'procedure',
        startKeys: { dossier: { type: 'object', additionalProperties: false, properties: { procedure: { type: 'string' } } } },
        async start(engine, scenario, context) {
          const view = await engine.startInstance(context.processKey!, { businessKey: String((scenario.start.extra.dossier as { procedure: string }).procedure) });
          started.push(view.id);
          return view.id;
        },
        dossiers: () => ({
          inspect: async (instanceId) =>
            started.includes(instanceId) ? { status: 'DANG_XU_LY', dueAt: '2025-03-06T10:00:00.000Z', paused: false } : undefined,
        }),
      };
      // when
      const result = await run(lines, { extensions: [procedure] });
      // then
      passed(result);
      expect(started).to.have.length(1);
    });
  });
});
