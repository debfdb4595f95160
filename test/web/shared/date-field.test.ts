import { expect } from 'chai';
import { parseViDate } from '../../../web/shared/date-field.ts';

describe('web/shared/date-field parseViDate', () => {
  it('reads dd/MM/yyyy as the ISO date, one-digit day and month too', () => {
    // given dates as agencies write them, then their ISO form
    expect(parseViDate('05/10/2026')).to.equal('2026-10-05');
    expect(parseViDate(' 5/1/2027 ')).to.equal('2027-01-05');
    expect(parseViDate('29/02/2028')).to.equal('2028-02-29');
  });

  it('refuses what is not a day: another order, a day that does not exist, other separators', () => {
    // given texts that are not a dd/MM/yyyy day, then none is read
    for (const text of ['10/32/2026', '31/04/2026', '29/02/2027', '2026-10-05', '05.10.2026', '05/10/26', '', 'hôm nay']) {
      expect(parseViDate(text), text).to.equal(null);
    }
  });
});
