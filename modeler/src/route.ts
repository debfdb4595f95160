/** The modeler's addresses (the part after #), deep links included. */
export type Route =
  | { view: 'catalog' }
  | { view: 'editor'; code: string; version?: number }
  | { view: 'compare'; code: string; from: number; to: number };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'procedures' || !parts[1]) return { view: 'catalog' };
  const code = parts[1];
  if (parts[2] === 'compare' && /^\d+$/.test(parts[3] ?? '') && /^\d+$/.test(parts[4] ?? '')) {
    return { view: 'compare', code, from: Number(parts[3]), to: Number(parts[4]) };
  }
  return /^\d+$/.test(parts[2] ?? '') ? { view: 'editor', code, version: Number(parts[2]) } : { view: 'editor', code };
}
