import { expect } from 'chai';
import { checkVariables, MAX_VARIABLE_BYTES, MAX_VARIABLE_DEPTH } from '../../engine/runtime/check-variables.ts';
import { ErrorCode, MotcuaError } from '../../engine/errors.ts';

/** The error `checkVariables` throws for these variables, or undefined when it accepts them. */
function refusal(variables: unknown, field?: string): MotcuaError | undefined {
  try {
    checkVariables(variables, field);
    return undefined;
  } catch (error) {
    if (error instanceof MotcuaError) return error;
    throw error;
  }
}

function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < levels; i++) value = { next: value };
  return value;
}

describe('engine/runtime/check-variables', () => {
  it('accepts plain JSON: texts, numbers, booleans, null, lists, mappings, and absent (undefined) values', () => {
    // given the data a dossier carries
    const variables = { name: 'Nguyễn Văn A', amount: 1.5, paid: false, note: null, skipped: undefined, documents: [{ name: 'CCCD', pages: 2 }], deep: nested(MAX_VARIABLE_DEPTH) };
    // when / then
    expect(refusal(variables)).to.equal(undefined);
  });

  it('refuses what JSON cannot keep, naming the variable by its path', () => {
    // given one bad value at a time, where it sits
    const cycle: Record<string, unknown> = { name: 'a' };
    cycle.self = cycle;
    const cases: [unknown, string, RegExp][] = [
      [{ amount: 10n }, 'variables.amount', /BigInt/],
      [{ callback: () => 1 }, 'variables.callback', /is a function/],
      [{ applicant: { age: Number.NaN } }, 'variables.applicant.age', /NaN cannot be stored/],
      [{ fee: { items: [1, Infinity] } }, 'variables.fee.items[1]', /Infinity cannot be stored/],
      [{ applicant: cycle }, 'variables.applicant.self', /cycle/],
      [{ at: new Date(0) }, 'variables.at', /a Date object: pass plain data/],
      [{ ids: new Set([1]) }, 'variables.ids', /a Set object/],
      [{ tag: Symbol('x') }, 'variables.tag', /symbol/],
    ];
    for (const [variables, field, message] of cases) {
      // when it is checked
      const error = refusal(variables);
      // then it is INVALID_INPUT naming that path
      expect(error, field).to.be.instanceOf(MotcuaError);
      expect(error).to.include({ code: ErrorCode.InvalidInput, field });
      expect(error!.message, field).to.match(message);
    }
  });

  it(`refuses nesting deeper than ${MAX_VARIABLE_DEPTH} levels, even 10 000 levels, without overflowing the stack`, () => {
    // given objects one level too deep, and far too deep
    // when they are checked
    const tooDeep = refusal({ data: nested(MAX_VARIABLE_DEPTH + 1) });
    const abyss = refusal({ data: nested(10_000) });
    // then both are refused, naming the variable
    expect(tooDeep).to.include({ code: ErrorCode.InvalidInput });
    expect(tooDeep!.field).to.match(/^variables\.data(\.next)+$/);
    expect(abyss!.message).to.contain(`nests deeper than ${MAX_VARIABLE_DEPTH} levels`);
  });

  it(`refuses one variable over ${MAX_VARIABLE_BYTES} bytes as JSON, and a mapping that is not one`, () => {
    // given a 1 MiB text, and a list where a mapping belongs
    const big = { scan: 'x'.repeat(MAX_VARIABLE_BYTES) };
    // when they are checked
    // then each is refused saying why
    expect(refusal(big)).to.include({ field: 'variables.scan' });
    expect(refusal(big)!.message).to.match(/over the 1048576-byte limit of one variable/);
    expect(refusal([1, 2])).to.include({ field: 'variables' });
    expect(refusal({ applicant: { name: 'A', age: Number.NaN } }, '')).to.include({ field: 'applicant.age' });
  });
});
