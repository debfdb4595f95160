/** What the audit routes share: who may read, and a dossier of the caller's agency with its process model. */
import { ErrorCode, type Motcua, MotcuaError, type ProcessModel, type StoredDossier } from '../../../engine/index.ts';
import type { Identity } from '../../identity/identity.ts';
import { Role } from '../../identity/identity.ts';

export const AUDIT_READERS = [Role.Auditor, Role.Admin];

export interface AuditedDossier {
  readonly stored: StoredDossier;
  readonly process: ProcessModel | undefined;
}

/** The dossier `code` if the caller's agency receives or handles it (404 otherwise, as if absent). */
export async function auditedDossier(motcua: Motcua, identity: Identity, code: string): Promise<AuditedDossier> {
  const stored = await motcua.desk.find(code, identity.agency);
  if (!stored) throw new MotcuaError(ErrorCode.NotFound, `dossier ${code} does not exist`, { field: 'code' });
  const instance = await motcua.store.getInstance(stored.instanceId);
  const process = instance ? (await motcua.engine.definitions(instance.record.deploymentId)).processes[instance.record.processKey] : undefined;
  return { stored, process };
}
