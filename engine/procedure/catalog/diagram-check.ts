/**
 * Checks a procedure's diagram against its catalog record: every `motcua:dossierStatus` is a
 * status (an error naming the element otherwise), some element starts the clock (DA_TIEP_NHAN),
 * and the step budgets (`motcua:budget`) along the longest path through the diagram do not
 * exceed the legal time of any channel (a warning: a real internal procedure's budgets add up to
 * the legal time, e.g. desk 1 day → division 10 days → desk 1 day).
 *
 * The "main path" is the longest one by budget from the process's none start to an end, along
 * sequence flows (loops cut, boundary-event and event-sub-process paths left out: they are the
 * exceptions); parallel branches count once (they run side by side); an embedded sub-process
 * counts its own budget, or else its longest inner path.
 */
import { compileBpmn, formatProblem } from '../../bpmn/compile/index.ts';
import type { ElementId, FlowNode, ProcessModel } from '../../bpmn/model.ts';
import { DeadlineUnit, type Period } from '../calendar/index.ts';
import { DOSSIER_STATUSES, DossierStatus, isDossierStatus } from '../dossier/dossier-status.ts';
import type { ProcedureRecord } from './procedure-record.ts';

export interface DiagramProblem {
  readonly severity: 'error' | 'warning';
  readonly code: 'DOSSIER_STATUS_INVALID' | 'NO_ACCEPTANCE' | 'BUDGET_EXCEEDS_LEGAL_TIME' | 'PROCESS_KEY_MISMATCH' | 'BPMN';
  /** the element concerned, when there is one */
  readonly elementId?: ElementId;
  readonly message: string;
  /** BUDGET_EXCEEDS_LEGAL_TIME: the budgeted elements along the longest path, in order (for the modeler to draw) */
  readonly path?: readonly ElementId[];
}

export interface DiagramCheckOptions {
  /** office hours of a working day, to compare budgets in hours with legal times in days (default 8) */
  readonly hoursPerDay?: number;
}

/** Every problem of `process` as the diagram of `record`; empty when it fits. */
export function checkProcedureDiagram(record: ProcedureRecord, process: ProcessModel, options: DiagramCheckOptions = {}): DiagramProblem[] {
  const hoursPerDay = options.hoursPerDay ?? 8;
  const problems: DiagramProblem[] = [];
  if (process.id !== record.process.key) {
    problems.push({ severity: 'error', code: 'PROCESS_KEY_MISMATCH', elementId: process.id, message: `procedure ${record.code} runs process ${record.process.key}, not ${process.id}` });
  }
  let accepts = false;
  for (const node of Object.values(process.nodes)) {
    const status = node.motcua?.dossierStatus;
    if (status === undefined) continue;
    if (!isDossierStatus(status)) {
      problems.push({ severity: 'error', code: 'DOSSIER_STATUS_INVALID', elementId: node.id, message: `motcua:dossierStatus "${status}" of ${node.id} is not a dossier status: use one of ${DOSSIER_STATUSES.join(', ')}` });
    }
    if (status === DossierStatus.DaTiepNhan) accepts = true;
  }
  if (!accepts) {
    problems.push({ severity: 'warning', code: 'NO_ACCEPTANCE', elementId: process.id, message: `no element of ${process.id} sets motcua:dossierStatus="DA_TIEP_NHAN": the legal clock of its dossiers never starts` });
  }

  const path = longestPath(process, process.id, hoursPerDay);
  for (const way of record.ways) {
    const legal = hoursOf(way.deadline, hoursPerDay, true);
    if (path.hours > legal) {
      problems.push({
        severity: 'warning',
        code: 'BUDGET_EXCEEDS_LEGAL_TIME',
        elementId: path.budgeted[0],
        path: path.budgeted,
        message: `step budgets along ${path.budgeted.join(' → ')} add up to ${formatHours(path.hours, way.deadline.unit, hoursPerDay)}, more than the legal time ${englishPeriod(way.deadline)} of channel ${way.channel}`,
      });
    }
  }
  return problems;
}

/**
 * Compile a BPMN file and check the record's process in it: the compiler's problems (as `BPMN`)
 * and then `checkProcedureDiagram`'s. Called processes are taken as deployed.
 */
export async function checkProcedureBpmn(record: ProcedureRecord, xml: string, options: DiagramCheckOptions = {}): Promise<DiagramProblem[]> {
  const compiled = await compileBpmn(xml, { isKnownProcess: () => true });
  const problems: DiagramProblem[] = compiled.problems.map((problem) => ({
    severity: problem.severity === 'error' ? 'error' : 'warning',
    code: 'BPMN',
    ...(problem.elementId ? { elementId: problem.elementId } : {}),
    message: formatProblem(problem),
  }));
  if (!compiled.definitions) return problems;
  const process = compiled.definitions.processes[record.process.key];
  if (!process) {
    const keys = Object.keys(compiled.definitions.processes).join(', ');
    return [...problems, { severity: 'error', code: 'PROCESS_KEY_MISMATCH', message: `procedure ${record.code} runs process ${record.process.key}, which the file does not hold (it has ${keys})` }];
  }
  return [...problems, ...checkProcedureDiagram(record, process, options)];
}

/** A budget or legal time in office hours; a same-day legal time is one working day, a same-day step none. */
function hoursOf(period: Period, hoursPerDay: number, legal = false): number {
  switch (period.unit) {
    case DeadlineUnit.WorkingHours:
      return period.value;
    case DeadlineUnit.SameDay:
      return legal ? hoursPerDay : 0;
    default:
      // calendar days compared as working days: a warning, not a computation
      return period.value * hoursPerDay;
  }
}

// the check's messages are for the analyst at the command line: English throughout (the CLI's language)
const ENGLISH_UNIT: Readonly<Record<string, string>> = {
  [DeadlineUnit.WorkingDays]: 'working days',
  [DeadlineUnit.Days]: 'days',
  [DeadlineUnit.WorkingHours]: 'working hours',
};

function formatHours(hours: number, unit: string, hoursPerDay: number): string {
  if (unit === DeadlineUnit.WorkingHours) return `${hours} working hours`;
  const days = Math.round((hours / hoursPerDay) * 100) / 100;
  return `${days} ${ENGLISH_UNIT[unit] ?? ENGLISH_UNIT[DeadlineUnit.WorkingDays]}`;
}

function englishPeriod(period: Period): string {
  return period.unit === DeadlineUnit.SameDay ? 'the same day' : `${period.value} ${ENGLISH_UNIT[period.unit] ?? period.unit}`;
}

interface PathBudget {
  readonly hours: number;
  /** the budgeted elements along it, in order */
  readonly budgeted: ElementId[];
}

function budgetOf(node: FlowNode, process: ProcessModel, hoursPerDay: number): PathBudget {
  const budget = node.motcua?.budget;
  if (budget) return { hours: hoursOf({ value: budget.value, unit: budget.unit as DeadlineUnit }, hoursPerDay), budgeted: [node.id] };
  if (node.opensScope && node.kind === 'subProcess') return longestPath(process, node.id, hoursPerDay);
  return { hours: 0, budgeted: [] };
}

function longestPath(process: ProcessModel, scopeId: ElementId, hoursPerDay: number): PathBudget {
  const scope = process.scopes[scopeId];
  if (!scope) return { hours: 0, budgeted: [] };
  const onPath = new Set<ElementId>();
  const walk = (id: ElementId): PathBudget => {
    const node = process.nodes[id];
    if (!node || onPath.has(id)) return { hours: 0, budgeted: [] };
    onPath.add(id);
    const own = budgetOf(node, process, hoursPerDay);
    let best: PathBudget = { hours: 0, budgeted: [] };
    for (const flowId of node.outgoing) {
      const flow = process.flows[flowId];
      if (!flow) continue;
      const rest = walk(flow.target);
      if (rest.hours > best.hours) best = rest;
    }
    onPath.delete(id);
    return { hours: own.hours + best.hours, budgeted: [...own.budgeted, ...best.budgeted] };
  };
  let best: PathBudget = { hours: 0, budgeted: [] };
  for (const start of scope.noneStarts) {
    const path = walk(start);
    if (path.hours > best.hours) best = path;
  }
  return best;
}
