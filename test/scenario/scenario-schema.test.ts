import { expect } from 'chai';
import { parseScenario } from '../../engine/scenario/load-scenario.ts';
import type { ScenarioExtension } from '../../engine/scenario/scenario-extension.ts';
import { ScenarioInputError } from '../../engine/scenario/scenario-input-error.ts';

const FILE = '/specs/review.scenario.yaml';
const HEAD = ['name: review', 'bpmn: ./review.bpmn', 'start:', '  at: "2025-03-03T08:00:00+07:00"'];
const ONE_OF = 'a step has exactly one of complete, message, signal, advance, at, fail, expect';

function problemsOf(text: string, extensions?: ScenarioExtension[]): readonly string[] {
  try {
    parseScenario(text, FILE, extensions ? { extensions } : {});
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.problems;
    throw error;
  }
  throw new Error('expected the scenario to be rejected');
}

/** A scenario with the given lines appended under `steps:`. */
const withSteps = (...lines: string[]): string => [...HEAD, 'steps:', ...lines].join('\n');

describe('engine/scenario - scenario-schema', () => {
  describe('unknown keys', () => {
    it('names a misspelt key at the top level', () => {
      // given
      const text = [...HEAD, 'calender: vn'].join('\n');
      // when
      const problems = problemsOf(text);
      // then
      expect(problems).to.deep.equal(['calender: unknown key']);
    });

    it('names a misspelt key in start', () => {
      // given
      const text = [...HEAD, '  variable: { amount: 5 }'].join('\n');
      // when / then
      expect(problemsOf(text)).to.deep.equal(['start.variable: unknown key']);
    });

    it('names a misspelt key in a step, by its index', () => {
      // given
      const text = withSteps('  - advance: PT1H', '  - fail: Task_Send', '    retry: 0');
      // when / then
      expect(problemsOf(text)).to.deep.equal(['steps[1].retry: unknown key']);
    });

    it('names a misspelt key deep in an expected task', () => {
      // given
      const text = withSteps(
        '  - advance: PT1H',
        '  - complete: Task_A',
        '  - expect:',
        '      tasks:',
        '        - id: Task_Review',
        '          asignee: cv_nguyen',
      );
      // when
      const problems = problemsOf(text);
      // then
      expect(problems).to.deep.equal(['steps[2].expect.tasks[0].asignee: unknown key']);
    });

    it('names misspelt keys in an expectation and in the dossier expectation, all of them', () => {
      // given
      const text = withSteps('  - expect:', '      activ: [Task_A]', '      dossier: { state: DANG_XU_LY }');
      // when / then
      expect(problemsOf(text)).to.deep.equal(['steps[0].expect.activ: unknown key', 'steps[0].expect.dossier.state: unknown key']);
    });

    it('names a misspelt workingDays in advance', () => {
      // given
      const text = withSteps('  - advance: { workingDay: 3 }');
      // when / then
      expect(problemsOf(text)).to.deep.equal(['steps[0].advance.workingDays: required', 'steps[0].advance.workingDay: unknown key']);
    });

    it('rejects an option that belongs to another action', () => {
      // given retries is an option of fail, not of complete
      const text = withSteps('  - complete: Task_A', '    retries: 0');
      // when / then
      expect(problemsOf(text)).to.deep.equal(['steps[0].retries: unknown key for a complete step']);
    });

    it('rejects start keys of an extension that is not plugged in, and accepts them when it is', () => {
      // given
      const text = [...HEAD, '  dossier: { procedure: "1.001234" }'].join('\n');
      const procedure: ScenarioExtension = {
        name: 'procedure',
        startKeys: {
          dossier: { type: 'object', additionalProperties: false, properties: { procedure: { type: 'string' } } },
        },
      };
      // when
      const without = problemsOf(text);
      const scenario = parseScenario(text, FILE, { extensions: [procedure] });
      // then
      expect(without).to.deep.equal(['start.dossier: unknown key']);
      expect(scenario.start.extra).to.deep.equal({ dossier: { procedure: '1.001234' } });
      expect(problemsOf([...HEAD, '  dossier: { procedur: x }'].join('\n'), [procedure])).to.deep.equal([
        'start.dossier.procedur: unknown key',
      ]);
    });
  });

  describe('action keys', () => {
    it('rejects a step with two action keys', () => {
      // given
      const text = withSteps('  - advance: PT1H', '  - complete: Task_A', '    advance: PT2H');
      // when / then
      expect(problemsOf(text)).to.deep.equal([`steps[1]: 2 action keys (complete, advance); ${ONE_OF}`]);
    });

    it('rejects a step with no action key', () => {
      // given
      const text = withSteps('  - variables: { approved: true }');
      // when / then
      expect(problemsOf(text)).to.deep.equal([`steps[0]: no action key; ${ONE_OF}`]);
    });
  });

  describe('required keys', () => {
    it('requires name, bpmn and start', () => {
      // given
      const text = 'steps: []';
      // when / then
      expect(problemsOf(text)).to.deep.equal(['name: required', 'bpmn: required', 'start: required']);
    });

    it('requires start.at', () => {
      // given
      const text = ['name: review', 'bpmn: ./review.bpmn', 'start:', '  variables: { amount: 5 }'].join('\n');
      // when / then
      expect(problemsOf(text)).to.deep.equal(['start.at: required']);
    });

    it('rejects an empty name', () => {
      // given
      const text = ['name: ""', 'bpmn: ./review.bpmn', 'start: { at: "2025-03-03T08:00:00+07:00" }'].join('\n');
      // when / then
      expect(problemsOf(text)).to.deep.equal(['name: must not be empty']);
    });
  });

  describe('values', () => {
    it('rejects a duration that is not ISO 8601', () => {
      // given
      const text = withSteps('  - advance: 2h', '  - advance: P1.5D');
      // when / then
      expect(problemsOf(text)).to.deep.equal([
        'steps[0].advance: must be an ISO 8601 duration (e.g. PT2H) or { workingDays: N }, found "2h"',
        'steps[1].advance: must be an ISO 8601 duration (e.g. PT2H) or { workingDays: N }, found "P1.5D"',
      ]);
    });

    it('rejects advance given as a number', () => {
      // given
      const text = withSteps('  - advance: 3');
      // when / then
      expect(problemsOf(text)).to.deep.equal(['steps[0].advance: must be an ISO 8601 duration (e.g. PT2H) or { workingDays: N }, found 3']);
    });

    it('accepts the durations a timer accepts, fractions of hours included', () => {
      // given
      const text = withSteps('  - advance: PT1.5H', '  - advance: P1M2DT30M', '  - advance: P2W', '  - advance: { workingDays: 0 }');
      // when
      const scenario = parseScenario(text, FILE);
      // then
      expect(scenario.steps.map((step) => (step.action === 'advance' ? step.by : undefined))).to.deep.equal([
        'PT1.5H',
        'P1M2DT30M',
        'P2W',
        { workingDays: 0 },
      ]);
    });

    it('rejects an instant without a time zone offset', () => {
      // given
      const text = ['name: review', 'bpmn: ./review.bpmn', 'start:', '  at: "2025-03-03T08:00:00"'].join('\n');
      // when / then
      expect(problemsOf(text)).to.deep.equal([
        'start.at: must be an instant with a time zone offset, e.g. 2025-03-03T08:00:00+07:00, found "2025-03-03T08:00:00"',
      ]);
    });

    it('rejects an expected due date that is not an instant', () => {
      // given
      const text = withSteps('  - expect:', '      tasks: [{ id: Task_A, due: tomorrow }]');
      // when / then
      expect(problemsOf(text)).to.deep.equal([
        'steps[0].expect.tasks[0].due: must be an instant with a time zone offset, e.g. 2025-03-03T08:00:00+07:00, found "tomorrow"',
      ]);
    });

    it('rejects an unknown calendar, a negative index and a list where a name belongs', () => {
      // given
      const text = [...HEAD, 'calendar: working-days', 'steps:', '  - complete: Task_A', '    index: -1', '  - signal: [Cancel]'].join('\n');
      // when / then
      expect(problemsOf(text)).to.deep.equal([
        'calendar: must be one of calendar-days, vn, or a calendar file such as ./lich-2028.json, found "working-days"',
        'steps[0].index: must be 0 or more, found -1',
        'steps[1].signal: must be a signal name, found a list',
      ]);
    });

    it('rejects a document that is not a mapping', () => {
      // given / when / then
      expect(problemsOf('- name: review')).to.deep.equal(['(root): must be a mapping (name, bpmn, start, steps, …), found a list']);
    });
  });

  describe('files', () => {
    it('names the file in the error message', () => {
      // given
      const text = [...HEAD, 'calender: vn'].join('\n');
      // when
      let message = '';
      try {
        parseScenario(text, FILE);
      } catch (error) {
        message = (error as Error).message;
      }
      // then
      expect(message).to.equal('/specs/review.scenario.yaml: calender: unknown key');
    });

    it('reports bad YAML with its line and column', () => {
      // given a duplicate key
      const text = [...HEAD, 'name: again'].join('\n');
      // when / then
      expect(problemsOf(text)).to.deep.equal(['bad YAML: Map keys must be unique at line 5, column 1']);
    });

    it('reads JSON when the file is .json, and reports bad JSON', () => {
      // given
      const json = JSON.stringify({ name: 'review', bpmn: './review.bpmn', start: { at: '2025-03-03T08:00:00Z' }, steps: [{ signal: 'Cancel' }] });
      // when
      const scenario = parseScenario(json, '/specs/review.scenario.json');
      // then
      expect(scenario.steps).to.deep.equal([{ action: 'signal', name: 'Cancel', variables: undefined }]);
      expect(() => parseScenario('{ "name": ', '/specs/bad.scenario.json')).to.throw(ScenarioInputError, /^\/specs\/bad\.scenario\.json: bad JSON: /);
    });
  });

  describe('normalised scenario', () => {
    it('turns the example of SCENARIOS.md into one typed step per action, paths resolved', () => {
      // given
      const text = [
        'name: non-interrupting timer adds a reminder task',
        'bpmn: ./reminder.bpmn',
        'process: Process_1',
        'start:',
        '  at: "2025-03-03T08:00:00+07:00"',
        '  variables: { amount: 5 }',
        'steps:',
        '  - complete: Task_Review',
        '    variables: { approved: true }',
        '  - message: PaymentReceived',
        '    variables: { paid: true }',
        '  - signal: Cancel',
        '  - advance: PT2H',
        '  - advance: { workingDays: 3 }',
        '  - at: "2025-03-10T08:00:00+07:00"',
        '  - fail: Task_Send',
        '    retries: 0',
        '  - expect: { ended: true, active: [Task_A, Timer_1] }',
      ].join('\n');
      // when
      const scenario = parseScenario(text, FILE);
      // then
      expect(scenario).to.deep.include({
        name: 'non-interrupting timer adds a reminder task',
        bpmn: '/specs/reminder.bpmn',
        deploy: [],
        process: 'Process_1',
        calendar: 'calendar-days',
      });
      expect(scenario.start).to.deep.equal({ at: '2025-03-03T08:00:00+07:00', variables: { amount: 5 }, message: undefined, extra: {} });
      expect(scenario.steps).to.deep.equal([
        { action: 'complete', element: 'Task_Review', variables: { approved: true }, index: undefined },
        { action: 'message', name: 'PaymentReceived', variables: { paid: true } },
        { action: 'signal', name: 'Cancel', variables: undefined },
        { action: 'advance', by: 'PT2H' },
        { action: 'advance', by: { workingDays: 3 } },
        { action: 'at', instant: '2025-03-10T08:00:00+07:00' },
        { action: 'fail', element: 'Task_Send', retries: 0, index: undefined },
        { action: 'expect', expect: { ended: true, active: ['Task_A', 'Timer_1'] } },
      ]);
    });

    it('keeps instants as written (YAML does not turn them into dates) and defaults fail retries to 0', () => {
      // given an unquoted instant
      const text = ['name: r', 'bpmn: r.bpmn', 'start:', '  at: 2025-03-03T08:00:00+07:00', 'steps:', '  - fail: Task_Send'].join('\n');
      // when
      const scenario = parseScenario(text, FILE);
      // then
      expect(scenario.start.at).to.equal('2025-03-03T08:00:00+07:00');
      expect(scenario.steps[0]).to.deep.equal({ action: 'fail', element: 'Task_Send', retries: 0, index: undefined });
    });
  });
});
