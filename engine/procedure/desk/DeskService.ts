/**
 * The one-stop desk and the officers' actions on a dossier, on top of `DossierService`: receive a
 * dossier and accept it at once (the reception step of its diagram completed with the decision
 * that accepts, so the clock starts and slip 01 can be printed), mint the lookup secret printed on
 * slip 01, read a dossier for an officer (status, dates, pauses, open steps, slips, the actions
 * open now), carry out an action as the diagram allows (`dossier-actions.ts`), and print its slips.
 * Every change is an engine command; nothing here writes a dossier directly.
 */
import type { Subscription } from '../../bpmn/execution/state.ts';
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { Clock, EngineApi } from '../../runtime/api.ts';
import type { Store } from '../../store/port.ts';
import type { WorkingCalendar } from '../calendar/index.ts';
import type { Dossier } from '../dossier/dossier.ts';
import type { DossierService } from '../dossier/DossierService.ts';
import { extensionAllowance, extensionReaching } from '../dossier/dossier-clock.ts';
import type { StoredDossier } from '../dossier/dossier-queries.ts';
import { REASON_VARIABLE } from '../dossier/dossier-commands.ts';
import type { ReceiveInput } from '../dossier/receive-input.ts';
import { apologyExtensionSlip } from '../slips/apology-extension-slip.ts';
import { processControlRecord } from '../slips/process-control-record.ts';
import { receiptSlip } from '../slips/receipt-slip.ts';
import { refusalSlip } from '../slips/refusal-slip.ts';
import { registerTable } from '../slips/register.ts';
import { type Slip, SlipForm, templateOf } from '../slips/slip.ts';
import { slipPage } from '../slips/slip-html.ts';
import { viDate } from '../slips/slip-format.ts';
import { stopNoticeSlip } from '../slips/stop-notice-slip.ts';
import { supplementRequestSlip } from '../slips/supplement-request-slip.ts';
import { type ActionContext, type ActionOption, actionOptions, DossierAction, mayWork, type Officer, stepMoves, type StepMove, supplementSubscription } from './dossier-actions.ts';
import { availableSlips, type DossierPause, type DossierSummary, dossierSummary, pausesOf, SLIP_TITLE, SUPPLEMENT_REQUEST_VARIABLE, type SupplementRequestRecord } from './dossier-view.ts';
import { checkLookupSecret, issueLookupSecret } from './lookup-secret.ts';
import { type TaskSummary, taskSummary } from './task-summary.ts';

export interface DeskServiceOptions {
  readonly engine: EngineApi;
  readonly store: Store;
  readonly dossiers: DossierService;
  readonly clock: Clock;
  readonly calendarFor: (agency: string) => WorkingCalendar;
}

/** What the desk hands in: `ReceiveInput` without the agency (the officer's) and the author. */
export type DeskInput = Omit<ReceiveInput, 'receivingAgency' | 'handlingAgency' | 'by' | 'variables'>;

/** What an action carries; each action reads its own fields (the API's schemas check them). */
export interface ActionInput {
  /** supplement-request: what is missing */
  readonly missing?: readonly string[];
  /** supplement-request, refuse, stop, withdraw */
  readonly reason?: string;
  /** extend */
  readonly cause?: string;
  readonly value?: number;
  /** extend: the new appointment date (YYYY-MM-DD) instead of `value`, turned into the value that reaches it */
  readonly newDueDate?: string;
  /** payment */
  readonly online?: boolean;
  /** the step to complete, when several could carry the action */
  readonly taskId?: string;
}

export interface DossierDetail extends DossierSummary {
  readonly instanceId: string;
  readonly processKey: string;
  readonly processVersion: number;
  readonly receivingAgency: string;
  readonly handlingAgency: string;
  readonly pausedAt?: string;
  readonly pauses: readonly DossierPause[];
  readonly extensions: Dossier['extensions'];
  readonly allowedExtensions: Dossier['terms']['extensions'];
  readonly legalTime: Dossier['terms']['period'];
  readonly components: Dossier['components'];
  readonly fees: Dossier['fees'];
  readonly withdrawal?: Dossier['withdrawal'];
  readonly stop?: Dossier['stop'];
  readonly refusal?: Dossier['refusal'];
  readonly supplementRequest?: SupplementRequestRecord;
  readonly tasks: readonly TaskSummary[];
  readonly slips: readonly { readonly form: SlipForm; readonly title: string }[];
  readonly actions: readonly ActionOption[];
}

/** A dossier loaded with what its actions are judged on. */
interface Loaded extends ActionContext {
  readonly stored: StoredDossier;
  readonly deploymentId: string;
  readonly rootVariables: Readonly<Record<string, unknown>>;
}

function notAllowed(option: ActionOption): MotcuaError {
  return new MotcuaError(ErrorCode.ActionNotAllowed, `cannot ${option.action}: ${option.reason ?? 'not allowed now'}`, { field: 'action' }, { action: option.action });
}

export class DeskService {
  constructor(private readonly options: DeskServiceOptions) {}

  private now(): number {
    return this.options.clock.now();
  }

  /** The dossier if the agency receives or handles it; undefined otherwise (as if it did not exist). */
  async find(code: string, agency: string): Promise<StoredDossier | undefined> {
    const found = await this.options.dossiers.findByCode(code);
    if (!found || (found.dossier.receivingAgency !== agency && found.dossier.handlingAgency !== agency)) return undefined;
    return found;
  }

  private async require(code: string, agency: string): Promise<StoredDossier> {
    const found = await this.find(code, agency);
    if (!found) throw new MotcuaError(ErrorCode.NotFound, `dossier ${code} does not exist`, { field: 'code' });
    return found;
  }

  private async load(stored: StoredDossier): Promise<Loaded> {
    const instance = await this.options.store.getInstance(stored.instanceId);
    if (!instance) throw new MotcuaError(ErrorCode.InstanceNotFound, `the instance of dossier ${stored.dossier.code} is gone`);
    const definitions = await this.options.engine.definitions(instance.record.deploymentId);
    const process = definitions.processes[instance.record.processKey];
    if (!process) throw new MotcuaError(ErrorCode.ProcessNotFound, `process ${instance.record.processKey} is not in deployment ${instance.record.deploymentId}`);
    const { state } = instance.record;
    const openTasks = await this.options.engine.listTasks({ instanceId: stored.instanceId });
    const subscriptions: Subscription[] = Object.values(state.subscriptions);
    return {
      stored,
      dossier: stored.dossier,
      deploymentId: instance.record.deploymentId,
      process,
      openTasks,
      subscriptions,
      rootVariables: state.scopes[state.rootScopeId]?.variables ?? {},
    };
  }

  /**
   * Receive a dossier at the desk of the officer's agency and, when its diagram's reception step is
   * the officer's to do, accept it there and then: the dossier gets its appointment and slip 01.
   * Returns the dossier and the lookup secret (shown once, printed on slip 01).
   */
  async receiveAtDesk(input: DeskInput, officer: Officer, options: { readonly accept?: boolean } = {}): Promise<{ stored: StoredDossier; lookupSecret: string }> {
    const received = await this.options.dossiers.receive({ ...input, receivingAgency: officer.agency, by: officer.user });
    const lookupSecret = await issueLookupSecret(this.options.store, received.code);
    let stored = (await this.options.dossiers.byInstance(received.instanceId))!;
    if (options.accept !== false) {
      const loaded = await this.load(stored);
      const move = stepMoves(loaded, DossierAction.Accept).find((candidate) => mayWork(officer, candidate.task));
      if (move) {
        await this.completeAlong(loaded, move, {}, officer);
        stored = (await this.options.dossiers.byInstance(received.instanceId))!;
      }
    }
    return { stored, lookupSecret };
  }

  /** Whether `secret` opens the public view of the dossier `code`. */
  checkSecret(code: string, secret: string): Promise<boolean> {
    return checkLookupSecret(this.options.store, code, secret);
  }

  private async completeAlong(loaded: Loaded, move: StepMove, data: Record<string, unknown>, officer: Officer): Promise<void> {
    const { decision } = move.path;
    await this.options.engine.completeTask(move.task.id, { ...data, ...(decision ? { [decision.variable]: decision.value } : {}) }, officer.user);
    // the steps on the way that are the same officer's (issuing form 02 after deciding it, drafting
    // the refusal) are done in the same act, with the same data; another role's step stays open
    for (const elementId of move.path.userTasks) {
      const next = (await this.options.engine.listTasks({ instanceId: loaded.stored.instanceId })).find((task) => task.elementId === elementId);
      if (!next || !mayWork(officer, next)) return;
      await this.options.engine.completeTask(next.id, data, officer.user);
    }
  }

  /** The actions open to the officer on this dossier now (a task narrows the diagram's steps to it). */
  async actions(code: string, officer: Officer, taskId?: string): Promise<ActionOption[]> {
    return actionOptions(await this.load(await this.require(code, officer.agency)), officer, taskId);
  }

  /** Carry out an action; refused with ACTION_NOT_ALLOWED and the reason when it is not open now. */
  async perform(code: string, action: DossierAction, input: ActionInput, officer: Officer): Promise<StoredDossier> {
    const loaded = await this.load(await this.require(code, officer.agency));
    const option = actionOptions(loaded, officer, input.taskId).find((candidate) => candidate.action === action);
    if (!option?.allowed) throw notAllowed(option ?? { action, allowed: false });
    const { dossiers, engine } = this.options;
    const by = officer.user;
    const step = (data: Record<string, unknown>) => {
      const move = stepMoves(loaded, action, option.taskId).find((candidate) => mayWork(officer, candidate.task))!;
      return this.completeAlong(loaded, move, data, officer);
    };
    switch (action) {
      case DossierAction.Accept:
      case DossierAction.Return:
        await step({});
        break;
      case DossierAction.SupplementRequest: {
        const request: SupplementRequestRecord = { thanhPhan: input.missing ?? [], lyDo: input.reason ?? '', nguoiYeuCau: by, luc: new Date(this.now()).toISOString() };
        await step({ [REASON_VARIABLE]: request.lyDo, [SUPPLEMENT_REQUEST_VARIABLE]: request });
        break;
      }
      case DossierAction.Refuse:
        await step({ [REASON_VARIABLE]: input.reason ?? '' });
        break;
      case DossierAction.Supplement: {
        const waiting = supplementSubscription(loaded)!;
        await engine.correlateMessage(waiting.name, { instanceId: loaded.stored.instanceId });
        break;
      }
      case DossierAction.Extend: {
        const value = input.newDueDate === undefined ? input.value : this.extensionUntil(loaded.stored.dossier, input.cause ?? '', input.newDueDate);
        await dossiers.extendDeadline(code, { cause: input.cause ?? '', ...(value !== undefined ? { value } : {}), by });
        break;
      }
      case DossierAction.Withdraw:
        await dossiers.requestWithdrawal(code, { ...(input.reason ? { reason: input.reason } : {}), by });
        break;
      case DossierAction.Stop:
        if (option.taskId) {
          // the stop notice ends the withdrawal sub-process, whose scope is gone when the end event
          // reads the reason: it must be in the root as well
          await engine.setVariables(loaded.stored.instanceId, { [REASON_VARIABLE]: input.reason ?? '' }, by);
          await step({ [REASON_VARIABLE]: input.reason ?? '' });
        } else await dossiers.stop(code, { reason: input.reason ?? '', by });
        break;
      case DossierAction.Payment:
        await dossiers.recordPayment(code, { online: input.online === true, by });
        break;
    }
    return (await dossiers.byInstance(loaded.stored.instanceId))!;
  }

  /**
   * The value of an extension for `cause` that makes the dossier due on `date`; a cause the
   * procedure does not have is left to extendDeadline, which refuses it naming the causes.
   */
  private extensionUntil(dossier: Dossier, cause: string, date: string): number | undefined {
    const allowance = extensionAllowance(dossier, cause);
    if (!allowance) return undefined;
    const { allowed, left } = allowance;
    const value = extensionReaching(dossier, date, this.options.calendarFor(dossier.handlingAgency), left);
    if (value === undefined) {
      throw new MotcuaError(
        ErrorCode.InvalidInput,
        `no extension for "${cause}" (${Math.max(0, left)} ${allowed.max.unit} left) makes dossier ${dossier.code} due on ${date}: ` +
          `pick a working day after the current due date${dossier.dueAt ? ` ${viDate(dossier.dueAt)}` : ''}${dossier.pausedAt !== undefined ? ', once the dossier is no longer paused' : ''}`,
        { field: 'newDueDate' },
      );
    }
    return value;
  }

  /** A list row: the dossier with its clock read on its handling agency's calendar. */
  summary(dossier: Dossier): DossierSummary {
    return dossierSummary(dossier, this.options.calendarFor(dossier.handlingAgency), this.now());
  }

  /** The dossier as the officer's screen shows it. */
  async detail(code: string, officer: Officer): Promise<DossierDetail> {
    const loaded = await this.load(await this.require(code, officer.agency));
    const { dossier, stored } = loaded;
    const calendar = this.options.calendarFor(dossier.handlingAgency);
    const now = this.now();
    const children = await this.options.engine.childInstances(stored.instanceId);
    const childTasks = (await Promise.all(children.map((child) => this.options.engine.listTasks({ instanceId: child.id })))).flat();
    const history = await this.options.engine.history(stored.instanceId);
    const supplementRequest = this.supplementRequest(loaded);
    return {
      ...dossierSummary(dossier, calendar, now),
      instanceId: stored.instanceId,
      processKey: stored.processKey,
      processVersion: stored.processVersion,
      receivingAgency: dossier.receivingAgency,
      handlingAgency: dossier.handlingAgency,
      ...(dossier.pausedAt ? { pausedAt: dossier.pausedAt } : {}),
      pauses: pausesOf(history),
      extensions: dossier.extensions,
      allowedExtensions: dossier.terms.extensions,
      legalTime: dossier.terms.period,
      components: dossier.components,
      fees: dossier.fees,
      ...(dossier.withdrawal ? { withdrawal: dossier.withdrawal } : {}),
      ...(dossier.stop ? { stop: dossier.stop } : {}),
      ...(dossier.refusal ? { refusal: dossier.refusal } : {}),
      ...(supplementRequest ? { supplementRequest } : {}),
      tasks: [...loaded.openTasks, ...childTasks].map((task) => taskSummary(task, calendar, now)),
      slips: availableSlips(dossier, supplementRequest).map((form) => ({ form, title: SLIP_TITLE[form] })),
      actions: actionOptions(loaded, officer),
    };
  }

  private supplementRequest(loaded: Loaded): SupplementRequestRecord | undefined {
    const value = loaded.rootVariables[SUPPLEMENT_REQUEST_VARIABLE];
    return value && typeof value === 'object' && Array.isArray((value as SupplementRequestRecord).thanhPhan) ? (value as SupplementRequestRecord) : undefined;
  }

  /**
   * A slip as a printable page. Slip 01 prints the lookup secret only when the caller gives the
   * right one (the desk has it from the reception's answer; the store keeps only its hash).
   */
  async slipPage(code: string, form: SlipForm, officer: Officer, options: { readonly agencyName: string; readonly secret?: string }): Promise<string> {
    const loaded = await this.load(await this.require(code, officer.agency));
    const { dossier } = loaded;
    const supplementRequest = this.supplementRequest(loaded);
    if (!availableSlips(dossier, supplementRequest).includes(form)) {
      throw new MotcuaError(ErrorCode.NotFound, `dossier ${code} (${dossier.status}) has no slip ${form} (${SLIP_TITLE[form]}) now`, { field: 'form' });
    }
    const slip = await this.buildSlip(loaded, form, options.agencyName, supplementRequest);
    const secret = form === SlipForm.Receipt && options.secret && (await this.checkSecret(code, options.secret)) ? options.secret : undefined;
    return slipPage(slip, {
      agencyName: options.agencyName,
      placeAndDate: `Ngày ${viDate(new Date(this.now()).toISOString())}`,
      ...(secret ? { notes: [{ label: 'Mã tra cứu hồ sơ (kèm mã hồ sơ, tại trang /tra-cuu)', value: secret }] } : {}),
    });
  }

  private async buildSlip(loaded: Loaded, form: SlipForm, agencyName: string, supplementRequest: SupplementRequestRecord | undefined): Promise<Slip> {
    const { dossier } = loaded;
    switch (form) {
      case SlipForm.Receipt:
        return receiptSlip(dossier, { collectAt: agencyName });
      case SlipForm.SupplementRequest:
        return supplementRequestSlip(dossier, {
          components: supplementRequest!.thanhPhan.map((name) => ({ name })),
          reason: supplementRequest!.lyDo,
          contact: `${agencyName}${supplementRequest!.nguoiYeuCau ? ` – cán bộ ${supplementRequest!.nguoiYeuCau}` : ''}`,
          at: supplementRequest!.luc,
        });
      case SlipForm.Refusal:
        return refusalSlip(dossier);
      case SlipForm.ApologyExtension:
        return apologyExtensionSlip(dossier, { agencyName });
      case SlipForm.StopNotice:
        return stopNoticeSlip(dossier);
      case SlipForm.ProcessControl: {
        const names = Object.fromEntries(Object.values(loaded.process.nodes).flatMap((node) => (node.name ? [[node.id, node.name]] : [])));
        return processControlRecord(dossier, await this.options.engine.history(loaded.stored.instanceId), { stepNames: names });
      }
      case SlipForm.Register:
        return { form, title: 'SỔ THEO DÕI HỒ SƠ', template: templateOf(form), dossierCode: dossier.code, fields: [], tables: [registerTable([dossier])], signatures: [] };
    }
  }
}
