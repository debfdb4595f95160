/**
 * A dossier (hồ sơ) is a process instance plus this domain record, kept in the instance's root
 * variable `dossier`: it lives in the instance's JSON state, so it commits atomically with the
 * process, replays with it, and expressions can read it (`${dossier.code}`). Instants are ISO 8601
 * strings, like every time in the state.
 *
 * Only the procedure domain changes it: the `DossierCommitExtension` (status changes entered from
 * the diagram, dossier commands) — a command that writes `dossier` directly is rejected.
 */
import type { PaymentWaitPolicy, Period, SupplementPolicy } from '../calendar/index.ts';
import type { Channel, DossierResult, DossierStatus } from './dossier-status.ts';

/** The root variable holding the dossier. */
export const DOSSIER_VARIABLE = 'dossier';

export interface DossierApplicant {
  readonly name: string;
  /** CCCD / CMND / passport, or the business code */
  readonly idNumber?: string;
  readonly address?: string;
  readonly phone?: string;
  readonly email?: string;
  /** an applicant type of the procedure record, e.g. `CONG_DAN` */
  readonly type?: string;
  /** when the applicant acts for someone else */
  readonly onBehalfOf?: string;
}

export interface DossierComponent {
  readonly name: string;
  /** the document is held as a digital copy (QĐ 766 4b) */
  readonly digitised: boolean;
  /** reused from an earlier result or the national databases, not resubmitted (QĐ 766 4c) */
  readonly reused: boolean;
  /** how many copies, original / certified copy / copy, as written on the receipt */
  readonly quantity?: number;
}

export interface DossierFees {
  /** VND */
  readonly amount: number;
  readonly paid: boolean;
  readonly paidOnline: boolean;
  readonly paidAt?: string;
}

/**
 * The terms of the procedure version in force at reception, copied into the dossier: a dossier
 * keeps them even when the catalog changes later (DOMAIN §0), and the status machine needs
 * nothing but the dossier and the calendar to count its time.
 */
export interface DossierTerms {
  /** the legal time for the dossier's channel */
  readonly period: Period;
  readonly supplementPolicy: SupplementPolicy;
  /** absent in dossiers received before the setting existed: PAUSE */
  readonly paymentWaitPolicy?: PaymentWaitPolicy;
  /** the procedure's cut-off `HH:mm`, when it overrides the agency calendar's */
  readonly cutoffTime?: string;
  /** the procedure's choice whether an acceptance after the cut-off counts from the next working day; absent: the calendar's (on) */
  readonly applyCutoffToAcceptance?: boolean;
  /** the extensions (gia hạn) the procedure allows, each with its maximum */
  readonly extensions: readonly { readonly cause: string; readonly max: Period }[];
  /** whether the procedure issues its result electronically (QĐ 766 4a) */
  readonly electronicResult: boolean;
}

/** The period currently counting and the instant it counts from (moved by supplements). */
export interface RunningClock {
  readonly period: Period;
  /** ISO instant: the acceptance, then each resubmission */
  readonly from: string;
}

export interface DossierExtension {
  readonly cause: string;
  readonly period: Period;
  /** when it was granted */
  readonly at: string;
  readonly previousDueAt?: string;
  readonly dueAt?: string;
  readonly by?: string;
  /** granted later than one working day before the due date (DOMAIN §3.4) */
  readonly noticeLate?: boolean;
}

export interface SupplementRequests {
  /** requests made during processing (after acceptance) */
  readonly total: number;
  /** per requesting agency (the handling agency at the time) */
  readonly byAgency: Readonly<Record<string, number>>;
  /** requests at the desk before acceptance (form 02 guidance; no clock runs) */
  readonly atReception: number;
}

export interface Dossier {
  /** mã số hồ sơ, unique and never reused */
  readonly code: string;
  readonly procedure: { readonly code: string; readonly version: number; readonly name: string };
  readonly channel: Channel;
  readonly applicant: DossierApplicant;
  readonly components: readonly DossierComponent[];
  readonly fees: DossierFees;
  /** agency code of the one-stop desk that received it */
  readonly receivingAgency: string;
  /** agency code of the agency that handles it (KPIs count here) */
  readonly handlingAgency: string;
  readonly terms: DossierTerms;

  readonly status: DossierStatus;
  /** how many changes the national portal was told of (status changes, extensions): its messages carry it, for ordering and dedup */
  readonly syncSeq: number;
  readonly submittedAt: string;
  /** online dossiers: accept by then, else `acceptedLate` */
  readonly receptionDueAt?: string;
  /** the instant of acceptance, as it happened (the receipt prints it) */
  readonly acceptedAt?: string;
  /** the instant the legal time counts from (acceptance with the cut-off rule) */
  readonly countedFrom?: string;
  readonly acceptedLate?: boolean;
  /** the legal due instant (after supplements and extensions) */
  readonly dueAt?: string;
  /** the due instant set at acceptance (the appointment on the receipt) */
  readonly appointmentAt?: string;
  readonly clock?: RunningClock;
  /** set while the clock is paused for a supplement (PAUSE and RESET alike) */
  readonly pausedAt?: string;
  /** what is left of the period while paused */
  readonly remaining?: Period;
  /** office time spent paused, excluded from the processing time (QĐ 766 2b) */
  readonly pausedWorkingMs: number;
  /** working days spent paused (the resubmission day not counted, like an acceptance day) */
  readonly pausedWorkingDays: number;
  readonly supplementRequests: SupplementRequests;
  /** a second supplement request by the same agency: the dossier counts as LATE */
  readonly lateBySupplements?: boolean;
  readonly extensions: readonly DossierExtension[];
  readonly withdrawal?: { readonly requestedAt: string; readonly reason?: string };
  readonly stop?: { readonly at: string; readonly reason?: string };
  readonly refusal?: { readonly at: string; readonly reason?: string };
  /** the end instant for on-time counting: first of DA_XU_LY_XONG, DA_TRA_KET_QUA, DUNG_XU_LY */
  readonly finishedAt?: string;
  readonly result?: DossierResult;
  readonly returnedAt?: string;
  /** the result was issued electronically */
  readonly resultElectronic?: boolean;
}
