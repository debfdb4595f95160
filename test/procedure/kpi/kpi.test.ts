import { expect } from 'chai';
import { counterReaderOf, MemoryCounters } from '../../../engine/procedure/kpi/counter-reader.ts';
import { kpiCounters } from '../../../engine/procedure/kpi/kpi-counters.ts';
import {
  averageProcessingTime,
  digitisationRate,
  emptyTally,
  indicators,
  onlineRate,
  onTimeRate,
  reuseRate,
} from '../../../engine/procedure/kpi/kpi-formulas.ts';
import { kpiKey, KpiMetric, parseKpiKey } from '../../../engine/procedure/kpi/kpi-keys.ts';
import { inProgressAt, KpiService, periodRange } from '../../../engine/procedure/kpi/KpiService.ts';
import { deskInput, type Harness, startHarness } from '../support/engine-harness.ts';
import { sampleDossier, vn } from '../support/sample-dossier.ts';

const A = { period: '2026-10', agency: '000.00.53.H48', procedure: '2.000488' };

/** A hand-made month for agency A: the numbers the formulas are checked against. */
function handMadeCounters(): MemoryCounters {
  const counters = new MemoryCounters();
  const bump = (channel: number, metric: KpiMetric, amount: number, dims = A) => counters.bump({ [kpiKey({ ...dims, channel }, metric)]: amount });
  bump(1, KpiMetric.Received, 3);
  bump(2, KpiMetric.Received, 5);
  bump(2, KpiMetric.ReceivedOnline, 5);
  bump(1, KpiMetric.Finished, 2);
  bump(1, KpiMetric.FinishedEarly, 1);
  bump(1, KpiMetric.FinishedLate, 1);
  bump(2, KpiMetric.Finished, 4);
  bump(2, KpiMetric.FinishedEarly, 2);
  bump(2, KpiMetric.FinishedOnTime, 2);
  bump(1, KpiMetric.ProcessingDays, 14);
  bump(2, KpiMetric.ProcessingDays, 16);
  bump(1, KpiMetric.ProcessingMinutes, 6300);
  bump(2, KpiMetric.ProcessingMinutes, 7200);
  bump(1, KpiMetric.Components, 8);
  bump(2, KpiMetric.Components, 12);
  bump(1, KpiMetric.ComponentsDigitised, 4);
  bump(2, KpiMetric.ComponentsDigitised, 10);
  bump(2, KpiMetric.ComponentsReused, 5);
  bump(1, KpiMetric.Results, 2);
  bump(2, KpiMetric.Results, 4);
  bump(2, KpiMetric.ResultsElectronic, 4);
  // another agency and another month, which the filters must leave out
  bump(1, KpiMetric.Received, 100, { ...A, agency: 'G09.20' });
  bump(1, KpiMetric.Received, 100, { ...A, period: '2026-09' });
  return counters;
}

describe('engine/procedure/kpi', () => {
  it('lays counter keys out as kpi/<period>/<agency>/<procedure>/<channel>/<metric>, and reads them back', () => {
    // given the dimensions of one counter
    const key = kpiKey({ ...A, channel: 2 }, KpiMetric.ReceivedOnline);
    // when written and parsed
    // then the key is readable and the dimensions come back
    expect(key).to.equal('kpi/2026-10/000.00.53.H48/2.000488/2/receivedOnline');
    expect(parseKpiKey(key)).to.deep.equal({ dimensions: { ...A, channel: 2 }, metric: 'receivedOnline' });
    expect(parseKpiKey('dossier:000.00.53.H48:261005')).to.equal(undefined);
  });

  it('counts an acceptance: received, online, components, digitised and reused, in the month of the acceptance', () => {
    // given an online dossier with one digitised and one reused component, accepted (late) on 01/12 at 00:30 Hà Nội time
    const dossier = sampleDossier({ channel: 2, acceptedLate: true });
    // when its acceptance is counted
    const counters = kpiCounters(dossier, { kind: 'accepted' }, vn('2026-12-01T00:30'), 'Asia/Ho_Chi_Minh');
    // then it counts in December (in UTC it would still be 30/11), with each metric of an acceptance
    const prefix = 'kpi/2026-12/000.00.53.H48/2.000488/2/';
    expect(counters).to.deep.equal({
      [`${prefix}received`]: 1,
      [`${prefix}receivedOnline`]: 1,
      [`${prefix}acceptedLate`]: 1,
      [`${prefix}components`]: 2,
      [`${prefix}componentsDigitised`]: 1,
      [`${prefix}componentsReused`]: 1,
    });
  });

  it('computes 2a, 2b, 3c and 4b on a hand-computed month', async () => {
    // given agency A's October: 8 received (5 online), 6 ended (3 early, 2 on time, 1 late), 1 running on time, 1 overdue
    const service = new KpiService(handMadeCounters());
    // when the indicators are computed
    const tally = await service.tally({ periods: ['2026-10'], agency: A.agency });
    const inProgress = { onTime: 1, overdue: 1 };
    // then 2a = (3 + 2 + 1) / (6 + 2) = 75 %, or 5/6 over ended dossiers only
    expect(onTimeRate(tally, inProgress)).to.equal(0.75);
    expect(onTimeRate(tally)).to.equal(5 / 6);
    // 2b = 30 working days / 6 = 5 days; 13 500 office minutes / 6 = 37.5 hours
    expect(averageProcessingTime(tally)).to.deep.equal({ workingDays: 5, workingHours: 37.5 });
    // 3c = 5 / 8 online
    expect(onlineRate(tally)).to.equal(0.625);
    // 4b = (14 digitised components + 4 electronic results) / (20 components + 6 results)
    expect(digitisationRate(tally)).to.equal(18 / 26);
    // 4c = 5 reused / 20 components
    expect(reuseRate(tally)).to.equal(0.25);
  });

  it('filters by channel and procedure, sums periods, and gives no rate without data', async () => {
    // given the same counters
    const service = new KpiService(handMadeCounters());
    // when only the online channel is asked, then September to October for every agency, then an empty month
    const online = await service.indicators({ periods: ['2026-10'], agency: A.agency, channel: 2 });
    const twoMonths = await service.tally({ periods: periodRange('2026-09', '2026-10') });
    const empty = await service.indicators({ periods: ['2027-01'] });
    // then the online share is 100 %, the months add up, and an empty month has counts of 0 and no rates
    expect([online.tally.received, online.onlineRate, online.onTimeRate]).to.deep.equal([5, 1, 1]);
    expect(twoMonths.received).to.equal(208);
    expect(periodRange('2026-11', '2027-02')).to.deep.equal(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(empty).to.deep.equal({ tally: emptyTally() });
  });

  describe('fed by the engine commits', () => {
    let harness: Harness;
    afterEach(async () => harness?.close());

    /** make the result ready at `finish` (Hà Nội) */
    async function finish(instanceId: string, at: string): Promise<void> {
      harness.at(at);
      await harness.complete(instanceId, 'Task_ThamDinh', { canBoSung: false });
      await harness.complete(instanceId, 'Task_PheDuyet');
    }

    it('counts in each commit and reads it back from the SQLite store: 5 submitted, 1 refused, 4 received (2 online), early / on time / late, 1 overdue', async () => {
      // given the 3-working-day procedure 1.001612: five dossiers, one refused, four accepted Mon 05/10 09:00 (due Thu 08/10 17:00)
      harness = await startHarness({ countCommits: true });
      const received = [];
      for (const channel of [1, 2, 1, 1, 2] as const) received.push(await harness.service.receive({ ...deskInput('1.001612'), channel }));
      harness.at('2026-10-05T09:00');
      for (const [i, item] of received.entries()) await harness.complete(item.instanceId, 'Task_KiemTra', { hopLe: i !== 3 });
      // when three end (Tue early, Thu on time, Fri late) and one stays open
      await finish(received[0].instanceId, '2026-10-06T10:00');
      await finish(received[1].instanceId, '2026-10-08T16:00');
      await finish(received[2].instanceId, '2026-10-09T08:00');
      const service = new KpiService(counterReaderOf(harness.engine.store));
      const tally = await service.tally({ periods: ['2026-10'], agency: '000.00.53.H48', procedure: '1.001612' });
      const running = await inProgressAt(harness.engine.store, vn('2026-11-01T00:00'), { agency: '000.00.53.H48' });
      // then the store holds exactly what the commits bumped (its dossier code sequences are no KPI counters)
      expect(await harness.engine.store.countersWithPrefix('kpi/')).to.deep.equal(await harness.counters.countersWithPrefix(''));
      expect(await service.tally({ periods: ['2026-09', '2026-11'] })).to.deep.equal(emptyTally());
      // the counters match the history, and the indicators follow
      expect(tally).to.deep.include({ submitted: 5, refused: 1, received: 4, receivedOnline: 2, finished: 3, finishedEarly: 1, finishedOnTime: 1, finishedLate: 1, results: 3, resultsElectronic: 3 });
      expect(running).to.deep.equal({ onTime: 0, overdue: 1 });
      const computed = indicators(tally, running);
      expect(computed.onTimeRate).to.equal(2 / 4);
      expect(computed.onlineRate).to.equal(2 / 4);
      // the three ended after 1, 3 and 4 working days
      expect(computed.averageProcessingTime?.workingDays).to.equal(8 / 3);
    });
  });
});
