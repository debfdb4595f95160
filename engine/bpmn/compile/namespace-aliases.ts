/**
 * Works around a moddle-xml round-trip failure: when a document binds a prefix we reserve (e.g.
 * `xmlns:camunda="http://activiti.org/bpmn"`, common in files exported by older tools) to another
 * namespace, the reader renames that namespace `ns0`, `ns1`, … (saxen's aliasing) and the writer
 * then fails with "no namespace uri given for prefix <ns0>". We rebuild the alias → namespace map
 * the reader used (same order, same rule) and declare each alias on the elements that use it, so
 * `toXML` writes e.g. `<ns0:field xmlns:ns0="http://activiti.org/bpmn">`: same namespace, nothing lost.
 */
import { isElement } from './element.ts';
import type { ModdleElement } from './moddle.ts';

/** moddle-xml's default namespaces, which the reader also reserves */
const DEFAULT_NAMESPACES: Readonly<Record<string, string>> = {
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xml: 'http://www.w3.org/XML/1998/namespace',
};

/**
 * `reserved`: prefix → namespace of the packages the moddle knows. Only namespaces declared on the
 * root element are handled (where every tool we know declares them).
 */
export function declareAliasedNamespaces(root: ModdleElement, reserved: ReadonlyMap<string, string>): void {
  const prefixes = new Map<string, string>([...Object.entries(DEFAULT_NAMESPACES), ...reserved]);
  const knownUris = new Set(prefixes.values());
  const declared = new Set(Object.keys(root.$attrs).filter((n) => n.startsWith('xmlns:')).map((n) => n.slice(6)));
  const aliases = new Map<string, string>();
  let counter = 0;
  for (const [name, uri] of Object.entries(root.$attrs)) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    if (knownUris.has(uri) || [...aliases.values()].includes(uri)) continue;
    const prefix = name === 'xmlns' ? undefined : name.slice(6);
    if (prefix !== undefined && !(prefixes.has(prefix) && prefixes.get(prefix) !== uri)) continue;
    let alias: string;
    do alias = `ns${counter++}`;
    while (prefixes.has(alias) || declared.has(alias));
    aliases.set(alias, uri);
  }
  if (aliases.size > 0) visit(root, aliases, new Set());
}

function visit(el: ModdleElement, aliases: ReadonlyMap<string, string>, seen: Set<unknown>): void {
  if (seen.has(el)) return;
  seen.add(el);
  const record = el as unknown as Record<string, unknown>;
  // typed elements keep foreign attributes in $attrs, generic (unknown) elements as own properties
  const generic = (record.$descriptor as { isGeneric?: boolean } | undefined)?.isGeneric === true;
  const attrs = generic ? record : ((record.$attrs ?? {}) as Record<string, unknown>);
  for (const name of [el.$type, ...Object.keys(attrs).filter((k) => !k.startsWith('$'))]) {
    const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : undefined;
    const uri = prefix === undefined ? undefined : aliases.get(prefix);
    if (uri !== undefined && attrs[`xmlns:${prefix}`] === undefined) attrs[`xmlns:${prefix}`] = uri;
  }
  for (const key of Object.keys(record)) {
    if (key.startsWith('$') && key !== '$children') continue;
    const value = record[key];
    for (const child of Array.isArray(value) ? value : [value]) {
      // descend into contained elements only, never along references
      if (isElement(child) && (child.$parent === el || key === '$children')) visit(child, aliases, seen);
    }
  }
}
