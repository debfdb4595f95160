import { expect } from 'chai';
import { startTestServer, type TestServer } from '../harness.ts';

interface User {
  username: string;
  name: string;
  agency: string;
  roles: string[];
  groups: string[];
  disabled?: boolean;
  passwordHash?: string;
}

describe('api/routes/admin: users and agencies of the administrator', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer();
    admin = await server.login('quantri');
  });
  after(() => server.close());

  it('lists the agency users without password hashes', async () => {
    const body = (await (await server.fetch('/api/v1/admin/users', { token: admin })).json()) as { items: User[] };
    expect(body.items.map((user) => user.username)).to.include.members(['motcua', 'phantich', 'quantri']);
    for (const user of body.items) {
      expect(user).to.not.have.property('passwordHash');
      expect(user.agency).to.equal('UBNDXA-MAU');
    }
  });

  it('creates a user who can log in, updates, disables and deletes it', async () => {
    // when the administrator creates a desk officer
    const created = await server.fetch('/api/v1/admin/users', {
      method: 'POST',
      token: admin,
      json: { username: 'tiepnhan2', name: 'Ngô Thị Tiếp Nhận', password: 'mat-khau-du-dai', roles: ['OFFICER'], groups: ['mot_cua'] },
    });
    expect(created.status).to.equal(201);
    expect(await created.json()).to.deep.equal({ username: 'tiepnhan2', name: 'Ngô Thị Tiếp Nhận', agency: 'UBNDXA-MAU', roles: ['OFFICER'], groups: ['mot_cua'] });
    // then the officer logs in with the agency and groups given
    expect(await server.login('tiepnhan2', 'mat-khau-du-dai')).to.be.a('string');
    // the name is taken now
    const again = await server.fetch('/api/v1/admin/users', { method: 'POST', token: admin, json: { username: 'tiepnhan2', name: 'X', password: 'mat-khau-khac-1', roles: ['OFFICER'] } });
    expect(again.status).to.equal(409);
    // a new group and password
    const updated = await server.fetch('/api/v1/admin/users/tiepnhan2', { method: 'PUT', token: admin, json: { groups: ['mot_cua', 'van_thu'], password: 'mat-khau-moi-123' } });
    expect(((await updated.json()) as User).groups).to.deep.equal(['mot_cua', 'van_thu']);
    expect(await server.login('tiepnhan2', 'mat-khau-moi-123')).to.be.a('string');
    // disabled: no more login
    await server.fetch('/api/v1/admin/users/tiepnhan2', { method: 'PUT', token: admin, json: { disabled: true } });
    const refused = await server.fetch('/api/v1/auth/token', { method: 'POST', json: { username: 'tiepnhan2', password: 'mat-khau-moi-123' } });
    expect(refused.status).to.equal(401);
    // deleted: gone
    expect((await server.fetch('/api/v1/admin/users/tiepnhan2', { method: 'DELETE', token: admin })).status).to.equal(204);
    expect((await server.fetch('/api/v1/admin/users/tiepnhan2', { method: 'PUT', token: admin, json: { name: 'Y' } })).status).to.equal(404);
  });

  it('names the field of a bad user, and refuses to lock the administrator out', async () => {
    const bad = await server.fetch('/api/v1/admin/users', { method: 'POST', token: admin, json: { username: 'ab', name: 'Ngắn', password: 'ngan', roles: ['OFFICER'] } });
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { field: string }).field).to.equal('password');
    const self = await server.fetch('/api/v1/admin/users/quantri', { method: 'DELETE', token: admin });
    expect(self.status).to.equal(409);
    const disable = await server.fetch('/api/v1/admin/users/quantri', { method: 'PUT', token: admin, json: { disabled: true } });
    expect(disable.status).to.equal(409);
  });

  it("answers 404 for another agency's user and agency", async () => {
    // given a user of another agency, seeded in the shared store
    await server.api.services.directory.createUser({ username: 'khac', name: 'Cán bộ xã khác', agency: 'UBNDXA-KHAC', roles: ['OFFICER'], groups: [], password: 'mat-khau-khac-1' });
    // then the administrator of UBNDXA-MAU neither sees nor changes it
    expect((await server.fetch('/api/v1/admin/users/khac', { method: 'PUT', token: admin, json: { name: 'X' } })).status).to.equal(404);
    expect((await server.fetch('/api/v1/admin/users/khac', { method: 'DELETE', token: admin })).status).to.equal(404);
    const list = (await (await server.fetch('/api/v1/admin/users', { token: admin })).json()) as { items: User[] };
    expect(list.items.map((user) => user.username)).to.not.include('khac');
    expect((await server.fetch('/api/v1/admin/agencies/UBNDXA-KHAC', { token: admin })).status).to.equal(404);
  });

  it("sets the agency's name and candidate groups, which analysts read for the modeler", async () => {
    // when the administrator adds a group
    const agency = (await (await server.fetch('/api/v1/admin/agencies/UBNDXA-MAU', { token: admin })).json()) as { name: string; groups: { id: string; name: string }[] };
    const groups = [...agency.groups, { id: 'ke_toan', name: 'Kế toán' }];
    const put = await server.fetch('/api/v1/admin/agencies/UBNDXA-MAU', { method: 'PUT', token: admin, json: { name: agency.name, groups } });
    expect(put.status).to.equal(200);
    // then the analyst's select lists it
    const analyst = await server.login('phantich');
    const read = (await (await server.fetch('/api/v1/agencies/UBNDXA-MAU/groups', { token: analyst })).json()) as { groups: { id: string }[] };
    expect(read.groups.map((group) => group.id)).to.include.members(['mot_cua', 'chuyen_vien', 'ke_toan']);
    expect((await server.fetch('/api/v1/agencies/UBNDXA-KHAC/groups', { token: analyst })).status).to.equal(404);
  });
});
