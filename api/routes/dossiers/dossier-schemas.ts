/** Shapes of the dossier routes: what the desk sends and what the officers' screens read. */
import type { SchemaObject } from 'ajv';
import { DOSSIER_ACTIONS, DOSSIER_STATUSES, type DossierDetail, DossierResult, DueState, RefusalReason, SlipForm } from '../../../engine/index.ts';

export const CODE_PARAMS: SchemaObject = {
  type: 'object',
  required: ['code'],
  additionalProperties: false,
  properties: { code: { type: 'string', minLength: 1, maxLength: 100, description: 'the dossier code (mã hồ sơ)' } },
};

const TEXT = (max: number): SchemaObject => ({ type: 'string', minLength: 1, maxLength: max });

export const APPLICANT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { ...TEXT(200), description: 'full name, or the organisation' },
    idNumber: { type: 'string', pattern: '^[0-9]{12}$', description: 'CCCD: 12 digits' },
    phone: { type: 'string', pattern: '^(\\+84|0)[0-9]{9,10}$', description: 'a Vietnamese phone number: 0 or +84 then 9–10 digits' },
    address: TEXT(500),
    email: { type: 'string', format: 'email', maxLength: 200 },
    type: { ...TEXT(50), description: 'an applicant type of the procedure, e.g. CONG_DAN' },
  },
};

export const RECEIVE_BODY: SchemaObject = {
  type: 'object',
  required: ['procedureCode', 'channel', 'applicant'],
  additionalProperties: false,
  properties: {
    procedureCode: { ...TEXT(100), description: 'the catalog code; the version in force today applies' },
    channel: { enum: [1, 2, 3], description: '1 at the desk, 2 online, 3 by post' },
    applicant: APPLICANT_SCHEMA,
    components: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: { name: TEXT(500), digitised: { type: 'boolean' }, reused: { type: 'boolean' }, quantity: { type: 'integer', minimum: 1, maximum: 1000 } },
      },
    },
    fees: { type: 'object', additionalProperties: false, properties: { paid: { type: 'boolean' }, paidOnline: { type: 'boolean' } } },
    accept: { type: 'boolean', description: 'accept at once when the reception step is the caller\'s (default true): the clock starts, slip 01 follows' },
  },
};

export const SLIP_LINK: SchemaObject = {
  type: 'object',
  properties: { form: { enum: Object.values(SlipForm) }, title: { type: 'string' }, href: { type: 'string' } },
};

const ACTION_OPTION: SchemaObject = {
  type: 'object',
  properties: {
    action: { enum: DOSSIER_ACTIONS },
    allowed: { type: 'boolean' },
    reason: { type: 'string', description: 'why not, in English' },
    reasonCode: { enum: Object.values(RefusalReason), description: 'why not, as a code to word in the reader\'s language' },
    reasonParams: { type: 'object', additionalProperties: { type: 'string' }, description: 'what fills the wording of reasonCode (step, holder, steps, procedure)' },
    taskId: { type: 'string' },
  },
};

const DUE_STATES = Object.values(DueState);

export const TASK_SUMMARY: SchemaObject = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    elementId: { type: 'string' },
    instanceId: { type: 'string' },
    processKey: { type: 'string' },
    assignee: { type: 'string' },
    candidateGroups: { type: 'array', items: { type: 'string' } },
    candidateUsers: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
    dueAt: { type: 'string' },
    dueState: { enum: DUE_STATES },
    remainingWorkingDays: { type: 'integer' },
    formKey: { type: 'string' },
  },
};

export const DOSSIER_SUMMARY: SchemaObject = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    procedure: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, version: { type: 'integer' } } },
    channel: { type: 'integer' },
    channelLabel: { type: 'string' },
    applicant: { type: 'object' },
    status: { enum: DOSSIER_STATUSES },
    statusLabel: { type: 'string', description: 'Vietnamese' },
    receivedAt: { type: 'string' },
    acceptedAt: { type: 'string' },
    dueAt: { type: 'string', description: 'the legal due instant after supplements and extensions' },
    appointmentAt: { type: 'string', description: 'the appointment printed on slip 01' },
    finishedAt: { type: 'string' },
    returnedAt: { type: 'string' },
    paused: { type: 'boolean' },
    result: { enum: Object.values(DossierResult) },
    resultLabel: { type: 'string' },
    remainingWorkingDays: { type: 'integer', description: 'on the handling agency\'s working calendar; negative when overdue' },
    dueState: { enum: DUE_STATES },
  },
};

export const DOSSIER_DETAIL: SchemaObject = {
  type: 'object',
  properties: {
    ...(DOSSIER_SUMMARY.properties as Record<string, SchemaObject>),
    instanceId: { type: 'string' },
    processKey: { type: 'string' },
    processVersion: { type: 'integer' },
    receivingAgency: { type: 'string' },
    handlingAgency: { type: 'string' },
    pausedAt: { type: 'string' },
    pauses: { type: 'array', items: { type: 'object', properties: { status: { type: 'string' }, statusLabel: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, reason: { type: 'string' } } } },
    extensions: { type: 'array', items: { type: 'object' } },
    allowedExtensions: { type: 'array', items: { type: 'object' } },
    legalTime: { type: 'object' },
    components: { type: 'array', items: { type: 'object' } },
    fees: { type: 'object' },
    withdrawal: { type: 'object' },
    stop: { type: 'object' },
    refusal: { type: 'object' },
    supplementRequest: { type: 'object', properties: { thanhPhan: { type: 'array', items: { type: 'string' } }, lyDo: { type: 'string' }, nguoiYeuCau: { type: 'string' }, luc: { type: 'string' } } },
    tasks: { type: 'array', items: TASK_SUMMARY },
    slips: { type: 'array', items: SLIP_LINK },
    actions: { type: 'array', items: ACTION_OPTION },
  },
};

/** The slip links of a dossier, as the API serves them. */
export function slipLinks(code: string, slips: DossierDetail['slips'], secret?: string): { form: string; title: string; href: string }[] {
  return slips.map(({ form, title }) => ({
    form,
    title,
    href: `/api/v1/dossiers/${encodeURIComponent(code)}/slips/${form}${secret && form === SlipForm.Receipt ? `?secret=${encodeURIComponent(secret)}` : ''}`,
  }));
}

/** The detail with its slips as links. */
export function withLinks(detail: DossierDetail, secret?: string): Record<string, unknown> {
  return { ...detail, slips: slipLinks(detail.code, detail.slips, secret) };
}
