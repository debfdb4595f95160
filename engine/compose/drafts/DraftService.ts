/**
 * The analyst's path from a draft to a published version: save and load drafts, validate them,
 * run their scenarios, and publish — deploy the diagram with its forms as the next version of
 * its process and add the record as the next catalog version pointing at that process version.
 * Dossiers already running keep the process version they started on (an instance never changes
 * its definition); new dossiers take the new catalog version from its `effectiveFrom`.
 */
import { DateTime } from 'luxon';
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { Engine } from '../../runtime/Engine.ts';
import type { Store } from '../../store/port.ts';
import { VIETNAM_ZONE } from '../../procedure/calendar/index.ts';
import type { ProcedureRecord } from '../../procedure/catalog/procedure-record.ts';
import { ProcedureCatalog } from '../../procedure/catalog/ProcedureCatalog.ts';
import type { SharedCatalog } from '../../procedure/catalog/SharedCatalog.ts';
import type { Forms } from '../forms.ts';
import { type Draft, type DraftContent, DraftStore, type DraftSummary } from './DraftStore.ts';
import { diagramNameOf, type DraftTestReport, testDraft } from './test-draft.ts';
import { type DraftProblem, type DraftValidation, validateDraft } from './validate-draft.ts';

/** Deployments made by publishing a draft are named `modeler/<diagram>`: the procedures folder never redeploys over them. */
export const MODELER_DEPLOYMENT_PREFIX = 'modeler/';

export interface DraftServiceParts {
  readonly engine: Engine;
  readonly store: Store;
  readonly forms: Forms;
  readonly procedures: SharedCatalog;
  readonly clock: { now(): number };
  readonly processesDir: string;
}

export interface Published {
  readonly code: string;
  readonly version: number;
  readonly processKey: string;
  readonly processVersion: number;
  readonly effectiveFrom: string;
  readonly deploymentId: string;
  /** the scenario run it was published after */
  readonly scenarios: { readonly passed: number; readonly failed: number };
}

export type DraftCheck = Omit<DraftValidation, 'definitions'>;

export class DraftService {
  readonly drafts: DraftStore;

  constructor(private readonly parts: DraftServiceParts) {
    this.drafts = new DraftStore(parts.store, parts.clock);
  }

  list(): Promise<DraftSummary[]> {
    return this.drafts.list();
  }

  get(code: string): Promise<Draft | undefined> {
    return this.drafts.get(code);
  }

  save(code: string, revision: number, content: DraftContent, by: string): Promise<number> {
    return this.drafts.save(code, revision, content, by);
  }

  delete(code: string, revision?: number): Promise<boolean> {
    return this.drafts.delete(code, revision);
  }

  /** Every problem of the stored draft (see validate-draft.ts), plus a record that names another code. */
  async validate(code: string): Promise<DraftCheck> {
    const { definitions: _definitions, ...check } = await this.check(await this.drafts.require(code));
    return check;
  }

  async test(code: string): Promise<DraftTestReport> {
    return testDraft(await this.drafts.require(code), { processesDir: this.parts.processesDir });
  }

  /**
   * Publish the draft as the next version: refused with DRAFT_INVALID (422) when it does not
   * validate, with SCENARIOS_FAILING (409) when a scenario fails and `acceptFailingScenarios` is
   * not set. The draft is removed once published: the analyst continues from the new version.
   */
  async publish(code: string, by: string, options: { readonly acceptFailingScenarios?: boolean } = {}): Promise<Published> {
    const draft = await this.drafts.require(code);
    const check = await this.check(draft);
    if (!check.ok) {
      const errors = check.problems.filter((problem) => problem.severity === 'error');
      throw new MotcuaError(ErrorCode.DraftInvalid, `the draft of ${code} does not validate: ${errors.map(describe).join('; ')}`, subjectOf(errors[0]), { problems: errors });
    }
    const report = await testDraft(draft, { processesDir: this.parts.processesDir });
    if (report.failed > 0 && options.acceptFailingScenarios !== true) {
      const names = report.scenarios.filter((scenario) => !scenario.ok).map((scenario) => scenario.name);
      throw new MotcuaError(
        ErrorCode.ScenariosFailing,
        `${report.failed} of ${report.scenarios.length} scenarios fail (${names.join(', ')}): fix them, or publish with acceptFailingScenarios`,
        { field: 'acceptFailingScenarios' },
        { report },
      );
    }

    const record = draft.record as ProcedureRecord;
    const catalog = await this.parts.procedures.refresh();
    const versions = catalog.versions(code);
    const version = versions.length === 0 ? 1 : versions[versions.length - 1].version + 1;
    const today = DateTime.fromMillis(this.parts.clock.now(), { zone: VIETNAM_ZONE }).toISODate() as string;
    // a new version cannot take effect in the past: dossiers were received under the old one
    const effectiveFrom = record.effectiveFrom > today ? record.effectiveFrom : today;
    const next = (processVersion: number): ProcedureRecord => ({ ...record, version, effectiveFrom, process: { key: record.process.key, version: processVersion } });
    // the record must fit the catalog before anything is deployed
    new ProcedureCatalog(catalog.exportJson().procedures).add(next(1));

    const forms = Object.fromEntries(Object.entries(draft.forms).map(([file, schema]) => [file, JSON.stringify(schema, null, 2)]));
    const deployed = await this.parts.forms.deploy(this.parts.engine, `${MODELER_DEPLOYMENT_PREFIX}${diagramNameOf(draft)}`, draft.xml, forms);
    const process = deployed.find((candidate) => candidate.key === record.process.key)!;
    await this.parts.procedures.import(next(process.version), by, 'publish', draft.scenarios);
    await this.drafts.delete(code);
    return {
      code,
      version,
      processKey: process.key,
      processVersion: process.version,
      effectiveFrom,
      deploymentId: process.deploymentId,
      scenarios: { passed: report.passed, failed: report.failed },
    };
  }

  private async check(draft: Draft): Promise<DraftValidation> {
    const validation = await validateDraft(draft, { knownProcesses: await this.parts.store.knownKeys() });
    const recordCode = (draft.record as { code?: unknown } | undefined)?.code;
    if (typeof recordCode !== 'string' || recordCode === draft.code) return validation;
    const problem: DraftProblem = { code: 'RECORD_INVALID', severity: 'error', field: 'record.code', message: `the record is of procedure ${recordCode}, the draft of ${draft.code}` };
    return { ...validation, ok: false, problems: [...validation.problems, problem] };
  }
}

function describe(problem: DraftProblem): string {
  const where = problem.elementId ?? problem.field;
  return `${problem.code}${where ? ` ${where}` : ''}: ${problem.message}`;
}

function subjectOf(problem: DraftProblem | undefined): { elementId?: string; elementType?: string; field?: string } {
  if (!problem) return {};
  return {
    ...(problem.elementId ? { elementId: problem.elementId } : {}),
    ...(problem.elementType ? { elementType: problem.elementType } : {}),
    ...(problem.field ? { field: problem.field } : {}),
  };
}
