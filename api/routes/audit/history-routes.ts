/** A dossier's verified history, its offline-checkable export, its timeline in Vietnamese and its path. */
import { dossierPath, dossierTimeline, exportHistory } from '../../../engine/index.ts';
import { caller, type Route } from '../../http/route.ts';
import { CODE_PARAMS } from '../dossiers/dossier-schemas.ts';
import { AUDIT_READERS, auditedDossier } from './audit-access.ts';

const VERIFICATION = {
  type: 'object',
  properties: { ok: { type: 'boolean' }, count: { type: 'integer' }, brokenAt: { type: 'integer' }, problems: { type: 'array', items: { type: 'string' } } },
};

/** The seq a store problem names first ("event 5: …"), for `brokenAt`. */
function firstEventNamed(problems: readonly string[]): number | undefined {
  for (const problem of problems) {
    const match = /events? (\d+)/.exec(problem);
    if (match) return Number(match[1]);
  }
  return undefined;
}

export const historyRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/dossiers/:code/history',
    face: 'v1',
    access: { roles: AUDIT_READERS },
    summary: 'The recorded history of a dossier (seq, prevHash, hash per event) with the check of its hash chain',
    tags: ['audit'],
    params: CODE_PARAMS,
    responses: {
      200: { description: 'the events and whether the chain holds', schema: { type: 'object', properties: { instanceId: { type: 'string' }, code: { type: 'string' }, events: { type: 'array', items: { type: 'object' } }, verification: VERIFICATION } } },
      404: { description: 'no such dossier in the caller\'s agency' },
    },
    async handle(context) {
      const { motcua } = context.services;
      const { stored } = await auditedDossier(motcua, caller(context), context.params.code!);
      const events = await motcua.engine.history(stored.instanceId);
      const checked = await motcua.engine.verifyHistory(stored.instanceId);
      const brokenAt = checked.ok ? undefined : firstEventNamed(checked.problems);
      return {
        body: {
          instanceId: stored.instanceId,
          code: stored.dossier.code,
          events,
          verification: { ok: checked.ok, count: events.length, ...(brokenAt !== undefined ? { brokenAt } : {}), problems: checked.problems },
        },
      };
    },
  },
  {
    method: 'get',
    path: '/api/v1/dossiers/:code/history/export',
    face: 'v1',
    access: { roles: AUDIT_READERS },
    summary: 'The history as a JSON file that `npx motcua verify <file>` re-checks offline (events, hashes and the chain recipe)',
    tags: ['audit'],
    params: CODE_PARAMS,
    responses: { 200: { description: 'the export file (attachment)', schema: { type: 'object' } }, 404: { description: 'no such dossier in the caller\'s agency' } },
    async handle(context) {
      const { motcua } = context.services;
      const { stored } = await auditedDossier(motcua, caller(context), context.params.code!);
      const events = await motcua.engine.history(stored.instanceId);
      const file = exportHistory(stored.instanceId, events, new Date(motcua.clock.now()).toISOString(), stored.dossier.code);
      const name = `lich-su-${stored.dossier.code.replace(/[^\w.-]/g, '_')}.json`;
      return { body: file, headers: { 'content-disposition': `attachment; filename="${name}"` } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/dossiers/:code/timeline',
    face: 'v1',
    access: { roles: AUDIT_READERS },
    summary: 'Every history event of a dossier in plain Vietnamese: when, who, what; status and due-date changes highlighted',
    tags: ['audit'],
    params: CODE_PARAMS,
    responses: {
      200: {
        description: 'the timeline, oldest first',
        schema: {
          type: 'object',
          properties: {
            code: { type: 'string' },
            events: {
              type: 'array',
              items: {
                type: 'object',
                required: ['seq', 'at', 'kind', 'text', 'highlight'],
                properties: { seq: { type: 'integer' }, at: { type: 'string' }, by: { type: 'string' }, byRole: { type: 'string' }, kind: { type: 'string' }, text: { type: 'string' }, elementId: { type: 'string' }, status: { type: 'string' }, dueAt: { type: 'string' }, reason: { type: 'string' }, highlight: { type: 'boolean' } },
              },
            },
          },
        },
      },
      404: { description: 'no such dossier in the caller\'s agency' },
    },
    async handle(context) {
      const identity = caller(context);
      const { motcua, directory } = context.services;
      const { stored, process } = await auditedDossier(motcua, identity, context.params.code!);
      const events = await motcua.engine.history(stored.instanceId);
      const roles: Record<string, string> = {};
      for (const user of await directory.users(identity.agency)) roles[user.username] = [...user.groups, ...user.roles].join(', ');
      return { body: { code: stored.dossier.code, events: dossierTimeline(events, process, roles) } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/dossiers/:code/path',
    face: 'v1',
    access: { roles: AUDIT_READERS },
    summary: 'The way a dossier went through its diagram: elements with counts, entry and exit, time against the step budget, flows, where it is, open incidents',
    tags: ['audit'],
    params: CODE_PARAMS,
    responses: {
      200: {
        description: 'the path',
        schema: {
          type: 'object',
          properties: {
            processKey: { type: 'string' },
            processVersion: { type: 'integer' },
            elements: { type: 'array', items: { type: 'object', properties: { elementId: { type: 'string' }, name: { type: 'string' }, count: { type: 'integer' }, enteredAt: { type: 'string' }, leftAt: { type: 'string' }, durationMs: { type: 'integer' }, budgetMs: { type: 'integer' }, overBudget: { type: 'boolean' } } } },
            flows: { type: 'array', items: { type: 'string' } },
            active: { type: 'array', items: { type: 'string' } },
            incidents: { type: 'array', items: { type: 'object', properties: { elementId: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
      404: { description: 'no such dossier in the caller\'s agency' },
    },
    async handle(context) {
      const { motcua } = context.services;
      const { stored, process } = await auditedDossier(motcua, caller(context), context.params.code!);
      const instance = await motcua.store.getInstance(stored.instanceId);
      const events = await motcua.engine.history(stored.instanceId);
      return { body: { processKey: instance?.record.processKey, processVersion: instance?.record.processVersion, ...dossierPath(events, process) } };
    },
  },
];
