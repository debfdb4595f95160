/**
 * Deployments: the list Camunda Modeler checks its connection with (`GET /deployment?maxResults=0`)
 * and the multipart upload its "Deploy to Camunda 7" sends (`POST /deployment/create`: the
 * diagram, its .form files, `deployment-name`, `deployment-source`, `enable-duplicate-filtering`
 * or `deploy-changed-only`, `tenant-id`). Forms are deployed with the diagram (motcua.forms), so a
 * user task's `camunda:formKey="camunda-forms:deployment:x.form"` finds its form.
 */
import type { Request, Response } from 'express';
import multer from 'multer';
import { isMotcuaError, ErrorCode, type DeployedProcess, type DeploymentInfo, type Store, type ValidationProblem } from '../../../engine/index.ts';
import { HttpProblem } from '../../http/problem.ts';
import { caller, type Route } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import { C7_DEPLOYMENT_KIND, type C7DeploymentFacts, definitionDto, deploymentDto, DEPLOYMENT_SCHEMA, deploymentFacts } from './c7-definitions.ts';
import { EXCEPTION_SCHEMA, pageOf, PAGING_PROPERTIES, queryDate, SORT_ORDER, sortOf } from './c7-format.ts';

const DEPLOYERS = [Role.Analyst, Role.Admin];

/** What one upload may hold: a few diagrams and their forms, nothing large. */
const UPLOAD_LIMITS = { files: 50, fileSize: 5 * 1024 * 1024, fields: 20, fieldSize: 10 * 1024, parts: 80 };
const upload = multer({ storage: multer.memoryStorage(), limits: UPLOAD_LIMITS }).any();

interface UploadedFile {
  readonly fieldname: string;
  readonly originalname: string;
  readonly buffer: Buffer;
}

function readMultipart(req: Request, res: Response): Promise<{ fields: Record<string, string>; files: UploadedFile[] }> {
  return new Promise((resolvePromise, reject) => {
    if (!req.is('multipart/form-data')) {
      reject(new HttpProblem(400, 'INVALID_INPUT', 'a deployment is uploaded as multipart/form-data', { field: 'Content-Type' }));
      return;
    }
    upload(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        reject(new HttpProblem(error.code === 'LIMIT_FILE_SIZE' ? 413 : 400, 'INVALID_INPUT', `the upload is refused: ${error.message}`, { field: error.field ?? 'multipart' }));
        return;
      }
      if (error) {
        reject(new HttpProblem(400, 'INVALID_INPUT', 'the multipart body could not be read', { field: 'multipart' }));
        return;
      }
      resolvePromise({ fields: { ...(req.body as Record<string, string> | undefined) }, files: (req.files as UploadedFile[] | undefined) ?? [] });
    });
  });
}

const KNOWN_FIELDS = ['deployment-name', 'deployment-source', 'deploy-changed-only', 'enable-duplicate-filtering', 'tenant-id', 'deployment-activation-time'];

function flagField(fields: Record<string, string>, name: string): void {
  const value = fields[name];
  if (value !== undefined && value !== 'true' && value !== 'false') throw new HttpProblem(400, 'INVALID_INPUT', `${name} must be true or false`, { field: name });
}

/** A diagram that does not validate, as C7 reports a parse failure (Camunda Modeler shows `message`). */
function parseException(file: string, error: { message: string; details?: unknown; elementId?: string }): HttpProblem {
  const problems = Array.isArray(error.details) ? (error.details as ValidationProblem[]) : [];
  const report = (severity: 'error' | 'warning') =>
    problems
      .filter((problem) => problem.severity === severity)
      .map((problem) => ({ message: `${problem.code} ${problem.message}`, line: 0, column: 0, mainElementId: problem.elementId ?? null, elementIds: problem.elementId ? [problem.elementId] : [] }));
  const errors = report('error');
  return new HttpProblem(400, 'BPMN_INVALID', `ENGINE-09005 Could not parse BPMN process. ${file}: ${error.message}`, {
    type: 'ParseException',
    details: { [file]: { errors: errors.length ? errors : [{ message: error.message, line: 0, column: 0, mainElementId: error.elementId ?? null, elementIds: [] }], warnings: report('warning') } },
  });
}

const fileName = (file: UploadedFile) => file.originalname || file.fieldname;

async function recordFacts(store: Store, deploymentId: string, facts: C7DeploymentFacts): Promise<void> {
  if (await store.getRecord(C7_DEPLOYMENT_KIND, deploymentId)) return;
  try {
    await store.putRecord(C7_DEPLOYMENT_KIND, deploymentId, facts, 0);
  } catch (error) {
    // another node recorded the same upload at the same moment
    if ((error as { code?: string }).code !== 'RECORD_CONFLICT') throw error;
  }
}

export const deploymentRoutes: Route[] = [
  {
    method: 'get',
    path: '/engine-rest/deployment',
    face: 'engine-rest',
    access: { roles: DEPLOYERS },
    summary: 'Deployments (C7 GET /deployment)',
    tags: ['engine-rest'],
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        nameLike: { type: 'string' },
        source: { type: 'string' },
        withoutSource: { type: 'boolean' },
        tenantIdIn: { type: 'string' },
        withoutTenantId: { type: 'boolean' },
        includeDeploymentsWithoutTenantId: { type: 'boolean' },
        after: { type: 'string' },
        before: { type: 'string' },
        sortBy: { type: 'string', enum: ['id', 'name', 'deploymentTime', 'tenantId'] },
        sortOrder: SORT_ORDER,
        ...PAGING_PROPERTIES,
      },
    },
    responses: { 200: { description: 'deployments', schema: { type: 'array', items: DEPLOYMENT_SCHEMA } }, 400: { description: 'bad query', schema: EXCEPTION_SCHEMA } },
    async handle({ query, services }) {
      const { motcua } = services;
      const sort = sortOf<'id' | 'name' | 'deploymentTime' | 'tenantId'>(query);
      const page = pageOf(query);
      const facts = new Map((await motcua.store.listRecords(C7_DEPLOYMENT_KIND, { limit: 100_000 })).map((record) => [record.id, record.value as C7DeploymentFacts]));
      const after = query.after === undefined ? undefined : queryDate(String(query.after), 'after');
      const before = query.before === undefined ? undefined : queryDate(String(query.before), 'before');
      const tenants = query.tenantIdIn === undefined ? undefined : String(query.tenantIdIn).split(',');
      const like = query.nameLike === undefined ? undefined : new RegExp(`^${String(query.nameLike).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 's');
      const dtos = (await motcua.store.listDeployments())
        .map((info: DeploymentInfo) => ({ info, dto: deploymentDto(info, facts.get(info.deploymentId)) }))
        .filter(({ info, dto }) => {
          if (query.id !== undefined && dto.id !== query.id) return false;
          if (query.name !== undefined && dto.name !== query.name) return false;
          if (like && !like.test(dto.name ?? '')) return false;
          if (query.source !== undefined && dto.source !== query.source) return false;
          if (query.withoutSource === true && dto.source !== null) return false;
          if (query.withoutTenantId === true && dto.tenantId !== null) return false;
          if (tenants && !(tenants.includes(dto.tenantId ?? '') || (query.includeDeploymentsWithoutTenantId === true && dto.tenantId === null))) return false;
          if (after && info.deployedAt <= after) return false;
          if (before && info.deployedAt >= before) return false;
          return true;
        })
        .map(({ dto }) => dto);
      if (sort) {
        const field = sort.by;
        dtos.sort((a, b) => String(a[field] ?? '').localeCompare(String(b[field] ?? '')) * (sort.descending ? -1 : 1));
      }
      return { body: dtos.slice(page.offset, page.offset + page.limit) };
    },
  },
  {
    method: 'post',
    path: '/engine-rest/deployment/create',
    face: 'engine-rest',
    access: { roles: DEPLOYERS },
    summary: 'Deploy diagrams with their forms (C7 POST /deployment/create, multipart as Camunda Modeler sends it)',
    tags: ['engine-rest'],
    body: 'multipart',
    responses: { 200: { description: 'the deployment and its process definitions' }, 400: { description: 'a diagram does not validate (C7 ParseException naming the element)', schema: EXCEPTION_SCHEMA } },
    async handle(context) {
      const identity = caller(context);
      const { motcua } = context.services;
      const { fields, files } = await readMultipart(context.req, context.res);
      for (const name of Object.keys(fields)) {
        if (!KNOWN_FIELDS.includes(name)) throw new HttpProblem(400, 'INVALID_INPUT', `unknown form field ${name}`, { field: name });
      }
      for (const flag of ['deploy-changed-only', 'enable-duplicate-filtering']) flagField(fields, flag);
      if (fields['deployment-activation-time']) throw new HttpProblem(400, 'INVALID_INPUT', 'deployment-activation-time is not supported: deployments are active at once', { field: 'deployment-activation-time' });
      const tenantId = fields['tenant-id'] || null;
      if (tenantId !== null && tenantId !== identity.agency) {
        throw new HttpProblem(403, 'FORBIDDEN', `cannot deploy for tenant ${tenantId}: the caller belongs to ${identity.agency}`, { type: 'AuthorizationException', field: 'tenant-id' });
      }
      const diagrams = files.filter((file) => /\.bpmn(20\.xml)?$|\.xml$/i.test(fileName(file)));
      const forms = files.filter((file) => /\.form$/i.test(fileName(file)));
      const other = files.find((file) => !diagrams.includes(file) && !forms.includes(file));
      if (other) throw new HttpProblem(400, 'INVALID_INPUT', `${fileName(other)}: only BPMN diagrams (.bpmn) and forms (.form) can be deployed here`, { field: other.fieldname });
      if (diagrams.length === 0) throw new HttpProblem(400, 'INVALID_INPUT', 'the deployment holds no BPMN diagram (.bpmn)', { field: 'data' });
      const formFiles = Object.fromEntries(forms.map((file) => [fileName(file), file.buffer.toString('utf8')]));
      const deployed: DeployedProcess[] = [];
      for (const diagram of diagrams) {
        const name = fileName(diagram);
        let processes: DeployedProcess[];
        try {
          processes = await motcua.forms.deploy(motcua.engine, name, diagram.buffer.toString('utf8'), formFiles);
        } catch (error) {
          if (isMotcuaError(error, ErrorCode.BpmnInvalid) || isMotcuaError(error, ErrorCode.BpmnParse)) throw parseException(name, error);
          throw error;
        }
        deployed.push(...processes);
        const facts: C7DeploymentFacts = { name: fields['deployment-name'] ?? null, source: fields['deployment-source'] ?? null, tenantId, resource: name };
        // an unchanged diagram keeps its version and the facts of the upload that made it
        for (const process of processes) await recordFacts(motcua.store, process.deploymentId, facts);
      }
      const first = deployed[0]!;
      const infos = await Promise.all(deployed.map((process) => motcua.store.getDeployment(process.deploymentId)));
      const definitions: Record<string, unknown> = {};
      for (const info of infos) if (info) definitions[info.deploymentId] = await definitionDto(motcua, info, await deploymentFacts(motcua, info.deploymentId));
      const firstInfo = infos[0]!;
      return {
        body: {
          ...deploymentDto(firstInfo, await deploymentFacts(motcua, first.deploymentId)),
          links: [{ method: 'GET', href: `${context.req.protocol}://${context.req.get('host')}/engine-rest/deployment/${encodeURIComponent(first.deploymentId)}`, rel: 'self' }],
          deployedProcessDefinitions: definitions,
          deployedCaseDefinitions: null,
          deployedDecisionDefinitions: null,
          deployedDecisionRequirementsDefinitions: null,
        },
      };
    },
  },
];
