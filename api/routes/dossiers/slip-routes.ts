/** Slips 01–07 of a dossier as printable pages (A4 print CSS), built by the engine's slip builders. */
import { SlipForm } from '../../../engine/index.ts';
import { officerOf } from '../../http/officer.ts';
import { caller, type Route } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';

export const slipRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/dossiers/:code/slips/:form',
    face: 'v1',
    access: { roles: [Role.Officer, Role.Auditor] },
    summary: 'A slip of the dossier as a printable HTML page (01 receipt, 02 supplement request, 03 refusal, 04 apology, 05 stop notice, 06 process control, 07 register)',
    tags: ['dossiers'],
    params: {
      type: 'object',
      required: ['code', 'form'],
      additionalProperties: false,
      properties: { code: { type: 'string', minLength: 1, maxLength: 100 }, form: { enum: Object.values(SlipForm) } },
    },
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { secret: { type: 'string', minLength: 1, maxLength: 50, description: 'slip 01: the lookup secret from the reception, printed when it is the right one' } },
    },
    responses: {
      200: { description: 'the page', contentType: 'text/html', schema: { type: 'string' } },
      404: { description: 'no such dossier in the caller\'s agency, or no such slip for it now' },
    },
    async handle(context) {
      const identity = caller(context);
      const agency = await context.services.directory.agency(identity.agency);
      const secret = context.query.secret as string | undefined;
      const html = await context.services.motcua.desk.slipPage(context.params.code!, context.params.form as SlipForm, officerOf(identity), {
        agencyName: agency?.name ?? identity.agency,
        ...(secret ? { secret } : {}),
      });
      return { body: html, type: 'text/html; charset=utf-8' };
    },
  },
];
