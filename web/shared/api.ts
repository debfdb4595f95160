/**
 * The one HTTP client of the browser apps: bearer token, JSON in and out, problem+json errors
 * as ApiProblem, and a 401 sending the user back to the login page.
 */
import { clearSession, currentSession, goToLogin } from './session.ts';
import { hasText, t } from './i18n.ts';

/** One problem from a validation answer (`problems` of a problem+json body). */
export interface ProblemItem {
  code?: string;
  message?: string;
  field?: string;
  elementId?: string;
  element?: string;
  severity?: string;
}

/** An RFC 9457 problem answered by the API, with the engine's stable code. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly element?: string;
  readonly problems: ProblemItem[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const code = typeof body.code === 'string' ? body.code : `HTTP_${status}`;
    const detail = typeof body.detail === 'string' ? body.detail : typeof body.message === 'string' ? body.message : '';
    const title = typeof body.title === 'string' ? body.title : '';
    // The catalogue's wording for a known code (filled from the body's fields), the server's own detail otherwise.
    const params: Record<string, string | number> = { status };
    for (const [key, value] of Object.entries(body)) if (typeof value === 'string' || typeof value === 'number') params[key] = value;
    params.detail = detail;
    const known = hasText(`error.${code}`) ? t(`error.${code}`, params) : '';
    super(known && !/\{\w+\}/.test(known) ? known : detail || title || t('error.unknown', { status }));
    this.name = 'ApiProblem';
    this.status = status;
    this.code = code;
    if (typeof body.field === 'string') this.field = body.field;
    if (typeof body.element === 'string') this.element = body.element;
    this.problems = Array.isArray(body.problems) ? (body.problems as ProblemItem[]) : [];
    this.body = body;
  }
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** send this text as the body instead of JSON */
  rawBody?: BodyInit;
  /** 'text' for XML / HTML / CSV answers */
  as?: 'json' | 'text' | 'blob';
  signal?: AbortSignal;
}

async function problemOf(res: Response): Promise<ApiProblem> {
  const type = res.headers.get('content-type') ?? '';
  let body: Record<string, unknown> = {};
  if (type.includes('json')) {
    try { body = (await res.json()) as Record<string, unknown>; } catch { body = {}; }
  } else {
    const text = await res.text();
    if (text) body = { detail: text.slice(0, 300) };
  }
  return new ApiProblem(res.status, body);
}

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const session = currentSession();
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  if (session) headers.authorization = `Bearer ${session.token}`;
  let payload: BodyInit | undefined = options.rawBody;
  if (payload === undefined && body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, signal: options.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiProblem(0, { code: 'NETWORK', detail: t('error.NETWORK') });
  }
  if (res.status === 401 && !path.startsWith('/api/v1/auth/')) {
    clearSession();
    goToLogin(session ? 'expired' : undefined);
  }
  if (!res.ok) throw await problemOf(res);
  if (res.status === 204) return undefined as T;
  if (options.as === 'text') return (await res.text()) as T;
  if (options.as === 'blob') return (await res.blob()) as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, body, options),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
};

/** Builds `path?query` skipping empty values. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Encodes one path segment (procedure codes contain dots, dossier codes dashes). */
export const seg = (value: string): string => encodeURIComponent(value);
