/**
 * The dossier status machine, plugged into the command loop: after each pure step it reads what
 * the step did and adds the dossier's consequences to the same atomic commit (DESIGN.md "The
 * command loop"). Status changes come from the diagram — entering an element that carries
 * `motcua:dossierStatus="X"` puts the dossier in X — and from dossier commands
 * (dossier-commands.ts); cancelling the instance stops the dossier (DUNG_XU_LY).
 */
import { HistoryEventType, type HistoryEvent } from '../../bpmn/execution/results.ts';
import { InstanceStatus, type InstanceState, type ScopeInstance, type Variables } from '../../bpmn/execution/state.ts';
import type { FlowNode } from '../../bpmn/model.ts';
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { CommitAdditions, CommitExtension, StepOutcome } from '../../runtime/commit-extension.ts';
import { seedCalendarConfig, WorkingCalendar } from '../calendar/index.ts';
import { DOSSIER_VARIABLE, type Dossier } from './dossier.ts';
import { applyDossierCommand, DOSSIER_COMMAND_VARIABLE, type DossierCommand, parseDossierCommand, REASON_VARIABLE } from './dossier-commands.ts';
import { DOSSIER_STATUSES, DossierStatus, isDossierStatus, TERMINAL_STATUSES } from './dossier-status.ts';
import { changeStatus, type DossierChange, submitted, type TransitionCause, unchanged, warningEvent } from './dossier-transition.ts';
import { transitionProblem } from './status-machine.ts';
import { dossierAttributes } from './dossier-attributes.ts';

export interface DossierCommitExtensionOptions {
  /** the working calendar of an agency (by agency code); default: the national calendar for all */
  readonly calendarFor?: (agency: string) => WorkingCalendar;
  /** a root variable whose text, when set, is recorded as the reason of a refusal, withdrawal or stop (default `lyDo`) */
  readonly reasonVariable?: string;
}

/**
 * Commands that may carry a dossier command: `SetVariables`, and `CorrelateMessage` when the
 * command goes with a message the diagram handles (a withdrawal with `RutHoSo`).
 */
const COMMAND_CARRIERS = new Set(['SetVariables', 'CorrelateMessage']);

/** Commands whose variables come from outside the diagram: a `dossier` among them is a client error. */
const OUTSIDE_VARIABLES = new Set(['StartInstance', 'SetVariables', 'CompleteTask', 'CompleteExternalTask', 'CorrelateMessage', 'BroadcastSignal', 'ThrowBpmnError']);

export class DossierCommitExtension implements CommitExtension {
  private readonly calendarFor: (agency: string) => WorkingCalendar;
  private readonly reasonVariable: string;

  constructor(options: DossierCommitExtensionOptions = {}) {
    if (options.calendarFor) {
      this.calendarFor = options.calendarFor;
    } else {
      const national = new WorkingCalendar(seedCalendarConfig());
      this.calendarFor = () => national;
    }
    this.reasonVariable = options.reasonVariable ?? REASON_VARIABLE;
  }

  extend(outcome: StepOutcome): CommitAdditions | undefined {
    const state = outcome.result.state;
    // a called instance may hold a copy of the dossier (camunda:in): the dossier is its root instance's
    if (state.parent) return undefined;
    const variables = rootVariables(state);
    const previousState = outcome.previous?.state;
    const previous = previousState ? (rootVariables(previousState)[DOSSIER_VARIABLE] as Dossier | undefined) : undefined;
    const commandVariables = 'variables' in outcome.command ? (outcome.command.variables as Variables | undefined) : undefined;
    const hasCommand = COMMAND_CARRIERS.has(outcome.command.type) && commandVariables !== undefined && DOSSIER_COMMAND_VARIABLE in commandVariables;

    if (outcome.command.type === 'StartInstance') {
      const initial = variables[DOSSIER_VARIABLE];
      if (initial === undefined) return undefined;
      const at = outcome.now;
      const dossier = checkInitial(initial);
      return this.decide(outcome, submitted(dossier, { at, calendar: this.calendarFor(dossier.handlingAgency) }), false);
    }

    if (previous === undefined) {
      if (hasCommand) throw new MotcuaError(ErrorCode.InvalidInput, `instance ${state.id} runs no dossier: a dossier command needs one`, { field: DOSSIER_COMMAND_VARIABLE });
      return undefined;
    }

    // the domain owns the dossier: a write from outside is refused, one by the diagram (an output
    // mapping, a called instance's stale copy coming back) is undone and noted
    const extra: HistoryEvent[] = [];
    let restored = false;
    if (JSON.stringify(variables[DOSSIER_VARIABLE]) !== JSON.stringify(previous)) {
      if (OUTSIDE_VARIABLES.has(outcome.command.type) && commandVariables && DOSSIER_VARIABLE in commandVariables) {
        throw new MotcuaError(
          ErrorCode.InvalidInput,
          `the dossier variable belongs to the procedure domain: change dossier ${previous.code} through the dossier service (status from the diagram, extendDeadline, requestWithdrawal, …), not by setting it`,
          { field: DOSSIER_VARIABLE },
        );
      }
      restored = true;
      extra.push(warningEvent(previous, outcome.now, 'DOSSIER_WRITE_IGNORED', `a ${outcome.command.type} changed the dossier variable of ${previous.code}: the change was undone (the dossier is changed by the procedure domain only)`));
    }
    const change: DossierChange = { ...unchanged(previous), events: extra };
    return this.decide(outcome, change, restored, hasCommand ? commandVariables![DOSSIER_COMMAND_VARIABLE] : undefined);
  }

  /** Apply the statuses the step entered, then the command, then the end of the instance. */
  private decide(outcome: StepOutcome, start: DossierChange, restored: boolean, rawCommand?: unknown): CommitAdditions | undefined {
    const state = outcome.result.state;
    const calendar = this.calendarFor(start.dossier.handlingAgency);
    const command: DossierCommand | undefined = rawCommand === undefined ? undefined : parseDossierCommand(rawCommand);
    // a message carries no author: the dossier command it brings names one
    const by = 'by' in outcome.command && outcome.command.by ? outcome.command.by : command?.by;
    const base: TransitionCause = { at: outcome.now, calendar, ...(by ? { by } : {}) };
    const withReason = (reason: string | undefined): TransitionCause => (reason ? { ...base, reason } : base);

    let change = start;
    for (const event of outcome.result.events) {
      if (event.type !== HistoryEventType.ElementActivated || event.elementId === undefined) continue;
      const node = outcome.process.nodes[event.elementId];
      const status = node?.motcua?.dossierStatus;
      if (status === undefined) continue;
      if (!isDossierStatus(status)) {
        throw new MotcuaError(ErrorCode.BpmnInvalid, `motcua:dossierStatus "${status}" of ${node.id} is not a dossier status: use one of ${DOSSIER_STATUSES.join(', ')}`, {
          elementId: node.id,
          elementType: node.bpmnType,
          field: 'motcua:dossierStatus',
        });
      }
      change = changeStatus(change, status, { ...withReason(this.reasonAt(state, node)), elementId: node.id, elementType: node.bpmnType });
    }

    const rootReason = textVariable(rootVariables(state), this.reasonVariable);
    if (command !== undefined) change = applyDossierCommand(change, command, withReason(rootReason));

    if (state.status !== InstanceStatus.Active) change = this.ended(change, outcome, withReason(rootReason));

    const touched = change.events.length > 0 || restored || command !== undefined || outcome.command.type === 'StartInstance';
    if (!touched) return undefined;
    return {
      state: withDossier(state, change.dossier),
      events: change.events,
      counters: change.counters,
      outbox: change.outbox,
      attributes: dossierAttributes(change.dossier),
    };
  }

  /**
   * The reason (`lyDo`) as the element sees it: from its enclosing scope up to the root. A message
   * that starts an event sub-process (the applicant's `RutHoSo` with `lyDo`) leaves its variables
   * in that sub-process's scope, not in the root.
   */
  private reasonAt(state: InstanceState, node: FlowNode): string | undefined {
    const enclosing = Object.values(state.scopes).filter((scope) => scope.elementId === node.scope);
    for (let scope: ScopeInstance | undefined = enclosing.at(-1) ?? state.scopes[state.rootScopeId]; scope; scope = scope.parentId ? state.scopes[scope.parentId] : undefined) {
      if (Object.hasOwn(scope.variables, this.reasonVariable)) return textVariable(scope.variables, this.reasonVariable);
    }
    return undefined;
  }

  /** The instance ended: cancelling stops the dossier; any other end leaves a status the diagram must have set. */
  private ended(change: DossierChange, outcome: StepOutcome, base: TransitionCause): DossierChange {
    const dossier = change.dossier;
    if (TERMINAL_STATUSES.includes(dossier.status)) return change;
    const command = outcome.command;
    if (outcome.result.state.status === InstanceStatus.Cancelled && !transitionProblem(dossier.status, DossierStatus.DungXuLy, dossier.acceptedAt !== undefined)) {
      const reason = command.type === 'CancelInstance' && command.reason ? command.reason : base.reason;
      return changeStatus(change, DossierStatus.DungXuLy, { ...base, ...(reason ? { reason } : {}) });
    }
    return {
      ...change,
      events: [
        ...change.events,
        warningEvent(dossier, outcome.now, 'PROCESS_ENDED_DOSSIER_OPEN', `the process of dossier ${dossier.code} ended (${outcome.result.state.status}) with the dossier still ${dossier.status}: mark its end in the diagram (motcua:dossierStatus DA_TRA_KET_QUA, DUNG_XU_LY or KHONG_TIEP_NHAN)`),
      ],
    };
  }
}

function rootVariables(state: InstanceState): Variables {
  return state.scopes[state.rootScopeId]?.variables ?? {};
}

function textVariable(variables: Variables, name: string): string | undefined {
  const value = variables[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A copy of `state` whose root variables hold `dossier`, and no scope the dossier command (a
 * message starting an event sub-process leaves it in that sub-process's scope).
 */
function withDossier(state: InstanceState, dossier: Dossier): InstanceState {
  const scopes = { ...state.scopes };
  for (const scope of Object.values(scopes)) {
    if (!Object.hasOwn(scope.variables, DOSSIER_COMMAND_VARIABLE)) continue;
    const { [DOSSIER_COMMAND_VARIABLE]: _command, ...variables } = scope.variables;
    scopes[scope.id] = { ...scope, variables };
  }
  const root = scopes[state.rootScopeId];
  scopes[root.id] = { ...root, variables: { ...root.variables, [DOSSIER_VARIABLE]: dossier } };
  return { ...state, scopes };
}

/** A dossier given at start (normally by `DossierService.receive`) must at least look like one. */
function checkInitial(value: unknown): Dossier {
  const dossier = value as Partial<Dossier>;
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null) problems.push('an object');
  else {
    if (typeof dossier.code !== 'string' || dossier.code === '') problems.push('code');
    if (!isDossierStatus(dossier.status)) problems.push('status');
    if (typeof dossier.handlingAgency !== 'string') problems.push('handlingAgency');
    if (!dossier.terms || typeof dossier.terms !== 'object') problems.push('terms');
    if (typeof dossier.syncSeq !== 'number') problems.push('syncSeq');
  }
  if (problems.length > 0) {
    throw new MotcuaError(ErrorCode.InvalidInput, `the dossier variable is not a dossier (missing or wrong: ${problems.join(', ')}): start dossiers with DossierService.receive`, { field: DOSSIER_VARIABLE });
  }
  return value as Dossier;
}
