/** The shapes the auditor app reads from /api/v1 (API.md's Dossiers and Audit sections). */
export interface DossierSummary {
  code: string;
  procedure: { code: string; name: string; version: number };
  channel: number;
  status: string;
  statusLabel: string;
  receivedAt: string;
  dueAt?: string;
  finishedAt?: string;
  result?: string;
  resultLabel?: string;
  remainingWorkingDays?: number;
  applicant?: { name?: string };
}

export interface DossierDetail extends DossierSummary {
  instanceId: string;
  processKey: string;
  processVersion: number;
  handlingAgency?: string;
  slips: { form: string; title: string; href: string }[];
}

export interface TimelineEvent {
  seq: number;
  at: string;
  by?: string;
  byRole?: string;
  kind: string;
  text: string;
  elementId?: string;
  status?: string;
  dueAt?: string;
  reason?: string;
  highlight: boolean;
}

export interface Verification { ok: boolean; count: number; brokenAt?: number; problems: string[] }

export interface DossierPath {
  processKey: string;
  processVersion: number;
  elements: { elementId: string; count: number; enteredAt: string; leftAt?: string; durationMs?: number; budgetMs?: number; overBudget: boolean }[];
  flows: string[];
  active: string[];
  incidents: { elementId: string; message: string }[];
}

export interface ElementStats { elementId: string; name?: string; count: number; timed: number; avgMs: number | null; p90Ms: number | null; lateShare: number | null; lateCount?: number; openIncidents: number; budgetMs: number | null; overBudgetMs?: number }
export interface VersionStats { dossiers: number; elements: ElementStats[]; flows: { flowId: string; count: number }[] }
export interface TimeLost { steps: { elementId: string; name?: string; overBudgetMs: number; lateDossiers: string[] }[] }

/** The QĐ 766 indicators of one group (DOMAIN.md §6; engine/procedure/kpi/kpi-formulas.ts). */
export interface Indicators {
  tally: Record<string, number>;
  onTimeRate?: number;
  lateRate?: number;
  averageProcessingTime?: { workingDays: number; workingHours: number };
  onlineRate?: number;
  electronicResultRate?: number;
  digitisationRate?: number;
  reuseRate?: number;
  acceptedLateRate?: number;
}
export interface ProcedureVersions { code: string; name: string; versions: { version: number; processKey?: string; processVersions?: number[] }[] }
export interface KpiReport { groupBy: string; groups: { key: string; label?: string; indicators: Indicators }[]; total?: Indicators }
