/**
 * A demo history for the auditors' app, its browser test and a newcomer: a few hundred dossiers of
 * processes/' procedures run through the real engine and desk on a manual clock — household
 * businesses (most on time, every tenth one late at the appraisal, one with a supplement asked and
 * given, one withdrawn) and birth registrations settled within the day — so that timelines, paths,
 * statistics, indicators by procedure and exports all have something to show.
 */
import type { ManualClock } from '../scenario/manual-clock.ts';
import { DossierAction, type Officer } from '../procedure/desk/dossier-actions.ts';
import type { Motcua } from './open-motcua.ts';

export interface DemoHistoryOptions {
  /** the clock `motcua` was opened with; it moves forward only */
  readonly clock: ManualClock;
  readonly agency: string;
  /** dossiers to run (default 300) */
  readonly count?: number;
  /** the household-business procedure by default */
  readonly procedureCode?: string;
  /** birth registrations (1.001193) besides, received and settled on the second day (default count / 5) */
  readonly births?: number;
}

export interface DemoHistory {
  /** the household-business dossiers */
  readonly codes: string[];
  /** the birth registrations, all settled on time */
  readonly births: string[];
  readonly late: string[];
  readonly supplemented: string;
  readonly withdrawn: string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const BIRTH_REGISTRATION = '1.001193';

export async function generateDemoHistory(motcua: Motcua, options: DemoHistoryOptions): Promise<DemoHistory> {
  const { clock, agency } = options;
  const count = options.count ?? 300;
  const desk: Officer = { user: 'motcua', agency, groups: ['mot_cua'] };
  const specialist: Officer = { user: 'chuyenvien', agency, groups: ['chuyen_vien'] };
  const leader: Officer = { user: 'lanhdao', agency, groups: ['lanh_dao_phong', 'lanh_dao'] };
  const start = clock.now();
  const at = (offsetMs: number): void => clock.set(Math.max(clock.now(), start + offsetMs));
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    at(i * MINUTE);
    const { stored } = await motcua.desk.receiveAtDesk(
      { procedureCode: options.procedureCode ?? '1.001612', channel: ((i % 3) + 1) as 1 | 2 | 3, applicant: { name: `Người nộp ${i + 1}`, address: 'xã Mẫu' } },
      desk,
    );
    codes.push(stored.dossier.code);
  }
  const complete = async (code: string, officer: Officer, elementId: string, data: Record<string, unknown> = {}): Promise<boolean> => {
    const stored = await motcua.desk.find(code, agency);
    const task = stored ? (await motcua.engine.listTasks({ instanceId: stored.instanceId })).find((candidate) => candidate.elementId === elementId) : undefined;
    if (!task) return false;
    if (!task.assignee) await motcua.engine.claimTask(task.id, officer.user, officer.user);
    await motcua.engine.completeTask(task.id, data, officer.user);
    return true;
  };
  const supplemented = codes[0]!;
  const withdrawn = codes[1]!;
  const late = codes.filter((_, i) => i % 10 === 5);
  const onTime = codes.filter((code) => code !== withdrawn && !late.includes(code));

  at(DAY);
  for (const code of codes) await complete(code, leader, 'Task_PhanCong');
  const births: string[] = [];
  for (let i = 0; i < (options.births ?? Math.round(count / 5)); i++) {
    const { stored } = await motcua.desk.receiveAtDesk(
      { procedureCode: BIRTH_REGISTRATION, channel: ((i % 2) + 1) as 1 | 2, applicant: { name: `Người đi khai sinh ${i + 1}`, address: 'xã Mẫu' } },
      desk,
    );
    births.push(stored.dossier.code);
  }
  at(DAY + 60 * MINUTE);
  for (const [i, code] of births.entries()) {
    await complete(code, specialist, 'Task_GhiSo', { soDinhDanhCaNhan: String(102_600_000_000 + i) });
    await complete(code, leader, 'Task_Ky', { daKy: true });
    await motcua.desk.perform(code, DossierAction.Return, {}, desk);
  }
  at(DAY + 2 * 60 * MINUTE);
  await motcua.desk.perform(withdrawn, DossierAction.Withdraw, { reason: 'Người nộp xin rút hồ sơ' }, desk);
  const appraisal = { ketQuaThamDinh: 'DAT', yKienThamDinh: 'Hồ sơ đủ điều kiện' };
  for (const code of onTime) {
    if (code === supplemented) {
      const stored = await motcua.desk.find(code, agency);
      const task = (await motcua.engine.listTasks({ instanceId: stored!.instanceId })).find((candidate) => candidate.elementId === 'Task_ThamDinh')!;
      await motcua.engine.claimTask(task.id, specialist.user, specialist.user);
      await motcua.desk.perform(code, DossierAction.SupplementRequest, { missing: ['Biên bản họp hộ gia đình'], reason: 'Thiếu biên bản họp hộ gia đình', taskId: task.id }, specialist);
      continue;
    }
    await complete(code, specialist, 'Task_ThamDinh', appraisal);
    await complete(code, specialist, 'Task_DuThao');
  }
  at(2 * DAY);
  await motcua.desk.perform(supplemented, DossierAction.Supplement, {}, desk);
  await complete(supplemented, specialist, 'Task_ThamDinh', appraisal);
  await complete(supplemented, specialist, 'Task_DuThao');
  for (const code of onTime) await complete(code, leader, 'Task_Ky', { daKy: true });
  // the late ones wait at the appraisal well past its budget and the dossier's due date
  at(10 * DAY);
  for (const code of late) {
    await complete(code, specialist, 'Task_ThamDinh', appraisal);
    await complete(code, specialist, 'Task_DuThao');
    await complete(code, leader, 'Task_Ky', { daKy: true });
  }
  at(11 * DAY);
  for (const code of [...onTime, ...late]) await motcua.desk.perform(code, DossierAction.Return, {}, desk);
  return { codes, births, late, supplemented, withdrawn };
}
