/** Answers a scenario's `expect.dossier` from the instance's `dossier` variable. */
import type { InstanceId } from '../../bpmn/execution/state.ts';
import type { EngineApi } from '../../runtime/api.ts';
import type { DossierInspector as Inspector, DossierView } from '../../scenario/scenario-extension.ts';
import type { Dossier } from '../dossier/dossier.ts';
import { dossierOfState } from '../dossier/dossier-queries.ts';

/** What a scenario compares: status, the legal due instant, whether the clock is paused, the result. */
export function dossierView(dossier: Dossier): DossierView {
  return {
    status: dossier.status,
    ...(dossier.dueAt ? { dueAt: dossier.dueAt } : {}),
    paused: dossier.pausedAt !== undefined,
    ...(dossier.result ? { result: dossier.result } : {}),
  };
}

export class DossierInspector implements Inspector {
  constructor(private readonly engine: EngineApi) {}

  async inspect(instanceId: InstanceId): Promise<DossierView | undefined> {
    const view = await this.engine.getInstance(instanceId);
    const dossier = view && dossierOfState(view.state);
    return dossier && dossierView(dossier);
  }
}
