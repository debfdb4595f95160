/** The shapes of the API answers the modeler reads (API.md, procedures and drafts). */
export interface ProcedureSummary {
  code: string;
  name: string;
  level: string;
  sector: { name: string; code?: string } | string;
  agencies: { executing: string } | string[] | string;
  version: number;
  processKey: string;
}

export interface VersionInfo {
  version: number;
  effectiveFrom?: string;
  effectiveTo?: string;
  processKey: string;
  processVersion: number;
  publishedAt?: string;
  publishedBy?: string;
  running?: number;
  finished?: number;
}

export interface ProcedureDetail {
  code: string;
  name: string;
  record: ProcedureRecord;
  versions: VersionInfo[];
}

/** The catalog record (procedure.json); the form edits the fields it knows and keeps the rest. */
export type ProcedureRecord = Record<string, unknown> & { code: string; version: number; name: string };

export interface VersionDetail {
  record: ProcedureRecord;
  processKey: string;
  processVersion: number;
  xml: string;
  forms: Record<string, FormSchema>;
  scenarios?: Scenario[];
}

export type FormSchema = Record<string, unknown>;

export interface Scenario { name: string; yaml: string }

export interface Draft {
  code: string;
  revision: number;
  baseVersion?: number;
  /** the diagram's file name, which scenarios name in `bpmn:` */
  diagramName?: string;
  xml: string;
  record: ProcedureRecord;
  scenarios: Scenario[];
  forms: Record<string, FormSchema>;
  updatedAt?: string;
  updatedBy?: string;
}

export interface DiagramProblem {
  code: string;
  elementId?: string;
  elementType?: string;
  message: string;
  severity: 'error' | 'warning';
  field?: string;
}

export interface ValidationAnswer {
  ok: boolean;
  problems: DiagramProblem[];
  budgetWarnings: { message: string; path: string[] }[];
}

export interface ScenarioResult {
  name: string;
  ok: boolean;
  failures: string[];
  path: string[];
  active: string[];
}

export interface TestAnswer { passed: number; failed: number; scenarios: ScenarioResult[] }

export interface PublishAnswer { code: string; version: number; processKey: string; processVersion: number }

export interface AgencyGroup { id: string; name: string }
