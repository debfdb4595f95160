/**
 * The bpmn-js Modeler of the editor: Camunda 7 properties and behaviours, our motcua provider
 * and moddle extension, bpmnlint while drawing, token simulation, bpmn-js texts translated.
 */
import Modeler from 'bpmn-js/lib/Modeler.js';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import CamundaBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform/index.js';
import LintModule from 'bpmn-js-bpmnlint';
import TokenSimulationModule from 'bpmn-js-token-simulation/lib/modeler.js';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import motcuaModdle from '../../../engine/bpmn/compile/motcua-moddle.json' with { type: 'json' };
import { flowRefsModule } from '../flow-refs/index.ts';
import { lintConfig } from '../lint/lint-config.ts';
import { motcuaPropertiesModule } from '../motcua-properties/index.ts';
import { translateModule } from '../translate/index.ts';
import type { AgencyGroup } from '../api-types.ts';

export const moddleExtensions = { camunda: camundaModdle, motcua: motcuaModdle };

export function createModeler(canvas: HTMLElement, panel: HTMLElement, groups: AgencyGroup[]): Modeler {
  return new Modeler({
    container: canvas,
    keyboard: { bind: true },
    propertiesPanel: { parent: panel },
    linting: { bpmnlint: lintConfig, active: true },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      CamundaPlatformPropertiesProviderModule,
      CamundaBehaviorsModule,
      motcuaPropertiesModule(groups),
      flowRefsModule,
      LintModule,
      TokenSimulationModule,
      translateModule,
    ],
    moddleExtensions,
  });
}
