import { expect } from 'chai';
import {
  checkExpression,
  evaluateCondition,
  evaluateExpression,
  lookupFrom,
  parseExpression,
} from '../../../engine/bpmn/expressions/index.ts';
import { ErrorCode, MotcuaError } from '../../../engine/errors.ts';

describe('engine/bpmn/expressions', () => {
  describe('parseExpression', () => {
    it('classifies a leading = as FEEL, keeping the =', () => {
      // given / when / then
      expect(parseExpression('=amount > 5')).to.deep.equal({ text: '=amount > 5', language: 'feel' });
    });

    it('classifies text containing ${ or #{ as JUEL', () => {
      // given / when / then
      expect(parseExpression('${approved}').language).to.equal('juel');
      expect(parseExpression('Hồ sơ #{code}').language).to.equal('juel');
    });

    it('classifies anything else as a literal, including a lone $ or a later =', () => {
      // given / when / then
      expect(parseExpression('P3D').language).to.equal('literal');
      expect(parseExpression('Phí $5').language).to.equal('literal');
      expect(parseExpression('a = b').language).to.equal('literal');
      expect(parseExpression('').language).to.equal('literal');
    });
  });

  describe('literal', () => {
    it('evaluates to its own text and always passes the check', () => {
      // given
      const source = parseExpression('chuyen-vien');

      // when / then
      expect(evaluateExpression(source, lookupFrom({}))).to.equal('chuyen-vien');
      expect(checkExpression(source)).to.equal(undefined);
    });
  });

  describe('evaluateCondition', () => {
    it('returns the boolean of a JUEL condition', () => {
      // given
      const source = parseExpression('${approved == true}');

      // when / then
      expect(evaluateCondition(source, lookupFrom({ approved: true }))).to.equal(true);
      expect(evaluateCondition(source, lookupFrom({ approved: false }))).to.equal(false);
    });

    it('fails when a JUEL condition yields something else, naming the element', () => {
      // given
      const source = parseExpression('${amount}');
      const subject = { elementId: 'Flow_1', elementType: 'bpmn:SequenceFlow', field: 'conditionExpression' };

      // when
      let failure: unknown;
      try {
        evaluateCondition(source, lookupFrom({ amount: 5 }), {}, subject);
      } catch (error) {
        failure = error;
      }

      // then
      expect(failure).to.be.instanceOf(MotcuaError);
      const error = failure as MotcuaError;
      expect(error.code).to.equal(ErrorCode.ExpressionFailed);
      expect(error.message).to.equal('Condition ${amount} must evaluate to a boolean, but returned the number 5');
      expect(error.elementId).to.equal('Flow_1');
      expect(String(error)).to.equal(
        'EXPRESSION_FAILED Flow_1 (bpmn:SequenceFlow): Condition ${amount} must evaluate to a boolean, but returned the number 5',
      );
    });

    it('fails on a literal condition, saying how to write it as an expression', () => {
      // given
      const source = parseExpression('true');

      // when / then
      expect(() => evaluateCondition(source, lookupFrom({}))).to.throw(MotcuaError, 'write ${true} (JUEL) or =true (FEEL)');
    });

    it('does not treat a composite text as a boolean', () => {
      // given
      const source = parseExpression(' ${approved}');

      // when / then
      expect(() => evaluateCondition(source, lookupFrom({ approved: true }))).to.throw(MotcuaError, "returned the text ' true'");
    });
  });

  describe('lookupFrom', () => {
    it('answers from the first record holding the name, including a variable set to null', () => {
      // given
      const lookup = lookupFrom({ a: null }, { a: 1, b: 2 });

      // when / then
      expect(lookup.has('a')).to.equal(true);
      expect(lookup.get('a')).to.equal(null);
      expect(lookup.get('b')).to.equal(2);
      expect(lookup.has('c')).to.equal(false);
      expect(lookup.get('c')).to.equal(undefined);
    });
  });
});
