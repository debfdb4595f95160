/**
 * One status change of a dossier and everything it implies (DOMAIN.md §2–3): the clock (start,
 * pause, resume, end), the supplement count, the result, plus the facts that commit with it — a
 * `DossierStatusChanged` history event, a national-sync outbox message and the KPI counters.
 * Pure: the same dossier, status, instant and calendar always give the same change.
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import { type HistoryEvent, HistoryEventType } from '../../bpmn/execution/results.ts';
import type { OutboxMessage } from '../../store/port.ts';
import { PaymentWaitPolicy, SupplementPolicy, type WorkingCalendar } from '../calendar/index.ts';
import { type KpiFact, kpiCounters, mergeCounters } from '../kpi/kpi-counters.ts';
import type { Dossier } from './dossier.ts';
import { pauseClock, processingTime, resultOf, resumeClock, startClock } from './dossier-clock.ts';
import { DossierStatus, NATIONAL_STATUS_CODE } from './dossier-status.ts';
import { nationalSyncMessage } from './national-sync.ts';
import { transitionProblem } from './status-machine.ts';

/** What caused a change: the element entered (diagram) or the command (API). */
export interface TransitionCause {
  readonly at: number;
  readonly calendar: WorkingCalendar;
  /** the element whose entry set the status */
  readonly elementId?: string;
  readonly elementType?: string;
  readonly reason?: string;
  readonly by?: string;
}

/** A dossier after some changes, with the facts to commit alongside. */
export interface DossierChange {
  readonly dossier: Dossier;
  readonly events: HistoryEvent[];
  readonly counters: Record<string, number>;
  readonly outbox: OutboxMessage[];
}

export function unchanged(dossier: Dossier): DossierChange {
  return { dossier, events: [], counters: {}, outbox: [] };
}

/** A warning in the dossier's history (kept with the audit record, never blocking). */
export function warningEvent(dossier: Dossier, at: number, warning: string, message: string, subject: Pick<TransitionCause, 'elementId' | 'elementType' | 'by'> = {}): HistoryEvent {
  return {
    type: HistoryEventType.DossierWarningRaised,
    at: new Date(at).toISOString(),
    ...(subject.elementId ? { elementId: subject.elementId } : {}),
    ...(subject.elementType ? { elementType: subject.elementType } : {}),
    ...(subject.by ? { by: subject.by } : {}),
    data: { code: dossier.code, warning, message },
  };
}

/**
 * Move `change.dossier` to `to`, appending to the change's facts. The same status again changes
 * nothing; a change the status machine refuses throws a `MotcuaError` naming the element.
 */
export function changeStatus(change: DossierChange, to: DossierStatus, cause: TransitionCause): DossierChange {
  const before = change.dossier;
  const from = before.status;
  if (from === to) return change;
  const accepted = before.acceptedAt !== undefined;
  const problem = transitionProblem(from, to, accepted);
  if (problem) {
    const where = cause.elementId ? `${cause.elementId} sets` : 'setting';
    throw new MotcuaError(ErrorCode.InvalidInput, `${where} dossier ${before.code} to ${to} while it is ${from}: ${problem}`, {
      ...(cause.elementId ? { elementId: cause.elementId } : {}),
      ...(cause.elementType ? { elementType: cause.elementType } : {}),
      field: 'motcua:dossierStatus',
    });
  }

  const { at, calendar } = cause;
  const zone = calendar.config.zone;
  const atIso = new Date(at).toISOString();
  const facts: KpiFact[] = [];
  const events: HistoryEvent[] = [];
  let dossier: Dossier = before;

  // leaving a wait that paused the clock: the applicant resubmitted, or met the financial obligation
  if (from === DossierStatus.ChoBoSung) dossier = resumeClock(dossier, at, calendar, dossier.terms.supplementPolicy === SupplementPolicy.Reset);
  if (from === DossierStatus.ChoNghiaVuTaiChinh) dossier = resumeClock(dossier, at, calendar);

  switch (to) {
    case DossierStatus.DaTiepNhan:
      dossier = startClock(dossier, at, calendar);
      facts.push({ kind: 'accepted' });
      break;
    case DossierStatus.ChoBoSung:
      if (!accepted) {
        // guidance at the desk (form 02): not accepted, no clock, not a processing request
        const requests = dossier.supplementRequests;
        dossier = { ...dossier, supplementRequests: { ...requests, atReception: requests.atReception + 1 } };
        break;
      }
      dossier = requestSupplement(dossier, cause, events);
      dossier = pauseClock(dossier, at, calendar);
      facts.push({ kind: 'supplementRequested' });
      break;
    case DossierStatus.ChoNghiaVuTaiChinh:
      if (accepted && (dossier.terms.paymentWaitPolicy ?? PaymentWaitPolicy.Pause) === PaymentWaitPolicy.Pause) dossier = pauseClock(dossier, at, calendar);
      break;
    case DossierStatus.YeuCauRut:
      dossier = { ...dossier, withdrawal: { requestedAt: atIso, ...(cause.reason ? { reason: cause.reason } : {}) } };
      break;
    case DossierStatus.KhongTiepNhan:
      dossier = { ...dossier, refusal: { at: atIso, ...(cause.reason ? { reason: cause.reason } : {}) } };
      facts.push({ kind: 'refused' });
      break;
    case DossierStatus.DungXuLy:
      dossier = { ...dossier, stop: { at: atIso, ...(cause.reason ? { reason: cause.reason } : {}) } };
      facts.push({ kind: 'stopped' });
      break;
    case DossierStatus.DaXuLyXong:
      dossier = { ...dossier, resultElectronic: dossier.resultElectronic ?? dossier.terms.electronicResult };
      facts.push({ kind: 'resultIssued' });
      break;
    case DossierStatus.DaTraKetQua:
      dossier = { ...dossier, returnedAt: atIso };
      break;
  }

  // the end instant for on-time counting: the first of 9, 10, 8 (and a refusal after acceptance)
  const ends = to === DossierStatus.DaXuLyXong || to === DossierStatus.DaTraKetQua || to === DossierStatus.DungXuLy || to === DossierStatus.KhongTiepNhan;
  if (ends && accepted && dossier.finishedAt === undefined && dossier.dueAt !== undefined) {
    const result = resultOf(at, Date.parse(dossier.dueAt), zone, dossier.lateBySupplements);
    const spent = processingTime(dossier, at, calendar);
    dossier = { ...dossier, finishedAt: atIso, result };
    facts.push({ kind: 'finished', result, workingMinutes: spent.workingMinutes, workingDays: spent.workingDays });
  }

  dossier = { ...dossier, status: to, syncSeq: dossier.syncSeq + 1 };
  events.unshift(statusEvent(dossier, from, cause));

  const counters = { ...change.counters };
  for (const fact of facts) mergeCounters(counters, kpiCounters(dossier, fact, at, zone));
  return {
    dossier,
    events: [...change.events, ...events],
    counters,
    outbox: [...change.outbox, nationalSyncMessage(dossier, atIso)],
  };
}

/** Count a supplement request; a second one by the same agency is allowed with a warning and makes the dossier LATE. */
function requestSupplement(dossier: Dossier, cause: TransitionCause, events: HistoryEvent[]): Dossier {
  const agency = dossier.handlingAgency;
  const requests = dossier.supplementRequests;
  const byAgency = { ...requests.byAgency, [agency]: (requests.byAgency[agency] ?? 0) + 1 };
  const next: Dossier = { ...dossier, supplementRequests: { ...requests, total: requests.total + 1, byAgency } };
  if (byAgency[agency] < 2) return next;
  events.push(
    warningEvent(
      dossier,
      cause.at,
      'SECOND_SUPPLEMENT_REQUEST',
      `agency ${agency} requests a supplement for dossier ${dossier.code} for the ${ordinal(byAgency[agency])} time: one request per agency is the rule, so the dossier now counts as LATE`,
      cause,
    ),
  );
  return { ...next, lateBySupplements: true };
}

function ordinal(n: number): string {
  return n === 2 ? 'second' : n === 3 ? 'third' : `${n}th`;
}

/** The history entry of a change: from, to, the national code, and the dates it set. */
function statusEvent(dossier: Dossier, from: DossierStatus | null, cause: Pick<TransitionCause, 'at' | 'elementId' | 'elementType' | 'reason' | 'by'>): HistoryEvent {
  return {
    type: HistoryEventType.DossierStatusChanged,
    at: new Date(cause.at).toISOString(),
    ...(cause.elementId ? { elementId: cause.elementId } : {}),
    ...(cause.elementType ? { elementType: cause.elementType } : {}),
    ...(cause.by ? { by: cause.by } : {}),
    data: {
      code: dossier.code,
      from,
      to: dossier.status,
      nationalCode: NATIONAL_STATUS_CODE[dossier.status],
      syncSeq: dossier.syncSeq,
      ...(dossier.dueAt ? { dueAt: dossier.dueAt } : {}),
      ...(dossier.pausedAt ? { pausedAt: dossier.pausedAt } : {}),
      ...(dossier.result && dossier.finishedAt === new Date(cause.at).toISOString() ? { result: dossier.result } : {}),
      ...(cause.reason ? { reason: cause.reason } : {}),
    },
  };
}

/** The facts of a dossier coming into being (submitted): its first status event, sync message and count. */
export function submitted(initial: Dossier, cause: Pick<TransitionCause, 'at' | 'calendar' | 'by'>): DossierChange {
  const dossier: Dossier = { ...initial, syncSeq: initial.syncSeq + 1 };
  return {
    dossier,
    events: [statusEvent(dossier, null, cause)],
    counters: kpiCounters(dossier, { kind: 'submitted' }, cause.at, cause.calendar.config.zone),
    outbox: [nationalSyncMessage(dossier, new Date(cause.at).toISOString())],
  };
}
