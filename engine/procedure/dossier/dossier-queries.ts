/**
 * Reading dossiers back from the store. The store indexes instances, not dossiers, so these walk
 * the instances (a page at a time) and read each one's `dossier` variable: fine for registers,
 * D-1 lists and live KPIs over active dossiers, which are bounded by the work in progress. The
 * counters (kpi/) are what dashboards read for history.
 */
import { InstanceStatus, type InstanceId, type InstanceState } from '../../bpmn/execution/state.ts';
import type { InstanceQuery, Store } from '../../store/port.ts';
import { DOSSIER_VARIABLE, type Dossier } from './dossier.ts';

const PAGE = 200;

/** A dossier with the instance running it. */
export interface StoredDossier {
  readonly instanceId: InstanceId;
  readonly processKey: string;
  readonly processVersion: number;
  /** the instance's status: ACTIVE, COMPLETED, … */
  readonly instanceStatus: InstanceStatus;
  readonly dossier: Dossier;
}

/** The dossier an instance state holds, if any (root instances only). */
export function dossierOfState(state: InstanceState): Dossier | undefined {
  if (state.parent) return undefined;
  const value = state.scopes[state.rootScopeId]?.variables?.[DOSSIER_VARIABLE];
  return value && typeof value === 'object' ? (value as Dossier) : undefined;
}

/** The dossier of one instance; undefined when it does not exist or runs none. */
export async function loadDossier(store: Store, instanceId: InstanceId): Promise<StoredDossier | undefined> {
  const loaded = await store.getInstance(instanceId);
  if (!loaded) return undefined;
  const dossier = dossierOfState(loaded.record.state);
  if (!dossier) return undefined;
  const { record } = loaded;
  return { instanceId: record.id, processKey: record.processKey, processVersion: record.processVersion, instanceStatus: record.status, dossier };
}

/** Every dossier, newest first; `active` keeps the running instances only. */
export async function* allDossiers(store: Store, filter: { readonly active?: boolean; readonly businessKey?: string } = {}): AsyncGenerator<StoredDossier> {
  for (let offset = 0; ; offset += PAGE) {
    const query: InstanceQuery = { ...(filter.active ? { status: InstanceStatus.Active } : {}), ...(filter.businessKey !== undefined ? { businessKey: filter.businessKey } : {}), limit: PAGE, offset };
    const page = await store.listInstances(query);
    for (const summary of page) {
      if (summary.parentInstanceId !== undefined) continue;
      const found = await loadDossier(store, summary.id);
      if (found) yield found;
    }
    if (page.length < PAGE) return;
  }
}
