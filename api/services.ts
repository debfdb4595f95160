/** What route handlers work with: the product composition and the server's own services. */
import type { Logger } from 'pino';
import type { Motcua } from '../engine/index.ts';
import type { Idempotency } from './http/idempotency.ts';
import type { Directory } from './identity/users.ts';
import type { Tokens } from './identity/tokens.ts';
import type { Settings } from './settings.ts';

export interface ApiServices {
  readonly motcua: Motcua;
  readonly directory: Directory;
  readonly tokens: Tokens;
  readonly settings: Settings;
  readonly log: Logger;
  readonly idempotency: Idempotency;
  /** the job executor of this process, when it runs one */
  readonly jobs?: { running(): boolean };
}
