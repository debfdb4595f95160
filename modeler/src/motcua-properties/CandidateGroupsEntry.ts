/**
 * Camunda's candidate groups (a comma-separated list) chosen by ticking the agency's groups;
 * a value the list does not hold (an expression, another agency's group) is kept and shown.
 */
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject } from 'bpmn-js/lib/util/ModelUtil.js';
import type { Element } from 'bpmn-js/lib/model/Types.js';
import { t } from '../../../web/shared/i18n.ts';
import type { AgencyGroup } from '../api-types.ts';

export function candidateGroupsOf(element: Element): string[] {
  const value = getBusinessObject(element).get('camunda:candidateGroups');
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

export function isCandidateGroupsEdited(node: HTMLElement | null): boolean {
  return !!node?.querySelector('input:checked, .motcua-other-groups');
}

export function CandidateGroupsEntry({ element, id }: { element: Element; id: string }) {
  const modeling = useService<{ updateProperties(el: Element, props: Record<string, unknown>): void }>('modeling');
  const groups = useService<AgencyGroup[]>('motcuaGroups');
  const current = candidateGroupsOf(element);
  const others = current.filter((value) => !groups.some((group) => group.id === value));
  const toggle = (groupId: string, on: boolean): void => {
    const next = on ? [...current, groupId] : current.filter((value) => value !== groupId);
    modeling.updateProperties(element, { 'camunda:candidateGroups': next.length ? next.join(',') : undefined });
  };
  return h('fieldset', { class: 'bio-properties-panel-entry motcua-groups', 'data-entry-id': id },
    h('legend', { class: 'bio-properties-panel-label' }, t('modeler.motcua.candidateGroups')),
    groups.length === 0 ? h('p', { class: 'motcua-hint' }, t('modeler.motcua.noGroups')) : null,
    ...groups.map((group) => {
      const inputId = `${id}-${group.id}`;
      return h('div', { class: 'motcua-check' },
        h('input', {
          type: 'checkbox', id: inputId, checked: current.includes(group.id),
          onChange: (event: Event) => toggle(group.id, (event.target as HTMLInputElement).checked),
        }),
        h('label', { for: inputId }, `${group.name} (${group.id})`));
    }),
    others.length ? h('p', { class: 'motcua-other-groups' }, t('modeler.motcua.otherGroups', { groups: others.join(', ') })) : null);
}
