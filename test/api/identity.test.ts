import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { startTestServer, type TestServer } from './harness.ts';

describe('api/identity: tokens and roles', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('issues a Bearer token for a demo user and tells who it is', async () => {
    // given the demo desk officer
    const response = await server.fetch('/api/v1/auth/token', { method: 'POST', json: { username: 'motcua', password: 'demo' } });
    // then a token valid at most 8 hours
    expect(response.status).to.equal(200);
    const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body.token_type).to.equal('Bearer');
    expect(body.expires_in).to.be.at.most(8 * 3600);
    const claims = jwt.decode(body.access_token) as jwt.JwtPayload;
    expect(claims).to.include({ sub: 'motcua', agency: 'UBNDXA-MAU', iss: 'motcua', aud: 'motcua' });
    expect(claims.roles).to.deep.equal(['OFFICER']);
    expect(claims.groups).to.deep.equal(['mot_cua']);
    // and /me answers with it
    const me = await server.fetch('/api/v1/me', { token: body.access_token });
    expect(await me.json()).to.include({ sub: 'motcua', agency: 'UBNDXA-MAU', agencyName: 'Ủy ban nhân dân xã Mẫu' });
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    for (const credentials of [{ username: 'motcua', password: 'wrong' }, { username: 'nobody', password: 'demo' }]) {
      const response = await server.fetch('/api/v1/auth/token', { method: 'POST', json: credentials });
      expect(response.status).to.equal(401);
      expect(((await response.json()) as { detail: string }).detail).to.equal('wrong user name or password');
    }
  });

  it('names the missing field of a token request', async () => {
    const response = await server.fetch('/api/v1/auth/token', { method: 'POST', json: { username: 'motcua' } });
    expect(response.status).to.equal(400);
    expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(await response.json()).to.include({ code: 'INVALID_INPUT', field: 'password' });
  });

  describe('refuses a token that is', () => {
    const refused = async (token: string) => {
      const response = await server.fetch('/api/v1/me', { token });
      expect(response.status).to.equal(401);
      expect(response.headers.get('www-authenticate')).to.match(/^Bearer/);
    };
    it('expired', () => refused(server.token({ sub: 'motcua', roles: ['OFFICER'] }, { expiresIn: -10 })));
    it('for another audience', () => refused(server.token({ sub: 'motcua', roles: ['OFFICER'] }, { audience: 'someone-else' })));
    it('from another issuer', () => refused(server.token({ sub: 'motcua', roles: ['OFFICER'] }, { issuer: 'someone-else' })));
    it('unsigned (alg none)', () => {
      const [header, payload] = server.token({ sub: 'motcua', roles: ['OFFICER'] }).split('.');
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      expect(JSON.parse(Buffer.from(header!, 'base64url').toString()).alg).to.equal('HS256');
      return refused(`${none}.${payload}.`);
    });
    it('signed with another key', () =>
      refused(jwt.sign({ agency: 'UBNDXA-MAU', roles: ['OFFICER'], groups: [] }, 'another-secret-another-secret-another-secret', { subject: 'motcua', issuer: 'motcua', audience: 'motcua' })));
    it('signed with an RSA key when no public key is configured', () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return refused(jwt.sign({ agency: 'UBNDXA-MAU', roles: ['OFFICER'], groups: [] }, privateKey.export({ type: 'pkcs8', format: 'pem' }), { algorithm: 'RS256', subject: 'motcua', issuer: 'motcua', audience: 'motcua' }));
    });
    it('claiming an unknown role', () => refused(server.token({ sub: 'motcua', roles: ['ROOT' as never] })));
    it('garbage', () => refused('not.a.token'));
  });

  it('accepts RS256 tokens of an external identity provider whose public key is configured', async () => {
    // given a server configured with the provider's public key
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const external = await startTestServer({ env: { MOTCUA_JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }) as string } });
    try {
      const token = jwt.sign({ name: 'Cán bộ SSO', agency: 'UBNDXA-MAU', roles: ['AUDITOR'], groups: [] }, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
        algorithm: 'RS256',
        subject: 'sso-user',
        issuer: 'motcua',
        audience: 'motcua',
        expiresIn: 60,
      });
      // when it calls with the provider's token
      const response = await external.fetch('/api/v1/me', { token });
      // then it is that user
      expect(response.status).to.equal(200);
      expect(await response.json()).to.include({ sub: 'sso-user', name: 'Cán bộ SSO' });
    } finally {
      await external.close();
    }
  });

  it('answers health without a token, and readiness with the store checked', async () => {
    expect((await server.fetch('/healthz')).status).to.equal(200);
    const ready = await server.fetch('/readyz');
    expect(await ready.json()).to.deep.include({ checks: { store: 'UP', jobs: 'OFF' } });
  });

  it('answers problem+json without a stack for an unknown route and for a body that is not JSON', async () => {
    const token = server.token({ sub: 'motcua', roles: ['OFFICER'] });
    const missing = await server.fetch('/api/v1/nothing-here', { token });
    expect(missing.status).to.equal(404);
    const broken = await server.fetch('/api/v1/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": ' });
    expect(broken.status).to.equal(400);
    const text = await broken.text();
    expect(text).to.not.match(/at .*\.ts/);
    expect(JSON.parse(text)).to.include({ code: 'INVALID_INPUT' });
  });
});
