import { expect } from 'chai';
import { timeOrderedId } from '../../engine/runtime/instance-id.ts';

describe('instance ids', () => {
  it('are RFC 9562 version 7 UUIDs carrying the creation millisecond', () => {
    const before = Date.now();
    const id = timeOrderedId();
    const after = Date.now();
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const millis = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(millis).to.be.within(before, after);
  });

  it('sort by creation time across milliseconds, and never repeat', async () => {
    const first = Array.from({ length: 1000 }, () => timeOrderedId());
    await new Promise((resolve) => setTimeout(resolve, 2));
    const later = timeOrderedId();
    for (const id of first) expect(id < later, `${id} < ${later}`).to.equal(true);
    expect(new Set([...first, later]).size).to.equal(1001);
  });
});
