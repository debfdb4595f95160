/** The officer's tasklist: the views with their counts, one task with its dossier and actions, claim and unclaim. */
import { ErrorCode, isMotcuaError, mayWork, type OpenTask, TASK_VIEWS, type TaskView } from '../../../engine/index.ts';
import { officerOf } from '../../http/officer.ts';
import { HttpProblem } from '../../http/problem.ts';
import { caller, type Route, type RouteContext } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { DOSSIER_DETAIL, TASK_SUMMARY, withLinks } from '../dossiers/dossier-schemas.ts';
import { TASK_PARAMS, taskOfCaller } from './task-access.ts';

const COUNTS = { type: 'object', properties: { mine: { type: 'integer' }, group: { type: 'integer' }, dueSoon: { type: 'integer' }, overdue: { type: 'integer' }, all: { type: 'integer' } } };

const TASK_ROW = {
  type: 'object',
  properties: {
    ...(TASK_SUMMARY.properties as object),
    processVersion: { type: 'integer' },
    businessKey: { type: 'string' },
    dossier: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        procedureCode: { type: 'string' },
        procedureName: { type: 'string' },
        applicantName: { type: 'string' },
        receivedAt: { type: 'string' },
        acceptedAt: { type: 'string' },
        dueAt: { type: 'string' },
        status: { type: 'string' },
        statusLabel: { type: 'string' },
      },
    },
  },
};

/** A procedure code names its diagram's process key; anything else is taken as a process key. */
function processKeyOf(context: RouteContext, procedure: string): string {
  const versions = context.services.motcua.catalog.versions(procedure);
  return versions.at(-1)?.process.key ?? procedure;
}

/** 409 naming who holds the task, from the engine's TASK_CLAIMED. */
function claimedProblem(error: unknown): unknown {
  if (!isMotcuaError(error, ErrorCode.TaskClaimed)) return error;
  const assignee = (error.details as { assignee?: string } | undefined)?.assignee;
  return new HttpProblem(409, 'TASK_CLAIMED', error.message, { field: 'id', ...(assignee ? { assignee } : {}) });
}

async function claimAs(context: RouteContext, userId: string | null): Promise<void> {
  const identity = caller(context);
  const task = await taskOfCaller(context);
  if (userId !== null && task.assignee === undefined && !mayWork(officerOf(identity), task)) {
    throw new HttpProblem(403, 'FORBIDDEN', `task ${task.id} is offered to ${[...task.candidateGroups, ...task.candidateUsers].join(', ') || 'nobody'}, not to ${identity.sub}`, { field: 'id' });
  }
  try {
    await context.services.motcua.engine.claimTask(task.id, userId, identity.sub, { exclusive: true });
  } catch (error) {
    throw claimedProblem(error);
  }
}

/** What the caller may do with the task itself. */
function taskActions(task: OpenTask, user: string, mine: boolean): string[] {
  const actions: string[] = [];
  if (task.assignee === undefined && mine) actions.push('claim');
  if (task.assignee === user) actions.push('unclaim');
  if (mine) actions.push('complete');
  return actions;
}

export const taskRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/tasks',
    face: 'v1',
    access: { roles: [Role.Officer] },
    summary: 'The caller\'s tasklist: a view (mine, my groups unclaimed, due within one working day, overdue, all) sorted by due date, with every view\'s count',
    tags: ['tasks'],
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        view: { enum: TASK_VIEWS, default: 'mine' },
        procedure: { type: 'string', minLength: 1, maxLength: 100, description: 'a procedure code or a process key' },
        step: { type: 'string', minLength: 1, maxLength: 200, description: 'the step\'s element id' },
        q: { type: 'string', minLength: 1, maxLength: 100, description: 'a dossier code' },
        limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
        offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
      },
    },
    responses: { 200: { description: 'one page', schema: { type: 'object', properties: { items: { type: 'array', items: TASK_ROW }, total: { type: 'integer' }, counts: COUNTS } } } },
    async handle(context) {
      const query = context.query as { view?: TaskView; procedure?: string; step?: string; q?: string; limit?: number; offset?: number };
      const page = await context.services.motcua.taskBoard.page(officerOf(caller(context)), {
        view: query.view ?? 'mine',
        ...(query.procedure ? { processKey: processKeyOf(context, query.procedure) } : {}),
        ...(query.step ? { elementId: query.step } : {}),
        ...(query.q ? { code: query.q } : {}),
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      });
      return { body: page };
    },
  },
  {
    method: 'get',
    path: '/api/v1/tasks/:id',
    face: 'v1',
    access: { roles: [Role.Officer] },
    summary: 'One task with its dossier and the actions this step allows the caller in its diagram',
    tags: ['tasks'],
    params: TASK_PARAMS,
    responses: {
      200: {
        description: 'the task; `actions` lists what the caller may do now, `actionOptions` the dossier actions with the reason of each refusal',
        schema: { type: 'object', properties: { ...TASK_ROW.properties, actions: { type: 'array', items: { type: 'string' } }, actionOptions: { type: 'array', items: { type: 'object' } }, dossierDetail: DOSSIER_DETAIL } },
      },
      404: { description: 'no open task with this id in the caller\'s agency' },
    },
    async handle(context) {
      const identity = caller(context);
      const officer = officerOf(identity);
      const task = await taskOfCaller(context);
      const { desk, taskBoard } = context.services.motcua;
      const [row] = await taskBoard.rows([task], officer);
      const mine = mayWork(officer, task);
      const code = row!.dossier?.code;
      const detail = code ? await desk.detail(code, officer) : undefined;
      const options = code ? await desk.actions(code, officer, task.id) : [];
      return {
        body: {
          ...row,
          actions: [...taskActions(task, identity.sub, mine), ...options.filter((option) => option.allowed).map((option) => option.action)],
          actionOptions: options,
          ...(detail ? { dossierDetail: withLinks(detail) } : {}),
        },
      };
    },
  },
  {
    method: 'post',
    path: '/api/v1/tasks/:id/claim',
    face: 'v1',
    access: { roles: [Role.Officer] },
    summary: 'Claim a task offered to the caller (409 TASK_CLAIMED naming who holds it when someone was first)',
    tags: ['tasks'],
    params: TASK_PARAMS,
    body: { type: 'object', additionalProperties: false, properties: {} },
    responses: { 204: { description: 'claimed' }, 409: { description: 'TASK_CLAIMED: `assignee` holds it' } },
    async handle(context) {
      await claimAs(context, caller(context).sub);
      return { status: 204 };
    },
  },
  {
    method: 'post',
    path: '/api/v1/tasks/:id/unclaim',
    face: 'v1',
    access: { roles: [Role.Officer] },
    summary: 'Give a claimed task back to its groups (only its holder may)',
    tags: ['tasks'],
    params: TASK_PARAMS,
    body: { type: 'object', additionalProperties: false, properties: {} },
    responses: { 204: { description: 'unclaimed' }, 409: { description: 'TASK_CLAIMED: someone else holds it' } },
    async handle(context) {
      await claimAs(context, null);
      return { status: 204 };
    },
  },
];
