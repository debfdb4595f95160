import { expect } from 'chai';
import { compileExpression } from '../../../engine/bpmn/expressions/compiled-expression.ts';

describe('engine/bpmn/expressions/compiled-expression', () => {
  it('compiles a JUEL text once and reuses the compiled form', () => {
    // given
    const first = compileExpression('juel', '${approved == true}');

    // when
    const second = compileExpression('juel', ['${approved', ' == true}'].join(''));

    // then
    expect(second).to.equal(first);
  });

  it('keeps the languages apart for the same text', () => {
    // given / when
    const asJuel = compileExpression('juel', 'amount');
    const asFeel = compileExpression('feel', 'amount');

    // then
    expect(asJuel).to.not.equal(asFeel);
  });

  it('caches a text that does not parse, with its message', () => {
    // given
    const first = compileExpression('feel', '=a +');

    // when
    const second = compileExpression('feel', '=a +');

    // then
    expect(second).to.equal(first);
    expect(first.invalid).to.contain('Invalid FEEL expression =a +');
  });
});
