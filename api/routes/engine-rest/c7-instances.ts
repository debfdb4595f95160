/** Process instances as Camunda 7 shows them (runtime and history share these facts). */
import type { InstanceRecord, InstanceSummary } from '../../../engine/index.ts';

type InstanceFacts = Pick<InstanceSummary, 'id' | 'deploymentId' | 'processKey' | 'businessKey' | 'status' | 'agency'> | InstanceRecord;

/** C7 ProcessInstanceDto. */
export function instanceDto(instance: InstanceFacts) {
  return {
    links: [],
    id: instance.id,
    definitionId: instance.deploymentId,
    definitionKey: instance.processKey,
    businessKey: instance.businessKey ?? null,
    caseInstanceId: null,
    ended: instance.status !== 'ACTIVE',
    suspended: false,
    tenantId: instance.agency ?? null,
  };
}

export const INSTANCE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    definitionId: { type: 'string' },
    businessKey: { type: ['string', 'null'] },
    ended: { type: 'boolean' },
    suspended: { type: 'boolean' },
    tenantId: { type: ['string', 'null'] },
  },
} as const;
