import { expect } from 'chai';
import { generateDemoHistory, ManualClock } from '../../../engine/index.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { json } from '../desk-fixtures.ts';

describe('engine/compose/demo-history: dossiers run through the real engine for the auditors\' app', function () {
  this.timeout(120_000);
  const clock = new ManualClock(Date.parse('2026-10-05T08:00:00+07:00'));
  let server: TestServer;
  after(() => server.close());

  it('leaves late, supplemented, withdrawn and returned dossiers of two procedures whose statistics and indicators show them', async () => {
    // given the generator ran 30 household businesses (and, by default, 6 birth registrations)
    server = await startTestServer({ clock });
    const demo = await generateDemoHistory(server.motcua, { clock, agency: 'UBNDXA-MAU', count: 30 });
    const auditor = await server.login('kiemtra');
    const get = <T>(path: string) => server.fetch(path, { token: auditor }).then((response) => json<T>(response, 200));
    // then the indicators count the late and the on-time ones, and the withdrawn one awaits its withdrawal
    const report = await get<{ buckets: { early: number; onTime: number; late: number } }>('/api/v1/kpi?from=2026-10&to=2026-10');
    expect(report.buckets.late).to.equal(demo.late.length);
    expect(demo.births).to.have.length(6);
    expect(report.buckets.early + report.buckets.onTime).to.equal(30 - demo.late.length - 1 + demo.births.length);
    const byProcedure = await get<{ groups: { key: string; buckets: { early: number; onTime: number; late: number } }[] }>('/api/v1/kpi?from=2026-10&to=2026-10&groupBy=procedure');
    const births = byProcedure.groups.find((group) => group.key === '1.001193')!;
    expect(births.buckets.early + births.buckets.onTime).to.equal(demo.births.length);
    expect(births.buckets.late).to.equal(0);
    expect((await get<{ status: string }>(`/api/v1/dossiers/${demo.births[0]}`)).status).to.equal('DA_TRA_KET_QUA');
    expect((await get<{ status: string }>(`/api/v1/dossiers/${demo.withdrawn}`)).status).to.equal('YEU_CAU_RUT');
    const timeline = await get<{ events: { status?: string }[] }>(`/api/v1/dossiers/${demo.supplemented}/timeline`);
    expect(timeline.events.some((event) => event.status === 'CHO_BO_SUNG')).to.equal(true);
    // and the appraisal step is where the time was lost, naming the late dossiers
    const detail = await get<{ processKey: string; processVersion: number }>(`/api/v1/dossiers/${demo.codes[0]}`);
    const lost = await get<{ steps: { elementId: string; lateDossiers: string[] }[] }>(`/api/v1/audit/versions/${detail.processKey}/${detail.processVersion}/time-lost`);
    expect(lost.steps[0]!.elementId).to.equal('Task_ThamDinh');
    expect([...lost.steps[0]!.lateDossiers].sort()).to.deep.equal([...demo.late].sort());
  });
});
