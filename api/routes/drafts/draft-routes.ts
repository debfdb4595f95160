/**
 * Analysts' drafts: save and load a procedure being re-engineered (diagram, catalog record,
 * scenarios, forms), validate it, run its scenarios on the server, publish it as the next
 * version. The rules live in the engine's DraftService; these routes parse, authorise and map.
 */
import { ErrorCode, isMotcuaError, type DraftContent } from '../../../engine/index.ts';
import { HttpProblem } from '../../http/problem.ts';
import { caller, type ResponseDoc, type Route } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { CODE_PARAMS } from '../procedures/procedure-schemas.ts';

const ANALYST = { roles: [Role.Analyst] };

const FORM = { type: 'object', required: ['components'], properties: { components: { type: 'array', items: { type: 'object' } } }, description: 'a form-js schema' };
const SCENARIO = {
  type: 'object',
  required: ['name', 'yaml'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200, description: 'the scenario file name without .scenario.yaml' },
    yaml: { type: 'string', maxLength: 200_000, description: 'the scenario in the motcua test format' },
  },
};
const FORMS = {
  type: 'object',
  maxProperties: 200,
  propertyNames: { pattern: '^[0-9A-Za-z][0-9A-Za-z._-]*\\.form$' },
  additionalProperties: FORM,
  description: 'task forms by file name (tiep-nhan.form), linked by camunda:formKey="camunda-forms:deployment:tiep-nhan.form"',
};

const DRAFT_BODY = {
  type: 'object',
  required: ['revision', 'xml', 'record', 'scenarios', 'forms'],
  additionalProperties: false,
  properties: {
    revision: { type: 'integer', minimum: 0, description: 'the revision this save replaces; 0 creates the draft' },
    baseVersion: { type: 'integer', minimum: 1, description: 'the published version the draft started from' },
    diagramName: { type: 'string', pattern: '^[0-9A-Za-z][0-9A-Za-z._-]*\\.bpmn$', description: 'the diagram file name scenarios name in bpmn:' },
    xml: { type: 'string', minLength: 1, description: 'the BPMN 2.0 XML' },
    record: { type: 'object', description: 'the catalog record (validated by validate, not on save)' },
    scenarios: { type: 'array', maxItems: 100, items: SCENARIO },
    forms: FORMS,
  },
};

const SUMMARY = {
  type: 'object',
  properties: { code: { type: 'string' }, revision: { type: 'integer' }, updatedAt: { type: 'string', format: 'date-time' }, updatedBy: { type: 'string' }, baseVersion: { type: 'integer' } },
};

const PROBLEM_ITEM = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    severity: { enum: ['error', 'warning'] },
    elementId: { type: 'string' },
    elementType: { type: 'string' },
    field: { type: 'string' },
    message: { type: 'string' },
  },
};

const SCENARIO_REPORT = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    ok: { type: 'boolean' },
    failures: { type: 'array', items: { type: 'string' } },
    warnings: { type: 'array', items: { type: 'string' } },
    path: { type: 'array', items: { type: 'string' }, description: 'elements entered, in order' },
    active: { type: 'array', items: { type: 'string' }, description: 'where it waits at the end or at the failing step' },
    failedStep: { oneOf: [{ type: 'integer' }, { const: 'start' }] },
  },
};

const TEST_REPORT = {
  type: 'object',
  properties: { passed: { type: 'integer' }, failed: { type: 'integer' }, durationMs: { type: 'integer' }, scenarios: { type: 'array', items: SCENARIO_REPORT } },
};

/** The engine's draft refusals, with what the modeler shows: who saved, the problems, the report. */
function draftProblem(error: unknown): unknown {
  if (!isMotcuaError(error)) return error;
  const details = (error.details ?? {}) as Record<string, unknown>;
  switch (error.code) {
    case ErrorCode.DraftConflict:
      return new HttpProblem(409, error.code, error.message, { field: 'revision', ...details });
    case ErrorCode.ScenariosFailing:
      return new HttpProblem(409, error.code, error.message, { field: 'acceptFailingScenarios', ...details });
    case ErrorCode.DraftInvalid:
      return new HttpProblem(422, error.code, error.message, {
        ...(error.elementId ? { element: error.elementId } : {}),
        ...(error.field ? { field: error.field } : {}),
        ...details,
      });
    default:
      return error;
  }
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw draftProblem(error);
  }
}

/** Validate and test: an action on the saved draft that changes nothing and answers a report. */
function checkRoute(action: 'validate' | 'test', summary: string, response: ResponseDoc): Route {
  return {
    method: 'post',
    path: `/api/v1/drafts/:code/${action}`,
    face: 'v1',
    access: ANALYST,
    summary,
    tags: ['drafts'],
    params: CODE_PARAMS,
    body: { type: 'object', additionalProperties: false, properties: {} },
    responses: { 200: response },
    async handle({ params, services }) {
      return { body: await services.motcua.drafts[action](params.code) };
    },
  };
}

export const draftRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/drafts',
    face: 'v1',
    access: ANALYST,
    summary: 'Every draft, with who saved it last and when',
    tags: ['drafts'],
    responses: { 200: { description: 'the drafts', schema: { type: 'object', properties: { items: { type: 'array', items: SUMMARY } } } } },
    async handle({ services }) {
      return { body: { items: await services.motcua.drafts.list() } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/drafts/:code',
    face: 'v1',
    access: ANALYST,
    summary: 'One draft: diagram, record, scenarios, forms and its revision',
    tags: ['drafts'],
    params: CODE_PARAMS,
    responses: {
      200: { description: 'the draft', schema: { type: 'object', properties: { ...SUMMARY.properties, diagramName: { type: 'string' }, xml: { type: 'string' }, record: { type: 'object' }, scenarios: { type: 'array', items: SCENARIO }, forms: FORMS } } },
      404: { description: 'no draft of this procedure' },
    },
    async handle({ params, services }) {
      const draft = await services.motcua.drafts.get(params.code);
      if (!draft) throw new HttpProblem(404, ErrorCode.NotFound, `no draft of procedure ${params.code}`);
      return { body: draft };
    },
  },
  {
    method: 'put',
    path: '/api/v1/drafts/:code',
    face: 'v1',
    access: ANALYST,
    summary: 'Save a draft over the revision given (0 = new); a stale revision is 409 DRAFT_CONFLICT naming who saved it and when',
    tags: ['drafts'],
    params: CODE_PARAMS,
    body: DRAFT_BODY,
    responses: {
      200: { description: 'saved', schema: { type: 'object', properties: { revision: { type: 'integer' } } } },
      409: { description: 'DRAFT_CONFLICT: someone saved after your revision (savedBy, savedAt, revision); nothing was changed' },
    },
    async handle(context) {
      const { revision, ...content } = context.body as DraftContent & { revision: number };
      const saved = await mapped(() => context.services.motcua.drafts.save(context.params.code, revision, content, caller(context).sub));
      return { body: { revision: saved } };
    },
  },
  {
    method: 'delete',
    path: '/api/v1/drafts/:code',
    face: 'v1',
    access: ANALYST,
    summary: 'Delete a draft',
    tags: ['drafts'],
    params: CODE_PARAMS,
    responses: { 204: { description: 'deleted' }, 404: { description: 'no draft of this procedure' } },
    async handle({ params, services }) {
      if (!(await services.motcua.drafts.delete(params.code))) throw new HttpProblem(404, ErrorCode.NotFound, `no draft of procedure ${params.code}`);
      return { status: 204 };
    },
  },
  checkRoute('validate', 'Every problem of the saved draft, naming its element or field, and the step budgets above the legal time with their path', {
    description: 'the problems (ok = none is an error)',
    schema: {
      type: 'object',
      properties: {
        ok: { type: 'boolean' },
        problems: { type: 'array', items: PROBLEM_ITEM },
        budgetWarnings: { type: 'array', items: { type: 'object', properties: { message: { type: 'string' }, path: { type: 'array', items: { type: 'string' } } } } },
      },
    },
  }),
  checkRoute('test', "Run the saved draft's scenarios on the server (the motcua test runner): pass/fail, failures, elements visited and where each stopped", {
    description: 'the scenario report',
    schema: TEST_REPORT,
  }),
  {
    method: 'post',
    path: '/api/v1/drafts/:code/publish',
    face: 'v1',
    access: ANALYST,
    summary: 'Publish the draft as the next version (diagram and forms deployed, record added); running dossiers keep their version',
    tags: ['drafts'],
    params: CODE_PARAMS,
    body: { type: 'object', additionalProperties: false, properties: { acceptFailingScenarios: { type: 'boolean', description: 'publish even though scenarios fail' } } },
    responses: {
      201: {
        description: 'published',
        schema: {
          type: 'object',
          properties: {
            code: { type: 'string' },
            version: { type: 'integer' },
            processKey: { type: 'string' },
            processVersion: { type: 'integer' },
            effectiveFrom: { type: 'string', format: 'date' },
            deploymentId: { type: 'string' },
            scenarios: { type: 'object', properties: { passed: { type: 'integer' }, failed: { type: 'integer' } } },
          },
        },
      },
      409: { description: 'SCENARIOS_FAILING (with the report) unless acceptFailingScenarios' },
      422: { description: 'DRAFT_INVALID: the draft does not validate (the problems)' },
    },
    async handle(context) {
      const { acceptFailingScenarios } = context.body as { acceptFailingScenarios?: boolean };
      const published = await mapped(() =>
        context.services.motcua.drafts.publish(context.params.code, caller(context).sub, acceptFailingScenarios === undefined ? {} : { acceptFailingScenarios }),
      );
      return { status: 201, body: published };
    },
  },
];
