/**
 * The desk's dossier search. The store indexes instances, so the indexes narrow first — the
 * agency (every instance carries its handling agency), the dossier code (the business key), the
 * instance status a dossier status implies (a final dossier's instance has ended) — and the
 * dossier's own fields (procedure, status, on-time result) are then read from the instances the
 * index returned, newest first; a period stops the walk at its start. A walk is bounded: past
 * `SEARCH_SCAN_LIMIT` instances the answer says its total is a lower bound.
 */
import { InstanceStatus } from '../../bpmn/execution/state.ts';
import type { InstanceQuery, Store } from '../../store/port.ts';
import type { Dossier } from '../dossier/dossier.ts';
import { loadDossier } from '../dossier/dossier-queries.ts';
import { type DossierResult, DossierStatus, TERMINAL_STATUSES } from '../dossier/dossier-status.ts';

export const SEARCH_SCAN_LIMIT = 20_000;
const PAGE = 200;

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
  /** false when the walk stopped at SEARCH_SCAN_LIMIT: `total` is then a lower bound */
  readonly complete: boolean;
}

function instanceStatusFor(status: DossierStatus | undefined): InstanceStatus | undefined {
  if (status === undefined) return undefined;
  // a dossier returned its result at the end of its diagram; the others may end by a cancel (a stop)
  if (status === DossierStatus.DaTraKetQua) return InstanceStatus.Completed;
  return TERMINAL_STATUSES.includes(status) ? undefined : InstanceStatus.Active;
}

function matches(dossier: Dossier, search: DossierSearch): boolean {
  if (search.code !== undefined && dossier.code !== search.code) return false;
  if (search.procedureCode !== undefined && dossier.procedure.code !== search.procedureCode) return false;
  if (search.status !== undefined && dossier.status !== search.status) return false;
  if (search.result !== undefined && dossier.result !== search.result) return false;
  const received = Date.parse(dossier.submittedAt);
  if (search.from !== undefined && received < search.from) return false;
  if (search.to !== undefined && received >= search.to) return false;
  return true;
}

export async function searchDossiers(store: Store, search: DossierSearch): Promise<DossierSearchResult> {
  const status = instanceStatusFor(search.status);
  const items: Dossier[] = [];
  let total = 0;
  let scanned = 0;
  for (let offset = 0; ; offset += PAGE) {
    const query: InstanceQuery = {
      agency: search.agency,
      ...(search.code !== undefined ? { businessKey: search.code } : {}),
      ...(status ? { status } : {}),
      limit: PAGE,
      offset,
    };
    const page = await store.listInstances(query);
    for (const summary of page) {
      scanned++;
      // newest first: once before the period, every later one is too
      if (search.from !== undefined && Date.parse(summary.startedAt) < search.from) return { items, total, complete: true };
      if (summary.parentInstanceId !== undefined) continue;
      const found = await loadDossier(store, summary.id);
      if (!found || !matches(found.dossier, search)) continue;
      if (total >= search.offset && items.length < search.limit) items.push(found.dossier);
      total++;
    }
    if (page.length < PAGE) return { items, total, complete: true };
    if (scanned >= SEARCH_SCAN_LIMIT) return { items, total, complete: false };
  }
}
