import { expect } from 'chai';
import {
  checkExpression,
  evaluateExpression,
  lookupFrom,
  parseExpression,
  type ExpressionFunctions,
  type VariableLookup,
} from '../../../engine/bpmn/expressions/index.ts';
import { ErrorCode, MotcuaError } from '../../../engine/errors.ts';

const variables = lookupFrom({
  amount: 5,
  count: '7',
  label: 'abc',
  approved: true,
  rejected: false,
  nothing: null,
  code: 'HS-001',
  tags: [],
  applicant: { name: 'Nguyễn Văn A', documents: ['CCCD', 'Đơn'], address: {} },
});

function juel(text: string, lookup: VariableLookup = variables, functions?: ExpressionFunctions): unknown {
  return evaluateExpression(parseExpression(text), lookup, functions, { elementId: 'Task_1', elementType: 'bpmn:UserTask', field: 'assignee' });
}

function failureOf(text: string, functions?: ExpressionFunctions): MotcuaError {
  try {
    juel(text, variables, functions);
  } catch (error) {
    expect(error).to.be.instanceOf(MotcuaError);
    return error as MotcuaError;
  }
  throw new Error(`${text} did not fail`);
}

describe('engine/bpmn/expressions - juel', () => {
  describe('literals and variables', () => {
    it('yields the raw value of a text that is exactly one expression', () => {
      // given / when / then
      expect(juel('${amount}')).to.equal(5);
      expect(juel('${approved}')).to.equal(true);
      expect(juel('${applicant}')).to.deep.include({ name: 'Nguyễn Văn A' });
    });

    it('reads number, string, boolean and null literals', () => {
      // given / when / then
      expect(juel('${42}')).to.equal(42);
      expect(juel('${1.5e2}')).to.equal(150);
      expect(juel('${.5}')).to.equal(0.5);
      expect(juel("${'it\\'s'}")).to.equal("it's");
      expect(juel('${"say \\"hi\\""}')).to.equal('say "hi"');
      expect(juel('${false}')).to.equal(false);
      expect(juel('${null}')).to.equal(null);
    });

    it('accepts #{…} like ${…}', () => {
      // given / when / then
      expect(juel('#{amount + 1}')).to.equal(6);
    });

    it('reads properties with a.b, a[\'b\'] and list items with a[0]', () => {
      // given / when / then
      expect(juel('${applicant.name}')).to.equal('Nguyễn Văn A');
      expect(juel("${applicant['documents'][1]}")).to.equal('Đơn');
      expect(juel('${applicant.documents[amount - 5]}')).to.equal('CCCD');
    });

    it('yields null for a null target, a missing key or an index out of range', () => {
      // given / when / then
      expect(juel('${nothing.anything}')).to.equal(null);
      expect(juel('${applicant.phone}')).to.equal(null);
      expect(juel('${applicant.documents[9]}')).to.equal(null);
    });

    it('fails on an unknown variable with Camunda\'s message, naming the expression and the element', () => {
      // given
      const text = '${reviewer}';

      // when
      const error = failureOf(text);

      // then
      expect(error.code).to.equal(ErrorCode.ExpressionFailed);
      expect(error.message).to.equal("Unknown property used in expression: ${reviewer}. Cause: Cannot resolve identifier 'reviewer'");
      expect(error.elementId).to.equal('Task_1');
      expect(error.field).to.equal('assignee');
      expect(String(error)).to.contain('Task_1 (bpmn:UserTask)');
    });

    it('finds a variable in the first record that has it', () => {
      // given
      const lookup = lookupFrom({ amount: 1 }, { amount: 2, other: 3 });

      // when / then
      expect(juel('${amount + other}', lookup)).to.equal(4);
    });
  });

  describe('arithmetic', () => {
    it('adds, subtracts, multiplies, divides and takes remainders', () => {
      // given / when / then
      expect(juel('${amount + 2}')).to.equal(7);
      expect(juel('${amount - 7}')).to.equal(-2);
      expect(juel('${amount * 3}')).to.equal(15);
      expect(juel('${amount / 2}')).to.equal(2.5);
      expect(juel('${amount div 2}')).to.equal(2.5);
      expect(juel('${amount % 3}')).to.equal(2);
      expect(juel('${amount mod 3}')).to.equal(2);
      expect(juel('${-amount}')).to.equal(-5);
    });

    it('coerces numeric text and null to numbers as EL does', () => {
      // given / when / then
      expect(juel('${count + 1}')).to.equal(8);
      expect(juel('${-count}')).to.equal(-7);
      expect(juel('${nothing + 1}')).to.equal(1);
    });

    it('refuses to add text, pointing to composite expressions instead', () => {
      // given / when
      const error = failureOf("${label + 'x'}");

      // then
      expect(error.message).to.contain("Error while evaluating expression: ${label + 'x'}");
      expect(error.message).to.contain("'+' needs numbers, but got the text 'abc'");
      expect(error.message).to.contain('${a}${b}');
    });

    it('refuses a division by zero', () => {
      // given / when / then
      expect(failureOf('${amount / 0}').message).to.contain('division by zero');
      expect(failureOf('${amount % 0}').message).to.contain('division by zero');
    });

    it('refuses booleans in arithmetic', () => {
      // given / when / then
      expect(failureOf('${approved * 2}').message).to.contain("'*' needs numbers, but got the boolean true");
    });
  });

  describe('comparison and logic', () => {
    it('compares with symbols and with words', () => {
      // given / when / then
      expect(juel('${amount == 5}')).to.equal(true);
      expect(juel('${amount eq 5}')).to.equal(true);
      expect(juel('${amount != 5}')).to.equal(false);
      expect(juel('${amount ne 4}')).to.equal(true);
      expect(juel('${amount < 6 && amount lt 6}')).to.equal(true);
      expect(juel('${amount > 5 || amount gt 5}')).to.equal(false);
      expect(juel('${amount <= 5 and amount le 5}')).to.equal(true);
      expect(juel('${amount >= 6 or amount ge 6}')).to.equal(false);
    });

    it('compares numbers with numeric text, texts by code unit, and null only for equality', () => {
      // given / when / then
      expect(juel("${count == 7}")).to.equal(true);
      expect(juel("${label < 'abd'}")).to.equal(true);
      expect(juel('${nothing == null}')).to.equal(true);
      expect(juel('${nothing < 1}')).to.equal(false);
      expect(juel("${approved == 'TRUE'}")).to.equal(true);
      expect(juel("${applicant.documents == applicant.documents}")).to.equal(true);
    });

    it('negates with ! and not, treating null as false', () => {
      // given / when / then
      expect(juel('${!approved}')).to.equal(false);
      expect(juel('${not rejected}')).to.equal(true);
      expect(juel('${!nothing}')).to.equal(true);
    });

    it('short-circuits && and || so the right side is not evaluated', () => {
      // given / when / then
      expect(juel('${rejected && unknownVariable}')).to.equal(false);
      expect(juel('${approved || unknownVariable}')).to.equal(true);
    });

    it('chooses with the ternary operator, nesting to the right', () => {
      // given / when / then
      expect(juel("${approved ? 'yes' : 'no'}")).to.equal('yes');
      expect(juel("${amount > 10 ? 'big' : amount > 3 ? 'medium' : 'small'}")).to.equal('medium');
    });
  });

  describe('precedence', () => {
    it('binds * before +, + before comparison, comparison before && before ||', () => {
      // given / when / then
      expect(juel('${1 + 2 * 3}')).to.equal(7);
      expect(juel('${(1 + 2) * 3}')).to.equal(9);
      expect(juel('${10 - 4 - 3}')).to.equal(3);
      expect(juel('${amount + 1 > 5 == true}')).to.equal(true);
      expect(juel('${true || false && false}')).to.equal(true);
      expect(juel('${(true || false) && false}')).to.equal(false);
      expect(juel('${-amount * 2}')).to.equal(-10);
      expect(juel('${!rejected == true}')).to.equal(true);
    });
  });

  describe('empty', () => {
    it('is true for null, empty text, empty list, empty map and an unknown variable', () => {
      // given / when / then
      expect(juel('${empty nothing}')).to.equal(true);
      expect(juel("${empty ''}")).to.equal(true);
      expect(juel('${empty tags}')).to.equal(true);
      expect(juel('${empty applicant.address}')).to.equal(true);
      expect(juel('${empty neverSet}')).to.equal(true);
    });

    it('is false for values with content, and combines with not', () => {
      // given / when / then
      expect(juel('${empty label}')).to.equal(false);
      expect(juel('${empty applicant.documents}')).to.equal(false);
      expect(juel('${not empty applicant}')).to.equal(true);
      expect(juel('${amount == 0 ? empty label : !empty label}')).to.equal(true);
    });
  });

  describe('composite texts', () => {
    it('joins literal text and stringified values into one string', () => {
      // given / when / then
      expect(juel('Hồ sơ ${code} cần bổ sung ${amount} giấy tờ')).to.equal('Hồ sơ HS-001 cần bổ sung 5 giấy tờ');
      expect(juel('${amount}${count}')).to.equal('57');
      expect(juel(' ${amount} ')).to.equal(' 5 ');
    });

    it('renders null as empty text and lists as JSON, and keeps escaped \\${ literal', () => {
      // given / when / then
      expect(juel('[${nothing}]')).to.equal('[]');
      expect(juel('docs: ${applicant.documents}')).to.equal('docs: ["CCCD","Đơn"]');
      expect(juel('\\${code} = ${code}')).to.equal('${code} = HS-001');
    });
  });

  describe('function calls', () => {
    const functions: ExpressionFunctions = {
      now: () => '2026-03-02T01:00:00.000Z',
      workingDays: (days) => `+${String(days)}WD`,
      sum: (...values) => values.reduce((total: number, value) => total + Number(value), 0),
      broken: () => {
        throw new Error('calendar 2031 not loaded');
      },
    };

    it('calls functions supplied by the caller with evaluated arguments', () => {
      // given / when / then
      expect(juel('${now()}', variables, functions)).to.equal('2026-03-02T01:00:00.000Z');
      expect(juel('${workingDays(amount - 2)}', variables, functions)).to.equal('+3WD');
      expect(juel('${sum(1, amount, count)}', variables, functions)).to.equal(13);
      expect(juel('Hạn: ${workingDays(3)}', variables, functions)).to.equal('Hạn: +3WD');
    });

    it('fails on an unknown function, listing the available ones', () => {
      // given / when
      const error = failureOf('${deadline(3)}', functions);

      // then
      expect(error.message).to.contain("unknown function 'deadline'");
      expect(error.message).to.contain('workingDays()');
    });

    it('reports a failing function with its message', () => {
      // given / when
      const error = failureOf('${broken()}', functions);

      // then
      expect(error.code).to.equal(ErrorCode.ExpressionFailed);
      expect(error.message).to.contain('function broken() failed: calendar 2031 not loaded');
    });

    it('refuses method calls on values at parse time', () => {
      // given / when
      const message = checkExpression(parseExpression("${execution.getVariable('x')}"));

      // then
      expect(message).to.contain('methods like a.b() are not supported');
    });
  });

  describe('sandbox', () => {
    it('refuses constructor, __proto__ and prototype written in the text', () => {
      // given
      const texts = ['${applicant.constructor}', '${__proto__}', "${applicant['constructor']}", '${now.prototype}', '${constructor(1)}'];

      // when
      const messages = texts.map((text) => checkExpression(parseExpression(text)));

      // then
      messages.forEach((message, i) => expect(message, texts[i]).to.match(/access to '(constructor|__proto__|prototype)' is not allowed/));
      expect(failureOf('${applicant.constructor}').code).to.equal(ErrorCode.ExpressionFailed);
    });

    it('refuses a forbidden key computed at run time', () => {
      // given
      const lookup = lookupFrom({ key: '__proto__', applicant: { name: 'A' } });

      // when / then
      expect(() => juel('${applicant[key]}', lookup)).to.throw(MotcuaError, "access to '__proto__' is not allowed");
    });

    it('reads no inherited members: not of objects, lists or texts', () => {
      // given
      const lookup = lookupFrom({ key: 'toString', list: [1], text: 'abc', obj: {} });

      // when / then
      expect(juel('${obj[key]}', lookup)).to.equal(null);
      expect(juel('${obj.hasOwnProperty}', lookup)).to.equal(null);
      expect(() => juel('${list.length}', lookup)).to.throw(MotcuaError, 'a list is read by index');
      expect(() => juel('${text.length}', lookup)).to.throw(MotcuaError, "cannot read property 'length' of the text 'abc'");
    });

    it('sees no variable through the prototype of a lookup record', () => {
      // given
      const lookup = lookupFrom({});

      // when / then
      expect(lookup.has('toString')).to.equal(false);
      expect(() => juel('${toString}', lookup)).to.throw(MotcuaError, 'Unknown property used in expression');
    });
  });

  describe('syntax errors', () => {
    it('are reported by checkExpression with the expression, the problem and the column', () => {
      // given / when / then
      expect(checkExpression(parseExpression('${amount +}'))).to.equal(
        "Invalid JUEL expression ${amount +}: expected a value but found '}' (column 11)",
      );
      expect(checkExpression(parseExpression('${amount = 5}'))).to.contain("compare with '==' or 'eq'");
      expect(checkExpression(parseExpression('Hạn ${amount'))).to.contain("missing '}'");
      expect(checkExpression(parseExpression("${'open}"))).to.contain('is not closed');
      expect(checkExpression(parseExpression('${}'))).to.contain('the expression is empty');
      expect(checkExpression(parseExpression('${a ? b}'))).to.contain("expected ':' of the conditional");
      expect(checkExpression(parseExpression('${f(1, }'))).to.contain("expected a value but found '}'");
      expect(checkExpression(parseExpression('${a b}'))).to.contain("expected an operator or '}' but found 'b'");
    });

    it('accepts a valid expression', () => {
      // given / when / then
      expect(checkExpression(parseExpression("${a.b[0] > 1 ? f(x, 'y') : empty z}"))).to.equal(undefined);
    });

    it('refuses absurd nesting instead of overflowing the stack', () => {
      // given
      const text = `\${${'('.repeat(500)}1${')'.repeat(500)}}`;

      // when / then
      expect(checkExpression(parseExpression(text))).to.contain('nested more than 100 levels deep');
    });

    it('makes evaluation of an invalid expression fail with the same message', () => {
      // given / when
      const error = failureOf('${amount +}');

      // then
      expect(error.code).to.equal(ErrorCode.ExpressionFailed);
      expect(error.message).to.contain('Invalid JUEL expression ${amount +}');
    });
  });
});
