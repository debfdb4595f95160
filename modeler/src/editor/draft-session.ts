/**
 * One procedure being edited: where it came from (a saved draft, or a published version copied
 * into a new draft), its server revision, and the save that detects a second analyst's save.
 */
import { api, ApiProblem, seg } from '../../../web/shared/api.ts';
import type { Draft, FormSchema, ProcedureDetail, ProcedureRecord, Scenario, VersionDetail } from '../api-types.ts';

export interface DraftContent {
  /** the diagram's file name, which scenarios name in `bpmn:` (kept as the server gave it) */
  diagramName?: string;
  xml: string;
  record: ProcedureRecord;
  scenarios: Scenario[];
  forms: Record<string, FormSchema>;
}

/** Raised when someone else saved the draft since we loaded it. */
export class DraftConflict extends Error {
  constructor(readonly problem: ApiProblem) {
    super(problem.message);
    this.name = 'DraftConflict';
  }
}

export class DraftSession {
  /** 0 while the draft only exists in this browser */
  revision = 0;
  updatedBy?: string;
  updatedAt?: string;

  private constructor(
    readonly code: string,
    readonly procedure: ProcedureDetail,
    public baseVersion: number | undefined,
    public content: DraftContent,
    /** true when the editor shows a published version, not the draft */
    readonly readOnlyVersion: number | undefined,
  ) {}

  /**
   * Opens the saved draft when there is one (and no version was asked for), else the asked or
   * latest published version as the start of a new draft.
   */
  static async open(code: string, version?: number): Promise<DraftSession> {
    const procedure = await api.get<ProcedureDetail>(`/api/v1/procedures/${seg(code)}`);
    if (version === undefined) {
      const draft = await api.get<Draft>(`/api/v1/drafts/${seg(code)}`).catch((err: unknown) => {
        if (err instanceof ApiProblem && err.status === 404) return null;
        throw err;
      });
      if (draft) {
        const session = new DraftSession(code, procedure, draft.baseVersion, {
          ...(draft.diagramName ? { diagramName: draft.diagramName } : {}),
          xml: draft.xml, record: draft.record, scenarios: draft.scenarios ?? [], forms: draft.forms ?? {},
        }, undefined);
        session.revision = draft.revision;
        if (draft.updatedBy !== undefined) session.updatedBy = draft.updatedBy;
        if (draft.updatedAt !== undefined) session.updatedAt = draft.updatedAt;
        return session;
      }
    }
    const latest = Math.max(0, ...procedure.versions.map((v) => v.version));
    const wanted = version ?? latest;
    const detail = await api.get<VersionDetail>(`/api/v1/procedures/${seg(code)}/versions/${wanted}`);
    return new DraftSession(code, procedure, wanted, {
      xml: detail.xml, record: detail.record, scenarios: detail.scenarios ?? [], forms: detail.forms ?? {},
    }, version);
  }

  /** Saves the content as the next revision; a stale revision raises DraftConflict. */
  async save(content: DraftContent): Promise<void> {
    try {
      const answer = await api.put<{ revision: number }>(`/api/v1/drafts/${seg(this.code)}`, {
        revision: this.revision,
        ...(this.baseVersion !== undefined ? { baseVersion: this.baseVersion } : {}),
        ...content,
      });
      this.revision = answer.revision;
      this.content = content;
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 409) throw new DraftConflict(err);
      throw err;
    }
  }

  /** Takes over the other analyst's saved draft (ours is kept by the caller, e.g. downloaded). */
  async reloadTheirs(): Promise<void> {
    const draft = await api.get<Draft>(`/api/v1/drafts/${seg(this.code)}`);
    this.revision = draft.revision;
    this.baseVersion = draft.baseVersion;
    this.content = { ...(draft.diagramName ? { diagramName: draft.diagramName } : {}), xml: draft.xml, record: draft.record, scenarios: draft.scenarios ?? [], forms: draft.forms ?? {} };
  }

  /** Saves ours over theirs: adopt their revision number, then save again. */
  async overwrite(content: DraftContent): Promise<void> {
    const draft = await api.get<Draft>(`/api/v1/drafts/${seg(this.code)}`).catch((err: unknown) => {
      // deleted meanwhile (published, or removed): ours becomes the draft again
      if (err instanceof ApiProblem && err.status === 404) return { revision: 0 };
      throw err;
    });
    this.revision = draft.revision;
    await this.save(content);
  }
}
