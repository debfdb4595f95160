/**
 * The benchmark diagram, shared by every figure: a dossier-like process of three user tasks and
 * an exclusive gateway (Tiếp nhận → Thẩm định → Đạt? → Phê duyệt). The peers read the same file;
 * only the gateway's condition is written in each engine's own expression language.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const template = readFileSync(fileURLToPath(new URL('./fixtures/dossier.bpmn', import.meta.url)), 'utf8');

export const DOSSIER_PROCESS = 'Process_Dossier';
export const DOSSIER_TASKS = ['Activity_Receive', 'Activity_Appraise', 'Activity_Sign'] as const;

/** the diagram with the approval condition in motcua's dialect (Camunda 7 JUEL) */
export const motcuaDossierXml = template.replace('CONDITION', '${approved}');
/** the same diagram for bpmn-engine, whose expressions read the run's environment */
export const bpmnEngineDossierXml = template.replace('CONDITION', '${environment.variables.approved}');

/** every 10th dossier is refused at the gateway, so both branches run */
export const approvedFor = (i: number): boolean => i % 10 !== 0;
