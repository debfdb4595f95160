import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { isMotcuaError } from '../../../engine/index.ts';
import { startTestServer, type TestServer } from '../harness.ts';

const run = promisify(execFile);

/** Tuesday 7 March 2028, 08:00 in Hà Nội: the shipped calendar stops at 2027. */
const IN_2028 = Date.parse('2028-03-07T08:00:00+07:00');

interface YearView {
  agency: string;
  year: number;
  source: string;
  effective?: { holidays: { date: string; name: string }[]; localClosures: { date: string }[] };
  draft?: { holidays: unknown[]; localClosures: { date: string; name: string }[]; updated: { by: string } };
  published?: { published: { by: string } };
}

const receive = (server: TestServer, procedureCode = '1.001193') =>
  server.motcua.dossiers.receive({ procedureCode, channel: 1, applicant: { name: 'Nguyễn Thị Hoa' }, receivingAgency: 'UBNDXA-MAU' });

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isMotcuaError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('api/routes/calendars: working-calendar years without a release', () => {
  describe('through the administrator API', () => {
    let server: TestServer;
    let admin: string;
    before(async () => {
      server = await startTestServer({ clock: { now: () => IN_2028 } });
      admin = await server.login('quantri');
    });
    after(() => server.close());

    const path = '/api/v1/calendars/UBNDXA-MAU/2028';

    it('generates 2028 from the statutory rules as a draft, edits it, publishes it, and dossiers due in 2028 are received', async () => {
      // given 2028 is not declared: the desk's reception is refused with the year named
      const desk = await server.login('motcua');
      const atDesk = () => server.fetch('/api/v1/dossiers', { method: 'POST', token: desk, json: { procedureCode: '1.001193', channel: 1, applicant: { name: 'Nguyễn Thị Hoa' } } });
      const refused = await atDesk();
      expect(refused.status).to.equal(422);
      expect(((await refused.json()) as { detail: string }).detail).to.contain('Lịch làm việc năm 2028 chưa được khai báo');
      const before = (await (await server.fetch(path, { token: admin })).json()) as YearView;
      expect(before.source).to.equal('missing');
      // when the administrator generates it
      const generated = (await (await server.fetch(`${path}/generate`, { method: 'POST', token: admin, json: {} })).json()) as YearView;
      expect(generated.source).to.equal('missing');
      expect(generated.draft!.updated.by).to.equal('quantri');
      expect(generated.draft!.holidays).to.deep.include({ date: '2028-04-04', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', certainty: 'COMPUTED' });
      // a draft does not count yet
      expect(await refusal(receive(server))).to.contain('2028');
      // edits it: the commune closes on Wednesday 8 March (a storm)
      const draft = { ...generated.draft!, localClosures: [{ date: '2028-03-08', name: 'Nghỉ do bão' }] } as Record<string, unknown>;
      delete draft.updated;
      const saved = await server.fetch(`${path}/draft`, { method: 'PUT', token: admin, json: draft });
      expect(saved.status).to.equal(200);
      // and publishes it
      const published = (await (await server.fetch(`${path}/publish`, { method: 'POST', token: admin, json: {} })).json()) as YearView;
      // then the agency counts in it, closure included; other agencies do not
      expect(published.source).to.equal('agency');
      expect(published.effective!.localClosures.map((day) => day.date)).to.deep.equal(['2028-03-08']);
      expect(server.motcua.calendarFor('UBNDXA-MAU').isWorkingDay('2028-03-08')).to.equal(false);
      expect(server.motcua.calendarFor('UBNDXA-MAU').isWorkingDay('2028-03-09')).to.equal(true);
      expect(() => server.motcua.calendarFor('ANOTHER-AGENCY').isWorkingDay('2028-03-09')).to.throw(/2028/);
      const response = await atDesk();
      expect(response.status, await response.clone().text()).to.equal(201);
      const received = (await response.json()) as { code: string; instanceId: string };
      expect(received.code).to.match(/^UBNDXA-MAU-280307-/);
      // accepted at the desk: the dossier and its next step are dated in the agency's 2028 calendar
      const accepted = (await server.motcua.dossiers.byInstance(received.instanceId))!.dossier;
      expect(accepted.dueAt).to.equal('2028-03-07T10:00:00.000Z');
      const [next] = await server.motcua.engine.listTasks({ instanceId: received.instanceId });
      expect(next).to.include({ elementId: 'Task_GhiSo', dueAt: '2028-03-07T03:00:00.000Z' });
    });

    it("names the field of a bad edit, and keeps other agencies' calendars out of reach", async () => {
      const bad = await server.fetch(`${path}/draft`, { method: 'PUT', token: admin, json: { year: 2028, holidays: [{ date: '2029-01-01', name: 'Sai năm' }] } });
      expect(bad.status).to.equal(400);
      expect(((await bad.json()) as { field: string }).field).to.equal('holidays[0].date');
      expect((await server.fetch('/api/v1/calendars/OTHER-AGENCY/2028', { token: admin })).status).to.equal(404);
      expect((await server.fetch('/api/v1/calendars/OTHER-AGENCY/2028/publish', { method: 'POST', token: admin, json: {} })).status).to.equal(404);
      const officer = await server.login('motcua');
      expect((await server.fetch(path, { token: officer })).status).to.equal(200);
      expect((await server.fetch(`${path}/publish`, { method: 'POST', token: officer, json: {} })).status).to.equal(403);
    });
  });

  describe('through `npx motcua calendar`, published from another process', function () {
    // three command-line runs, each a fresh Node process loading TypeScript
    this.timeout(180_000);
    let folder: string;
    let server: TestServer;
    before(async () => {
      folder = mkdtempSync(join(tmpdir(), 'motcua-calendar-'));
      server = await startTestServer({ store: `sqlite:${join(folder, 'motcua.db')}`, clock: { now: () => IN_2028 } });
    });
    after(async () => {
      await server.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it('generates 2028 into a file, publishes it into the running server\'s store, and the server receives a dossier due in 2028', async () => {
      // given the desk's POST /api/v1/dossiers refuses a 2028 dossier, naming the year
      const desk = await server.login('motcua');
      const dossier = { procedureCode: '1.001612', channel: 1, applicant: { name: 'Nguyễn Thị Hoa' } };
      const refused = await server.fetch('/api/v1/dossiers', { method: 'POST', token: desk, json: dossier });
      expect(refused.status).to.equal(422);
      expect(((await refused.json()) as { code: string; detail: string })).to.include({ code: 'CALENDAR_YEAR_MISSING' });
      const file = join(folder, 'lich-2028.json');
      const env = { ...process.env, MOTCUA_DB: `sqlite:${join(folder, 'motcua.db')}` };
      // when the operator generates and publishes the year with the command line (separate processes)
      await run(process.execPath, ['bin/motcua.js', 'calendar', 'generate', '2028', '-o', file], { env });
      expect(JSON.parse(readFileSync(file, 'utf8'))).to.include({ year: 2028 });
      const { stdout } = await run(process.execPath, ['bin/motcua.js', 'calendar', 'publish', file], { env });
      expect(stdout).to.contain('published the 2028 calendar (national)');
      // then the running server sees it before its next dossier operation
      const received = await server.fetch('/api/v1/dossiers', { method: 'POST', token: desk, json: dossier });
      expect(received.status, await received.clone().text()).to.equal(201);
      expect(((await received.json()) as { code: string }).code).to.match(/^UBNDXA-MAU-280307-/);
      // and the administrator API shows where the year comes from
      const view = (await (await server.fetch('/api/v1/calendars/UBNDXA-MAU/2028', { token: await server.login('quantri') })).json()) as YearView;
      expect(view.source).to.equal('national');
      const shown = await run(process.execPath, ['bin/motcua.js', 'calendar', 'show', '2028'], { env });
      expect(shown.stdout).to.contain('2028-04-04  holiday');
    });
  });
});
