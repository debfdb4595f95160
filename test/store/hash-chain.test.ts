import { expect } from 'chai';
import { EMPTY_HEAD, GENESIS_HASH, canonicalJson, chainEvents, verifyLinks } from '../../engine/store/hash-chain.ts';

describe('engine/store/hash-chain', function () {
  describe('canonicalJson', function () {
    it('sorts keys at every depth and drops undefined members', function () {
      expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: null }, u: undefined })).to.equal('{"a":{"c":null,"d":[3,{"z":1}]},"b":1}');
    });

    it('writes strings and numbers as JSON.stringify does, and undefined array items as null', function () {
      expect(canonicalJson(['Đạt', 'a"b\n', 1e21, 0.1, -0, [undefined]])).to.equal('["Đạt","a\\"b\\n",1e+21,0.1,0,[null]]');
    });

    it('encodes a value the same before and after a JSON round trip', function () {
      // given a value with a Date, which a store gets back as its ISO string
      const value = { when: new Date(Date.UTC(2025, 2, 3)), list: [1, 'x'], nested: { k: true } };
      // then
      expect(canonicalJson(JSON.parse(JSON.stringify(value)))).to.equal(canonicalJson(value));
    });
  });

  describe('chainEvents', function () {
    // a fixed vector: histories already stored must verify with every future release
    it('produces the recorded hashes for a known history', function () {
      // when
      const links = chainEvents('HS-000.00.12.H29-250303-0001', EMPTY_HEAD, [
        { type: 'InstanceStarted', at: '2025-03-03T01:00:00.000Z', by: 'citizen' },
        {
          type: 'TaskCompleted',
          at: '2025-03-04T02:30:00.000Z',
          elementId: 'Task_ThamDinh',
          by: 'chuyenvien.lan',
          data: { ketQua: 'Đạt', soTien: 150000, ghiChu: null },
        },
      ]);
      // then
      expect(links.map((l) => [l.seq, l.prevHash, l.hash])).to.deep.equal([
        [1, GENESIS_HASH, '16d843d3b01a0feb919c6baf3d17098929454850873e19b1faf9905f08d89275'],
        [2, '16d843d3b01a0feb919c6baf3d17098929454850873e19b1faf9905f08d89275', '86220c919d27c45a82bd24f6198558c6ae3b2fbd2d3f61fe96e1dcffaa21057a'],
      ]);
    });

    it('continues from a head', function () {
      // given
      const first = chainEvents('i1', EMPTY_HEAD, [{ type: 'InstanceStarted', at: 'x' }]);
      // when
      const next = chainEvents('i1', { seq: 1, hash: first[0]!.hash }, [{ type: 'TaskCreated', at: 'y' }]);
      // then
      expect(next[0]).to.deep.include({ seq: 2, prevHash: first[0]!.hash });
      expect(verifyLinks('i1', [...first, ...next], { seq: 2, hash: next[0]!.hash })).to.deep.equal([]);
    });
  });

  describe('verifyLinks', function () {
    const links = chainEvents('i1', EMPTY_HEAD, [
      { type: 'InstanceStarted', at: 'a' },
      { type: 'TaskCreated', at: 'b' },
      { type: 'TaskCompleted', at: 'c' },
    ]);
    const head = { seq: 3, hash: links[2]!.hash };

    it('reports an event moved to another instance', function () {
      expect(verifyLinks('i2', links, head).join('\n')).to.match(/event 1 .*altered/);
    });

    it('reports stored text that is not JSON', function () {
      const broken = [links[0]!, { ...links[1]!, event: '{not json' }, links[2]!];
      expect(verifyLinks('i1', broken, head).join('\n')).to.match(/event 2: the stored event is not valid JSON/);
    });

    it('reports events inserted after the recorded head', function () {
      expect(verifyLinks('i1', links, { seq: 2, hash: links[1]!.hash }).join('\n')).to.match(/events after event 2/);
    });
  });
});
