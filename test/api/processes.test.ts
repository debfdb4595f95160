import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
}

/** `npm start`'s entry as a real process on a free port; resolves once it says where it serves. */
function start(env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], { env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving (http:\/\/localhost:\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[1]!, output: () => output });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

function stop(running: Running): Promise<number | null> {
  return new Promise((resolvePromise) => {
    running.child.removeAllListeners('exit');
    running.child.on('exit', (code) => resolvePromise(code));
    running.child.kill('SIGTERM');
  });
}

describe('api/main: npm start as real processes', function () {
  this.timeout(180_000);
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'motcua-processes-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('serves one embedded store from two processes: a token of one is good at the other, and both stop cleanly on SIGTERM', async () => {
    // given two servers on one SQLite file, the second without jobs
    const store = `sqlite:${join(folder, 'motcua.db')}`;
    const first = await start({ MOTCUA_DB: store });
    const second = await start({ MOTCUA_DB: store, MOTCUA_JOBS: '0' });
    try {
      expect(first.output()).to.match(/demo data: agency UBNDXA-MAU/);
      // when a user logs in at the first
      const login = await fetch(`${first.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'kiemtra', password: 'demo' }) });
      const { access_token: token } = (await login.json()) as { access_token: string };
      // then the second knows the user and accepts the token (the secret is kept beside the store)
      const me = await fetch(`${second.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).to.equal(200);
      expect(await me.json()).to.include({ sub: 'kiemtra', agency: 'UBNDXA-MAU' });
      expect(await (await fetch(`${second.url}/readyz`)).json()).to.deep.include({ checks: { store: 'UP', jobs: 'OFF' } });
    } finally {
      // and SIGTERM ends each with status 0 after saying so
      expect(await stop(second)).to.equal(0);
      expect(await stop(first)).to.equal(0);
    }
    expect(first.output()).to.match(/SIGTERM: stopping[\s\S]*stopped/);
  });

  it('refuses to start with one line naming a bad setting', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], { env: { ...process.env, PORT: 'eighty', MOTCUA_DB: `sqlite:${join(folder, 'other.db')}` }, stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const code = await new Promise((resolvePromise) => child.on('exit', resolvePromise));
    expect(code).to.equal(1);
    expect(errors.trim()).to.equal('motcua: PORT=eighty is not a whole number from 0 to 65535 (PORT)');
  });
});
