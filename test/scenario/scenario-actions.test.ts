import { expect } from 'chai';
import type { BusinessCalendar } from '../../engine/bpmn/timers/calendar.ts';
import type { EngineApi } from '../../engine/runtime/api.ts';
import { ManualClock } from '../../engine/scenario/manual-clock.ts';
import { performAction, type ScenarioRun } from '../../engine/scenario/scenario-actions.ts';

const T0 = Date.parse('2025-03-03T08:00:00+07:00');
const HOUR = 3_600_000;

/**
 * Just enough of an engine to watch the clock loop: timers with due instants, a cycle that
 * re-arms itself from the instant it fires, and a record of the clock each one saw.
 */
class TimerOnlyEngine {
  readonly fired: { name: string; at: number }[] = [];
  timers: { name: string; dueAt: number; every?: number }[] = [];
  stuckAt?: number;

  constructor(private readonly clock: ManualClock) {}

  async nextDueAt(): Promise<number | undefined> {
    const dues = this.timers.map((timer) => timer.dueAt);
    if (this.stuckAt !== undefined) dues.push(this.stuckAt);
    return dues.length > 0 ? Math.min(...dues) : undefined;
  }

  async runDueJobs(): Promise<number> {
    let ran = 0;
    for (;;) {
      const due = this.timers.filter((timer) => timer.dueAt <= this.clock.now()).sort((a, b) => a.dueAt - b.dueAt)[0];
      if (!due) return ran;
      this.fired.push({ name: due.name, at: this.clock.now() });
      this.timers = this.timers.filter((timer) => timer !== due);
      if (due.every) this.timers.push({ ...due, dueAt: this.clock.now() + due.every });
      ran++;
    }
  }
}

function setUp(): { run: ScenarioRun; engine: TimerOnlyEngine; clock: ManualClock } {
  const clock = new ManualClock(T0);
  const engine = new TimerOnlyEngine(clock);
  const calendar = {
    id: 'test',
    addDuration: (from: number, iso: string) => from + (iso === 'PT2H30M' ? 2.5 * HOUR : Number.NaN),
    addWorkingDays: (from: number, days: number) => from + days * 24 * HOUR,
    addWorkingHours: () => Number.NaN,
  } satisfies BusinessCalendar;
  const run: ScenarioRun = {
    engine: engine as unknown as EngineApi,
    clock,
    calendar,
    rootId: 'i-1',
    startAt: '2025-03-03T08:00:00+07:00',
    locks: new Map(),
  };
  return { run, engine, clock };
}

describe('engine/scenario - scenario-actions', () => {
  describe('advance', () => {
    it('fires every timer on the way in due order, each with the clock at its own due instant, then lands on the target', async () => {
      // given timers written out of order, and an hourly cycle
      const { run, engine, clock } = setUp();
      engine.timers = [
        { name: 'Timer_B', dueAt: T0 + 2 * HOUR },
        { name: 'Timer_A', dueAt: T0 + HOUR / 2 },
        { name: 'Timer_Cycle', dueAt: T0 + HOUR, every: HOUR },
        { name: 'Timer_Later', dueAt: T0 + 3 * HOUR },
      ];
      // when
      const mismatch = await performAction(run, { action: 'advance', by: 'PT2H30M' });
      // then
      expect(mismatch).to.equal(undefined);
      expect(engine.fired).to.deep.equal([
        { name: 'Timer_A', at: T0 + HOUR / 2 },
        { name: 'Timer_Cycle', at: T0 + HOUR },
        { name: 'Timer_B', at: T0 + 2 * HOUR },
        { name: 'Timer_Cycle', at: T0 + 2 * HOUR },
      ]);
      expect(clock.now()).to.equal(T0 + 2.5 * HOUR);
      expect(engine.timers.map((timer) => timer.name).sort()).to.deep.equal(['Timer_Cycle', 'Timer_Later']);
    });

    it('moves by working days through the scenario calendar', async () => {
      // given
      const { run, clock } = setUp();
      // when
      await performAction(run, { action: 'advance', by: { workingDays: 2 } });
      // then
      expect(clock.now()).to.equal(T0 + 48 * HOUR);
    });

    it('fails the step, instead of looping forever, when a due job never runs', async () => {
      // given
      const { run, engine } = setUp();
      engine.stuckAt = T0 + HOUR;
      // when
      const mismatch = await performAction(run, { action: 'advance', by: 'PT2H30M' });
      // then
      expect(mismatch?.expectation).to.equal('advance');
      expect(mismatch?.message).to.equal(
        'jobs due at 2025-03-03T09:00:00+07:00 do not run (or keep falling due at the same instant): the clock cannot move past them',
      );
    });
  });

  describe('at', () => {
    it('fires the timers due up to the instant, whatever its offset', async () => {
      // given
      const { run, engine, clock } = setUp();
      engine.timers = [{ name: 'Timer_A', dueAt: T0 + HOUR }];
      // when
      const mismatch = await performAction(run, { action: 'at', instant: '2025-03-03T02:00:00Z' });
      // then
      expect(mismatch).to.equal(undefined);
      expect(engine.fired).to.deep.equal([{ name: 'Timer_A', at: T0 + HOUR }]);
      expect(clock.now()).to.equal(T0 + HOUR);
    });

    it('never moves the clock backwards: a step failure that says where the clock is', async () => {
      // given
      const { run, clock } = setUp();
      clock.set(T0 + 2 * HOUR);
      // when
      const mismatch = await performAction(run, { action: 'at', instant: '2025-03-03T09:00:00+07:00' });
      // then
      expect(mismatch).to.deep.equal({
        expectation: 'at',
        expected: '2025-03-03T10:00:00+07:00 or later',
        found: '2025-03-03T09:00:00+07:00',
        message: 'the clock is at 2025-03-03T10:00:00+07:00; at cannot move it back to 2025-03-03T09:00:00+07:00',
      });
      expect(clock.now()).to.equal(T0 + 2 * HOUR);
    });
  });
});
