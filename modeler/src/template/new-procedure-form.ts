/**
 * "New procedure" on the catalog screen: code, name, level, sector, agency and legal time; it
 * saves a first draft from the desk → division → leader → desk template and opens it.
 */
import { api, ApiProblem, seg } from '../../../web/shared/api.ts';
import { h } from '../../../web/shared/dom.ts';
import { t } from '../../../web/shared/i18n.ts';
import { notifyError } from '../../../web/shared/notify.ts';
import { procedureHref } from '../catalog/catalog-view.ts';
import template from './desk-division-leader.bpmn';
import { fillTemplate } from './template.ts';

const LEVELS = ['XA', 'TINH', 'BO_NGANH'];

export function newProcedureForm(): HTMLElement {
  const field = (id: string, label: string, input: HTMLElement, hint?: string) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), hint ? h('span', { class: 'hint' }, hint) : null, input);
  const code = h('input', { id: 'new-code', type: 'text', required: true, pattern: '[0-9A-Za-z][0-9A-Za-z._\\-]*' });
  const name = h('input', { id: 'new-name', type: 'text', required: true });
  const level = h('select', { id: 'new-level' }, ...LEVELS.map((l) => h('option', { value: l }, t(`level.${l}`))));
  const sector = h('input', { id: 'new-sector', type: 'text', required: true });
  const agency = h('input', { id: 'new-agency', type: 'text', required: true });
  const days = h('input', { id: 'new-days', type: 'number', min: 3, value: 10, required: true });
  const form = h('form', { class: 'new-procedure' },
    field('new-code', t('modeler.new.code'), code, t('modeler.new.codeHint')),
    field('new-name', t('modeler.new.name'), name),
    field('new-level', t('modeler.catalog.level'), level),
    field('new-sector', t('modeler.catalog.sector'), sector),
    field('new-agency', t('modeler.new.agency'), agency),
    field('new-days', t('modeler.new.days'), days, t('modeler.new.daysHint')),
    h('button', { type: 'submit' }, t('modeler.new.create')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
    const { xml, record } = fillTemplate(template, {
      code: code.value.trim(), name: name.value.trim(), level: level.value, sector: sector.value.trim(),
      agency: agency.value.trim(), workingDays: Math.max(3, Math.round(Number(days.value))),
    }, today);
    api.put(`/api/v1/drafts/${seg(record.code)}`, { revision: 0, xml, record, scenarios: [], forms: {} })
      .then(() => { location.hash = procedureHref(record.code); })
      .catch((err: unknown) => notifyError(err instanceof ApiProblem && err.code === 'DRAFT_CONFLICT' ? new Error(t('modeler.new.exists', { code: record.code })) : err));
  });
  return h('details', { class: 'new-procedure-box' },
    h('summary', {}, t('modeler.new.title')),
    h('p', { class: 'hint' }, t('modeler.new.intro')),
    form);
}
