/**
 * The citizen's lookup: a dossier's status and appointment from its code and the secret printed
 * on slip 01, without logging in. A wrong secret answers exactly like an unknown code (404); the
 * server rate-limits `/api/v1/public` per address.
 */
import { HttpProblem } from '../../http/problem.ts';
import type { Route } from '../../http/route.ts';

export const publicRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/public/dossiers/:code',
    face: 'v1',
    access: { public: true },
    summary: 'A citizen looks up a dossier with its code and the secret printed on slip 01',
    tags: ['public'],
    params: { type: 'object', required: ['code'], additionalProperties: false, properties: { code: { type: 'string', minLength: 1, maxLength: 100 } } },
    query: {
      type: 'object',
      required: ['secret'],
      additionalProperties: false,
      properties: { secret: { type: 'string', minLength: 1, maxLength: 50, description: 'the lookup secret printed on slip 01' } },
    },
    responses: {
      200: {
        description: 'the dossier\'s status and dates',
        schema: {
          type: 'object',
          properties: {
            code: { type: 'string' },
            procedureName: { type: 'string' },
            status: { type: 'string' },
            statusLabel: { type: 'string' },
            receivedAt: { type: 'string' },
            acceptedAt: { type: 'string' },
            dueAt: { type: 'string' },
            paused: { type: 'boolean' },
            result: { type: 'string' },
            resultLabel: { type: 'string' },
          },
        },
      },
      404: { description: 'no dossier with this code and secret' },
    },
    async handle(context) {
      const code = context.params.code!;
      const { desk, dossiers } = context.services.motcua;
      const found = (await desk.checkSecret(code, context.query.secret as string)) ? await dossiers.findByCode(code) : undefined;
      if (!found) throw new HttpProblem(404, 'NOT_FOUND', 'no dossier has this code and secret');
      const summary = desk.summary(found.dossier);
      return {
        body: {
          code: summary.code,
          procedureName: summary.procedure.name,
          status: summary.status,
          statusLabel: summary.statusLabel,
          receivedAt: summary.receivedAt,
          ...(summary.acceptedAt ? { acceptedAt: summary.acceptedAt } : {}),
          ...(summary.dueAt ? { dueAt: summary.dueAt } : {}),
          paused: summary.paused,
          ...(summary.result ? { result: summary.result, resultLabel: summary.resultLabel } : {}),
        },
      };
    },
  },
];
