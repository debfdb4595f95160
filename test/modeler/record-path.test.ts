import { expect } from 'chai';
import { getPath, pathParts, setPath } from '../../modeler/src/record/record-path.ts';

describe('modeler/src/record/record-path: the field paths of the server problems', () => {
  it('splits a path into keys and indexes', () => {
    expect(pathParts('ways[0].deadline.unit')).to.deep.equal(['ways', 0, 'deadline', 'unit']);
    expect(pathParts('name')).to.deep.equal(['name']);
  });

  it('reads a nested value, undefined where the path leads nowhere', () => {
    const record = { ways: [{ deadline: { value: 3, unit: 'WORKING_DAYS' } }] };
    expect(getPath(record, 'ways[0].deadline.unit')).to.equal('WORKING_DAYS');
    expect(getPath(record, 'ways[1].deadline.unit')).to.equal(undefined);
  });

  it('writes a value creating objects and lists on the way, and deletes for undefined', () => {
    // given a record without fees or extensions
    const record: Record<string, unknown> = { ways: [{ channel: 1 }] };
    // when fields are set and one cleared
    setPath(record, 'ways[0].fee.amount', 8000);
    setPath(record, 'extensions[0].max.value', 5);
    setPath(record, 'ways[0].channel', undefined);
    // then the record holds exactly that
    expect(record).to.deep.equal({ ways: [{ fee: { amount: 8000 } }], extensions: [{ max: { value: 5 } }] });
  });
});
