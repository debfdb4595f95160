import { DossierScenarioExtension } from '../procedure/scenario/DossierScenarioExtension.ts';
import type { ScenarioExtension } from '../scenario/scenario-extension.ts';

/**
 * The scenario extensions `motcua test` (and the fixture suite) run with. The CLI is the
 * composition root: the procedure domain registers its dossier extension here, so that the
 * scenario runner itself never depends on it.
 */
export function defaultScenarioExtensions(): ScenarioExtension[] {
  return [new DossierScenarioExtension()];
}
