/**
 * Changes to a dossier that do not come from the diagram: an extension of the deadline (gia hạn),
 * the applicant's withdrawal request, a payment. They travel to the instance as a `SetVariables`
 * command carrying the reserved variable `__dossierCommand`; the `DossierCommitExtension` applies
 * them to the dossier *as loaded in that command* and removes the variable, all in one commit.
 * So a command never works on a stale copy (a lost race re-decides it), and the request itself
 * stays in the history (`VariablesUpdated`) for the audit.
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import { HistoryEventType } from '../../bpmn/execution/results.ts';
import type { Dossier } from './dossier.ts';
import { extendClock, extensionAllowance } from './dossier-clock.ts';
import { DossierStatus, TERMINAL_STATUSES } from './dossier-status.ts';
import { changeStatus, type DossierChange, type TransitionCause, warningEvent } from './dossier-transition.ts';
import { nationalSyncMessage } from './national-sync.ts';

/** The reserved root variable a dossier command travels in (never kept in the state). */
export const DOSSIER_COMMAND_VARIABLE = '__dossierCommand';

/** The root variable whose text is the reason of a refusal, withdrawal or stop (processes/README.md conventions). */
export const REASON_VARIABLE = 'lyDo';

/**
 * The message a procedure's diagram receives when the applicant withdraws (processes/README.md:
 * an interrupting event sub-process "Công dân rút hồ sơ" that ends with the stop notice, form 05).
 */
export const WITHDRAWAL_MESSAGE = 'RutHoSo';

export type DossierCommand =
  /** lengthen the legal time for one of the procedure's extension causes; `value` defaults to what is left of its maximum */
  | { readonly type: 'extendDeadline'; readonly cause: string; readonly value?: number; readonly by?: string }
  /** the applicant asks to withdraw (YEU_CAU_RUT); the agency then stops the dossier (DUNG_XU_LY) */
  | { readonly type: 'requestWithdrawal'; readonly reason?: string; readonly by?: string }
  /** fees paid (online or at the desk) */
  | { readonly type: 'recordPayment'; readonly online: boolean; readonly by?: string };

function invalid(field: string, message: string): MotcuaError {
  return new MotcuaError(ErrorCode.InvalidInput, message, { field });
}

/** Checks the shape of a command read from a variable; throws naming the field. */
export function parseDossierCommand(value: unknown): DossierCommand {
  if (typeof value !== 'object' || value === null) throw invalid(DOSSIER_COMMAND_VARIABLE, 'a dossier command must be an object with a type');
  const command = value as Record<string, unknown>;
  const optionalText = (key: string): void => {
    if (command[key] !== undefined && typeof command[key] !== 'string') throw invalid(`${DOSSIER_COMMAND_VARIABLE}.${key}`, `${key} must be a text`);
  };
  optionalText('by');
  switch (command.type) {
    case 'extendDeadline':
      if (typeof command.cause !== 'string' || command.cause === '') throw invalid(`${DOSSIER_COMMAND_VARIABLE}.cause`, 'an extension needs its cause (one of the procedure\'s extensions)');
      if (command.value !== undefined && (typeof command.value !== 'number' || !(command.value > 0))) {
        throw invalid(`${DOSSIER_COMMAND_VARIABLE}.value`, `the extension must be a number above 0, found ${JSON.stringify(command.value)}`);
      }
      return command as DossierCommand;
    case 'requestWithdrawal':
      optionalText('reason');
      return command as DossierCommand;
    case 'recordPayment':
      if (typeof command.online !== 'boolean') throw invalid(`${DOSSIER_COMMAND_VARIABLE}.online`, 'say whether the payment was online (true / false)');
      return command as DossierCommand;
    default:
      throw invalid(`${DOSSIER_COMMAND_VARIABLE}.type`, `unknown dossier command ${JSON.stringify(command.type)}: use extendDeadline, requestWithdrawal or recordPayment`);
  }
}

/** Apply one command to the dossier of `change`. */
export function applyDossierCommand(change: DossierChange, command: DossierCommand, cause: TransitionCause): DossierChange {
  const dossier = change.dossier;
  if (TERMINAL_STATUSES.includes(dossier.status)) {
    throw invalid('dossier.status', `dossier ${dossier.code} is ${dossier.status}: it can no longer change`);
  }
  switch (command.type) {
    case 'requestWithdrawal':
      return changeStatus(change, DossierStatus.YeuCauRut, { ...cause, ...(command.reason ? { reason: command.reason } : {}) });
    case 'recordPayment':
      return recordPayment(change, command.online, cause);
    case 'extendDeadline':
      return extendDeadline(change, command, cause);
  }
}

function recordPayment(change: DossierChange, online: boolean, cause: TransitionCause): DossierChange {
  const at = new Date(cause.at).toISOString();
  const dossier: Dossier = { ...change.dossier, fees: { ...change.dossier.fees, paid: true, paidOnline: online, paidAt: at } };
  return {
    ...change,
    dossier,
    events: [
      ...change.events,
      { type: HistoryEventType.DossierUpdated, at, ...(cause.by ? { by: cause.by } : {}), data: { code: dossier.code, fees: dossier.fees } },
    ],
  };
}

function extendDeadline(change: DossierChange, command: Extract<DossierCommand, { type: 'extendDeadline' }>, cause: TransitionCause): DossierChange {
  const dossier = change.dossier;
  if (dossier.acceptedAt === undefined || dossier.finishedAt !== undefined) {
    throw invalid('dossier.status', `dossier ${dossier.code} is ${dossier.status}: only a dossier being processed can have its deadline extended`);
  }
  const allowance = extensionAllowance(dossier, command.cause);
  if (!allowance) {
    const causes = dossier.terms.extensions.map((extension) => `"${extension.cause}"`);
    throw invalid('cause', `procedure ${dossier.procedure.code} allows no extension for "${command.cause}"${causes.length > 0 ? `: use one of ${causes.join(', ')}` : ' (it has no extensions)'}`);
  }
  const { allowed, granted, left } = allowance;
  const value = command.value ?? left;
  if (left <= 0 || value > left) {
    throw new MotcuaError(
      ErrorCode.ExtensionOverMax,
      `extension "${command.cause}" of dossier ${dossier.code} is at most ${allowed.max.value} ${allowed.max.unit}; ${granted} granted already, so ${Math.max(0, left)} left, asked ${value}`,
      { field: 'value' },
    );
  }
  const by = command.by ?? cause.by;
  const extended = extendClock(dossier, { cause: command.cause, period: { value, unit: allowed.max.unit }, ...(by ? { by } : {}) }, cause.at, cause.calendar);
  const next: Dossier = { ...extended, syncSeq: extended.syncSeq + 1 };
  const record = next.extensions[next.extensions.length - 1];
  const at = new Date(cause.at).toISOString();
  const events = [
    ...change.events,
    {
      type: HistoryEventType.DossierDeadlineExtended,
      at,
      ...(by ? { by } : {}),
      data: { code: dossier.code, cause: record.cause, period: record.period, previousDueAt: record.previousDueAt, dueAt: next.dueAt, paused: next.pausedAt !== undefined },
    },
  ];
  if (record.noticeLate) {
    events.push(
      warningEvent(next, cause.at, 'EXTENSION_NOTICE_LATE', `the apology and extension letter (form 04) for dossier ${dossier.code} is due at least one working day before ${record.previousDueAt}`, { ...(by ? { by } : {}) }),
    );
  }
  return { ...change, dossier: next, events, outbox: [...change.outbox, nationalSyncMessage(next, at)] };
}
