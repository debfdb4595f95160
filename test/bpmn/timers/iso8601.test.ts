import { expect } from 'chai';
import { ErrorCode, isMotcuaError } from '../../../engine/errors.ts';
import { addIsoDuration, DEFAULT_ZONE, parseInstant } from '../../../engine/bpmn/timers/index.ts';

const ms = (iso: string): number => Date.parse(iso);

function timerProblem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isMotcuaError(error, ErrorCode.TimerInvalid)) return error.message;
    throw error;
  }
  throw new Error('expected a TIMER_INVALID error');
}

describe('engine/bpmn/timers - iso8601', () => {
  describe('parseInstant', () => {
    it('reads a date-time without an offset in Asia/Ho_Chi_Minh (+07:00) by default', () => {
      // given
      const text = '2025-03-03T08:00:00';
      // when
      const instant = parseInstant(text);
      // then
      expect(DEFAULT_ZONE).to.equal('Asia/Ho_Chi_Minh');
      expect(instant).to.equal(ms('2025-03-03T08:00:00+07:00'));
    });

    it('reads a date-time without an offset in the zone it is given, summer time included', () => {
      // given a July date in Paris, where summer time is +02:00
      const text = '2025-07-01T08:00';
      // when
      const instant = parseInstant(text, 'Europe/Paris');
      // then
      expect(instant).to.equal(ms('2025-07-01T08:00:00+02:00'));
    });

    it('keeps an explicit offset or Z, as produced by workingDays() through toISOString()', () => {
      // given
      const withOffset = '2025-03-03T08:00:00+09:00';
      const utc = new Date(ms('2025-03-06T23:59:59.999+07:00')).toISOString();
      // when / then
      expect(parseInstant(withOffset)).to.equal(ms('2025-03-02T23:00:00Z'));
      expect(parseInstant(utc)).to.equal(ms('2025-03-06T16:59:59.999Z'));
    });

    it('reads a date alone as midnight in the zone', () => {
      // given
      const text = '2025-03-10';
      // when
      const instant = parseInstant(text);
      // then
      expect(instant).to.equal(ms('2025-03-10T00:00:00+07:00'));
    });

    it('returns undefined for text that is no date-time, including a bare time that would mean "today"', () => {
      // given
      const texts = ['08:00', 'tomorrow', '2025-02-30T08:00', '2025-03-03 08:00', '', 'PT10M'];
      // when
      const instants = texts.map((text) => parseInstant(text));
      // then
      expect(instants).to.deep.equal(texts.map(() => undefined));
    });

    it('refuses an unknown zone instead of returning NaN', () => {
      // given
      const zone = 'Asia/Hanoi_City';
      // when / then
      expect(() => parseInstant('2025-03-03T08:00', zone))
        .to.throw(/unknown time zone "Asia\/Hanoi_City": expected an IANA zone name/)
        .with.property('code', ErrorCode.InvalidInput);
    });
  });

  describe('addIsoDuration', () => {
    it('adds P1M to the end of a month as luxon does: to the last day of the shorter month', () => {
      // given
      const jan31 = ms('2025-01-31T10:00:00+07:00');
      const jan31Leap = ms('2024-01-31T10:00:00+07:00');
      const feb29 = ms('2024-02-29T10:00:00+07:00');
      // when / then
      expect(addIsoDuration(jan31, 'P1M')).to.equal(ms('2025-02-28T10:00:00+07:00'));
      expect(addIsoDuration(jan31Leap, 'P1M')).to.equal(ms('2024-02-29T10:00:00+07:00'));
      expect(addIsoDuration(feb29, 'P1Y')).to.equal(ms('2025-02-28T10:00:00+07:00'));
    });

    it('adds every designator of PnYnMnWnDTnHnMnS, weeks and fractional hours included', () => {
      // given
      const from = ms('2025-03-03T08:00:00+07:00');
      // when / then
      expect(addIsoDuration(from, 'P1Y2M3DT4H')).to.equal(ms('2026-05-06T12:00:00+07:00'));
      expect(addIsoDuration(from, 'P2W')).to.equal(ms('2025-03-17T08:00:00+07:00'));
      expect(addIsoDuration(from, 'PT1.5H')).to.equal(ms('2025-03-03T09:30:00+07:00'));
      expect(addIsoDuration(from, 'PT10M30S')).to.equal(ms('2025-03-03T08:10:30+07:00'));
      expect(addIsoDuration(from, 'PT0S')).to.equal(from);
    });

    it('counts days on the wall clock of the zone: P1D keeps 08:00 across a summer-time change, PT24H does not', () => {
      // given the night Paris moves to summer time
      const from = ms('2025-03-29T08:00:00+01:00');
      // when
      const oneDay = addIsoDuration(from, 'P1D', 'Europe/Paris');
      const twentyFourHours = addIsoDuration(from, 'PT24H', 'Europe/Paris');
      // then
      expect(oneDay).to.equal(ms('2025-03-30T08:00:00+02:00'));
      expect(twentyFourHours).to.equal(ms('2025-03-30T09:00:00+02:00'));
    });

    it('rejects what luxon would let through but a timer must not, saying what was expected', () => {
      // given
      const from = ms('2025-03-03T08:00:00+07:00');
      // when / then
      expect(timerProblem(() => addIsoDuration(from, 'P'))).to.match(/"P" is not valid: expected an ISO 8601 duration PnYnMnWnDTnHnMnS/);
      expect(timerProblem(() => addIsoDuration(from, 'PT'))).to.match(/"PT" is not valid: expected/);
      expect(timerProblem(() => addIsoDuration(from, '-P1D'))).to.match(/"-P1D" is negative: expected an ISO 8601 duration/);
      expect(timerProblem(() => addIsoDuration(from, 'P1.5D'))).to.match(/only hours, minutes and seconds may have one \(PT1.5H\).*P1DT12H/);
      expect(timerProblem(() => addIsoDuration(from, 'pt10m'))).to.match(/such as PT10M, P3D, P2W or P1M/);
    });

    it('rejects a duration that lands beyond the dates a timer can hold', () => {
      // given
      const from = ms('2025-03-03T08:00:00+07:00');
      // when
      const message = timerProblem(() => addIsoDuration(from, 'P999999Y'));
      // then
      expect(message).to.match(/"P999999Y" added to 2025-03-03T08:00:00\+07:00 falls outside .*: expected a shorter duration/);
    });
  });
});
