/**
 * XML → moddle tree. A document that cannot be read is one BPMN_PARSE problem; what the reader
 * skipped or could not resolve becomes a problem naming the element (found in the text when the
 * reader could not give it).
 */
import { isElement, subjectOf } from './element.ts';
import { createModdle, type ModdleElement, type ModdleWarning } from './moddle.ts';
import { ProblemCode, type ProblemCollector, type ProblemSubject } from './problems.ts';

/** A reference the reader could not resolve, e.g. `messageRef="Message_9"` with no such message. */
export interface UnresolvedReference {
  readonly element: ModdleElement;
  /** the property, without prefix, e.g. `messageRef` */
  readonly property: string;
  readonly id: string;
}

export interface ParsedBpmn {
  readonly definitions: ModdleElement;
  readonly elementsById: Readonly<Record<string, ModdleElement>>;
  /**
   * Unresolved references, reported by the compiler where it reads the property (with a better
   * message) or as parse warnings by `reportUnresolved` for the others.
   */
  readonly unresolved: UnresolvedReference[];
}

/** Reads the document; undefined (with a BPMN_PARSE problem) when it cannot be read at all. */
export async function parseBpmn(xml: string, problems: ProblemCollector): Promise<ParsedBpmn | undefined> {
  if (typeof xml !== 'string' || xml.trim() === '') {
    problems.error(ProblemCode.Parse, undefined, 'the document is empty: expected a BPMN 2.0 XML document');
    return undefined;
  }
  let result;
  try {
    result = await createModdle().fromXML(xml);
  } catch (error) {
    problems.error(ProblemCode.Parse, undefined, describeFatal(error));
    return undefined;
  }
  const parsed: ParsedBpmn = { definitions: result.rootElement, elementsById: result.elementsById, unresolved: [] };
  for (const warning of result.warnings) reportWarning(warning, xml, parsed, problems);
  return parsed;
}

/** Reports the unresolved references nobody consumed, as parse warnings. */
export function reportUnresolved(parsed: ParsedBpmn, problems: ProblemCollector): void {
  for (const ref of parsed.unresolved) {
    problems.warning(ProblemCode.ParseWarning, subjectOf(ref.element), `${ref.property} "${ref.id}" refers to no element of this file; it is ignored`);
  }
}

/** Removes and returns the unresolved reference of `element.property`, if the reader saw one. */
export function takeUnresolved(parsed: ParsedBpmn, element: ModdleElement, property: string): string | undefined {
  const index = parsed.unresolved.findIndex((r) => r.element === element && r.property === property);
  if (index < 0) return undefined;
  const [ref] = parsed.unresolved.splice(index, 1);
  return ref?.id;
}

function describeFatal(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('failed to parse document as')) {
    return 'not a BPMN 2.0 document: the root element must be <bpmn:definitions> in namespace http://www.omg.org/spec/BPMN/20100524/MODEL';
  }
  const unparsable = parseUnparsable(message);
  if (unparsable) {
    return `the XML is not well-formed (line ${unparsable.line + 1}, column ${unparsable.column + 1}): ${unparsable.nested}`;
  }
  return `the document could not be read: ${message}`;
}

interface Unparsable {
  readonly tag?: string;
  readonly line: number;
  readonly column: number;
  readonly nested: string;
}

/** moddle-xml's `unparsable content <tag> detected\n\tline: 4\n\tcolumn: 4\n\tnested error: …` (0-based) */
function parseUnparsable(message: string): Unparsable | undefined {
  const match = /^unparsable content (?:(<[^\s>]+?\/?>)\s)?.*?detected\s+line: (\d+)\s+column: (\d+)\s+nested error: ([\s\S]*)$/.exec(message);
  if (!match) return undefined;
  const tag = match[1]?.replace(/^<|\/?>$/g, '');
  const nested = match[4]!.replace(/\s+\d+$/, '').trim();
  return { ...(tag ? { tag } : {}), line: Number(match[2]), column: Number(match[3]), nested };
}

function reportWarning(warning: ModdleWarning, xml: string, parsed: ParsedBpmn, problems: ProblemCollector): void {
  const message = warning.message;
  if (message.startsWith('unresolved reference') && isElement(warning.element) && warning.property && warning.value) {
    const property = warning.property.includes(':') ? warning.property.slice(warning.property.indexOf(':') + 1) : warning.property;
    parsed.unresolved.push({ element: warning.element, property, id: warning.value });
    return;
  }
  if (message.startsWith('unknown attribute') && isElement(warning.element)) {
    const attribute = warning.property ?? /<([^>]+)>/.exec(message)?.[1] ?? '?';
    problems.warning(ProblemCode.ParseWarning, subjectOf(warning.element), `unknown attribute ${attribute}="${warning.value ?? ''}" is ignored`);
    return;
  }
  const unparsable = parseUnparsable(message);
  if (unparsable) {
    const where = `line ${unparsable.line + 1}, column ${unparsable.column + 1}`;
    const tag = unparsable.tag ?? 'element';
    const located = locate(xml, unparsable.line, unparsable.column, parsed);
    const unknownType = /^unknown type <([^>]+)>/.exec(unparsable.nested);
    if (unknownType) {
      problems.warning(ProblemCode.ParseWarning, located, `unknown element <${tag}> (${where}) is not part of BPMN 2.0 or a known extension; it is ignored`);
      return;
    }
    const duplicate = /^duplicate ID <([^>]+)>/.exec(unparsable.nested);
    if (duplicate) {
      const id = duplicate[1]!;
      problems.error(ProblemCode.DuplicateId, { id, type: located?.type ?? typeOfTag(tag) }, `id "${id}" is used by more than one element (the second one is <${tag}> at ${where}); give every element its own id`);
      return;
    }
    const hint = unparsable.nested.startsWith('illegal ID') ? ' (an id starts with a letter or _, followed by letters, digits, -, _ or .)' : '';
    problems.error(ProblemCode.Parse, located, `<${tag}> at ${where} could not be read and was dropped: ${unparsable.nested}${hint}`);
    return;
  }
  problems.warning(ProblemCode.ParseWarning, subjectOf(warning.element), message);
}

/** `bpmn:userTask` → `bpmn:UserTask` */
function typeOfTag(tag: string): string {
  const i = tag.indexOf(':');
  const local = tag.slice(i + 1);
  return `${tag.slice(0, i + 1)}${local.charAt(0).toUpperCase()}${local.slice(1)}`;
}

/**
 * The element at a reader position: the tag there if it carries an id, else the nearest enclosing
 * element with an id (a light scan of the text before it; good enough to point a modeller at it).
 */
function locate(xml: string, line: number, column: number, parsed: ParsedBpmn): ProblemSubject | undefined {
  let offset = 0;
  for (let i = 0; i < line && offset >= 0; i++) offset = xml.indexOf('\n', offset) + 1;
  if (offset < 0) return undefined;
  offset += column;
  const own = /^<([\w.:-]+)([^>]*)>/.exec(xml.slice(offset));
  const ownId = own ? idAttribute(own[2]!) : undefined;
  if (own && ownId !== undefined) return { id: ownId, type: typeOfTag(own[1]!) };
  const stack: { tag: string; id?: string }[] = [];
  const tags = /<(\/?)([\w.:-]+)([^>]*?)(\/?)>/g;
  const before = xml.slice(0, offset);
  for (let m = tags.exec(before); m !== null; m = tags.exec(before)) {
    if (m[1] === '/') stack.pop();
    else if (m[4] !== '/') stack.push({ tag: m[2]!, id: idAttribute(m[3]!) });
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    const entry = stack[i]!;
    if (entry.id !== undefined) return { id: entry.id, type: parsed.elementsById[entry.id]?.$type ?? typeOfTag(entry.tag) };
  }
  return own ? { type: typeOfTag(own[1]!) } : undefined;
}

function idAttribute(attributes: string): string | undefined {
  return /(?:^|\s)id\s*=\s*"([^"]*)"/.exec(attributes)?.[1];
}
