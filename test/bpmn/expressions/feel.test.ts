import { expect } from 'chai';
import {
  checkExpression,
  evaluateCondition,
  evaluateExpression,
  lookupFrom,
  parseExpression,
  type ExpressionFunctions,
} from '../../../engine/bpmn/expressions/index.ts';
import { ErrorCode, MotcuaError } from '../../../engine/errors.ts';

const variables = lookupFrom({
  amount: 150,
  status: 'ok',
  dossier: { applicant: { name: 'Trần Thị B' }, fees: [10, 20, 30] },
});

const functions: ExpressionFunctions = {
  now: () => '2026-03-02T01:00:00.000Z',
  workingDays: (days) => `+${String(days)}WD`,
  sum: (...values) => values.reduce((total: number, value) => total + Number(value), 0),
};

function feel(text: string, fns: ExpressionFunctions = functions): unknown {
  return evaluateExpression(parseExpression(text), variables, fns, { elementId: 'Task_1' });
}

describe('engine/bpmn/expressions - feel', () => {
  it('evaluates arithmetic, comparison and logic on variables', () => {
    // given / when / then
    expect(feel('=amount * 2 + 1')).to.equal(301);
    expect(feel('=amount > 100 and status = "ok"')).to.equal(true);
    expect(feel('=if amount > 1000 then "big" else "small"')).to.equal('small');
    expect(feel('="Hồ sơ " + status')).to.equal('Hồ sơ ok');
  });

  it('follows a context path into nested objects and lists', () => {
    // given / when / then
    expect(feel('=dossier.applicant.name')).to.equal('Trần Thị B');
    expect(feel('=dossier.fees[2]')).to.equal(20);
    expect(feel('=sum(dossier.fees[1], dossier.fees[3])')).to.equal(40);
  });

  it('calls functions supplied by the caller, positionally and with several arguments', () => {
    // given / when / then
    expect(feel('=workingDays(3)')).to.equal('+3WD');
    expect(feel('=sum(1, 2, amount)')).to.equal(153);
  });

  it('answers now() from the caller, never from the machine clock, and returns ISO text', () => {
    // given / when / then
    expect(feel('=now()')).to.equal('2026-03-02T01:00:00Z');
    expect(feel('=now() + duration("P1D")')).to.equal('2026-03-03T01:00:00Z');
    expect(() => feel('=now()', {})).to.throw(MotcuaError, 'now() is not available');
    expect(() => feel('=today()', {})).to.throw(MotcuaError, 'today() is not available');
  });

  it('evaluates text written with language feel but without the leading =', () => {
    // given
    const source = { text: 'amount < 200', language: 'feel' } as const;

    // when / then
    expect(evaluateExpression(source, variables)).to.equal(true);
  });

  it('yields null for a missing variable, as Camunda 8 does', () => {
    // given / when / then
    expect(feel('=reviewer')).to.equal(null);
  });

  it('reaches no prototype member or wrapped JS function', () => {
    // given / when / then
    expect(feel('=dossier.constructor')).to.equal(null);
    expect(feel('=dossier.__proto__')).to.equal(null);
    expect(feel('=workingDays.fn.constructor')).to.equal(null);
  });

  it('is a condition when it yields a boolean', () => {
    // given
    const source = parseExpression('=amount >= 150');

    // when / then
    expect(evaluateCondition(source, variables, functions, { elementId: 'Flow_1' })).to.equal(true);
  });

  it('fails a condition that yields null, repeating FEEL\'s warning', () => {
    // given
    const source = parseExpression('=missing > 1');

    // when
    const attempt = () => evaluateCondition(source, variables, functions, { elementId: 'Flow_2', elementType: 'bpmn:SequenceFlow' });

    // then
    expect(attempt)
      .to.throw(MotcuaError, "Condition =missing > 1 must evaluate to a boolean, but returned null; FEEL reported: Variable 'missing' not found")
      .with.property('elementId', 'Flow_2');
  });

  it('reports a failing caller function with the expression', () => {
    // given
    const fns: ExpressionFunctions = {
      deadline: () => {
        throw new Error('no calendar');
      },
    };

    // when / then
    expect(() => feel('=deadline()', fns))
      .to.throw(MotcuaError, 'Error while evaluating expression: =deadline(). Cause: function deadline() failed: no calendar')
      .with.property('code', ErrorCode.ExpressionFailed);
  });

  it('reports syntax errors in checkExpression with the column in the text as written', () => {
    // given / when / then
    expect(checkExpression(parseExpression('=amount +'))).to.equal(
      'Invalid FEEL expression =amount +: the FEEL expression is incomplete (column 9)',
    );
    expect(checkExpression(parseExpression('=amount +* 2'))).to.equal(
      "Invalid FEEL expression =amount +* 2: unexpected '*' in the FEEL expression (column 10)",
    );
    expect(checkExpression(parseExpression('='))).to.contain('the FEEL expression is empty');
    expect(checkExpression(parseExpression('=for x in fees return x * 2'))).to.equal(undefined);
  });

  it('fails evaluation of an invalid FEEL expression with the same message', () => {
    // given / when / then
    expect(() => feel('=amount +'))
      .to.throw(MotcuaError, 'Invalid FEEL expression =amount +')
      .with.property('code', ErrorCode.ExpressionFailed);
  });
});
