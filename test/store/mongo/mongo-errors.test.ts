import { expect } from 'chai';
import { ErrorCode, MotcuaError, isMotcuaError } from '../../../engine/errors.ts';
import { translated } from '../../../engine/store/mongo/mongo-errors.ts';

/** An error shaped as the MongoDB driver shapes it (these tests need no server). */
function driverError(name: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), { name, ...fields });
}

describe('engine/store/mongo/mongo-errors', function () {
  it('turns an unreachable server, a failover or a transaction left in doubt into STORE_UNAVAILABLE', function () {
    // given errors the driver raises after connect when the replica set is out of reach or in transition
    const errors = [
      driverError('MongoNetworkError'),
      driverError('MongoServerSelectionError'),
      driverError('MongoServerError', { code: 10107, codeName: 'NotWritablePrimary' }),
      driverError('MongoServerError', { code: 11602, codeName: 'InterruptedDueToReplStateChange' }),
      driverError('MongoWriteConcernError', { writeConcernError: { code: 91 } }),
      driverError('MongoServerError', { code: 112, errorLabels: ['TransientTransactionError'] }),
    ];
    // then each becomes STORE_UNAVAILABLE, keeping the driver's error as its cause
    for (const error of errors) {
      const result = translated(error);
      expect(isMotcuaError(result, ErrorCode.StoreUnavailable), error.name).to.equal(true);
      expect((result as { cause?: unknown }).cause).to.equal(error);
    }
  });

  it('leaves other errors as they are: a refused document, a duplicate key, our own typed errors', function () {
    // given
    const duplicate = driverError('MongoServerError', { code: 11000 });
    const ours = new MotcuaError(ErrorCode.VersionConflict, 'instance i1 is no longer at revision 1');
    const bug = new TypeError('x is undefined');
    // then
    expect(translated(duplicate)).to.equal(duplicate);
    expect(translated(ours)).to.equal(ours);
    expect(translated(bug)).to.equal(bug);
  });
});
