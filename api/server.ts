/**
 * The HTTP server: one express app, two faces over the same services — `/engine-rest` (Camunda 7
 * REST for existing clients) and `/api/v1` (the domain API) — plus the browser apps. Everything a
 * request needs lives in the store, so any number of these processes can serve one database.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Motcua } from '../engine/index.ts';
import { Idempotency } from './http/idempotency.ts';
import { mountRoute, send, sendError } from './http/mount.ts';
import { answerFor, HttpProblem } from './http/problem.ts';
import type { Face, Route } from './http/route.ts';
import { Tokens } from './identity/tokens.ts';
import { Directory } from './identity/users.ts';
import { routeTable } from './routes/index.ts';
import type { ApiServices } from './services.ts';
import type { Settings } from './settings.ts';

export interface ApiOptions {
  readonly settings: Settings;
  /** the HS256 secret (settings.jwtSecret, or the one kept in the store) */
  readonly jwtSecret: string;
  readonly logger?: Logger;
  /** where the built browser apps are (default dist/web) */
  readonly webRoot?: string;
  /** the job executor of this process, for /readyz */
  readonly jobs?: { running(): boolean };
}

export interface Api {
  readonly app: Express;
  readonly services: ApiServices;
  readonly routes: readonly Route[];
}

/** Which face a path belongs to, for errors raised before a route is found. */
export function faceOf(path: string): Face {
  if (path.startsWith('/engine-rest')) return 'engine-rest';
  if (path.startsWith('/api/')) return 'v1';
  return 'plain';
}

/** The browser apps and the paths they are served at. */
export const WEB_APPS: Readonly<Record<string, string>> = {
  '/login': 'login',
  '/modeler': 'modeler',
  '/tasks': 'tasks',
  '/audit': 'audit',
  '/tra-cuu': 'public',
};

function cors(settings: Settings) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (origin && (settings.corsOrigins.includes('*') || settings.corsOrigins.includes(origin))) {
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Vary', 'Origin');
      res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key');
      res.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      res.set('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}

export function createApi(motcua: Motcua, options: ApiOptions): Api {
  const { settings } = options;
  const log = options.logger ?? pino({ level: settings.logLevel });
  const services: ApiServices = {
    motcua,
    directory: new Directory(motcua.store),
    tokens: new Tokens(
      {
        secret: options.jwtSecret,
        ...(settings.jwtPublicKey ? { publicKey: settings.jwtPublicKey } : {}),
        ...(settings.jwksUri ? { jwksUri: settings.jwksUri } : {}),
      },
      settings.tokenTtlSeconds,
    ),
    settings,
    log,
    idempotency: new Idempotency(motcua.store),
    ...(options.jobs ? { jobs: options.jobs } : {}),
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    pinoHttp({
      logger: log,
      // tokens and passwords never reach the log: headers are reduced to what helps, bodies are not logged
      serializers: {
        req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: String(req.url).split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // bpmn-js and form-js position and colour elements with style attributes
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
        },
      },
    }),
  );
  app.use('/engine-rest', cors(settings));
  // guessing passwords or dossier secrets: a few tries a minute per address (counted per process)
  for (const path of ['/api/v1/auth/token', '/api/v1/public']) {
    app.use(
      path,
      rateLimit({
        windowMs: 60_000,
        limit: settings.loginRatePerMinute,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        handler: (_req, res) => send(res, answerFor(new HttpProblem(429, 'TOO_MANY_REQUESTS', 'too many attempts; wait a minute'), 'v1')!),
      }),
    );
  }
  app.use(express.json({ limit: settings.bodyLimit, type: ['application/json', 'application/*+json'] }));
  app.use(express.text({ limit: settings.bodyLimit, type: ['application/xml', 'text/xml', 'text/plain'] }));

  const routes = routeTable();
  for (const route of routes) mountRoute(app, route, services);

  const webRoot = resolve(options.webRoot ?? join('dist', 'web'));
  for (const [path, folder] of Object.entries(WEB_APPS)) {
    const dir = join(webRoot, folder);
    if (existsSync(dir)) app.use(path, express.static(dir, { index: 'index.html', fallthrough: true }));
  }
  app.get('/', (_req, res) => res.redirect('/login/'));

  app.use((req: Request, res: Response) => {
    const face = faceOf(req.path);
    send(res, answerFor(new HttpProblem(404, 'NOT_FOUND', `no route ${req.method} ${req.path}`), face)!);
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const face = faceOf(req.path);
    const status = (error as { status?: number; type?: string }).status;
    if (status === 413) return send(res, answerFor(new HttpProblem(413, 'PAYLOAD_TOO_LARGE', `the body is larger than ${settings.bodyLimit}`), face)!);
    if (status === 400 && (error as { type?: string }).type === 'entity.parse.failed') {
      return send(res, answerFor(new HttpProblem(400, 'INVALID_INPUT', 'the body is not valid JSON'), face)!);
    }
    if (status && status >= 400 && status < 500) return send(res, answerFor(new HttpProblem(status, 'INVALID_INPUT', 'the request could not be read'), face)!);
    sendError(res, face, error, services, req);
  });
  return { app, services, routes };
}
