import { expect } from 'chai';
import { ErrorCode, MotcuaError } from '../../../engine/errors.ts';
import { seedCalendarConfig, WorkingCalendar } from '../../../engine/procedure/calendar/index.ts';
import { deskInput, type Harness, startHarness } from '../support/engine-harness.ts';
import { calendar, fixtureRecords, local, vn } from '../support/sample-dossier.ts';

async function rejection(promise: Promise<unknown>): Promise<MotcuaError> {
  try {
    await promise;
  } catch (error) {
    return error as MotcuaError;
  }
  throw new Error('it was accepted');
}

describe('engine/procedure/dossier/DossierService', () => {
  let harness: Harness;
  afterEach(async () => harness?.close());

  it('receives a dossier: code, catalog terms, fee of the channel, reception SLA for online, started process', async () => {
    // given the catalog (2.000488: online fee 100 000 đ)
    harness = await startHarness();
    // when an online dossier is received Mon 05/10/2026 08:00
    const received = await harness.service.receive({
      ...deskInput(),
      channel: 2,
      components: [{ name: 'Tờ khai', digitised: true }, { name: 'CCCD', reused: true }],
      fees: { paid: true, paidOnline: true },
    });
    // then it has its code, the terms of the version in force and the online SLA, and its process waits at the desk
    expect(received.code).to.equal('000.00.53.H48-261005-0001');
    expect(received.dossier).to.deep.include({
      procedure: { code: '2.000488', version: 1, name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam' },
      channel: 2,
      status: 'MOI_DANG_KY',
      fees: { amount: 100000, paid: true, paidOnline: true, paidAt: received.dossier.submittedAt },
      components: [
        { name: 'Tờ khai', digitised: true, reused: false },
        { name: 'CCCD', digitised: false, reused: true },
      ],
    });
    expect(received.dossier.terms).to.deep.include({ period: { value: 10, unit: 'WORKING_DAYS' }, supplementPolicy: 'PAUSE', electronicResult: true });
    expect(local(Date.parse(received.dossier.receptionDueAt!))).to.equal('Tue 2026-10-06T17:00');
    const instance = await harness.engine.getInstance(received.instanceId);
    expect(instance!.state.businessKey).to.equal(received.code);
    expect((await harness.engine.listTasks({ instanceId: received.instanceId })).map((task) => task.elementId)).to.deep.equal(['Task_KiemTra']);
  });

  it('rejects bad input naming the field, before anything is written (the next code is still 0001)', async () => {
    // given the catalog
    harness = await startHarness();
    // when the procedure is unknown, the channel not offered, the applicant nameless, the agency code malformed
    const unknown = await rejection(harness.service.receive(deskInput('9.999999')));
    const channel = await rejection(harness.service.receive({ ...deskInput('1.001612'), channel: 3 }));
    const applicant = await rejection(harness.service.receive({ ...deskInput(), applicant: { idNumber: '001' } } as never));
    const agency = await rejection(harness.service.receive({ ...deskInput(), receivingAgency: 'UBND xã/A' }));
    // then each names its field
    expect([unknown.code, unknown.field]).to.deep.equal([ErrorCode.NotFound, 'procedureCode']);
    expect(unknown.message).to.match(/unknown procedure "9.999999": the catalog has 1.001612, 2.000488/);
    expect([channel.field, channel.message]).to.deep.equal(['channel', 'procedure 1.001612 cannot be done by channel 3 (its ways: channel 1, 2)']);
    expect(applicant.field).to.equal('applicant.name');
    expect(agency.field).to.equal('receivingAgency');
    // and nothing was started nor any number used
    expect(await harness.engine.store.listInstances()).to.deep.equal([]);
    expect((await harness.service.receive(deskInput())).code).to.equal('000.00.53.H48-261005-0001');
  });

  it('keeps the procedure version in force at reception, even after a new version takes effect', async () => {
    // given version 1 (10 working days) and version 2 (15 working days) from 01/11/2026
    const v1 = fixtureRecords()[1];
    const v2 = { ...v1, version: 2, effectiveFrom: '2026-11-01', ways: v1.ways.map((way) => ({ ...way, deadline: { value: 15, unit: 'WORKING_DAYS' } })) };
    harness = await startHarness({ records: [fixtureRecords()[0], v1, v2] });
    // when one dossier is received in October and one in November
    const october = await harness.service.receive(deskInput());
    harness.at('2026-11-02T08:00');
    const november = await harness.service.receive(deskInput());
    // then each keeps its own version and legal time
    expect([october.dossier.procedure.version, october.dossier.terms.period.value]).to.deep.equal([1, 10]);
    expect([november.dossier.procedure.version, november.dossier.terms.period.value]).to.deep.equal([2, 15]);
  });

  it('finds a dossier by its code, and extends its deadline through the service', async () => {
    // given two accepted dossiers
    harness = await startHarness();
    const first = await harness.service.receive(deskInput());
    const second = await harness.service.receive(deskInput());
    harness.at('2026-10-05T09:00');
    await harness.complete(second.instanceId, 'Task_KiemTra', { hopLe: true });
    // when the second is looked up and extended by 2 working days
    const found = await harness.service.findByCode(second.code);
    const extended = await harness.service.extendDeadline(second.code, { cause: 'Xác minh nhiều nơi cư trú', value: 2, by: 'lanh_dao' });
    // then the right dossier is found, and its due date moved from Mon 19/10 to Wed 21/10
    expect(found).to.include({ instanceId: second.instanceId });
    expect(await harness.service.findByCode('nope')).to.equal(undefined);
    expect(local(Date.parse(extended.dueAt!))).to.equal('Wed 2026-10-21T17:00');
    expect((await harness.service.findByCode(first.code))!.dossier.extensions).to.deep.equal([]);
  });

  it('refuses an extension beyond the maximum and leaves dossier and history as they were', async () => {
    // given an accepted dossier with 5 extension days allowed
    harness = await startHarness();
    const { code, instanceId } = await harness.service.receive(deskInput());
    harness.at('2026-10-05T09:00');
    await harness.complete(instanceId, 'Task_KiemTra', { hopLe: true });
    const before = (await harness.service.findByCode(code))!.dossier;
    const events = (await harness.engine.history(instanceId)).length;
    // when 6 days are asked
    const error = await rejection(harness.service.extendDeadline(code, { cause: 'Xác minh nhiều nơi cư trú', value: 6 }));
    // then it is refused and nothing changed
    expect(error.field).to.equal('value');
    expect((await harness.service.findByCode(code))!.dossier).to.deep.equal(before);
    expect(await harness.engine.history(instanceId)).to.have.length(events);
  });

  it('starts the process for the handling agency: the instance and its tasks carry it, for the officers of that agency', async () => {
    // given the catalog
    harness = await startHarness();
    // when one dossier is handled where it was received and one is handed to a commune
    const here = await harness.service.receive(deskInput());
    const there = await harness.service.receive({ ...deskInput(), handlingAgency: 'UBNDXA-VENBIEN' });
    // then
    const agencyOf = async (instanceId: string) => (await harness.engine.store.getInstance(instanceId))!.record.agency;
    expect(await agencyOf(here.instanceId)).to.equal(deskInput().receivingAgency);
    expect(await agencyOf(there.instanceId)).to.equal('UBNDXA-VENBIEN');
    const [task] = await harness.engine.listTasks({ agency: 'UBNDXA-VENBIEN' });
    expect(task).to.deep.include({ instanceId: there.instanceId, elementId: 'Task_KiemTra', agency: 'UBNDXA-VENBIEN' });
    expect(await harness.engine.countTasks({ agency: deskInput().receivingAgency })).to.equal(1);
  });

  it("counts each dossier in its handling agency's calendar: a local closure (storm) moves that agency's due date only", async () => {
    // given the national calendar, and a commune closed Thu 08 – Fri 09/10/2026 before a storm
    const config = seedCalendarConfig();
    const storm = new WorkingCalendar({
      ...config,
      years: config.years.map((year) =>
        year.year === 2026 ? { ...year, localClosures: ['2026-10-08', '2026-10-09'].map((date) => ({ date, name: 'Nghỉ phòng, chống bão số 10' })) } : year,
      ),
    });
    harness = await startHarness({ calendarFor: (agency) => (agency === 'UBNDXA-VENBIEN' ? storm : calendar) });
    // when a dossier of each agency is accepted Mon 05/10 09:00 (10 working days)
    const inland = await harness.service.receive(deskInput());
    const coast = await harness.service.receive({ ...deskInput(), handlingAgency: 'UBNDXA-VENBIEN' });
    harness.at('2026-10-05T09:00');
    await harness.complete(inland.instanceId, 'Task_KiemTra', { hopLe: true });
    await harness.complete(coast.instanceId, 'Task_KiemTra', { hopLe: true });
    // then the closed agency is due two working days later, Wed 21/10 instead of Mon 19/10
    const dueOf = async (code: string) => local(Date.parse((await harness.service.findByCode(code))!.dossier.dueAt!));
    expect(await dueOf(inland.code)).to.equal('Mon 2026-10-19T17:00');
    expect(await dueOf(coast.code)).to.equal('Wed 2026-10-21T17:00');
    expect(storm.describeDay('2026-10-08')).to.deep.include({ working: false, name: 'Nghỉ phòng, chống bão số 10' });
  });

  it('lists dossiers due within one working day (D-1) and online dossiers not accepted in time', async () => {
    // given an accepted desk dossier (due Mon 19/10 17:00) and an online one left unaccepted
    harness = await startHarness();
    const desk = await harness.service.receive(deskInput());
    const online = await harness.service.receive({ ...deskInput(), channel: 2 });
    harness.at('2026-10-05T09:00');
    await harness.complete(desk.instanceId, 'Task_KiemTra', { hopLe: true });
    // when asked on Thu 15/10, on Fri 16/10 and on Tue 20/10
    const thursday = await harness.service.dueSoon(vn('2026-10-15T09:00'));
    const friday = await harness.service.dueSoon(vn('2026-10-16T09:00'));
    const tuesday = await harness.service.dueSoon(vn('2026-10-20T09:00'));
    const reception = await harness.service.receptionOverdue(vn('2026-10-07T08:00'));
    // then the D-1 warning starts the working day before the due date, and overdue shows after it
    expect(thursday).to.deep.equal([]);
    expect(friday.map((item) => [item.code, item.overdue])).to.deep.equal([[desk.code, false]]);
    expect(tuesday.map((item) => [item.code, item.overdue])).to.deep.equal([[desk.code, true]]);
    expect(reception.map((item) => item.code)).to.deep.equal([online.code]);
  });

  it('gives the register (form 07) as a query, by agency and period', async () => {
    // given dossiers of two agencies on two days
    harness = await startHarness();
    const a = await harness.service.receive(deskInput());
    await harness.service.receive({ ...deskInput(), receivingAgency: 'G09.20' });
    harness.at('2026-10-06T08:00');
    const c = await harness.service.receive(deskInput());
    // when the register of 000.00.53.H48 is asked
    const register = await harness.service.register({ agency: '000.00.53.H48' });
    const monday = await harness.service.register({ agency: '000.00.53.H48', from: vn('2026-10-05T00:00'), to: vn('2026-10-06T00:00') });
    // then it has one numbered row per dossier, oldest first, with Vietnamese labels
    expect(register.label).to.equal('SỔ THEO DÕI HỒ SƠ');
    expect(register.rows.map((row) => [row.no, row.code, row.status])).to.deep.equal([
      ['1', a.code, 'Mới đăng ký'],
      ['2', c.code, 'Mới đăng ký'],
    ]);
    expect(monday.rows.map((row) => row.code)).to.deep.equal([a.code]);
    expect(register.columns.find((column) => column.key === 'appointmentAt')?.label).to.equal('Ngày hẹn trả kết quả');
  });
});
