/**
 * The `dossier` step a scenario gains with the procedure extension: what an officer or the
 * applicant does to a dossier outside the diagram, through `DossierService`, exactly one command
 * per step.
 *
 * ```yaml
 * steps:
 *   - dossier:
 *       extendDeadline: { cause: "Cần xem xét thêm", value: 10, by: lanh_dao }   # value: default all that is left
 *   - dossier:
 *       requestWithdrawal: { reason: "Không còn nhu cầu", by: cong_dan }          # reason, by: optional
 *   - dossier:
 *       stop: { reason: "Theo yêu cầu rút hồ sơ", by: lanh_dao }                   # reason: required (form 05)
 *   - dossier:
 *       recordPayment: { online: true }
 * ```
 */
import type { JsonSchema } from '../../scenario/scenario-schema.ts';
import type { FieldProblem } from '../../validation/schema-problems.ts';
import { TEXT } from '../dossier/receive-input.ts';

export type DossierStep =
  | { readonly extendDeadline: { readonly cause: string; readonly value?: number; readonly by?: string } }
  | { readonly requestWithdrawal: { readonly reason?: string; readonly by?: string } }
  | { readonly stop: { readonly reason: string; readonly by?: string } }
  | { readonly recordPayment: { readonly online: boolean; readonly by?: string } };

export const DOSSIER_STEP_COMMANDS = ['extendDeadline', 'requestWithdrawal', 'stop', 'recordPayment'] as const;

const BY = { type: 'string', minLength: 1, description: 'a user id' };

function command(description: string, required: readonly string[], properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', description, required, additionalProperties: false, properties: { ...properties, by: BY } };
}

export const DOSSIER_STEP_SCHEMA: JsonSchema = {
  type: 'object',
  description: `a mapping with one dossier command: ${DOSSIER_STEP_COMMANDS.join(', ')}`,
  additionalProperties: false,
  properties: {
    extendDeadline: command('a mapping with cause and optional value, by', ['cause'], {
      cause: { ...TEXT, description: "one of the procedure's extension causes" },
      value: { type: 'number', exclusiveMinimum: 0, description: 'a number above 0' },
    }),
    requestWithdrawal: command('a mapping with optional reason, by', [], { reason: TEXT }),
    stop: command('a mapping with reason and optional by', ['reason'], { reason: TEXT }),
    recordPayment: command('a mapping with online and optional by', ['online'], { online: { type: 'boolean', description: 'true or false' } }),
  },
};

/** One command per step: the order of two commands in one mapping would be a guess. */
export function dossierStepProblems(value: unknown): FieldProblem[] {
  const given = Object.keys(value as object);
  if (given.length === 1) return [];
  const found = given.length === 0 ? 'none' : given.join(', ');
  return [{ field: '', message: `give exactly one of ${DOSSIER_STEP_COMMANDS.join(', ')} (found ${found}); use one step per command` }];
}
