/**
 * Agency isolation: a caller sees the dossiers, instances and tasks of its own agency only, and
 * another agency's are answered exactly like ones that do not exist (404), so their existence is
 * not leaked. Every handler that loads something by id passes it through here.
 */
import type { Identity } from '../identity/identity.ts';
import { HttpProblem } from './problem.ts';

/** The thing, if it belongs to the caller's agency; otherwise the 404 of a missing one. */
export function inAgency<T>(identity: Identity, thing: T | undefined, agencyOf: (thing: T) => string | undefined, what: string): T {
  if (thing === undefined || agencyOf(thing) !== identity.agency) throw new HttpProblem(404, 'NOT_FOUND', `${what} does not exist`);
  return thing;
}
