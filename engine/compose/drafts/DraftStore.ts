/**
 * Analysts' drafts: a procedure being re-engineered before it is published — its diagram, its
 * catalog record, its scenarios and its task forms — kept in the store (records of kind `draft`,
 * id = the procedure code) so that any server process serves them and nothing is lost on a
 * restart. Every save names the revision it replaces: a save over a revision someone else has
 * replaced meanwhile is refused with DRAFT_CONFLICT, naming who saved it and when, and changes
 * nothing (both versions survive: the stored one, and the analyst's in the editor).
 */
import { ErrorCode, MotcuaError } from '../../errors.ts';
import type { Store } from '../../store/port.ts';
import type { FormSchema } from '../forms.ts';

const KIND = 'draft';

/** One scenario of the draft, in the `motcua test` format. */
export interface DraftScenario {
  /** its file name without `.scenario.yaml`, e.g. `dung-han` */
  readonly name: string;
  readonly yaml: string;
}

/** What an analyst saves. */
export interface DraftContent {
  /** the published version it started from, if any */
  readonly baseVersion?: number;
  /** the diagram's file name (default `<process key>.bpmn`): scenarios name it in `bpmn:` */
  readonly diagramName?: string;
  readonly xml: string;
  /** the catalog record (checked by validate, not on save: a draft may be unfinished) */
  readonly record: unknown;
  readonly scenarios: readonly DraftScenario[];
  /** task forms by file name (`tiep-nhan.form`), linked by `camunda:formKey="camunda-forms:deployment:tiep-nhan.form"` */
  readonly forms: Readonly<Record<string, FormSchema>>;
}

export interface Draft extends DraftContent {
  readonly code: string;
  readonly revision: number;
  /** ISO 8601 */
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface DraftSummary {
  readonly code: string;
  readonly revision: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly baseVersion?: number;
}

type StoredDraft = Omit<Draft, 'revision' | 'code'>;

export class DraftStore {
  constructor(private readonly store: Store, private readonly clock: { now(): number }) {}

  async list(): Promise<DraftSummary[]> {
    const drafts: DraftSummary[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await this.store.listRecords(KIND, { limit: 1000, offset });
      for (const record of page) {
        const value = record.value as StoredDraft;
        drafts.push({
          code: record.id,
          revision: record.revision,
          updatedAt: value.updatedAt,
          updatedBy: value.updatedBy,
          ...(value.baseVersion !== undefined ? { baseVersion: value.baseVersion } : {}),
        });
      }
      if (page.length < 1000) return drafts;
    }
  }

  async get(code: string): Promise<Draft | undefined> {
    const record = await this.store.getRecord(KIND, code);
    return record ? { ...(record.value as StoredDraft), code, revision: record.revision } : undefined;
  }

  async require(code: string): Promise<Draft> {
    const draft = await this.get(code);
    if (!draft) throw new MotcuaError(ErrorCode.NotFound, `no draft of procedure ${code}`, { field: 'code' });
    return draft;
  }

  /**
   * Save over `revision` (0 creates the draft); returns the new revision. A stale revision is a
   * DRAFT_CONFLICT whose details say who saved the current one, when, and its revision.
   */
  async save(code: string, revision: number, content: DraftContent, by: string): Promise<number> {
    const value: StoredDraft = { ...content, updatedAt: new Date(this.clock.now()).toISOString(), updatedBy: by };
    try {
      return await this.store.putRecord(KIND, code, value, revision);
    } catch (error) {
      if ((error as { code?: string }).code !== 'RECORD_CONFLICT') throw error;
      throw await this.conflict(code, revision);
    }
  }

  /** Delete the draft (after publishing, or abandoned); false when there was none. */
  async delete(code: string, revision?: number): Promise<boolean> {
    try {
      return await this.store.deleteRecord(KIND, code, revision);
    } catch (error) {
      if ((error as { code?: string }).code !== 'RECORD_CONFLICT') throw error;
      throw await this.conflict(code, revision ?? 0);
    }
  }

  private async conflict(code: string, revision: number): Promise<MotcuaError> {
    const current = await this.get(code);
    if (!current) {
      return new MotcuaError(ErrorCode.DraftConflict, `the draft of ${code} was deleted meanwhile: save it as new (revision 0)`, { field: 'revision' }, { revision: 0 });
    }
    return new MotcuaError(
      ErrorCode.DraftConflict,
      `the draft of ${code} was saved by ${current.updatedBy} at ${current.updatedAt} (revision ${current.revision}) after your revision ${revision}: reload it and merge your changes`,
      { field: 'revision' },
      { savedBy: current.updatedBy, savedAt: current.updatedAt, revision: current.revision },
    );
  }
}
