/**
 * Task data checked against the task's form on the server, as the form-js viewer checks it in the
 * browser: required fields, types, min / max, lengths, patterns, the allowed values of radios,
 * selects and checklists. A field the form hides (`conditional.hide`, FEEL over the data) is
 * neither required nor submitted. A key the form does not have is refused: a form is the contract
 * of what a step may write into the process.
 */
import { evaluateCondition, lookupFrom, parseExpression } from '../bpmn/expressions/index.ts';
import type { FormSchema } from './forms.ts';

export interface FormProblem {
  readonly field: string;
  readonly message: string;
}

interface FormComponent {
  readonly type?: string;
  readonly key?: string;
  readonly label?: string;
  readonly values?: readonly { readonly value: unknown }[];
  readonly components?: readonly FormComponent[];
  readonly conditional?: { readonly hide?: string };
  readonly validate?: {
    readonly required?: boolean;
    readonly min?: number;
    readonly max?: number;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly pattern?: string;
    readonly validationType?: 'email' | 'phone';
  };
}

/** Components that hold no value. */
const DISPLAY_ONLY = new Set(['text', 'html', 'image', 'button', 'spacer', 'separator', 'iframe', 'table', 'documentPreview']);

/** Every input field of the form, groups flattened, with whether the data hides it. */
export function formFields(schema: FormSchema): FormComponent[] {
  const fields: FormComponent[] = [];
  const walk = (components: readonly FormComponent[]) => {
    for (const component of components) {
      if (component.components) walk(component.components);
      if (component.key && !DISPLAY_ONLY.has(component.type ?? '')) fields.push(component);
    }
  };
  walk(schema.components as readonly FormComponent[]);
  return fields;
}

function hidden(component: FormComponent, data: Readonly<Record<string, unknown>>): boolean {
  const hide = component.conditional?.hide;
  if (!hide) return false;
  try {
    return evaluateCondition(parseExpression(hide.startsWith('=') ? hide : `=${hide}`), lookupFrom(data));
  } catch {
    // a condition that cannot be evaluated leaves the field shown, as the viewer does
    return false;
  }
}

function empty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ().-]{6,20}$/;

function valueProblems(component: FormComponent, value: unknown): string[] {
  const rules = component.validate ?? {};
  const allowed = component.values?.map((option) => option.value);
  switch (component.type) {
    case 'number': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) return ['must be a number'];
      if (rules.min !== undefined && number < rules.min) return [`must be at least ${rules.min}`];
      if (rules.max !== undefined && number > rules.max) return [`must be at most ${rules.max}`];
      return [];
    }
    case 'checkbox':
      if (typeof value !== 'boolean') return ['must be true or false'];
      return rules.required && value !== true ? ['must be checked'] : [];
    case 'checklist':
    case 'taglist':
      if (!Array.isArray(value)) return ['must be a list'];
      if (allowed) {
        const wrong = value.filter((item) => !allowed.includes(item));
        if (wrong.length) return [`must be among ${allowed.join(', ')} (found ${wrong.join(', ')})`];
      }
      return [];
    case 'radio':
    case 'select':
      return allowed && !allowed.includes(value) ? [`must be one of ${allowed.join(', ')}`] : [];
    default: {
      if (typeof value !== 'string') return ['must be a text'];
      const problems: string[] = [];
      if (rules.minLength !== undefined && value.length < rules.minLength) problems.push(`must have at least ${rules.minLength} characters`);
      if (rules.maxLength !== undefined && value.length > rules.maxLength) problems.push(`must have at most ${rules.maxLength} characters`);
      if (rules.pattern !== undefined && !new RegExp(rules.pattern, 'u').test(value)) problems.push(`must match the pattern ${rules.pattern}`);
      if (rules.validationType === 'email' && !EMAIL.test(value)) problems.push('must be an e-mail address');
      if (rules.validationType === 'phone' && !PHONE.test(value)) problems.push('must be a phone number');
      return problems;
    }
  }
}

/**
 * Check `data` against the form. Returns the problems (empty when valid) and the data to submit:
 * the shown fields' values, numbers as numbers.
 */
export function checkFormData(schema: FormSchema, data: Readonly<Record<string, unknown>>): { readonly problems: FormProblem[]; readonly data: Record<string, unknown> } {
  const fields = formFields(schema);
  const keys = new Set(fields.map((field) => field.key!));
  const problems: FormProblem[] = Object.keys(data)
    .filter((key) => !keys.has(key))
    .map((key) => ({ field: key, message: 'is not a field of this form' }));
  const accepted: Record<string, unknown> = {};
  for (const field of fields) {
    const key = field.key!;
    if (hidden(field, data)) continue;
    const value = data[key];
    if (empty(value)) {
      if (field.validate?.required) problems.push({ field: key, message: `is required (${field.label ?? key})` });
      continue;
    }
    for (const message of valueProblems(field, value)) problems.push({ field: key, message });
    accepted[key] = field.type === 'number' && typeof value === 'string' ? Number(value) : value;
  }
  return { problems, data: accepted };
}
