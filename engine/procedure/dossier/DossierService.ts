/**
 * The one-stop desk's entry to the engine: receive a dossier (validate it against the catalog,
 * mint its code, start the procedure's process with the dossier as its root variable), find it,
 * extend its deadline, record a withdrawal request or a payment, stop it, and the lists that
 * follow dossiers (the register, D-1 warnings, online dossiers waiting too long for acceptance).
 *
 * Every change runs as one engine command, so it commits atomically with the process and the
 * `DossierCommitExtension` (which the engine must run) decides its consequences. Bad input is
 * rejected before anything is written.
 */
import type { InstanceId } from '../../bpmn/execution/state.ts';
import { ErrorCode, isMotcuaError, MotcuaError } from '../../errors.ts';
import type { Clock, EngineApi } from '../../runtime/api.ts';
import { checkVariables } from '../../runtime/check-variables.ts';
import type { Store } from '../../store/port.ts';
import { DeadlineUnit, PaymentWaitPolicy, type Period, seedCalendarConfig, SupplementPolicy, WorkingCalendar } from '../calendar/index.ts';
import type { ProcedureCatalog } from '../catalog/ProcedureCatalog.ts';
import { invalidInput } from '../../validation/schema-problems.ts';
import { type SlipTable } from '../slips/slip.ts';
import { registerTable } from '../slips/register.ts';
import type { Dossier } from './dossier.ts';
import { addPeriod, deadlineOptions, DEFAULT_RECEPTION_SLA, receptionDue } from './dossier-clock.ts';
import { DossierCodePattern } from './dossier-code.ts';
import { DOSSIER_COMMAND_VARIABLE, type DossierCommand, REASON_VARIABLE, WITHDRAWAL_MESSAGE } from './dossier-commands.ts';
import { allDossiers, loadDossier, type StoredDossier } from './dossier-queries.ts';
import { Channel, DossierStatus, TERMINAL_STATUSES } from './dossier-status.ts';
import { type ReceiveInput, receiveInputProblems } from './receive-input.ts';

export interface DossierServiceOptions {
  readonly engine: EngineApi;
  /** the engine's store (codes are minted from its counters; lists read its instances) */
  readonly store: Store;
  /** the catalog, or how to get the current one when it changes while the service runs */
  readonly catalog: ProcedureCatalog | (() => ProcedureCatalog);
  /**
   * brings shared state (the catalog, the agencies' published calendar years) up to date; run
   * before each operation, so one process sees what another published
   */
  readonly refresh?: () => Promise<void>;
  readonly clock: Clock;
  /** the working calendar of an agency; default the national calendar for all */
  readonly calendarFor?: (agency: string) => WorkingCalendar;
  /** the dossier code pattern (dossier-code.ts); default `{agency}-{YYMMDD}-{NNNN}` */
  readonly codePattern?: string;
  /** how soon an online dossier must be accepted; default 1 working day */
  readonly receptionSla?: Period;
  /**
   * Which deployed version of the procedure's process a dossier starts: the catalog record's
   * `process.version` (default), or always the latest (scenarios testing a diagram being drawn).
   */
  readonly processVersion?: 'catalog' | 'latest';
  /** the message a procedure's diagram handles a withdrawal with (default `RutHoSo`) */
  readonly withdrawalMessage?: string;
  /** the variable the diagram reads the reason of a withdrawal from (default `lyDo`, as the commit extension) */
  readonly reasonVariable?: string;
}

/** A received dossier. */
export interface Received {
  readonly code: string;
  readonly instanceId: InstanceId;
  readonly dossier: Dossier;
}

/** A dossier whose due date is near or past. */
export interface DueItem {
  readonly code: string;
  readonly instanceId: InstanceId;
  readonly handlingAgency: string;
  readonly status: DossierStatus;
  readonly dueAt: string;
  readonly overdue: boolean;
}

export interface RegisterQuery {
  /** dossiers received (submitted) by this agency, or handled by it */
  readonly agency?: string;
  readonly procedureCode?: string;
  /** submitted at or after (epoch ms) */
  readonly from?: number;
  /** submitted before (epoch ms) */
  readonly to?: number;
}

export class DossierService {
  private readonly pattern: DossierCodePattern;
  private readonly calendarFor: (agency: string) => WorkingCalendar;
  private readonly receptionSla: Period;

  constructor(private readonly options: DossierServiceOptions) {
    // an invalid pattern is a configuration error: fail at start-up, not at the first dossier
    this.pattern = new DossierCodePattern(options.codePattern);
    if (options.calendarFor) {
      this.calendarFor = options.calendarFor;
    } else {
      const national = new WorkingCalendar(seedCalendarConfig());
      this.calendarFor = () => national;
    }
    this.receptionSla = options.receptionSla ?? DEFAULT_RECEPTION_SLA;
  }

  /**
   * Receive a dossier: check it, take the procedure version in force now, mint the code and start
   * the process. The dossier starts as MOI_DANG_KY (submitted); the diagram accepts it by entering
   * an element with `motcua:dossierStatus="DA_TIEP_NHAN"`.
   */
  async receive(input: ReceiveInput): Promise<Received> {
    const problems = receiveInputProblems(input);
    if (problems.length > 0) throw invalidInput('the dossier cannot be received', problems);
    await this.options.refresh?.();
    // the dossier goes into the state as JSON: what JSON cannot keep is refused before a number is taken
    checkVariables({ applicant: input.applicant, ...(input.components ? { components: input.components } : {}) }, '');
    checkVariables(input.variables);
    const at = this.options.clock.now();
    const record = this.catalog().inForce(input.procedureCode, at, 'procedureCode');
    const way = record.ways.find((candidate) => candidate.channel === input.channel);
    if (!way) {
      const channels = record.ways.map((candidate) => candidate.channel).join(', ');
      throw new MotcuaError(ErrorCode.InvalidInput, `procedure ${record.code} cannot be done by channel ${input.channel} (its ways: channel ${channels})`, { field: 'channel' });
    }
    const handlingAgency = input.handlingAgency ?? input.receivingAgency;
    const calendar = this.calendarFor(handlingAgency);
    const zone = calendar.config.zone;
    // Everything that can fail on the calendar (a year not declared) fails here, before a number
    // is taken: the reception SLA, and the appointment the dossier would get if accepted now.
    const receptionDueAt = input.channel === Channel.Online ? new Date(receptionDue(calendar, at, this.receptionSla)).toISOString() : undefined;
    calendar.deadline(at, way.deadline, deadlineOptions(record));

    const sequence = await this.options.store.nextCounter(this.pattern.counterKey(input.receivingAgency, at, zone));
    const code = this.pattern.format(input.receivingAgency, at, zone, sequence);
    const submittedAt = new Date(at).toISOString();
    const dossier: Dossier = {
      code,
      procedure: { code: record.code, version: record.version, name: record.name },
      channel: input.channel,
      applicant: input.applicant,
      components: (input.components ?? record.components.map((component) => ({ name: component.name }))).map((component) => ({
        name: component.name,
        digitised: 'digitised' in component ? component.digitised === true : false,
        reused: 'reused' in component ? component.reused === true : false,
        ...('quantity' in component && component.quantity !== undefined ? { quantity: component.quantity } : {}),
      })),
      fees: { amount: way.fee?.amount ?? 0, paid: input.fees?.paid === true, paidOnline: input.fees?.paidOnline === true, ...(input.fees?.paid ? { paidAt: submittedAt } : {}) },
      receivingAgency: input.receivingAgency,
      handlingAgency,
      terms: {
        period: way.deadline,
        supplementPolicy: record.supplementPolicy ?? SupplementPolicy.Pause,
        paymentWaitPolicy: record.paymentWaitPolicy ?? PaymentWaitPolicy.Pause,
        ...(record.cutoffTime ? { cutoffTime: record.cutoffTime } : {}),
        ...(record.applyCutoffToAcceptance !== undefined ? { applyCutoffToAcceptance: record.applyCutoffToAcceptance } : {}),
        extensions: record.extensions ?? [],
        electronicResult: record.result.electronic,
      },
      status: DossierStatus.MoiDangKy,
      syncSeq: 0,
      submittedAt,
      ...(receptionDueAt ? { receptionDueAt } : {}),
      pausedWorkingMs: 0,
      pausedWorkingDays: 0,
      supplementRequests: { total: 0, byAgency: {}, atReception: 0 },
      extensions: [],
    };
    const pinned = this.options.processVersion !== 'latest' && record.process.version !== undefined;
    const started = await this.options.engine.startInstance(record.process.key, {
      variables: { ...(input.variables ?? {}), dossier },
      businessKey: code,
      agency: handlingAgency,
      ...(pinned ? { version: record.process.version } : {}),
      ...(input.by ? { by: input.by } : {}),
    });
    const stored = (await loadDossier(this.options.store, started.id))?.dossier ?? dossier;
    return { code, instanceId: started.id, dossier: stored };
  }

  /** The dossier with this code, with its instance; undefined when there is none. */
  async findByCode(code: string): Promise<StoredDossier | undefined> {
    // the code is the business key its instance was started with, so this is one indexed read of
    // the few instances bearing it (the dossier, and processes it called with the code), not a walk
    for await (const found of allDossiers(this.options.store, { businessKey: code })) {
      if (found.dossier.code === code) return found;
    }
    return undefined;
  }

  /** The dossier of an instance; undefined when it runs none. */
  byInstance(instanceId: InstanceId): Promise<StoredDossier | undefined> {
    return loadDossier(this.options.store, instanceId);
  }

  private catalog(): ProcedureCatalog {
    const { catalog } = this.options;
    return typeof catalog === 'function' ? catalog() : catalog;
  }

  private async require(code: string): Promise<StoredDossier> {
    await this.options.refresh?.();
    const found = await this.findByCode(code);
    if (!found) throw new MotcuaError(ErrorCode.NotFound, `no dossier has the code ${JSON.stringify(code)}`, { field: 'code' });
    return found;
  }

  /** The dossier with this code, still open to change. */
  private async requireOpen(code: string): Promise<StoredDossier> {
    const found = await this.require(code);
    if (TERMINAL_STATUSES.includes(found.dossier.status)) {
      throw new MotcuaError(ErrorCode.InvalidInput, `dossier ${code} is ${found.dossier.status}: it can no longer change`, { field: 'code' });
    }
    return found;
  }

  /** Run a dossier command in one engine command; returns the dossier after it. */
  private async command(code: string, command: DossierCommand): Promise<Dossier> {
    return this.send(await this.requireOpen(code), command);
  }

  private async send(found: StoredDossier, command: DossierCommand): Promise<Dossier> {
    await this.options.engine.setVariables(found.instanceId, { [DOSSIER_COMMAND_VARIABLE]: command }, command.by);
    return (await this.byInstance(found.instanceId))!.dossier;
  }

  /** Extend the deadline (gia hạn) for one of the procedure's extension causes, within its maximum. */
  extendDeadline(code: string, extension: { readonly cause: string; readonly value?: number; readonly by?: string }): Promise<Dossier> {
    return this.command(code, { type: 'extendDeadline', ...extension });
  }

  /**
   * The applicant asks to withdraw: the dossier goes to YEU_CAU_RUT (the clock runs until it is
   * stopped). When the diagram handles the withdrawal message (`RutHoSo`), the request is that
   * message — exactly what the portal sending it would do: the diagram's withdrawal path takes
   * over (the work in progress is interrupted, the stop notice, form 05, is the next task) and
   * the reason is its `lyDo`. A diagram without it keeps running; the desk then calls `stop`.
   * Either way the status, the request's author and its reason commit in the same command.
   */
  async requestWithdrawal(code: string, request: { readonly reason?: string; readonly by?: string } = {}): Promise<Dossier> {
    const found = await this.requireOpen(code);
    const command: DossierCommand = { type: 'requestWithdrawal', ...request };
    const variables = { [DOSSIER_COMMAND_VARIABLE]: command, ...(request.reason ? { [this.options.reasonVariable ?? REASON_VARIABLE]: request.reason } : {}) };
    try {
      await this.options.engine.correlateMessage(this.options.withdrawalMessage ?? WITHDRAWAL_MESSAGE, { instanceId: found.instanceId, variables });
    } catch (error) {
      if (!isMotcuaError(error, ErrorCode.NoSubscription)) throw error;
      return this.send(found, command);
    }
    return (await this.byInstance(found.instanceId))!.dossier;
  }

  /** The fees were paid. */
  recordPayment(code: string, payment: { readonly online: boolean; readonly by?: string }): Promise<Dossier> {
    return this.command(code, { type: 'recordPayment', ...payment });
  }

  /** Stop the dossier (DUNG_XU_LY): its process is cancelled in the same command; form 05 follows. */
  async stop(code: string, stop: { readonly reason: string; readonly by?: string }): Promise<Dossier> {
    if (typeof stop.reason !== 'string' || stop.reason.trim() === '') {
      throw new MotcuaError(ErrorCode.InvalidInput, 'stopping a dossier needs the reason (form 05 states it)', { field: 'reason' });
    }
    const found = await this.require(code);
    if (TERMINAL_STATUSES.includes(found.dossier.status) || found.dossier.status === DossierStatus.DaXuLyXong) {
      throw new MotcuaError(ErrorCode.InvalidInput, `dossier ${code} is ${found.dossier.status}: it cannot be stopped`, { field: 'code' });
    }
    await this.options.engine.cancelInstance(found.instanceId, stop.reason, stop.by);
    return (await this.byInstance(found.instanceId))!.dossier;
  }

  /** Form 07: the register of dossiers matching `query`, oldest submission first. */
  async register(query: RegisterQuery = {}): Promise<SlipTable> {
    const rows: Dossier[] = [];
    for await (const { dossier } of allDossiers(this.options.store)) {
      if (query.agency !== undefined && dossier.receivingAgency !== query.agency && dossier.handlingAgency !== query.agency) continue;
      if (query.procedureCode !== undefined && dossier.procedure.code !== query.procedureCode) continue;
      const submitted = Date.parse(dossier.submittedAt);
      if (query.from !== undefined && submitted < query.from) continue;
      if (query.to !== undefined && submitted >= query.to) continue;
      rows.push(dossier);
    }
    rows.sort((a, b) => (a.submittedAt === b.submittedAt ? (a.code < b.code ? -1 : 1) : a.submittedAt < b.submittedAt ? -1 : 1));
    return registerTable(rows);
  }

  /**
   * D-1: running dossiers (accepted, not paused, not finished) due within `within` of `now`
   * (default one working day) or already overdue — the agency must issue form 04 before the
   * due date. Soonest first.
   */
  async dueSoon(now: number, within: Period = { value: 1, unit: DeadlineUnit.WorkingDays }): Promise<DueItem[]> {
    const items: DueItem[] = [];
    await this.options.refresh?.();
    for await (const { instanceId, dossier } of allDossiers(this.options.store, { active: true })) {
      if (!dossier.dueAt || dossier.finishedAt || dossier.pausedAt || TERMINAL_STATUSES.includes(dossier.status)) continue;
      const horizon = addPeriod(this.calendarFor(dossier.handlingAgency), now, within);
      const due = Date.parse(dossier.dueAt);
      if (due > horizon) continue;
      items.push({ code: dossier.code, instanceId, handlingAgency: dossier.handlingAgency, status: dossier.status, dueAt: dossier.dueAt, overdue: due < now });
    }
    return items.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  }

  /** Online dossiers still waiting for acceptance after their reception SLA (DOMAIN §3.2, §7). */
  async receptionOverdue(now: number): Promise<DueItem[]> {
    const items: DueItem[] = [];
    for await (const { instanceId, dossier } of allDossiers(this.options.store, { active: true })) {
      if (dossier.acceptedAt || !dossier.receptionDueAt || Date.parse(dossier.receptionDueAt) >= now) continue;
      if (TERMINAL_STATUSES.includes(dossier.status)) continue;
      items.push({ code: dossier.code, instanceId, handlingAgency: dossier.handlingAgency, status: dossier.status, dueAt: dossier.receptionDueAt, overdue: true });
    }
    return items.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  }
}
