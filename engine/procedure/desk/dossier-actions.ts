/**
 * What an officer may do to a dossier now, as its diagram allows. Actions that are steps of the
 * diagram (accept, ask for a supplement, refuse, return the result, issue the stop notice) complete
 * the open task whose path leads to that status, with the decision its gateway reads
 * (`step-paths.ts`); the others are dossier commands of `DossierService` (extend, withdraw, stop,
 * payment) or the message the supplement wait listens for. Each availability carries the reason
 * when it is refused, so the API answers "not now, because…" rather than failing in the engine.
 */
import type { ProcessModel } from '../../bpmn/model.ts';
import type { Dossier } from '../dossier/dossier.ts';
import { DossierStatus, TERMINAL_STATUSES } from '../dossier/dossier-status.ts';
import type { OpenTask } from '../../runtime/api.ts';
import { type Subscription, SubscriptionKind } from '../../bpmn/execution/state.ts';
import type { StepPath } from './step-paths.ts';
import { stepPaths } from './step-paths.ts';

export const DossierAction = {
  Accept: 'accept',
  SupplementRequest: 'supplement-request',
  Supplement: 'supplement',
  Refuse: 'refuse',
  Extend: 'extend',
  Withdraw: 'withdraw',
  Stop: 'stop',
  Payment: 'payment',
  Return: 'return',
} as const;
export type DossierAction = (typeof DossierAction)[keyof typeof DossierAction];
export const DOSSIER_ACTIONS: readonly DossierAction[] = Object.values(DossierAction);

/** Who acts: a user of an agency with the candidate groups held there. */
export interface Officer {
  readonly user: string;
  readonly agency: string;
  readonly groups: readonly string[];
}

/** One action and whether it is open now; `taskId` is the step it would complete. */
/** Why an action is refused, as a code a screen words in its own language (with `reasonParams`). */
export const RefusalReason = {
  Final: 'FINAL',
  NoSupplementWait: 'NO_SUPPLEMENT_WAIT',
  NotExtendable: 'NOT_EXTENDABLE',
  NoExtensions: 'NO_EXTENSIONS',
  ResultReady: 'RESULT_READY',
  WithdrawalRequested: 'WITHDRAWAL_REQUESTED',
  NoFee: 'NO_FEE',
  FeesPaid: 'FEES_PAID',
  StepClaimed: 'STEP_CLAIMED',
  StepOffered: 'STEP_OFFERED',
  NoStep: 'NO_STEP',
  UnknownAction: 'UNKNOWN_ACTION',
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

export interface ActionOption {
  readonly action: DossierAction;
  readonly allowed: boolean;
  /** why not, in English (API errors, logs) */
  readonly reason?: string;
  /** why not, as a code; `reasonParams` fill its wording */
  readonly reasonCode?: RefusalReason;
  readonly reasonParams?: Readonly<Record<string, string>>;
  readonly taskId?: string;
}

/** A step of the diagram that carries out an action: the open task and the path it takes. */
export interface StepMove {
  readonly task: OpenTask;
  readonly path: StepPath;
}

/** Everything availability is judged on, loaded once per request. */
export interface ActionContext {
  readonly dossier: Dossier;
  readonly process: ProcessModel;
  readonly openTasks: readonly OpenTask[];
  readonly subscriptions: readonly Subscription[];
}

/** Whether the officer may complete the task: it is theirs, or unclaimed and offered to them. */
export function mayWork(officer: Officer, task: OpenTask): boolean {
  if (task.assignee !== undefined) return task.assignee === officer.user;
  return task.candidateUsers.includes(officer.user) || task.candidateGroups.some((group) => officer.groups.includes(group));
}

const STEP_TARGET: Partial<Record<DossierAction, (path: StepPath) => boolean>> = {
  accept: (path) => path.status === DossierStatus.DaTiepNhan,
  'supplement-request': (path) => path.decision !== undefined && path.status === DossierStatus.ChoBoSung,
  refuse: (path) => path.decision !== undefined && (path.status === DossierStatus.KhongTiepNhan || path.status === DossierStatus.DungXuLy),
  return: (path) => path.decision === undefined && path.status === DossierStatus.DaTraKetQua,
  stop: (path) => path.decision === undefined && path.status === DossierStatus.DungXuLy,
};

const ACTION_TEXT: Record<DossierAction, string> = {
  accept: 'accept the dossier',
  'supplement-request': 'request a supplement',
  supplement: 'receive the supplement',
  refuse: 'refuse the dossier',
  extend: 'extend the deadline',
  withdraw: 'record a withdrawal request',
  stop: 'stop the dossier',
  payment: 'record the payment',
  return: 'return the result',
};

function taskName(task: OpenTask): string {
  return task.name ? `"${task.name}" (${task.elementId})` : task.elementId;
}

/** The open steps that would carry out `action`, the officer's first; `taskId` narrows to one task. */
export function stepMoves(context: ActionContext, action: DossierAction, taskId?: string): StepMove[] {
  const target = STEP_TARGET[action];
  if (!target) return [];
  const moves: StepMove[] = [];
  for (const task of context.openTasks) {
    if (taskId !== undefined && task.id !== taskId) continue;
    for (const path of stepPaths(context.process, task.elementId)) if (target(path)) moves.push({ task, path });
  }
  return moves;
}

function openSteps(context: ActionContext): string {
  return context.openTasks.length ? `open steps: ${context.openTasks.map(taskName).join(', ')}` : 'no step is open';
}

function stepOption(context: ActionContext, action: DossierAction, officer: Officer, taskId?: string): ActionOption {
  const moves = stepMoves(context, action, taskId);
  const mine = moves.find((move) => mayWork(officer, move.task));
  if (mine) return { action, allowed: true, taskId: mine.task.id };
  if (moves.length > 0) {
    const { task } = moves[0]!;
    const step = task.name ?? task.elementId;
    const what = `the step ${taskName(task)} that would ${ACTION_TEXT[action]}`;
    const offeredTo = [...task.candidateGroups, ...task.candidateUsers].join(', ');
    const refusal =
      task.assignee !== undefined
        ? refused(action, RefusalReason.StepClaimed, `${what} is claimed by ${task.assignee}`, { step, holder: task.assignee })
        : refused(action, RefusalReason.StepOffered, `${what} is offered to ${offeredTo || 'nobody'}`, { step, holder: offeredTo || '—' });
    return { ...refusal, taskId: task.id };
  }
  return refused(action, RefusalReason.NoStep, `the diagram offers no step that would ${ACTION_TEXT[action]} now (${openSteps(context)})`, {
    steps: context.openTasks.map((task) => task.name ?? task.elementId).join(', ') || '—',
  });
}

/** The message the supplement wait listens for, when the dossier waits for one now. */
export function supplementSubscription(context: ActionContext): Subscription | undefined {
  return context.subscriptions.find(
    (subscription) => subscription.kind === SubscriptionKind.Message && context.process.nodes[subscription.elementId]?.motcua?.dossierStatus === DossierStatus.ChoBoSung,
  );
}

function refused(action: DossierAction, code: RefusalReason, reason: string, params: Record<string, string> = {}): ActionOption {
  return { action, allowed: false, reason, reasonCode: code, reasonParams: params };
}

function commandOption(context: ActionContext, action: DossierAction, officer: Officer): ActionOption {
  const { dossier } = context;
  const final = TERMINAL_STATUSES.includes(dossier.status);
  if (final) return refused(action, RefusalReason.Final, `dossier ${dossier.code} is ${dossier.status}: it can no longer change`);
  switch (action) {
    case DossierAction.Supplement: {
      const waiting = supplementSubscription(context);
      return waiting ? { action, allowed: true } : refused(action, RefusalReason.NoSupplementWait, `dossier ${dossier.code} is ${dossier.status}: the diagram waits for no supplement now`);
    }
    case DossierAction.Extend:
      if (!dossier.dueAt || dossier.finishedAt) return refused(action, RefusalReason.NotExtendable, `dossier ${dossier.code} is ${dossier.status}: only an accepted dossier still being processed can be extended`);
      if (dossier.terms.extensions.length === 0) return refused(action, RefusalReason.NoExtensions, `procedure ${dossier.procedure.code} allows no extension of its legal time`, { procedure: dossier.procedure.code });
      return { action, allowed: true };
    case DossierAction.Withdraw:
      if (dossier.status === DossierStatus.DaXuLyXong) return refused(action, RefusalReason.ResultReady, `the result of dossier ${dossier.code} is ready: it can no longer be withdrawn`);
      if (dossier.status === DossierStatus.YeuCauRut) return refused(action, RefusalReason.WithdrawalRequested, `the withdrawal of dossier ${dossier.code} was already requested`);
      return { action, allowed: true };
    case DossierAction.Stop: {
      if (dossier.status === DossierStatus.DaXuLyXong) return refused(action, RefusalReason.ResultReady, `the result of dossier ${dossier.code} is ready: it is returned, not stopped`);
      // the diagram's own stop notice (form 05 after a withdrawal) goes first when it is open
      const step = stepOption(context, action, officer);
      return step.allowed ? step : { action, allowed: true };
    }
    case DossierAction.Payment:
      if (dossier.fees.amount <= 0) return refused(action, RefusalReason.NoFee, `procedure ${dossier.procedure.code} charges no fee on this channel`, { procedure: dossier.procedure.code });
      if (dossier.fees.paid) return refused(action, RefusalReason.FeesPaid, `the fees of dossier ${dossier.code} are already paid`);
      return { action, allowed: true };
    default:
      return refused(action, RefusalReason.UnknownAction, `unknown action ${action}`);
  }
}

/** Every action with its availability for this officer; `taskId` judges the steps of that task only. */
export function actionOptions(context: ActionContext, officer: Officer, taskId?: string): ActionOption[] {
  return DOSSIER_ACTIONS.map((action) => {
    if (action === DossierAction.Stop || !STEP_TARGET[action]) return commandOption(context, action, officer);
    if (TERMINAL_STATUSES.includes(context.dossier.status)) return refused(action, RefusalReason.Final, `dossier ${context.dossier.code} is ${context.dossier.status}: it can no longer change`);
    return stepOption(context, action, officer, taskId);
  });
}

