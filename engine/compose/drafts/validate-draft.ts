/**
 * Everything wrong with a draft, each problem naming what it concerns so the modeler can mark it:
 * the compiler's problems (code, element id and type), the procedure's own diagram rules
 * (checkProcedureDiagram: dossier statuses, acceptance, the process key), the catalog record's
 * schema problems (the field), the forms, and the step budgets that exceed the legal time, with
 * the path of elements they add up along. A draft is publishable when no problem is an error.
 */
import { compileBpmn } from '../../bpmn/compile/index.ts';
import type { CompiledDefinitions, ElementId, ProcessModel } from '../../bpmn/model.ts';
import { checkProcedureDiagram } from '../../procedure/catalog/diagram-check.ts';
import type { ProcedureRecord } from '../../procedure/catalog/procedure-record.ts';
import { procedureProblems } from '../../procedure/catalog/procedure-schema.ts';
import { DEPLOYMENT_FORM_PREFIX } from '../forms.ts';
import type { DraftContent } from './DraftStore.ts';

export interface DraftProblem {
  /** a compiler ProblemCode, a diagram check code, `RECORD_INVALID` or `FORM_INVALID` / `FORM_MISSING` */
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly elementId?: string;
  readonly elementType?: string;
  /** the record or form field concerned (`record.ways[0].deadline.unit`, `forms.tiep-nhan.form`) */
  readonly field?: string;
  readonly message: string;
}

export interface BudgetWarning {
  readonly message: string;
  /** the budgeted elements along the longest path, in order */
  readonly path: readonly ElementId[];
}

export interface DraftValidation {
  readonly ok: boolean;
  readonly problems: readonly DraftProblem[];
  readonly budgetWarnings: readonly BudgetWarning[];
  /** the compiled diagram, when it compiles */
  readonly definitions?: CompiledDefinitions;
}

export interface ValidateDraftOptions {
  /** process keys deployed already, which call activities may name */
  readonly knownProcesses: readonly string[];
}

function typeOf(process: ProcessModel | undefined, id: string | undefined): string | undefined {
  return id === undefined ? undefined : process?.nodes[id]?.bpmnType;
}

export async function validateDraft(draft: DraftContent, options: ValidateDraftOptions): Promise<DraftValidation> {
  const known = new Set(options.knownProcesses);
  const compiled = await compileBpmn(draft.xml, { isKnownProcess: (key) => known.has(key) });
  const problems: DraftProblem[] = compiled.problems.map((problem) => ({
    code: problem.code,
    severity: problem.severity,
    ...(problem.elementId ? { elementId: problem.elementId } : {}),
    ...(problem.elementType ? { elementType: problem.elementType } : {}),
    message: problem.message,
  }));
  const budgetWarnings: BudgetWarning[] = [];

  const recordProblems = procedureProblems(draft.record);
  for (const problem of recordProblems) {
    problems.push({ code: 'RECORD_INVALID', severity: 'error', field: problem.field ? `record.${problem.field}` : 'record', message: problem.message });
  }

  const formFiles = new Set(Object.keys(draft.forms));
  for (const [file, schema] of Object.entries(draft.forms)) {
    if (!file.endsWith('.form')) problems.push({ code: 'FORM_INVALID', severity: 'error', field: `forms.${file}`, message: `a form file name ends with .form, found "${file}"` });
    if (!schema || typeof schema !== 'object' || !Array.isArray((schema as { components?: unknown }).components)) {
      problems.push({ code: 'FORM_INVALID', severity: 'error', field: `forms.${file}`, message: `${file} is not a form-js schema (it has no "components" list)` });
    }
  }

  const definitions = compiled.definitions;
  if (definitions) {
    for (const process of Object.values(definitions.processes)) {
      for (const node of Object.values(process.nodes)) {
        const formKey = node.userTask?.formKey;
        if (formKey?.startsWith(DEPLOYMENT_FORM_PREFIX) && !formFiles.has(formKey.slice(DEPLOYMENT_FORM_PREFIX.length))) {
          problems.push({
            code: 'FORM_MISSING',
            severity: 'error',
            elementId: node.id,
            elementType: node.bpmnType,
            message: `${node.id} shows the form ${formKey.slice(DEPLOYMENT_FORM_PREFIX.length)}, which the draft does not have`,
          });
        }
      }
    }
  }

  if (definitions && recordProblems.length === 0) {
    const record = draft.record as ProcedureRecord;
    const process = definitions.processes[record.process.key];
    if (!process) {
      const keys = Object.keys(definitions.processes).join(', ');
      problems.push({ code: 'PROCESS_KEY_MISMATCH', severity: 'error', field: 'record.process.key', message: `procedure ${record.code} runs process ${record.process.key}, which the diagram does not hold (it has ${keys})` });
    } else {
      for (const problem of checkProcedureDiagram(record, process)) {
        const elementType = typeOf(process, problem.elementId) ?? (problem.elementId === process.id ? 'bpmn:Process' : undefined);
        problems.push({
          code: problem.code,
          severity: problem.severity,
          ...(problem.elementId ? { elementId: problem.elementId } : {}),
          ...(elementType ? { elementType } : {}),
          message: problem.message,
        });
        if (problem.path) budgetWarnings.push({ message: problem.message, path: problem.path });
      }
    }
  }

  return {
    ok: problems.every((problem) => problem.severity !== 'error'),
    problems,
    budgetWarnings,
    ...(definitions ? { definitions } : {}),
  };
}
