/** Reads and writes a record by the field paths the server's problems use (`ways[0].deadline.unit`). */
type Bag = Record<string, unknown>;

export function pathParts(path: string): (string | number)[] {
  return path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function getPath(target: unknown, path: string): unknown {
  let node: unknown = target;
  for (const part of pathParts(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Bag)[part as string];
  }
  return node;
}

/** Sets the value, creating objects and arrays on the way; undefined deletes the key. */
export function setPath(target: Bag, path: string, value: unknown): void {
  const parts = pathParts(path);
  let node: Bag = target;
  parts.slice(0, -1).forEach((part, i) => {
    const next = node[part as string];
    if (next === null || typeof next !== 'object') node[part as string] = typeof parts[i + 1] === 'number' ? [] : {};
    node = node[part as string] as Bag;
  });
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete node[last as string];
  else node[last as string] = value;
}
