/**
 * An administrator manages the users of their own agency: list, create, update (name, password,
 * roles, groups, disabled), delete. Another agency's users answer 404; a password hash never
 * leaves the server; an administrator cannot disable or delete their own account (there would
 * be nobody left to undo it).
 */
import { HttpProblem } from '../../http/problem.ts';
import { inAgency } from '../../http/agency-scope.ts';
import { caller, type Route, type RouteContext } from '../../http/route.ts';
import { type Identity, Role, ROLES } from '../../identity/identity.ts';
import { type NewUser, publicUser, type UserRecord } from '../../identity/users.ts';

const ADMIN = { roles: [Role.Admin] };

const USERNAME = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{1,63}$', description: 'lower-case letters, digits, . _ -' };
const GROUPS = { type: 'array', maxItems: 100, uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,100}$' }, description: 'candidate groups held in the agency' };
const ROLE_LIST = { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ROLES } };
const PASSWORD = { type: 'string', minLength: 8, maxLength: 200, description: 'at least 8 characters' };

const USER_SCHEMA = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    name: { type: 'string' },
    agency: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    groups: { type: 'array', items: { type: 'string' } },
    disabled: { type: 'boolean' },
  },
};

const USER_PARAMS = { type: 'object', required: ['username'], additionalProperties: false, properties: { username: USERNAME } };

async function ownUser(context: RouteContext, identity: Identity): Promise<{ user: UserRecord; revision: number }> {
  const found = await context.services.directory.user(context.params.username);
  return inAgency(identity, found, (entry) => entry.user.agency, `user ${context.params.username}`);
}

function notSelf(identity: Identity, username: string, what: string): void {
  if (identity.sub === username) throw new HttpProblem(409, 'OWN_ACCOUNT', `you cannot ${what} your own account`, { field: 'username' });
}

export const userRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/admin/users',
    face: 'v1',
    access: ADMIN,
    summary: "The users of the administrator's agency (never their password hashes)",
    tags: ['admin'],
    responses: { 200: { description: 'the users', schema: { type: 'object', properties: { items: { type: 'array', items: USER_SCHEMA } } } } },
    async handle(context) {
      const users = await context.services.directory.users(caller(context).agency);
      return { body: { items: users.map(publicUser).sort((a, b) => a.username.localeCompare(b.username)) } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/admin/users',
    face: 'v1',
    access: ADMIN,
    summary: "Create a user in the administrator's agency",
    tags: ['admin'],
    body: {
      type: 'object',
      required: ['username', 'name', 'password', 'roles'],
      additionalProperties: false,
      properties: { username: USERNAME, name: { type: 'string', minLength: 1, maxLength: 200 }, password: PASSWORD, roles: ROLE_LIST, groups: GROUPS, disabled: { type: 'boolean' } },
    },
    responses: { 201: { description: 'created', schema: USER_SCHEMA }, 409: { description: 'USER_EXISTS' } },
    async handle(context) {
      const identity = caller(context);
      const input = context.body as Omit<NewUser, 'agency' | 'groups'> & { groups?: string[] };
      if (await context.services.directory.user(input.username)) {
        throw new HttpProblem(409, 'USER_EXISTS', `the user name ${input.username} is taken`, { field: 'username' });
      }
      const user = await context.services.directory.createUser({ ...input, groups: input.groups ?? [], agency: identity.agency });
      return { status: 201, body: publicUser(user) };
    },
  },
  {
    method: 'put',
    path: '/api/v1/admin/users/:username',
    face: 'v1',
    access: ADMIN,
    summary: 'Change a user: name, password, roles, groups, or disable / enable it',
    tags: ['admin'],
    params: USER_PARAMS,
    body: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, password: PASSWORD, roles: ROLE_LIST, groups: GROUPS, disabled: { type: 'boolean' } },
    },
    responses: { 200: { description: 'the user', schema: USER_SCHEMA }, 404: { description: 'no such user in the agency' } },
    async handle(context) {
      const identity = caller(context);
      const found = await ownUser(context, identity);
      const change = context.body as Partial<NewUser>;
      if (change.disabled === true) notSelf(identity, found.user.username, 'disable');
      if (change.roles && !change.roles.includes(Role.Admin)) notSelf(identity, found.user.username, 'take the ADMIN role from');
      const user = await context.services.directory.updateUser(found.user.username, change, found.revision);
      return { body: publicUser(user) };
    },
  },
  {
    method: 'delete',
    path: '/api/v1/admin/users/:username',
    face: 'v1',
    access: ADMIN,
    summary: 'Delete a user (disabling keeps the name in the history readable)',
    tags: ['admin'],
    params: USER_PARAMS,
    responses: { 204: { description: 'deleted' }, 404: { description: 'no such user in the agency' } },
    async handle(context) {
      const identity = caller(context);
      const found = await ownUser(context, identity);
      notSelf(identity, found.user.username, 'delete');
      await context.services.directory.deleteUser(found.user.username);
      return { status: 204 };
    },
  },
];
