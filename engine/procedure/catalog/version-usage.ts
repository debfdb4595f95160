/**
 * The versions of one procedure as an analyst reviews them: when each took effect, who published
 * it, which process version it runs, and how many dossiers run or have finished on it — counted
 * by the store per process version (an index), never by loading the dossiers.
 *
 * A record that pins its process version (every version published through the modeler does)
 * owns exactly that version. A record without one (the procedures folder's) started the latest
 * version deployed at the time, so it owns every version of its process that no other record of
 * the procedure pins.
 */
import { InstanceStatus } from '../../bpmn/execution/state.ts';
import type { Store } from '../../store/port.ts';
import type { ProcedureRecord } from './procedure-record.ts';
import type { SharedCatalog } from './SharedCatalog.ts';

export interface VersionUsage {
  readonly version: number;
  readonly effectiveFrom: string;
  readonly effectiveTo?: string;
  readonly processKey: string;
  /** the pinned process version, else the latest one the record runs */
  readonly processVersion?: number;
  /** every process version counted for this record */
  readonly processVersions: readonly number[];
  /** ISO 8601; absent for a record of the procedures folder */
  readonly publishedAt?: string;
  readonly publishedBy?: string;
  /** dossiers (instances of those process versions) still running */
  readonly running: number;
  /** dossiers that ended (completed, terminated or cancelled) */
  readonly finished: number;
}

export async function versionUsage(store: Store, catalog: SharedCatalog, records: readonly ProcedureRecord[]): Promise<VersionUsage[]> {
  const countsByKey = new Map<string, Awaited<ReturnType<Store['countInstancesByVersion']>>>();
  const deployedByKey = new Map<string, number[]>();
  for (const key of new Set(records.map((record) => record.process.key))) {
    countsByKey.set(key, await store.countInstancesByVersion(key));
    const versions: number[] = [];
    for (let version = (await store.latestDeploymentInfo(key))?.version ?? 0; version > 0; version--) versions.unshift(version);
    deployedByKey.set(key, versions);
  }
  return records.map((record) => {
    const key = record.process.key;
    const pinnedByOthers = new Set(records.filter((other) => other !== record && other.process.key === key && other.process.version !== undefined).map((other) => other.process.version));
    const processVersions = record.process.version !== undefined ? [record.process.version] : (deployedByKey.get(key) ?? []).filter((version) => !pinnedByOthers.has(version));
    let running = 0;
    let finished = 0;
    for (const row of countsByKey.get(key) ?? []) {
      if (!processVersions.includes(row.processVersion)) continue;
      if (row.status === InstanceStatus.Active) running += row.count;
      else finished += row.count;
    }
    const stamp = catalog.stampOf(record.code, record.version);
    const processVersion = record.process.version ?? processVersions[processVersions.length - 1];
    return {
      version: record.version,
      effectiveFrom: record.effectiveFrom,
      ...(record.effectiveTo ? { effectiveTo: record.effectiveTo } : {}),
      processKey: key,
      ...(processVersion !== undefined ? { processVersion } : {}),
      processVersions,
      ...(stamp ? { publishedAt: stamp.at, publishedBy: stamp.by } : {}),
      running,
      finished,
    };
  });
}
