/** Test helpers: a dossier as `DossierService.receive` makes it, the fixture catalog, and the national calendar. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ProcedureCatalog } from '../../../engine/procedure/catalog/ProcedureCatalog.ts';
import type { ProcedureRecord } from '../../../engine/procedure/catalog/procedure-record.ts';
import type { Dossier } from '../../../engine/procedure/dossier/dossier.ts';
import { seedCalendar } from '../../procedure/calendar/vn-time.ts';

export { local, seedCalendar, vn } from '../../procedure/calendar/vn-time.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const SCENARIOS = fileURLToPath(new URL('../scenarios/', import.meta.url));

/** `2026-10-05T09:00` in Hà Nội → ISO instant (UTC) */
export function vnIso(localTime: string): string {
  return new Date(Date.parse(`${localTime}:00+07:00`)).toISOString();
}

/** The records of test/procedure/fixtures/procedures.json. */
export function fixtureRecords(): ProcedureRecord[] {
  return (JSON.parse(readFileSync(`${FIXTURES}procedures.json`, 'utf8')) as { procedures: ProcedureRecord[] }).procedures;
}

export function fixtureCatalog(): ProcedureCatalog {
  return new ProcedureCatalog(fixtureRecords());
}

/** A record to vary: a valid 10-working-day procedure (2.000488 of the fixtures). */
export function sampleRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(fixtureRecords()[1]), ...overrides };
}

/** A record of the withdrawal fixture (`Process_RutHoSo`, whose diagram handles the message `RutHoSo`): 10 working days. */
export function withdrawalRecord(): Record<string, unknown> {
  return sampleRecord({ code: '9.000002', name: 'Thủ tục mẫu có nhánh rút hồ sơ', process: { key: 'Process_RutHoSo' } });
}

/** A freshly submitted desk dossier of a 10-working-day PAUSE procedure, submitted Mon 05/10/2026 08:00. */
export function sampleDossier(overrides: Partial<Dossier> = {}): Dossier {
  return {
    code: '000.00.53.H48-261005-0001',
    procedure: { code: '2.000488', version: 1, name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam' },
    channel: 1,
    applicant: { name: 'Nguyễn Văn A', idNumber: '001099000001', address: 'Số 1 Tràng Tiền, Hà Nội', phone: '0912345678' },
    components: [
      { name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', digitised: true, reused: false },
      { name: 'Bản chụp giấy tờ tùy thân', digitised: false, reused: true },
    ],
    fees: { amount: 200000, paid: false, paidOnline: false },
    receivingAgency: '000.00.53.H48',
    handlingAgency: '000.00.53.H48',
    terms: {
      period: { value: 10, unit: 'WORKING_DAYS' },
      supplementPolicy: 'PAUSE',
      extensions: [{ cause: 'Xác minh nhiều nơi cư trú', max: { value: 5, unit: 'WORKING_DAYS' } }],
      electronicResult: true,
    },
    status: 'MOI_DANG_KY',
    syncSeq: 1,
    submittedAt: vnIso('2026-10-05T08:00'),
    pausedWorkingMs: 0,
    pausedWorkingDays: 0,
    supplementRequests: { total: 0, byAgency: {}, atReception: 0 },
    extensions: [],
    ...overrides,
  };
}

export const calendar = seedCalendar();
