import { expect } from 'chai';
import { displayOf, isoOf } from '../../../web/shared/period-format.ts';

describe('web/shared/period-format: dd/MM/yyyy and MM/yyyy, the way agencies write dates', () => {
  it('reads a day written dd/MM/yyyy (one-digit day and month too) as yyyy-MM-dd', () => {
    // given what a person types / then the API's form
    expect(isoOf('day', '05/10/2026')).to.equal('2026-10-05');
    expect(isoOf('day', ' 5/1/2026 ')).to.equal('2026-01-05');
    expect(isoOf('day', '29/02/2028')).to.equal('2028-02-29');
  });

  it('refuses a day that is not one, or written the American or ISO way', () => {
    expect(isoOf('day', '31/02/2026')).to.equal(undefined);
    expect(isoOf('day', '29/02/2026')).to.equal(undefined);
    expect(isoOf('day', '10/32/2026')).to.equal(undefined);
    expect(isoOf('day', '2026-10-05')).to.equal(undefined);
    for (const text of ['31/04/2026', '05.10.2026', '05/10/26', '', 'hôm nay']) expect(isoOf('day', text), text).to.equal(undefined);
  });

  it('reads a month written MM/yyyy as yyyy-MM and refuses month 13', () => {
    expect(isoOf('month', '10/2026')).to.equal('2026-10');
    expect(isoOf('month', '1/2027')).to.equal('2027-01');
    expect(isoOf('month', '13/2026')).to.equal(undefined);
    expect(isoOf('month', '2026-10')).to.equal(undefined);
  });

  it('shows the ISO values of a link the Vietnamese way', () => {
    expect(displayOf('day', '2026-10-05')).to.equal('05/10/2026');
    expect(displayOf('month', '2026-10')).to.equal('10/2026');
    expect(displayOf('month', '')).to.equal('');
  });
});
