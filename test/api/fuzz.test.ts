import { expect } from 'chai';
import fc from 'fast-check';
import type { Role } from '../../api/identity/identity.ts';
import { routeTable } from '../../api/routes/index.ts';
import { startTestServer, type TestServer } from './harness.ts';

const RECORD_KINDS = ['user', 'agency', 'draft', 'procedure', 'calendar', 'idempotency', 'lookup', 'form'];

/** Everything a request could change, reduced to one comparable string. */
async function digest(server: TestServer): Promise<string> {
  const { store } = server.motcua;
  const instances = await store.listInstances({ limit: 100_000 });
  const records = await Promise.all(RECORD_KINDS.map((kind) => store.listRecords(kind, { limit: 100_000 })));
  return JSON.stringify([
    instances.map((instance) => `${instance.id}:${instance.revision}`),
    await store.countTasks({}),
    (await store.listDeployments()).length,
    records.map((list) => list.map((record) => `${record.kind}/${record.id}:${record.revision}`)),
  ]);
}

const concrete = (path: string, value: string) => path.replace(/:([A-Za-z0-9_]+)/g, value);

describe('api: every route body fuzzed (fast-check)', function () {
  this.timeout(300_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const routes = routeTable().filter((route) => route.body && route.body !== 'multipart');

  for (const route of routes) {
    it(`${route.method.toUpperCase()} ${route.path}: never a 5xx, nothing changed by a refused request`, async () => {
      const roles = 'roles' in route.access ? route.access.roles : (['OFFICER'] as Role[]);
      const token = server.token({ sub: 'fuzzer', roles: [...roles], groups: ['mot_cua', 'chuyen_vien', 'lanh_dao'] });
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.object({ maxDepth: 3 })), fc.constantFrom('x', '1', 'UBNDXA-MAU', '%20'), async (body, segment) => {
          const before = await digest(server);
          const response = await server.fetch(concrete(route.path, segment), { method: route.method.toUpperCase(), token, json: body });
          expect(response.status, `${route.method} ${route.path} ${JSON.stringify(body)} → ${await response.clone().text()}`).to.be.below(500);
          if (response.status >= 400) expect(await digest(server), 'a refused request changed the store').to.equal(before);
        }),
        { numRuns: 25 },
      );
    });
  }
});
