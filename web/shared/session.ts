/**
 * The signed-in user: the API's JWT kept in sessionStorage (gone when the tab closes), its
 * claims read for display and routing only — the server checks every request itself.
 */
export type Role = 'ADMIN' | 'ANALYST' | 'OFFICER' | 'AUDITOR' | 'WORKER';

export interface Session {
  token: string;
  sub: string;
  name: string;
  agency: string;
  roles: Role[];
  groups: string[];
  /** seconds since the epoch */
  exp: number;
}

const storageKey = 'motcua.token';

function decodeClaims(token: string): Omit<Session, 'token'> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Session>;
    return {
      sub: claims.sub ?? '', name: claims.name ?? claims.sub ?? '', agency: claims.agency ?? '',
      roles: claims.roles ?? [], groups: claims.groups ?? [], exp: claims.exp ?? 0,
    };
  } catch {
    return null;
  }
}

export function saveToken(token: string): Session | null {
  const claims = decodeClaims(token);
  if (!claims) return null;
  sessionStorage.setItem(storageKey, token);
  return { token, ...claims };
}

/** The current session, or null when there is none or its token has expired. */
export function currentSession(): Session | null {
  const token = sessionStorage.getItem(storageKey);
  if (!token) return null;
  const claims = decodeClaims(token);
  if (!claims || (claims.exp && claims.exp * 1000 <= Date.now())) {
    sessionStorage.removeItem(storageKey);
    return null;
  }
  return { token, ...claims };
}

export function clearSession(): void {
  sessionStorage.removeItem(storageKey);
}

/** The app a role lands on after login, first matching role wins. */
export function homeFor(roles: readonly Role[]): string {
  if (roles.includes('ANALYST')) return '/modeler/';
  if (roles.includes('OFFICER')) return '/tasks/';
  if (roles.includes('AUDITOR') || roles.includes('ADMIN')) return '/audit/';
  return '/login/';
}

/** Sends the browser to the login page, coming back to the current screen afterwards. */
export function goToLogin(reason?: 'expired'): void {
  const next = location.pathname + location.search + location.hash;
  const params = new URLSearchParams({ next });
  if (reason) params.set('reason', reason);
  location.assign(`/login/?${params.toString()}`);
}

/**
 * The session; null when the browser is being sent away — to the login page when there is no
 * session, to the user's own app when the session has none of `roles`.
 */
export function requireSession(roles: readonly Role[]): Session | null {
  const session = currentSession();
  if (!session) {
    goToLogin();
    return null;
  }
  if (!session.roles.some((r) => roles.includes(r))) {
    location.assign(homeFor(session.roles));
    return null;
  }
  return session;
}

/** A `next` target is followed only when it is a path on this site, never another origin. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return next;
}
