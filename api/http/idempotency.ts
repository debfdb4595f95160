/**
 * `Idempotency-Key` (as Stripe does it): the first request with a key runs and its answer is
 * kept in the store (record kind `idempotency`), so a retry — from this process or another —
 * gets the same answer and changes nothing more. The key is reserved before the handler runs: a
 * duplicate arriving while the first still runs is told so (409) instead of running twice. The
 * same key with another body is a client bug (422).
 */
import { createHash } from 'node:crypto';
import { isMotcuaError, type Store } from '../../engine/index.ts';
import { HttpProblem } from './problem.ts';

interface Kept {
  readonly fingerprint: string;
  readonly status?: number;
  readonly body?: unknown;
}

export interface Replay {
  readonly status: number;
  readonly body: unknown;
}

const MAX_KEY = 255;

export class Idempotency {
  constructor(private readonly store: Store) {}

  private static id(owner: string, route: string, key: string): string {
    return createHash('sha256').update(`${owner}\n${route}\n${key}`).digest('base64url');
  }

  /**
   * Reserve the key, or return the kept answer of an earlier request. `run` is called only when
   * the key is new; its answer is then kept.
   */
  async around(owner: string, route: string, key: string, body: unknown, run: () => Promise<Replay>): Promise<Replay> {
    if (key.length === 0 || key.length > MAX_KEY) throw new HttpProblem(400, 'INVALID_INPUT', `Idempotency-Key must have 1 to ${MAX_KEY} characters`, { field: 'Idempotency-Key' });
    const id = Idempotency.id(owner, route, key);
    const fingerprint = createHash('sha256').update(JSON.stringify(body ?? null)).digest('base64url');
    let revision: number;
    try {
      revision = await this.store.putRecord('idempotency', id, { fingerprint } satisfies Kept, 0);
    } catch (error) {
      if (!isMotcuaError(error) || (error.code as string) !== 'RECORD_CONFLICT') throw error;
      const kept = (await this.store.getRecord('idempotency', id))?.value as Kept | undefined;
      if (kept && kept.fingerprint !== fingerprint) throw new HttpProblem(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with another request body', { field: 'Idempotency-Key' });
      if (kept?.status === undefined) throw new HttpProblem(409, 'IDEMPOTENT_REQUEST_IN_PROGRESS', 'a request with this Idempotency-Key is still being processed; retry later', { field: 'Idempotency-Key' });
      return { status: kept.status, body: kept.body };
    }
    try {
      const answer = await run();
      await this.store.putRecord('idempotency', id, { fingerprint, status: answer.status, body: answer.body } satisfies Kept, revision);
      return answer;
    } catch (error) {
      // a refused request changed nothing: the key is free for a corrected retry
      await this.store.deleteRecord('idempotency', id);
      throw error;
    }
  }
}
