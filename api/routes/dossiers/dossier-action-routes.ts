/**
 * The officers' actions on a dossier, one route each, each carried out through the engine as the
 * procedure's diagram allows it now (engine/procedure/desk/dossier-actions.ts); otherwise 409
 * `ACTION_NOT_ALLOWED` with the reason. Every answer is the dossier after the action.
 */
import type { SchemaObject } from 'ajv';
import { type ActionInput, DossierAction } from '../../../engine/index.ts';
import { officerOf } from '../../http/officer.ts';
import { caller, type Route } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { CODE_PARAMS, DOSSIER_DETAIL, withLinks } from './dossier-schemas.ts';

const REASON = { type: 'string', minLength: 3, maxLength: 2000, description: 'the reason, printed on the slip' };
const TASK_ID = { type: 'string', minLength: 1, maxLength: 200, description: 'the step to complete, when several could' };

function body(properties: Record<string, SchemaObject>, required: string[] = []): SchemaObject {
  return { type: 'object', additionalProperties: false, required, properties };
}

const ACTIONS: readonly { action: DossierAction; summary: string; body: SchemaObject }[] = [
  { action: DossierAction.Accept, summary: 'Accept the dossier at the desk (the clock starts; slip 01)', body: body({ taskId: TASK_ID }) },
  {
    action: DossierAction.SupplementRequest,
    summary: 'Request a supplement: what is missing and why (slip 02); during processing the clock pauses',
    body: body({ missing: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 500 } }, reason: REASON, taskId: TASK_ID }, ['missing', 'reason']),
  },
  { action: DossierAction.Supplement, summary: 'The applicant handed in the supplement at the desk: processing resumes with the new due date', body: body({}) },
  { action: DossierAction.Refuse, summary: 'Refuse the dossier with the reason (slip 03 at the desk; a stop after appraisal)', body: body({ reason: REASON, taskId: TASK_ID }, ['reason']) },
  {
    action: DossierAction.Extend,
    summary: 'Extend the deadline for one of the procedure\'s extension causes (then the apology, slip 04)',
    body: {
      ...body({
        cause: { type: 'string', minLength: 1, maxLength: 500 },
        value: { type: 'number', exclusiveMinimum: 0, maximum: 365 },
        newDueDate: { type: 'string', format: 'date', description: 'the new appointment date instead of `value`: the extension that makes the dossier due that day' },
      }, ['cause']),
      not: { required: ['value', 'newDueDate'] },
    },
  },
  { action: DossierAction.Withdraw, summary: 'The applicant asks to withdraw the dossier', body: body({ reason: REASON }) },
  { action: DossierAction.Stop, summary: 'Stop the dossier with the reason (slip 05)', body: body({ reason: REASON }, ['reason']) },
  { action: DossierAction.Payment, summary: 'The fees were paid', body: body({ online: { type: 'boolean' } }) },
  { action: DossierAction.Return, summary: 'Hand the result over to the applicant (the dossier ends DA_TRA_KET_QUA)', body: body({ taskId: TASK_ID }) },
];

export const dossierActionRoutes: Route[] = ACTIONS.map(
  ({ action, summary, body: schema }): Route => ({
    method: 'post',
    path: `/api/v1/dossiers/:code/${action}`,
    face: 'v1',
    access: { roles: [Role.Officer] },
    summary,
    tags: ['dossiers'],
    idempotent: true,
    params: CODE_PARAMS,
    body: schema,
    responses: {
      200: { description: 'the dossier after the action', schema: DOSSIER_DETAIL },
      404: { description: 'no such dossier in the caller\'s agency' },
      409: { description: 'ACTION_NOT_ALLOWED: the diagram or the dossier\'s state does not allow it now (the reason says why)' },
    },
    async handle(context) {
      const officer = officerOf(caller(context));
      const { desk } = context.services.motcua;
      const code = context.params.code!;
      await desk.perform(code, action, context.body as ActionInput, officer);
      return { body: withLinks(await desk.detail(code, officer)) };
    },
  }),
);
