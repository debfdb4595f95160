/**
 * Who is calling: the claims of a verified token. The agency is the caller's tenant: every
 * dossier, instance and task it sees belongs to it (DESIGN.md, "Identity").
 */
export const Role = { Admin: 'ADMIN', Analyst: 'ANALYST', Officer: 'OFFICER', Auditor: 'AUDITOR', Worker: 'WORKER' } as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES: readonly Role[] = Object.values(Role);

export interface Identity {
  /** the user name */
  readonly sub: string;
  readonly name: string;
  /** agency code */
  readonly agency: string;
  readonly roles: readonly Role[];
  /** candidate groups held in that agency (`mot_cua`, `chuyen_vien`, `lanh_dao`…) */
  readonly groups: readonly string[];
}

export function hasRole(identity: Identity, roles: readonly Role[]): boolean {
  return identity.roles.some((role) => roles.includes(role));
}
