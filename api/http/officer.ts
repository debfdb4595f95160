/** The caller as the procedure domain sees an officer: user, agency and the groups held there. */
import type { Officer } from '../../engine/index.ts';
import type { Identity } from '../identity/identity.ts';

export function officerOf(identity: Identity): Officer {
  return { user: identity.sub, agency: identity.agency, groups: identity.groups };
}
