import { expect } from 'chai';
import { IANAZone } from 'luxon';
import { zoneNamed } from '../../../engine/procedure/calendar/zone-offsets.ts';

describe('zone offsets remembered per quarter hour', () => {
  const MINUTE = 60_000;

  /** every minute from `from` for `minutes` minutes, plus a few odd milliseconds */
  function instants(from: number, minutes: number): number[] {
    const out: number[] = [];
    for (let m = 0; m < minutes; m++) out.push(from + m * MINUTE, from + m * MINUTE + 37_123);
    return out;
  }

  function expectSameAsLuxon(name: string, times: readonly number[]): void {
    const remembered = zoneNamed(name);
    const asked = new IANAZone(name);
    // twice: the second pass is answered from what the first remembered
    for (let pass = 0; pass < 2; pass++) {
      for (const t of times) expect(remembered.offset(t), `${name} at ${new Date(t).toISOString()}`).to.equal(asked.offset(t));
    }
  }

  it('gives luxon’s offsets across daylight-saving transitions', () => {
    // given the hours around Berlin's and New York's spring and autumn changes of 2026
    expectSameAsLuxon('Europe/Berlin', instants(Date.UTC(2026, 2, 29, 0, 0), 3 * 60));
    expectSameAsLuxon('Europe/Berlin', instants(Date.UTC(2026, 9, 25, 0, 0), 3 * 60));
    expectSameAsLuxon('America/New_York', instants(Date.UTC(2026, 2, 8, 6, 0), 2 * 60));
    // Lord Howe moves by half an hour
    expectSameAsLuxon('Australia/Lord_Howe', instants(Date.UTC(2026, 3, 4, 14, 0), 2 * 60));
  });

  it('gives luxon’s offsets around Vietnam’s historical changes, and +7 today', () => {
    // given the 1975 unification (UTC+8 in the south to UTC+7) and the local mean time of 1906
    expectSameAsLuxon('Asia/Ho_Chi_Minh', instants(Date.UTC(1975, 5, 12, 14, 0), 4 * 60));
    expectSameAsLuxon('Asia/Ho_Chi_Minh', instants(Date.UTC(1906, 5, 30, 15, 0), 3 * 60));
    expect(zoneNamed('Asia/Ho_Chi_Minh').offset(Date.UTC(2026, 11, 2))).to.equal(7 * 60);
  });

  it('is one object per zone name, so luxon sees one zone', () => {
    expect(zoneNamed('Asia/Ho_Chi_Minh')).to.equal(zoneNamed('Asia/Ho_Chi_Minh'));
    expect(zoneNamed('Asia/Ho_Chi_Minh').name).to.equal('Asia/Ho_Chi_Minh');
    expect(zoneNamed('Asia/Ho_Chi_Minh').type).to.equal('iana');
  });
});
