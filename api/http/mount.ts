/**
 * Turns the route table into express handlers. Every route goes through the same steps, in this
 * order: authenticate (unless public), check the role, validate path, query and body against the
 * route's schemas, honour `Idempotency-Key`, run the handler, and map what it throws. Nothing
 * reaches a handler unauthenticated or unvalidated, and no error leaks a stack trace.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import type { SchemaObject } from 'ajv';
import type { Identity } from '../identity/identity.ts';
import { hasRole } from '../identity/identity.ts';
import type { ApiServices } from '../services.ts';
import { answerFor, type Answer, bugAnswer, HttpProblem } from './problem.ts';
import type { Face, Reply, Route, RouteContext } from './route.ts';
import { bodyValidator, depthOf, invalidRequest, MAX_JSON_DEPTH, stringValidator, type Validator } from './validation.ts';

export function send(res: Response, answer: Answer): void {
  res.status(answer.status);
  if (answer.status === 401) res.set('WWW-Authenticate', 'Bearer realm="motcua"');
  // Camunda's clients compare the content type exactly, so no charset parameter on that face
  // (setHeader: express's res.set would add one)
  res.setHeader('Content-Type', answer.contentType);
  res.send(Buffer.from(JSON.stringify(answer.body)));
}

export function sendError(res: Response, face: Face, error: unknown, services: ApiServices, req?: Request): void {
  const answer = answerFor(error, face);
  if (answer) return send(res, answer);
  services.log.error({ err: error, method: req?.method, url: req?.originalUrl?.split('?')[0] }, 'request failed');
  send(res, bugAnswer(face));
}

function reply(res: Response, face: Face, result: Reply | undefined): void {
  if (result === undefined || res.headersSent) return;
  for (const [name, value] of Object.entries(result.headers ?? {})) res.set(name, value);
  if (result.body === undefined) {
    res.status(result.status ?? 204).end();
    return;
  }
  if (result.type) {
    res.status(result.status ?? 200).type(result.type).send(result.body);
    return;
  }
  send(res, { status: result.status ?? 200, contentType: face === 'engine-rest' ? 'application/json' : 'application/json; charset=utf-8', body: result.body });
}

function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

async function authenticate(req: Request, services: ApiServices): Promise<Identity> {
  const token = bearer(req);
  if (!token) throw new HttpProblem(401, 'UNAUTHENTICATED', 'a Bearer token is required (POST /api/v1/auth/token)');
  try {
    return await services.tokens.verify(token);
  } catch {
    throw new HttpProblem(401, 'UNAUTHENTICATED', 'the token is invalid or expired');
  }
}

function checker(schema: SchemaObject | undefined, make: (schema: SchemaObject) => Validator): Validator | undefined {
  return schema ? make(schema) : undefined;
}

function check(validator: Validator | undefined, value: unknown): void {
  if (!validator) return;
  const problems = validator(value);
  if (problems.length) throw invalidRequest(problems);
}

export function mountRoute(app: Express, route: Route, services: ApiServices): void {
  const params = checker(route.params, (schema) => stringValidator(schema, 'path'));
  const query = checker(route.query, (schema) => stringValidator(schema, 'query'));
  const body = route.body && route.body !== 'multipart' ? bodyValidator(route.body) : undefined;
  const handler = async (req: Request, res: Response): Promise<void> => {
    try {
      const identity = 'public' in route.access ? undefined : await authenticate(req, services);
      if (identity && 'roles' in route.access && !hasRole(identity, route.access.roles)) {
        throw new HttpProblem(403, 'FORBIDDEN', `this needs the role ${route.access.roles.join(' or ')}`);
      }
      const pathValues: Record<string, string> = { ...(req.params as Record<string, string>) };
      check(params, pathValues);
      const queryValues: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
      check(query, queryValues);
      let input: unknown = req.body;
      if (body) {
        if (input === undefined) input = {};
        if (depthOf(input) > MAX_JSON_DEPTH) throw new HttpProblem(400, 'INVALID_INPUT', `the body nests deeper than ${MAX_JSON_DEPTH} levels`);
        check(body, input);
      }
      const context: RouteContext = { identity, params: pathValues, query: queryValues, body: input, req, res, services };
      const key = route.idempotent ? req.get('idempotency-key') : undefined;
      if (key !== undefined && identity) {
        const answer = await services.idempotency.around(identity.sub, `${route.method} ${req.path}`, key, input, async () => {
          const result = await route.handle(context);
          return { status: result?.status ?? (result?.body === undefined ? 204 : 200), body: result?.body };
        });
        reply(res, route.face, { status: answer.status, ...(answer.body !== undefined ? { body: answer.body } : {}) });
        return;
      }
      reply(res, route.face, await route.handle(context));
    } catch (error) {
      if (res.headersSent) {
        services.log.error({ err: error }, 'error after the response started');
        res.end();
        return;
      }
      sendError(res, route.face, error, services, req);
    }
  };
  app[route.method](route.path, (req: Request, res: Response, _next: NextFunction) => void handler(req, res));
}
