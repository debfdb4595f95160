/**
 * The properties-panel provider registered beside the Camunda 7 one: a "motcua" group on every
 * flow node (dossier status, step budget and its unit), and the Camunda candidate-groups field
 * turned into a choice among the agency's groups. Changes go through modeling.updateProperties,
 * so undo / redo and the dirty state work as for any other property.
 */
import { h } from '@bpmn-io/properties-panel/preact';
import { isNumberFieldEntryEdited, isSelectEntryEdited, NumberFieldEntry, SelectEntry } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil.js';
import type { Element } from 'bpmn-js/lib/model/Types.js';
import { t } from '../../../web/shared/i18n.ts';
import { CandidateGroupsEntry, isCandidateGroupsEdited } from './CandidateGroupsEntry.ts';

export const DOSSIER_STATUSES = [
  'MOI_DANG_KY', 'DA_TIEP_NHAN', 'KHONG_TIEP_NHAN', 'DANG_XU_LY', 'CHO_BO_SUNG',
  'CHO_NGHIA_VU_TAI_CHINH', 'YEU_CAU_RUT', 'DUNG_XU_LY', 'DA_XU_LY_XONG', 'DA_TRA_KET_QUA',
] as const;
export const BUDGET_UNITS = ['WORKING_DAYS', 'DAYS', 'WORKING_HOURS', 'SAME_DAY'] as const;

interface EntryProps { element: Element; id: string }
interface Modeling { updateProperties(element: Element, properties: Record<string, unknown>): void }
interface PanelEntry { id: string; component: unknown; isEdited?: (node: unknown) => boolean; element?: Element }
interface PanelGroup { id: string; label: string; entries: PanelEntry[] }

const attr = (element: Element, name: string): unknown => getBusinessObject(element).get(name);

function DossierStatusEntry({ element, id }: EntryProps) {
  const modeling = useService<Modeling>('modeling');
  return h(SelectEntry, {
    element, id,
    label: t('modeler.motcua.dossierStatus'),
    getValue: () => attr(element, 'motcua:dossierStatus') ?? '',
    setValue: (value: string) => modeling.updateProperties(element, { 'motcua:dossierStatus': value || undefined }),
    getOptions: () => [
      { value: '', label: t('modeler.motcua.noStatus') },
      ...DOSSIER_STATUSES.map((code) => ({ value: code, label: `${t(`status.${code}`)} (${code})` })),
    ],
  });
}

function BudgetEntry({ element, id }: EntryProps) {
  const modeling = useService<Modeling>('modeling');
  const debounce = useService<(fn: unknown) => unknown>('debounceInput');
  return h(NumberFieldEntry, {
    element, id, debounce,
    label: t('modeler.motcua.budget'),
    description: t('modeler.motcua.budgetHint'),
    min: 0, step: 0.5,
    getValue: () => attr(element, 'motcua:budget'),
    setValue: (value: string | number | undefined) => {
      const number = value === '' || value === undefined ? undefined : Number(value);
      modeling.updateProperties(element, { 'motcua:budget': Number.isFinite(number) ? number : undefined });
    },
  });
}

function BudgetUnitEntry({ element, id }: EntryProps) {
  const modeling = useService<Modeling>('modeling');
  return h(SelectEntry, {
    element, id,
    label: t('modeler.motcua.budgetUnit'),
    getValue: () => attr(element, 'motcua:budgetUnit') ?? '',
    setValue: (value: string) => modeling.updateProperties(element, { 'motcua:budgetUnit': value || undefined }),
    getOptions: () => [
      { value: '', label: t('modeler.motcua.unitDefault') },
      ...BUDGET_UNITS.map((unit) => ({ value: unit, label: t(`unit.${unit}`) })),
    ],
  });
}

export class MotcuaPropertiesProvider {
  static $inject = ['propertiesPanel'];

  constructor(propertiesPanel: { registerProvider(priority: number, provider: unknown): void }) {
    // Below the Camunda provider's priority, so its groups exist when ours runs.
    propertiesPanel.registerProvider(400, this);
  }

  getGroups(element: Element) {
    return (groups: PanelGroup[]): PanelGroup[] => {
      if (!is(element, 'bpmn:FlowNode')) return groups;
      const assignment = groups.find((group) => group.id === 'CamundaPlatform__UserAssignment');
      const candidate = assignment?.entries.find((entry) => entry.id === 'candidateGroups');
      if (candidate) Object.assign(candidate, { component: CandidateGroupsEntry, isEdited: isCandidateGroupsEdited });
      const motcua: PanelGroup = {
        id: 'motcua',
        label: t('modeler.motcua.group'),
        entries: [
          { id: 'motcua-dossierStatus', element, component: DossierStatusEntry, isEdited: isSelectEntryEdited },
          { id: 'motcua-budget', element, component: BudgetEntry, isEdited: isNumberFieldEntryEdited },
          { id: 'motcua-budgetUnit', element, component: BudgetUnitEntry, isEdited: isSelectEntryEdited },
        ],
      };
      const general = groups.findIndex((group) => group.id === 'general');
      groups.splice(general + 1, 0, motcua);
      return groups;
    };
  }
}
