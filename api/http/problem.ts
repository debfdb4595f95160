/**
 * Errors at the HTTP boundary. A `MotcuaError` keeps its stable code and the field or element it
 * names; the face decides the body: RFC 9457 problem+json on `/api/v1`, Camunda 7's
 * `{ type, message }` on `/engine-rest`. Anything else is a bug: 500 with no detail (the log has it).
 */
import { ErrorCode, isMotcuaError, type MotcuaError } from '../../engine/index.ts';
import type { Face } from './route.ts';

/** An HTTP-level refusal that is not an engine rejection (unknown route, conflict of a draft…). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.InvalidInput]: 400,
  [ErrorCode.BpmnParse]: 400,
  [ErrorCode.BpmnInvalid]: 400,
  [ErrorCode.ExpressionInvalid]: 400,
  [ErrorCode.TimerInvalid]: 400,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.ProcessNotFound]: 404,
  [ErrorCode.InstanceNotFound]: 404,
  [ErrorCode.TaskNotOpen]: 404,
  [ErrorCode.JobNotFound]: 404,
  [ErrorCode.TaskClaimed]: 409,
  [ErrorCode.ActionNotAllowed]: 409,
  [ErrorCode.InstanceNotActive]: 409,
  [ErrorCode.TimerNotArmed]: 409,
  [ErrorCode.IncidentNotOpen]: 409,
  [ErrorCode.NoSubscription]: 409,
  [ErrorCode.VersionConflict]: 409,
  [ErrorCode.JobLocked]: 409,
  [ErrorCode.HistoryTampered]: 409,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.CalendarYearMissing]: 422,
  [ErrorCode.StoreUnavailable]: 503,
  [ErrorCode.DraftConflict]: 409,
  [ErrorCode.DraftInvalid]: 422,
  [ErrorCode.ScenariosFailing]: 409,
  [ErrorCode.RecordConflict]: 409,
  [ErrorCode.ExtensionOverMax]: 422,
};

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly [extra: string]: unknown;
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

function statusOf(error: MotcuaError): number {
  return STATUS[error.code] ?? 400;
}

const C7_TYPE: Record<number, string> = {
  400: 'InvalidRequestException',
  401: 'AuthenticationException',
  403: 'AuthorizationException',
  404: 'InvalidRequestException',
  409: 'OptimisticLockingException',
  422: 'InvalidRequestException',
};

/** The response for an error thrown by a route of `face`; `undefined` for a bug. */
export function answerFor(error: unknown, face: Face): Answer | undefined {
  let status: number;
  let code: string;
  let message: string;
  let extra: Record<string, unknown> = {};
  if (error instanceof HttpProblem) {
    ({ status, code, message } = error);
    extra = { ...error.extra };
  } else if (isMotcuaError(error)) {
    status = statusOf(error);
    code = error.code;
    message = error.message;
    if (error.field) extra.field = error.field;
    if (error.elementId) extra.element = error.elementId;
    if (error.elementType) extra.elementType = error.elementType;
    // the engine lists field problems either as the details themselves or under `problems`
    const problems = Array.isArray(error.details) ? error.details : (error.details as { problems?: unknown } | undefined)?.problems;
    if (Array.isArray(problems)) extra.problems = problems;
  } else {
    return undefined;
  }
  if (face === 'engine-rest') {
    // C7's `code` is numeric (its engine's exception codes): ours stays out of the way, the message names the field or element
    return { status, contentType: 'application/json', body: { type: C7_TYPE[status] ?? 'RestException', message, ...extra } };
  }
  return {
    status,
    contentType: 'application/problem+json',
    body: { type: `https://motcua.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`, title: titleOf(status), status, detail: message, code, ...extra },
  };
}

export function bugAnswer(face: Face): Answer {
  const message = 'Lỗi hệ thống; yêu cầu chưa được thực hiện. / Internal error; nothing was changed.';
  return face === 'engine-rest'
    ? { status: 500, contentType: 'application/json', body: { type: 'RestException', message } }
    : { status: 500, contentType: 'application/problem+json', body: { type: 'about:blank', title: titleOf(500), status: 500, detail: message, code: 'INTERNAL' } };
}

function titleOf(status: number): string {
  switch (status) {
    case 400: return 'Bad Request';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'Not Found';
    case 409: return 'Conflict';
    case 413: return 'Payload Too Large';
    case 422: return 'Unprocessable Content';
    case 429: return 'Too Many Requests';
    case 503: return 'Service Unavailable';
    default: return status >= 500 ? 'Internal Server Error' : 'Error';
  }
}
