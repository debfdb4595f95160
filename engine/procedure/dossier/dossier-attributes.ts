/**
 * What the store indexes of a dossier (instance attributes), so that a search by procedure,
 * status, result and reception period reads an index instead of every dossier's state. The
 * DossierCommitExtension writes them in every commit that changes the dossier; stores from before
 * they existed are brought up to date once at start-up (`indexDossiers`).
 */
import type { InstanceAttributes, Store } from '../../store/port.ts';
import type { Dossier } from './dossier.ts';
import { allDossiers } from './dossier-queries.ts';

export const DossierAttribute = {
  Procedure: 'dossier.procedure',
  Status: 'dossier.status',
  Result: 'dossier.result',
  /** the reception instant as ISO text: its text order is time order */
  ReceivedAt: 'dossier.receivedAt',
} as const;

export function dossierAttributes(dossier: Dossier): InstanceAttributes {
  return {
    [DossierAttribute.Procedure]: dossier.procedure.code,
    [DossierAttribute.Status]: dossier.status,
    [DossierAttribute.ReceivedAt]: new Date(Date.parse(dossier.submittedAt)).toISOString(),
    ...(dossier.result !== undefined ? { [DossierAttribute.Result]: dossier.result } : {}),
  };
}

/** The counter that records the store's dossiers were indexed (a store created since needs nothing). */
const INDEXED = 'schema:dossier-attributes';

/**
 * Give every dossier committed before attributes existed its attributes, once per store; returns
 * how many were written. A dossier committed meanwhile writes its own, so a concurrent start-up
 * only writes the same values twice.
 */
export async function indexDossiers(store: Store): Promise<number> {
  if ((await store.countersWithPrefix(INDEXED))[INDEXED] !== undefined) return 0;
  let written = 0;
  for await (const { instanceId, dossier } of allDossiers(store)) {
    if (Object.keys(await store.instanceAttributes(instanceId)).length > 0) continue;
    await store.setInstanceAttributes(instanceId, dossierAttributes(dossier));
    written++;
  }
  await store.nextCounter(INDEXED);
  return written;
}
