/**
 * Users and agencies, kept as store records (kind `user`, `agency`) so that every server process
 * on the store sees the same ones. A password is only ever kept as its scrypt hash.
 */
import { ErrorCode, MotcuaError, type Store } from '../../engine/index.ts';
import { type Identity, type Role } from './identity.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export interface UserRecord {
  readonly username: string;
  readonly name: string;
  readonly agency: string;
  readonly roles: readonly Role[];
  readonly groups: readonly string[];
  readonly passwordHash: string;
  readonly disabled?: boolean;
}

export interface AgencyRecord {
  readonly code: string;
  readonly name: string;
  /** the candidate groups (roles of officers) of the agency, offered to analysts */
  readonly groups: readonly { readonly id: string; readonly name: string }[];
}

export type NewUser = Omit<UserRecord, 'passwordHash'> & { readonly password: string };

/** What a user looks like outside the store: never the hash. */
export type PublicUser = Omit<UserRecord, 'passwordHash'>;

export function publicUser({ passwordHash: _hash, ...user }: UserRecord): PublicUser {
  return user;
}

export class Directory {
  constructor(private readonly store: Store) {}

  async user(username: string): Promise<{ readonly user: UserRecord; readonly revision: number } | undefined> {
    const record = await this.store.getRecord('user', username);
    return record ? { user: record.value as UserRecord, revision: record.revision } : undefined;
  }

  async users(agency?: string): Promise<UserRecord[]> {
    const records = await this.store.listRecords('user', { limit: 10_000 });
    return records.map((record) => record.value as UserRecord).filter((user) => agency === undefined || user.agency === agency);
  }

  async createUser(input: NewUser): Promise<UserRecord> {
    const { password, ...rest } = input;
    const user: UserRecord = { ...rest, passwordHash: await hashPassword(password) };
    await this.store.putRecord('user', user.username, user, 0);
    return user;
  }

  async updateUser(username: string, change: Partial<NewUser>, expectedRevision?: number): Promise<UserRecord> {
    const found = await this.user(username);
    if (!found) throw new MotcuaError(ErrorCode.NotFound, `no user ${username}`, { field: 'username' });
    const { password, ...rest } = change;
    const user: UserRecord = {
      ...found.user,
      ...rest,
      username,
      ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}),
    };
    await this.store.putRecord('user', username, user, expectedRevision ?? found.revision);
    return user;
  }

  async deleteUser(username: string): Promise<boolean> {
    return this.store.deleteRecord('user', username);
  }

  /** The identity of a user whose password matches; undefined otherwise (the caller says nothing more). */
  async authenticate(username: string, password: string): Promise<Identity | undefined> {
    const found = await this.user(username);
    if (!found || found.user.disabled || !(await verifyPassword(password, found.user.passwordHash))) return undefined;
    const { user } = found;
    return { sub: user.username, name: user.name, agency: user.agency, roles: user.roles, groups: user.groups };
  }

  async agency(code: string): Promise<AgencyRecord | undefined> {
    return (await this.store.getRecord('agency', code))?.value as AgencyRecord | undefined;
  }

  async agencies(): Promise<AgencyRecord[]> {
    return (await this.store.listRecords('agency', { limit: 10_000 })).map((record) => record.value as AgencyRecord);
  }

  async putAgency(agency: AgencyRecord): Promise<void> {
    const current = await this.store.getRecord('agency', agency.code);
    await this.store.putRecord('agency', agency.code, agency, current?.revision ?? 0);
  }
}
