/**
 * Typed errors with stable codes. Three outcomes are kept apart (see DESIGN.md "Errors"):
 * a rejection (`MotcuaError` thrown for a bad command or input: nothing changed, 4xx), an
 * incident (recorded in instance state, never thrown), and a bug (any other exception, 500).
 */

export const ErrorCode = {
  BpmnParse: 'BPMN_PARSE',
  BpmnInvalid: 'BPMN_INVALID',
  ExpressionInvalid: 'EXPRESSION_INVALID',
  ExpressionFailed: 'EXPRESSION_FAILED',
  TimerInvalid: 'TIMER_INVALID',
  InvalidInput: 'INVALID_INPUT',
  NotFound: 'NOT_FOUND',
  ProcessNotFound: 'PROCESS_NOT_FOUND',
  InstanceNotFound: 'INSTANCE_NOT_FOUND',
  InstanceNotActive: 'INSTANCE_NOT_ACTIVE',
  TaskNotOpen: 'TASK_NOT_OPEN',
  /** an exclusive claim found the task held by someone else (details.assignee names who) */
  TaskClaimed: 'TASK_CLAIMED',
  /** the diagram (or the dossier's state) does not allow this action now; the message says why */
  ActionNotAllowed: 'ACTION_NOT_ALLOWED',
  TimerNotArmed: 'TIMER_NOT_ARMED',
  JobNotFound: 'JOB_NOT_FOUND',
  JobLocked: 'JOB_LOCKED',
  NoSubscription: 'NO_SUBSCRIPTION',
  IncidentNotOpen: 'INCIDENT_NOT_OPEN',
  VersionConflict: 'VERSION_CONFLICT',
  RecordConflict: 'RECORD_CONFLICT',
  Forbidden: 'FORBIDDEN',
  Unauthenticated: 'UNAUTHENTICATED',
  CalendarYearMissing: 'CALENDAR_YEAR_MISSING',
  StoreUnavailable: 'STORE_UNAVAILABLE',
  HistoryTampered: 'HISTORY_TAMPERED',
  /** a deadline extension (gia hạn) beyond what the procedure allows for its cause */
  ExtensionOverMax: 'EXTENSION_OVER_MAX',
  /** an analyst saved a draft over a revision someone else had already replaced */
  DraftConflict: 'DRAFT_CONFLICT',
  /** a draft that does not validate cannot be published */
  DraftInvalid: 'DRAFT_INVALID',
  /** a draft whose scenarios fail is published only when the analyst accepts it */
  ScenariosFailing: 'SCENARIOS_FAILING',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorSubject {
  /** the BPMN element concerned, e.g. `Task_3` */
  readonly elementId?: string;
  /** its BPMN type, e.g. `bpmn:ComplexGateway` */
  readonly elementType?: string;
  /** the input field concerned, e.g. `applicant.idNumber` */
  readonly field?: string;
}

/** A rejection: the request or input was wrong; nothing was changed. */
export class MotcuaError extends Error implements ErrorSubject {
  readonly code: ErrorCode;
  readonly elementId?: string;
  readonly elementType?: string;
  readonly field?: string;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, subject: ErrorSubject = {}, details?: unknown) {
    super(message);
    this.name = 'MotcuaError';
    this.code = code;
    this.elementId = subject.elementId;
    this.elementType = subject.elementType;
    this.field = subject.field;
    this.details = details;
  }

  /** `CODE Element_1 (bpmn:Type): message` — the form used in logs and CLI output */
  override toString(): string {
    const where = this.elementId
      ? ` ${this.elementId}${this.elementType ? ` (${this.elementType})` : ''}`
      : this.field
        ? ` field=${this.field}`
        : '';
    return `${this.code}${where}: ${this.message}`;
  }
}

export function isMotcuaError(error: unknown, code?: ErrorCode): error is MotcuaError {
  return error instanceof MotcuaError && (code === undefined || error.code === code);
}
