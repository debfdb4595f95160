/**
 * What completing a user task can lead to, read from the compiled diagram: the paths leaving the
 * task, each with the decision that selects it (the gateway condition `${ketQuaThamDinh ==
 * 'BO_SUNG'}` → variable `ketQuaThamDinh`, value `BO_SUNG`), the user tasks met on the way and the
 * first dossier status it reaches. processes/README.md draws every procedure this way: the desk's
 * completeness gateway (HOP_LE / BO_SUNG / TU_CHOI), the appraisal gateway (DAT / BO_SUNG /
 * KHONG_DAT), then a plain path to the result and its return. So the actions an officer may take
 * on a dossier (accept, ask for a supplement, refuse, return the result, stop after a withdrawal)
 * are found in the diagram itself, never hard-coded per procedure.
 */
import type { ElementId, FlowId, ProcessModel } from '../../bpmn/model.ts';
import { NodeKind } from '../../bpmn/model.ts';
import { type DossierStatus, isDossierStatus } from '../dossier/dossier-status.ts';

/** A gateway condition of the form `${name == 'VALUE'}` (JUEL) or `=name = "VALUE"` (FEEL). */
export interface StepDecision {
  readonly variable: string;
  readonly value: string;
  readonly flowId: FlowId;
  readonly gatewayId: ElementId;
}

export interface StepPath {
  /** absent for the plain path of a task without a decision after it */
  readonly decision?: StepDecision;
  /** user tasks on the way, in order, before the status is reached */
  readonly userTasks: readonly ElementId[];
  /** the first element on the path that sets a dossier status, and that status */
  readonly statusElement: ElementId;
  readonly status: DossierStatus;
}

/** How far a path is followed: diagrams put the status a few elements after the decision. */
const MAX_PATH = 12;

const JUEL_EQUALS = /^\$\{\s*([A-Za-z_][\w]*)\s*(?:==|eq)\s*(['"])([^'"]*)\2\s*\}$/;
const FEEL_EQUALS = /^=\s*([A-Za-z_][\w]*)\s*=\s*"([^"]*)"\s*$/;

/** The variable and value a condition compares, when it is a plain equality test. */
export function equalityOf(text: string): { readonly variable: string; readonly value: string } | undefined {
  const juel = JUEL_EQUALS.exec(text.trim());
  if (juel) return { variable: juel[1]!, value: juel[3]! };
  const feel = FEEL_EQUALS.exec(text.trim());
  if (feel) return { variable: feel[1]!, value: feel[2]! };
  return undefined;
}

function statusOf(process: ProcessModel, elementId: ElementId): DossierStatus | undefined {
  const status = process.nodes[elementId]?.motcua?.dossierStatus;
  return isDossierStatus(status) ? status : undefined;
}

/**
 * Follow single flows from `start` until an element sets a status (returned with the user tasks
 * passed), a fork or a decision (undefined: the path does not lead to one status), or the end.
 */
function followToStatus(process: ProcessModel, start: ElementId): Omit<StepPath, 'decision'> | undefined {
  const userTasks: ElementId[] = [];
  let current: ElementId | undefined = start;
  for (let steps = 0; current !== undefined && steps < MAX_PATH; steps++) {
    const node: ProcessModel['nodes'][string] | undefined = process.nodes[current];
    if (!node) return undefined;
    const status = statusOf(process, current);
    if (status !== undefined) return { userTasks, statusElement: current, status };
    if (node.kind === NodeKind.UserTask) userTasks.push(current);
    if (node.outgoing.length !== 1) return undefined;
    current = process.flows[node.outgoing[0]!]?.target;
  }
  return undefined;
}

/** The paths completing `taskId`'s element can take, each leading to a dossier status. */
export function stepPaths(process: ProcessModel, taskElementId: ElementId): StepPath[] {
  const task = process.nodes[taskElementId];
  if (!task || task.outgoing.length !== 1) return [];
  const next = process.flows[task.outgoing[0]!]?.target;
  const gateway = next ? process.nodes[next] : undefined;
  if (!gateway) return [];
  if (gateway.kind !== NodeKind.ExclusiveGateway) {
    const plain = followToStatus(process, gateway.id);
    return plain ? [plain] : [];
  }
  const paths: StepPath[] = [];
  for (const flowId of gateway.outgoing) {
    const flow = process.flows[flowId];
    const test = flow?.condition ? equalityOf(flow.condition.text) : undefined;
    if (!flow || !test) continue;
    const reached = followToStatus(process, flow.target);
    if (reached) paths.push({ decision: { ...test, flowId, gatewayId: gateway.id }, ...reached });
  }
  return paths;
}
