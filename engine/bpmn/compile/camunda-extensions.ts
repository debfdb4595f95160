/**
 * Camunda 7 extension elements (`<bpmn:extensionElements>`): input/output mappings, call activity
 * variable mappings, multi-instance, and the ones we refuse (listeners, connectors, fields, …).
 */
import type { InputOutputParameter, MultiInstance, RetryCycle, VariableMapping } from '../model.ts';
import { boolOf, childOf, expressionBodyOf, extensionsOf, label, subjectOf, textOf } from './element.ts';
import type { ExpressionReader } from './expression-reader.ts';
import { readRetryCycle } from './job-settings.ts';
import type { ModdleElement } from './moddle.ts';
import { omitUndefined } from './omit-undefined.ts';
import { ProblemCode, type ProblemCollector } from './problems.ts';

export interface ExtensionContext {
  readonly problems: ProblemCollector;
  readonly expressions: ExpressionReader;
  /** extension elements of other tools seen so far: type → count (reported once, by the caller) */
  readonly foreignExtensions: Map<string, number>;
}

export interface ExtensionsRead {
  readonly inputs: InputOutputParameter[];
  readonly outputs: InputOutputParameter[];
  /** camunda:in / camunda:out (only kept for call activities; reported elsewhere) */
  readonly callInputs: VariableMapping[];
  readonly callOutputs: VariableMapping[];
  /** camunda:failedJobRetryTimeCycle */
  retryCycle?: RetryCycle;
}

/** extension elements we read ourselves (where they belong) */
const HANDLED = new Set(['camunda:InputOutput', 'camunda:In', 'camunda:Out']);
/** extension elements that carry no behaviour: kept in the file, nothing to run */
const HARMLESS = new Set(['camunda:Properties', 'camunda:PotentialStarter']);

/**
 * Reads the extension elements of a flow node, sequence flow or process, reporting the
 * unsupported ones. `allowsCallMappings`: camunda:in / camunda:out are allowed (call activities).
 */
export function readExtensions(el: ModdleElement, ctx: ExtensionContext, allowsCallMappings = false): ExtensionsRead {
  const read: ExtensionsRead = { inputs: [], outputs: [], callInputs: [], callOutputs: [] };
  const subject = subjectOf(el);
  for (const ext of extensionsOf(el)) {
    const type = ext.$type;
    if (type === 'camunda:InputOutput') {
      readInputOutput(el, ext, read, ctx);
    } else if (type === 'camunda:In' || type === 'camunda:Out') {
      if (!allowsCallMappings) {
        ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)} has a ${type === 'camunda:In' ? 'camunda:in' : 'camunda:out'} mapping: only call activities pass variables this way (use camunda:inputOutput here)`);
        continue;
      }
      const mapping = readVariableMapping(el, ext, type === 'camunda:In', ctx);
      if (mapping !== undefined) (type === 'camunda:In' ? read.callInputs : read.callOutputs).push(mapping);
    } else if (type === 'camunda:ExecutionListener' || type === 'camunda:TaskListener') {
      const kind = type === 'camunda:ExecutionListener' ? 'execution listener' : 'task listener';
      ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)} has a camunda ${kind}${listenerDetail(ext)}: listeners are not supported (no scripts or Java classes run in the engine); model the work as a task, e.g. an external task or a FEEL script task`);
    } else if (type === 'camunda:FailedJobRetryTimeCycle') {
      const cycle = readRetryCycle(el, ext, ctx.problems);
      if (cycle !== undefined) read.retryCycle = cycle;
    } else if (HARMLESS.has(type) || HANDLED.has(type)) {
      // nothing to run
    } else if (type.startsWith('camunda:')) {
      ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)} uses ${type}: ${UNSUPPORTED_EXTENSION_REASON[type] ?? 'this Camunda extension is not supported'}`);
    } else {
      // metadata of other tools (signavio:, zeebe:, …): counted and reported once per file
      ctx.foreignExtensions.set(type, (ctx.foreignExtensions.get(type) ?? 0) + 1);
    }
  }
  return read;
}

const UNSUPPORTED_EXTENSION_REASON: Readonly<Record<string, string>> = {
  'camunda:Connector': 'connectors are not supported; use an external task (camunda:type="external" with a camunda:topic)',
  'camunda:Field': 'field injection belongs to Java delegates, which are not supported; use an external task',
  'camunda:FormData': 'generated task forms are not supported; set camunda:formKey to a form of the procedure',
  'camunda:FormProperty': 'generated task forms are not supported; set camunda:formKey to a form of the procedure',
  'camunda:ErrorEventDefinition': 'error event definitions on external tasks are not supported; let the worker report a BPMN error instead',
};

function listenerDetail(listener: ModdleElement): string {
  const event = textOf(listener, 'event');
  const impl =
    (childOf(listener, 'script') ? 'a script' : undefined) ??
    (textOf(listener, 'class') ? `class ${textOf(listener, 'class')}` : undefined) ??
    (textOf(listener, 'delegateExpression') ? `delegateExpression ${textOf(listener, 'delegateExpression')}` : undefined) ??
    (textOf(listener, 'expression') ? `expression ${textOf(listener, 'expression')}` : undefined);
  const parts = [event ? `on "${event}"` : undefined, impl].filter((p) => p !== undefined);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

const FEEL_INSTEAD: Readonly<Record<string, string>> = {
  list: 'build the list with a FEEL expression, e.g. =[a, b]',
  map: 'build the map with a FEEL expression, e.g. ={key: value}',
  script: 'compute the value with a FEEL expression (=…) instead of a script',
};

function readInputOutput(el: ModdleElement, io: ModdleElement, read: ExtensionsRead, ctx: ExtensionContext): void {
  const subject = subjectOf(el)!;
  const lists: [string, InputOutputParameter[], string][] = [
    ['inputParameters', read.inputs, 'camunda:inputParameter'],
    ['outputParameters', read.outputs, 'camunda:outputParameter'],
  ];
  for (const [property, target, tag] of lists) {
    const parameters = io.get(property);
    if (!Array.isArray(parameters)) continue;
    for (const parameter of parameters as ModdleElement[]) {
      const name = textOf(parameter, 'name');
      if (name === undefined) {
        ctx.problems.error(ProblemCode.AttributeInvalid, subject, `${label(el)} has a ${tag} without a name: name the variable it sets`);
        continue;
      }
      const definition = childOf(parameter, 'definition');
      if (definition !== undefined) {
        const form = definition.$type.replace('camunda:', '').toLowerCase();
        ctx.problems.error(
          ProblemCode.UnsupportedElement,
          subject,
          `${tag} "${name}" of ${label(el)} is a ${form}: only text values (a literal, \${…} or =…) are supported; ${FEEL_INSTEAD[form] ?? 'compute the value with a FEEL expression'}`,
        );
        continue;
      }
      const text = textOf(parameter, 'value');
      target.push(text === undefined ? { name } : { name, value: ctx.expressions.value(text, subject, `${tag} "${name}"`) });
    }
  }
}

function readVariableMapping(el: ModdleElement, mapping: ModdleElement, isInput: boolean, ctx: ExtensionContext): VariableMapping | undefined {
  const subject = subjectOf(el)!;
  const tag = isInput ? 'camunda:in' : 'camunda:out';
  const variables = textOf(mapping, 'variables');
  const source = textOf(mapping, 'source');
  const sourceExpression = textOf(mapping, 'sourceExpression');
  const target = textOf(mapping, 'target');
  const businessKey = textOf(mapping, 'businessKey');
  const local = boolOf(mapping, 'local') === true ? true : undefined;
  if (variables !== undefined) {
    if (variables !== 'all') {
      ctx.problems.error(ProblemCode.AttributeInvalid, subject, `${tag} variables="${variables}" of ${label(el)}: the only value is "all"`);
      return undefined;
    }
    return omitUndefined({ all: true, local });
  }
  if (businessKey !== undefined) {
    if (!isInput) {
      ctx.problems.error(ProblemCode.AttributeInvalid, subject, `camunda:out businessKey of ${label(el)}: a business key can only be passed into the called process (camunda:in)`);
      return undefined;
    }
    return { businessKey: ctx.expressions.value(businessKey, subject, `${tag} businessKey`) };
  }
  if ((source === undefined && sourceExpression === undefined) || target === undefined) {
    ctx.problems.error(ProblemCode.AttributeInvalid, subject, `${tag} of ${label(el)} needs a source (or sourceExpression) and a target, or variables="all"`);
    return undefined;
  }
  return omitUndefined({
    source,
    sourceExpression: sourceExpression === undefined ? undefined : ctx.expressions.condition(sourceExpression, subject, `${tag} sourceExpression`),
    target,
    local,
  });
}

/** `bpmn:multiInstanceLoopCharacteristics` → MultiInstance; reports loops and incomplete ones */
export function readLoop(el: ModdleElement, ctx: ExtensionContext): MultiInstance | undefined {
  const loop = childOf(el, 'loopCharacteristics');
  if (loop === undefined) return undefined;
  const subject = subjectOf(el)!;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    ctx.problems.error(ProblemCode.UnsupportedElement, subject, `${label(el)} is a loop (${loop.$type}): standard loops are not supported; use a multi-instance activity or a gateway loop`);
    return undefined;
  }
  const cardinality = expressionBodyOf(childOf(loop, 'loopCardinality'));
  const collection = textOf(loop, 'camunda:collection');
  const completion = expressionBodyOf(childOf(loop, 'completionCondition'));
  if (cardinality === undefined && collection === undefined) {
    ctx.problems.error(ProblemCode.MultiInstanceInvalid, subject, `${label(el)} is multi-instance without loopCardinality or camunda:collection: say how many instances to create (e.g. loop cardinality 3) or which collection to iterate`);
    return undefined;
  }
  let loopCardinality;
  if (cardinality !== undefined) {
    loopCardinality = ctx.expressions.value(cardinality, subject, 'loopCardinality');
    if (loopCardinality.language === 'literal' && !/^\d+$/.test(loopCardinality.text)) {
      ctx.problems.error(ProblemCode.ExpressionInvalid, subject, `loopCardinality of ${subject.id} is "${loopCardinality.text}": expected a whole number or an expression`);
    }
  }
  return omitUndefined({
    sequential: boolOf(loop, 'isSequential') === true,
    loopCardinality,
    collection: collection === undefined ? undefined : ctx.expressions.variableOrExpression(collection, subject, 'camunda:collection'),
    elementVariable: textOf(loop, 'camunda:elementVariable'),
    completionCondition: completion === undefined ? undefined : ctx.expressions.condition(completion, subject, 'completionCondition'),
  });
}
