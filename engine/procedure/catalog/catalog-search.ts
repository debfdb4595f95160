/**
 * Finding procedures the way officers and analysts type: by code or name, with or without
 * Vietnamese diacritics ("dang ky khai sinh" finds "Đăng ký khai sinh"), filtered by level,
 * sector and executing agency. Searches the latest version of each procedure.
 */
import type { ProcedureRecord } from './procedure-record.ts';
import type { ProcedureCatalog } from './ProcedureCatalog.ts';

export interface CatalogQuery {
  /** words of the code or name, each must appear (accents and case ignored) */
  readonly q?: string;
  readonly level?: string;
  /** the sector's code, or words of its name */
  readonly sector?: string;
  /** words of the executing, receiving or coordinating agency */
  readonly agency?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export interface CatalogPage {
  readonly items: readonly ProcedureRecord[];
  readonly total: number;
}

/** Lower case without diacritics: `Đăng ký` → `dang ky`. */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

function containsWords(haystack: string, needle: string): boolean {
  const folded = foldVietnamese(haystack);
  return foldVietnamese(needle).split(/\s+/).filter(Boolean).every((word) => folded.includes(word));
}

export function searchCatalog(catalog: ProcedureCatalog, query: CatalogQuery): CatalogPage {
  const matches = catalog.list().filter((record) => {
    if (query.q && !containsWords(`${record.code} ${record.name}`, query.q)) return false;
    if (query.level && record.level !== query.level) return false;
    if (query.sector && record.sector.code !== query.sector && !containsWords(record.sector.name, query.sector)) return false;
    if (query.agency) {
      const agencies = [record.agencies.executing, record.agencies.receiving ?? '', ...(record.agencies.coordinating ?? [])].join(' | ');
      if (!containsWords(agencies, query.agency)) return false;
    }
    return true;
  });
  const offset = query.offset ?? 0;
  return { items: matches.slice(offset, offset + (query.limit ?? 50)), total: matches.length };
}
