/**
 * A task's form (the form-js schema deployed with its diagram, and the current values of its
 * fields) and its completion, checked on the server against that form: 422 `FORM_INVALID` naming
 * the first field at fault, with every problem listed.
 */
import { checkFormData, formFields, mayWork } from '../../../engine/index.ts';
import { officerOf } from '../../http/officer.ts';
import { HttpProblem } from '../../http/problem.ts';
import { caller, type Route } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { deploymentOf, TASK_PARAMS, taskOfCaller } from './task-access.ts';

export const taskFormRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/tasks/:id/form',
    face: 'v1',
    access: { roles: [Role.Officer] },
    summary: 'The task\'s form-js schema (null when the step has none) and the current values of its fields',
    tags: ['tasks'],
    params: TASK_PARAMS,
    responses: {
      200: { description: 'the form', schema: { type: 'object', properties: { formKey: { type: 'string' }, schema: { type: ['object', 'null'] }, data: { type: 'object' } } } },
      404: { description: 'no open task with this id in the caller\'s agency' },
    },
    async handle(context) {
      const task = await taskOfCaller(context);
      const { deploymentId, variables } = await deploymentOf(context, task);
      const schema = await context.services.motcua.forms.forTask(deploymentId, task.formKey);
      const keys = schema ? formFields(schema).map((field) => field.key!) : [];
      const data = Object.fromEntries(keys.filter((key) => variables[key] !== undefined).map((key) => [key, variables[key]]));
      return { body: { ...(task.formKey ? { formKey: task.formKey } : {}), schema: schema ?? null, data } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/tasks/:id/complete',
    face: 'v1',
    access: { roles: [Role.Officer] },
    summary: 'Complete the task with its form\'s data (checked against the form: required, types, min / max, lengths, patterns)',
    tags: ['tasks'],
    idempotent: true,
    params: TASK_PARAMS,
    body: {
      type: 'object',
      additionalProperties: false,
      properties: {
        data: {
          type: 'object',
          maxProperties: 200,
          // process variables only: the dossier and the engine's reserved names are never written by a form
          propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]{0,99}$', not: { const: 'dossier' } },
        },
      },
    },
    responses: {
      204: { description: 'completed' },
      404: { description: 'no open task with this id in the caller\'s agency' },
      409: { description: 'TASK_CLAIMED: someone else holds it' },
      422: { description: 'FORM_INVALID: the data does not meet the form (`field` names the first problem, `problems` lists them all)' },
    },
    async handle(context) {
      const identity = caller(context);
      const task = await taskOfCaller(context);
      if (task.assignee !== undefined && task.assignee !== identity.sub) {
        throw new HttpProblem(409, 'TASK_CLAIMED', `task ${task.id} is claimed by ${task.assignee}`, { field: 'id', assignee: task.assignee });
      }
      if (!mayWork(officerOf(identity), task)) {
        throw new HttpProblem(403, 'FORBIDDEN', `task ${task.id} is offered to ${[...task.candidateGroups, ...task.candidateUsers].join(', ') || 'nobody'}, not to ${identity.sub}`, { field: 'id' });
      }
      const given = ((context.body as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>;
      const { deploymentId } = await deploymentOf(context, task);
      const schema = await context.services.motcua.forms.forTask(deploymentId, task.formKey);
      let data = given;
      if (schema) {
        const checked = checkFormData(schema, given);
        if (checked.problems.length > 0) {
          const summary = checked.problems.map((problem) => `data.${problem.field}: ${problem.message}`).join('; ');
          throw new HttpProblem(422, 'FORM_INVALID', summary, { field: `data.${checked.problems[0]!.field}`, problems: checked.problems.map((problem) => ({ ...problem, field: `data.${problem.field}` })) });
        }
        data = checked.data;
      }
      await context.services.motcua.engine.completeTask(task.id, data, identity.sub);
      return { status: 204 };
    },
  },
];
