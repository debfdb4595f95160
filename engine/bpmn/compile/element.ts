/**
 * Small typed readers over moddle elements, so the compiler never handles `unknown` inline.
 */
import type { ModdleElement } from './moddle.ts';
import type { ProblemSubject } from './problems.ts';

/** a non-empty string property, trimmed; undefined when absent or blank */
export function textOf(el: ModdleElement, property: string): string | undefined {
  const value = el.get(property);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function boolOf(el: ModdleElement, property: string): boolean | undefined {
  const value = el.get(property);
  return typeof value === 'boolean' ? value : undefined;
}

export function numberOf(el: ModdleElement, property: string): number | undefined {
  const value = el.get(property);
  return typeof value === 'number' ? value : undefined;
}

export function childOf(el: ModdleElement, property: string): ModdleElement | undefined {
  const value = el.get(property);
  return isElement(value) ? value : undefined;
}

export function childrenOf(el: ModdleElement, property: string): readonly ModdleElement[] {
  const value = el.get(property);
  return Array.isArray(value) ? value.filter(isElement) : [];
}

export function isElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

/** the body of a `bpmn:Expression` / `bpmn:FormalExpression` child, trimmed */
export function expressionBodyOf(el: ModdleElement | undefined): string | undefined {
  if (el === undefined) return undefined;
  return textOf(el, 'body');
}

/** the elements inside `<bpmn:extensionElements>` */
export function extensionsOf(el: ModdleElement): readonly ModdleElement[] {
  const ext = childOf(el, 'extensionElements');
  return ext === undefined ? [] : childrenOf(ext, 'values');
}

/** the element itself when it has an id, else its nearest ancestor with one */
export function subjectOf(el: ModdleElement | undefined): ProblemSubject | undefined {
  for (let cur = el; cur !== undefined; cur = cur.$parent) {
    if (typeof cur.id === 'string' && cur.id !== '') return { id: cur.id, type: cur.$type };
  }
  return el === undefined ? undefined : { type: el.$type };
}

/** `"Check dossier"` when the element has a name, else its id — for messages */
export function label(el: ModdleElement): string {
  const name = textOf(el, 'name');
  return name !== undefined ? `"${name.replace(/\s+/g, ' ')}"` : (el.id ?? el.$type);
}

/** `bpmn:UserTask` → `user task` — for messages */
export function humanType(type: string): string {
  const local = type.includes(':') ? type.slice(type.indexOf(':') + 1) : type;
  return local.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
