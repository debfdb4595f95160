/** The built-in token issuer and the caller's own identity. */
import { HttpProblem } from '../../http/problem.ts';
import { caller, type Route } from '../../http/route.ts';
import { ROLES } from '../../identity/identity.ts';

const IDENTITY_SCHEMA = {
  type: 'object',
  properties: {
    sub: { type: 'string' },
    name: { type: 'string' },
    agency: { type: 'string' },
    agencyName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string', enum: ROLES } },
    groups: { type: 'array', items: { type: 'string' } },
  },
};

export const authRoutes: Route[] = [
  {
    method: 'post',
    path: '/api/v1/auth/token',
    face: 'v1',
    access: { public: true },
    summary: 'Exchange a user name and password for a Bearer token',
    tags: ['auth'],
    body: {
      type: 'object',
      required: ['username', 'password'],
      additionalProperties: false,
      properties: { username: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
    },
    responses: {
      200: {
        description: 'a token',
        schema: { type: 'object', properties: { access_token: { type: 'string' }, token_type: { const: 'Bearer' }, expires_in: { type: 'integer' } } },
      },
    },
    async handle({ body, services }) {
      const { username, password } = body as { username: string; password: string };
      const identity = await services.directory.authenticate(username, password);
      if (!identity) throw new HttpProblem(401, 'UNAUTHENTICATED', 'wrong user name or password');
      return { body: { access_token: services.tokens.issue(identity), token_type: 'Bearer', expires_in: services.tokens.expiresIn } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/me',
    face: 'v1',
    access: { roles: ROLES },
    summary: 'The caller: user, agency, roles and groups',
    tags: ['auth'],
    responses: { 200: { description: 'the identity', schema: IDENTITY_SCHEMA } },
    async handle(context) {
      const identity = caller(context);
      const agency = await context.services.directory.agency(identity.agency);
      return { body: { ...identity, ...(agency ? { agencyName: agency.name } : {}) } };
    },
  },
];
