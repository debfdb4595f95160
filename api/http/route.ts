/**
 * A route is declared once, with everything the server needs to know about it: who may call it,
 * the schemas its input must meet (which also make the OpenAPI document), and the handler. The
 * route table (api/routes/index.ts) is the list of them; a test fails if a route lacks a rule.
 */
import type { Request, Response } from 'express';
import type { SchemaObject } from 'ajv';
import type { Identity, Role } from '../identity/identity.ts';
import type { ApiServices } from '../services.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Which API a route belongs to: our domain API (`v1`, problem+json errors), the Camunda 7 face
 * (`engine-rest`, `{ type, message }` errors and C7 status codes), or plain (health, static).
 */
export type Face = 'v1' | 'engine-rest' | 'plain';

/** Who may call: anyone (no token), or a holder of one of the roles (agency checks are the handler's). */
export type Access = { readonly public: true } | { readonly roles: readonly Role[] };

export interface RouteContext {
  /** the verified caller; absent only on public routes */
  readonly identity: Identity | undefined;
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  readonly req: Request;
  readonly res: Response;
  readonly services: ApiServices;
}

/** What a handler answers; `undefined` means it wrote the response itself (streams, files). */
export interface Reply {
  readonly status?: number;
  readonly body?: unknown;
  /** content type of a non-JSON body (`text/html`, `text/csv`, `application/xml`) */
  readonly type?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ResponseDoc {
  readonly description: string;
  readonly schema?: SchemaObject;
  readonly contentType?: string;
}

export interface Route {
  readonly method: Method;
  /** express path, `:name` for parameters */
  readonly path: string;
  readonly face: Face;
  readonly access: Access;
  readonly summary: string;
  readonly tags?: readonly string[];
  readonly params?: SchemaObject;
  readonly query?: SchemaObject;
  /** JSON body schema; `multipart` when the route reads form data itself */
  readonly body?: SchemaObject | 'multipart';
  readonly responses?: Readonly<Record<number, ResponseDoc>>;
  /** honours `Idempotency-Key`: a retry returns the first answer and changes nothing more */
  readonly idempotent?: boolean;
  handle(context: RouteContext): Promise<Reply | undefined>;
}

/** The identity of a non-public route's caller (mount guarantees it). */
export function caller(context: RouteContext): Identity {
  if (!context.identity) throw new Error('caller() on a public route');
  return context.identity;
}
