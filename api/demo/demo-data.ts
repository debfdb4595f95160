/**
 * Demo data for a newcomer on a fresh embedded store: one commune agency with its officer groups
 * and one user per role (password `demo`), so every screen can be tried at once. Never on MongoDB
 * (production), never over existing users; MOTCUA_DEMO=0 turns it off.
 */
import type { Directory } from '../identity/users.ts';
import { Role } from '../identity/identity.ts';

export const DEMO_AGENCY = { code: 'UBNDXA-MAU', name: 'Ủy ban nhân dân xã Mẫu' };
export const DEMO_PASSWORD = 'demo';

export const DEMO_GROUPS = [
  { id: 'mot_cua', name: 'Bộ phận một cửa' },
  { id: 'chuyen_vien', name: 'Chuyên viên' },
  { id: 'lanh_dao_phong', name: 'Lãnh đạo phòng' },
  { id: 'lanh_dao', name: 'Lãnh đạo' },
  { id: 'van_thu', name: 'Văn thư' },
];

export const DEMO_USERS = [
  { username: 'phantich', name: 'Nguyễn Văn Phân Tích', roles: [Role.Analyst], groups: [] },
  { username: 'motcua', name: 'Trần Thị Một Cửa', roles: [Role.Officer], groups: ['mot_cua'] },
  { username: 'chuyenvien', name: 'Lê Văn Chuyên Viên', roles: [Role.Officer], groups: ['chuyen_vien'] },
  { username: 'lanhdao', name: 'Phạm Thị Lãnh Đạo', roles: [Role.Officer], groups: ['lanh_dao_phong', 'lanh_dao'] },
  { username: 'vanthu', name: 'Hoàng Văn Văn Thư', roles: [Role.Officer], groups: ['van_thu'] },
  { username: 'kiemtra', name: 'Đỗ Thị Kiểm Tra', roles: [Role.Auditor], groups: [] },
  { username: 'quantri', name: 'Vũ Văn Quản Trị', roles: [Role.Admin], groups: [] },
  { username: 'worker', name: 'Tiến trình tích hợp', roles: [Role.Worker], groups: [] },
] as const;

/** Seed the demo agency and users when the store has no user yet; returns whether it did. */
export async function seedDemo(directory: Directory): Promise<boolean> {
  if ((await directory.users()).length > 0) return false;
  await directory.putAgency({ ...DEMO_AGENCY, groups: DEMO_GROUPS });
  for (const user of DEMO_USERS) {
    await directory.createUser({ ...user, roles: [...user.roles], groups: [...user.groups], agency: DEMO_AGENCY.code, password: DEMO_PASSWORD });
  }
  return true;
}
