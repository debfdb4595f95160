import { expect } from 'chai';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ROLES } from '../../api/identity/identity.ts';
import { routeTable } from '../../api/routes/index.ts';
import { startTestServer, type TestServer } from './harness.ts';

const concrete = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, 'x$1');

describe('api/routes: the route table', () => {
  const routes = routeTable();

  it('declares an access rule for every route, and roles for every non-public one', () => {
    for (const route of routes) {
      expect(route.access, `${route.method} ${route.path}`).to.exist;
      if (!('public' in route.access)) expect(route.access.roles, `${route.method} ${route.path}`).to.not.be.empty;
    }
  });

  it('has no two routes on the same method and path', () => {
    const seen = routes.map((route) => `${route.method} ${route.path}`);
    expect(new Set(seen).size).to.equal(seen.length);
  });

  it('gives every route that reads a body a schema for it', () => {
    for (const route of routes.filter((r) => ['post', 'put', 'patch'].includes(r.method))) {
      expect(route.body, `${route.method} ${route.path}`).to.exist;
    }
  });

  it('keeps public routes to health, login, the contract, the citizen lookup and Camunda version', () => {
    const open = routes.filter((route) => 'public' in route.access).map((route) => route.path);
    for (const path of open) expect(path).to.match(/^\/(healthz|readyz|api\/v1\/(auth\/token|openapi\.json|public\/)|engine-rest\/version)/);
  });

  describe('against a running server', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.close());

    it('answers 401 with WWW-Authenticate on every non-public route called without a token', async () => {
      for (const route of routes.filter((r) => !('public' in r.access))) {
        const response = await server.fetch(concrete(route.path), { method: route.method.toUpperCase(), ...(route.body ? { json: {} } : {}) });
        expect(response.status, `${route.method} ${route.path}`).to.equal(401);
        expect(response.headers.get('www-authenticate'), route.path).to.match(/^Bearer/);
      }
    });

    it('answers 403 to every role a route does not allow, before reading its input', async () => {
      for (const route of routes.filter((r) => 'roles' in r.access)) {
        const allowed = 'roles' in route.access ? route.access.roles : [];
        for (const role of ROLES.filter((r) => !allowed.includes(r))) {
          const token = server.token({ sub: `someone-${role}`, roles: [role] });
          const response = await server.fetch(concrete(route.path), { method: route.method.toUpperCase(), token, ...(route.body ? { json: {} } : {}) });
          expect(response.status, `${role} ${route.method} ${route.path}`).to.equal(403);
        }
      }
    });

    it('lists every /api/v1 route in an OpenAPI 3.1 document that validates', async () => {
      const document = (await (await server.fetch('/api/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(document.openapi).to.equal('3.1.0');
      for (const route of routes.filter((r) => r.face === 'v1')) {
        const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        expect(document.paths[path]?.[route.method], `${route.method} ${path}`).to.exist;
      }
      const result = await new Validator().validate(document as never);
      expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)).to.deep.equal([]);
      expect(result.valid).to.equal(true);
    });
  });
});
