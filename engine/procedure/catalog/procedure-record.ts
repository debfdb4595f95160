/**
 * A procedure (thủ tục hành chính) as the catalog records it: the fields of NĐ 63/2010 Art. 8(2)
 * that portals publish (DOMAIN.md §4) plus what motcua adds (BPMN process, supplement policy,
 * cut-off, extensions). A record is one **version**, in force from `effectiveFrom` (to
 * `effectiveTo`): a dossier keeps the version in force when it was received. Step budgets are not
 * here: they live on the diagram's tasks (`motcua:budget`).
 */
import type { IsoDate, PaymentWaitPolicy, Period, SupplementPolicy } from '../calendar/index.ts';
import type { Channel } from '../dossier/dossier-status.ts';

export const ProcedureLevel = {
  /** ministry / sector (cấp bộ, ngành) */
  BoNganh: 'BO_NGANH',
  /** province (cấp tỉnh) */
  Tinh: 'TINH',
  /** commune (cấp xã) */
  Xa: 'XA',
  /** district (cấp huyện): abolished on 01/7/2025, kept for old data */
  Huyen: 'HUYEN',
} as const;
export type ProcedureLevel = (typeof ProcedureLevel)[keyof typeof ProcedureLevel];

/** NĐ 42/2022: full online (toàn trình) or partial (một phần). */
export const OnlineLevel = { ToanTrinh: 'TOAN_TRINH', MotPhan: 'MOT_PHAN' } as const;
export type OnlineLevel = (typeof OnlineLevel)[keyof typeof OnlineLevel];

/** One way of doing the procedure: per channel, its legal time, fee and description. */
export interface ProcedureWay {
  readonly channel: Channel;
  /** the legal time as published (unit never normalised) */
  readonly deadline: Period;
  readonly fee?: { readonly amount: number; readonly description?: string };
  readonly description?: string;
}

/** A document the applicant submits. */
export interface ProcedureComponent {
  readonly name: string;
  /** the form template, e.g. `Mẫu số 01` */
  readonly template?: string;
  readonly quantity?: { readonly original?: number; readonly certifiedCopy?: number; readonly copy?: number };
  readonly required?: boolean;
}

/** A sector extension (gia hạn) the procedure allows, with its maximum. */
export interface ProcedureExtension {
  readonly cause: string;
  readonly max: Period;
}

export interface ProcedureRecord {
  /** the national code `d.dddddd` (a provincial variant extends it: `1.001612.000.00.00.H48`), or a local code when it has none */
  readonly code: string;
  /** the catalog version: 1, 2, … */
  readonly version: number;
  readonly name: string;
  readonly level: ProcedureLevel;
  readonly agencies: {
    /** cơ quan thực hiện */
    readonly executing: string;
    /** where dossiers are received, when not the executing agency's desk */
    readonly receiving?: string;
    readonly coordinating?: readonly string[];
  };
  readonly sector: { readonly code?: string; readonly name: string };
  readonly ways: readonly ProcedureWay[];
  /** required when a way has channel 2 */
  readonly onlineLevel?: OnlineLevel;
  /** number of sets (bộ) to submit */
  readonly copies?: number;
  readonly components: readonly ProcedureComponent[];
  /** e.g. CONG_DAN, DOANH_NGHIEP, TO_CHUC */
  readonly applicantTypes: readonly string[];
  readonly result: { readonly name: string; readonly electronic: boolean };
  readonly legalBasis: readonly string[];
  readonly requirements?: readonly string[];
  /** `YYYY-MM-DD` (inclusive) */
  readonly effectiveFrom: IsoDate;
  /** `YYYY-MM-DD` (inclusive); absent = until a later version */
  readonly effectiveTo?: IsoDate;
  /** the BPMN process dossiers of this version run; no version = the latest deployed */
  readonly process: { readonly key: string; readonly version?: number };
  /** default PAUSE */
  readonly supplementPolicy?: SupplementPolicy;
  /** the clock while waiting for fees (CHO_NGHIA_VU_TAI_CHINH); default PAUSE */
  readonly paymentWaitPolicy?: PaymentWaitPolicy;
  /** `HH:mm`, overriding the agency calendar's cut-off */
  readonly cutoffTime?: string;
  /** false: an acceptance after the cut-off still counts from that instant (default: the calendar's setting, on) */
  readonly applyCutoffToAcceptance?: boolean;
  readonly extensions?: readonly ProcedureExtension[];
  /** the national portal's id when the procedure has no national code (e.g. a liên thông bundle) */
  readonly portalId?: string;
}
