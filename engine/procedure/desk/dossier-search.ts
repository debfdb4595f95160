/**
 * The desk's and the auditors' dossier search, served by the store's indexes: the agency (every
 * instance carries its handling agency), the dossier code (the business key), and the dossier's
 * own procedure, status, result and reception time (instance attributes the dossier commit keeps,
 * dossier-attributes.ts). Only the page's dossiers are read; the total is counted in the indexes.
 */
import type { InstanceFilter, Store } from '../../store/port.ts';
import type { Dossier } from '../dossier/dossier.ts';
import { DossierAttribute } from '../dossier/dossier-attributes.ts';
import { loadDossier } from '../dossier/dossier-queries.ts';
import type { DossierResult, DossierStatus } from '../dossier/dossier-status.ts';

export interface DossierSearch {
  /** the caller's agency: dossiers it handles */
  readonly agency: string;
  /** exact dossier code */
  readonly code?: string;
  readonly procedureCode?: string;
  readonly status?: DossierStatus;
  readonly result?: DossierResult;
  /** received at or after (epoch ms) */
  readonly from?: number;
  /** received before (epoch ms) */
  readonly to?: number;
  readonly limit: number;
  readonly offset: number;
}

export interface DossierSearchResult {
  readonly items: Dossier[];
  readonly total: number;
}

function filterOf(search: DossierSearch): InstanceFilter {
  const attributes: Record<string, string> = {};
  if (search.procedureCode !== undefined) attributes[DossierAttribute.Procedure] = search.procedureCode;
  if (search.status !== undefined) attributes[DossierAttribute.Status] = search.status;
  if (search.result !== undefined) attributes[DossierAttribute.Result] = search.result;
  return {
    agency: search.agency,
    ...(search.code !== undefined ? { businessKey: search.code } : {}),
    attributes,
    // always present: only a dossier has a reception time (not the processes it calls)
    attributeRange: {
      name: DossierAttribute.ReceivedAt,
      ...(search.from !== undefined ? { from: new Date(search.from).toISOString() } : {}),
      ...(search.to !== undefined ? { before: new Date(search.to).toISOString() } : {}),
    },
  };
}

export async function searchDossiers(store: Store, search: DossierSearch): Promise<DossierSearchResult> {
  const filter = filterOf(search);
  const [total, page] = await Promise.all([store.countInstances(filter), store.listInstances({ ...filter, limit: search.limit, offset: search.offset })]);
  const items: Dossier[] = [];
  for (const summary of page) {
    const found = await loadDossier(store, summary.id);
    if (found) items.push(found.dossier);
  }
  return { items, total };
}
