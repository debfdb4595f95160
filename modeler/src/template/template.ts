/**
 * A new procedure started from the desk → division → leader → desk pattern of processes/: the
 * diagram (lanes per role, candidate groups, dossier statuses, step budgets that add up to the
 * legal time) and a first catalog record the analyst completes in the record tab.
 */
import type { ProcedureRecord } from '../api-types.ts';

export interface NewProcedure {
  code: string;
  name: string;
  level: string;
  sector: string;
  agency: string;
  /** the legal time in working days (at least 3: one for the desk, one for the leader) */
  workingDays: number;
}

/** A BPMN id (an XML NCName) made from the procedure code: `p_1_001193`. */
export function processKeyOf(code: string): string {
  return `p_${code.replace(/[^0-9A-Za-z_]/g, '_')}`;
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Fills `template` (desk-division-leader.bpmn) for `input`; `today` (YYYY-MM-DD) starts the record's validity. */
export function fillTemplate(template: string, input: NewProcedure, today: string): { xml: string; record: ProcedureRecord } {
  const key = processKeyOf(input.code);
  const divisionDays = Math.max(1, input.workingDays - 2);
  const xml = template
    .replaceAll('PROCESS_KEY', key)
    .replaceAll('PROCEDURE_NAME', escapeXml(input.name))
    .replaceAll('BUDGET_DAYS', String(divisionDays));
  const record: ProcedureRecord = {
    code: input.code,
    version: 1,
    name: input.name,
    level: input.level,
    agencies: { executing: input.agency },
    sector: { name: input.sector },
    ways: [{ channel: 1, deadline: { value: input.workingDays, unit: 'WORKING_DAYS' } }],
    components: [{ name: 'Đơn đề nghị', quantity: { original: 1 }, required: true }],
    applicantTypes: ['CONG_DAN'],
    result: { name: 'Văn bản giải quyết thủ tục', electronic: false },
    legalBasis: ['Nghị định số 118/2025/NĐ-CP về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông'],
    effectiveFrom: today,
    process: { key },
  };
  return { xml, record };
}
