import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../engine/cli/main.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { demoOfficers, type DossierBody, json, receive, settableClock, taskFor } from '../desk-fixtures.ts';

interface Verification { ok: boolean; count: number; brokenAt?: number; problems: string[] }

describe('api/routes/audit: history, timeline, path, statistics, indicators and exports', function () {
  this.timeout(60_000);
  const clock = settableClock('2026-10-05T10:00:00+07:00'); // a Monday
  const dir = mkdtempSync(join(tmpdir(), 'motcua-audit-'));
  const file = join(dir, 'audit.db');
  let server: TestServer;
  let tokens: Record<string, string>;
  let auditor: string;
  let code: string;

  const act = (user: string, path: string, body: object = {}) => server.fetch(path, { method: 'POST', token: tokens[user]!, json: body });
  const get = <T>(path: string, token = auditor) => server.fetch(path, { token }).then((response) => json<T>(response, 200));

  before(async () => {
    server = await startTestServer({ clock, store: `sqlite:${file}` });
    tokens = await demoOfficers(server);
    auditor = await server.login('kiemtra');
    // one dossier by hand: assigned after 1 hour, a supplement asked and given, then signed and returned
    code = (await json<DossierBody>(await receive(server, tokens.motcua!), 201)).code;
    clock.set('2026-10-05T11:00:00+07:00');
    const assign = await taskFor(server, tokens.lanhdao!, 'group', code);
    await json(await act('lanhdao', `/api/v1/tasks/${assign.id}/claim`), 204);
    await json(await act('lanhdao', `/api/v1/tasks/${assign.id}/complete`, { data: {} }), 204);
    clock.set('2026-10-06T15:30:00+07:00');
    const appraisal = await taskFor(server, tokens.chuyenvien!, 'group', code);
    await json(await act('chuyenvien', `/api/v1/tasks/${appraisal.id}/claim`), 204);
    await json(await act('chuyenvien', `/api/v1/dossiers/${code}/supplement-request`, { missing: ['Biên bản họp'], reason: 'Thiếu biên bản họp hộ gia đình' }), 200);
    clock.set('2026-10-09T09:00:00+07:00');
    await json(await act('motcua', `/api/v1/dossiers/${code}/supplement`), 200);
    clock.set('2026-10-12T09:00:00+07:00');
    const again = await taskFor(server, tokens.chuyenvien!, 'group', code);
    await json(await act('chuyenvien', `/api/v1/tasks/${again.id}/claim`), 204);
    await json(await act('chuyenvien', `/api/v1/tasks/${again.id}/complete`, { data: { ketQuaThamDinh: 'DAT', yKienThamDinh: 'Đủ điều kiện' } }), 204);
    const draft = await taskFor(server, tokens.chuyenvien!, 'group', code);
    await json(await act('chuyenvien', `/api/v1/tasks/${draft.id}/complete`, { data: {} }), 204);
    clock.set('2026-10-13T10:00:00+07:00');
    const signature = await taskFor(server, tokens.lanhdao!, 'group', code);
    await json(await act('lanhdao', `/api/v1/tasks/${signature.id}/complete`, { data: { daKy: true } }), 204);
    await json(await act('motcua', `/api/v1/dossiers/${code}/return`), 200);
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells the timeline in Vietnamese, highlighting status and due-date changes with their reasons', async () => {
    const { events } = await get<{ events: { seq: number; text: string; highlight: boolean; by?: string; byRole?: string; reason?: string; status?: string }[] }>(`/api/v1/dossiers/${code}/timeline`);
    expect(events[0]!.seq).to.equal(1);
    const supplement = events.find((event) => event.status === 'CHO_BO_SUNG')!;
    expect(supplement.highlight).to.equal(true);
    expect(supplement.text).to.include('Chờ bổ sung').and.include('Thiếu biên bản họp hộ gia đình');
    expect(supplement.by).to.equal('chuyenvien');
    expect(supplement.byRole).to.include('chuyen_vien');
    expect(events.some((event) => event.status === 'DA_TRA_KET_QUA' && event.text.includes('Đã trả kết quả'))).to.equal(true);
    expect(events.some((event) => event.text.startsWith('Hoàn thành') && event.text.includes('Đủ điều kiện'))).to.equal(true);
    expect(events.filter((event) => event.highlight).every((event) => event.status !== undefined || event.text.startsWith('Gia hạn'))).to.equal(true);
  });

  it('shows the path: elements with counts and durations against their budgets, flows, nothing active at the end', async () => {
    const path = await get<{ processKey: string; elements: { elementId: string; count: number; durationMs?: number; budgetMs?: number }[]; flows: string[]; active: string[] }>(`/api/v1/dossiers/${code}/path`);
    const assign = path.elements.find((element) => element.elementId === 'Task_PhanCong')!;
    expect(assign.count).to.equal(1);
    expect(assign.durationMs).to.equal(3_600_000);
    expect(path.flows.length).to.be.greaterThan(3);
    expect(path.active).to.deep.equal([]);
  });

  it('counts per-version statistics from counters that agree with the dossier run by hand', async () => {
    const detail = await get<{ processKey: string; processVersion: number }>(`/api/v1/dossiers/${code}`);
    const stats = await get<{ dossiers: number; elements: { elementId: string; count: number; timed: number; avgMs: number | null; p90Ms: number | null; lateShare: number | null }[]; flows: { flowId: string; count: number }[] }>(
      `/api/v1/audit/versions/${detail.processKey}/${detail.processVersion}/stats?from=2026-10&to=2026-10`,
    );
    expect(stats.dossiers).to.equal(1);
    const assign = stats.elements.find((element) => element.elementId === 'Task_PhanCong')!;
    expect(assign).to.include({ count: 1, timed: 1, avgMs: 3_600_000, p90Ms: 3_840_000, lateShare: 0 });
    expect(stats.flows.reduce((sum, flow) => sum + flow.count, 0)).to.be.greaterThan(3);
    const empty = await get<{ dossiers: number; elements: unknown[] }>(`/api/v1/audit/versions/${detail.processKey}/${detail.processVersion}/stats?from=2026-11&to=2026-11`);
    expect(empty).to.include({ dossiers: 0 }).and.have.property('elements').that.deep.equals([]);
  });

  it('answers the QĐ 766 indicators with early / on-time / late counts, grouped by month', async () => {
    const report = await get<{ buckets: { early: number; onTime: number; late: number }; groups: { key: string; label: string }[]; indicators: { onTimeRate?: number } }>(
      '/api/v1/kpi?from=2026-10&to=2026-10&groupBy=month',
    );
    expect(report.buckets).to.deep.equal({ early: 0, onTime: 1, late: 0 });
    expect(report.indicators.onTimeRate).to.equal(1);
    expect(report.groups.map((group) => group.label)).to.deep.equal(['Tháng 10/2026']);
  });

  it('exports register 07, a search and the indicators as CSV with a BOM and Vietnamese headers', async () => {
    for (const path of ['/api/v1/exports/register.csv?from=2026-10-01&to=2026-10-31', '/api/v1/exports/dossiers.csv', '/api/v1/exports/kpi.csv?from=2026-10&to=2026-10']) {
      const response = await server.fetch(path, { token: auditor });
      expect(response.status, path).to.equal(200);
      expect(response.headers.get('content-type')).to.match(/^text\/csv/);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      expect(text).to.match(/^\uFEFF(STT,Mã hồ sơ|Nhóm,Số hồ sơ tiếp nhận)/);
      if (!path.includes('kpi')) expect(text).to.include(code);
    }
  });

  it('keeps another agency\'s auditor out', async () => {
    const stranger = server.token({ sub: 'kiemtra-khac', agency: 'UBNDXA-KHAC', roles: ['AUDITOR'] });
    for (const path of ['history', 'timeline', 'path', 'history/export']) {
      expect((await server.fetch(`/api/v1/dossiers/${code}/${path}`, { token: stranger })).status, path).to.equal(404);
    }
    expect((await server.fetch('/api/v1/kpi?from=2026-10&to=2026-10&agency=UBNDXA-MAU', { token: stranger })).status).to.equal(403);
    const report = await get<{ buckets: { onTime: number } }>('/api/v1/kpi?from=2026-10&to=2026-10', stranger);
    expect(report.buckets.onTime).to.equal(0);
  });

  it('verifies the history, and after a row is altered in the store names the event, online and offline', async () => {
    // given a verified history and its export
    const before = await get<{ events: { seq: number; type: string }[]; verification: Verification }>(`/api/v1/dossiers/${code}/history`);
    expect(before.verification).to.include({ ok: true, count: before.events.length });
    const exported = await get<{ instanceId: string; events: { seq: number }[]; recipe: string }>(`/api/v1/dossiers/${code}/history/export`);
    const lines: string[] = [];
    const output = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(exported));
    expect(await main(['verify', good], output)).to.equal(0);
    expect(lines).to.deep.equal([`verified ${before.events.length} events`]);

    // when one row is altered directly in the SQLite file
    const k = before.events.find((event) => event.type === 'DossierStatusChanged')!.seq;
    const db = new Database(file);
    db.prepare("UPDATE history SET event = replace(event, '2026-10', '2025-10') WHERE instance_id = ? AND seq = ?").run(exported.instanceId, k);
    const changed = db.prepare("SELECT count(*) AS n FROM history WHERE instance_id = ? AND event LIKE '%2025-10%'").get(exported.instanceId) as { n: number };
    db.close();
    expect(changed.n).to.equal(1);

    // then the history route reports it broken at event k, and the export of it fails offline naming k
    const after = await get<{ verification: Verification }>(`/api/v1/dossiers/${code}/history`);
    expect(after.verification.ok).to.equal(false);
    expect(after.verification.brokenAt).to.equal(k);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(await get(`/api/v1/dossiers/${code}/history/export`)));
    lines.length = 0;
    expect(await main(['verify', bad], output)).to.equal(1);
    expect(lines[0]).to.equal(`broken at event ${k} of ${before.events.length}`);
    expect(lines[1]).to.match(new RegExp(`event ${k} \\(DossierStatusChanged\\).*altered`));
  });
});
