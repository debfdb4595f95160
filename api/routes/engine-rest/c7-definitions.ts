/**
 * Process definitions and deployments as Camunda 7 shows them. The engine versions each process
 * on its own (`key:version`), so on this face one deployed process is one deployment and one
 * definition, both with the id `key:version`. What C7 keeps about an upload that the engine does
 * not (deployment name, source, tenant) is a store record beside it, written by
 * POST /deployment/create; processes deployed otherwise (the procedures folder, publishing from
 * the modeler) show their file name and no source.
 */
import type { DeploymentInfo, Motcua } from '../../../engine/index.ts';
import { c7Date } from './c7-format.ts';

/** Record kind of the C7 upload facts (id: the deployment id). */
export const C7_DEPLOYMENT_KIND = 'c7-deployment';

export interface C7DeploymentFacts {
  readonly name: string | null;
  readonly source: string | null;
  readonly tenantId: string | null;
  /** the file the process came from */
  readonly resource: string;
}

export async function deploymentFacts(motcua: Motcua, deploymentId: string): Promise<C7DeploymentFacts | undefined> {
  return (await motcua.store.getRecord(C7_DEPLOYMENT_KIND, deploymentId))?.value as C7DeploymentFacts | undefined;
}

export function deploymentDto(info: DeploymentInfo, facts: C7DeploymentFacts | undefined) {
  return {
    links: [],
    id: info.deploymentId,
    name: facts?.name ?? info.name ?? null,
    source: facts?.source ?? null,
    deploymentTime: c7Date(info.deployedAt),
    tenantId: facts?.tenantId ?? null,
  };
}

/** The C7 ProcessDefinitionDto of a deployed process. */
export async function definitionDto(motcua: Motcua, info: DeploymentInfo, facts?: C7DeploymentFacts) {
  const process = (await motcua.engine.definitions(info.deploymentId)).processes[info.key];
  return {
    id: info.deploymentId,
    key: info.key,
    category: null,
    description: null,
    name: process?.name ?? null,
    version: info.version,
    resource: facts?.resource ?? info.name ?? null,
    deploymentId: info.deploymentId,
    diagram: null,
    suspended: false,
    tenantId: null,
    versionTag: null,
    historyTimeToLive: null,
    startableInTasklist: true,
  };
}

export const DEFINITION_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    key: { type: 'string' },
    name: { type: ['string', 'null'] },
    version: { type: 'integer' },
    resource: { type: ['string', 'null'] },
    deploymentId: { type: 'string' },
    suspended: { type: 'boolean' },
    tenantId: { type: ['string', 'null'] },
  },
} as const;

export const DEPLOYMENT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: ['string', 'null'] },
    source: { type: ['string', 'null'] },
    deploymentTime: { type: ['string', 'null'] },
    tenantId: { type: ['string', 'null'] },
  },
} as const;

/** A process definition id of this face (`key:version`) split; undefined when it is not one. */
export function parseDefinitionId(id: string): { key: string; version: number } | undefined {
  const match = /^(.+):(\d+)$/.exec(id);
  return match ? { key: match[1]!, version: Number(match[2]) } : undefined;
}
