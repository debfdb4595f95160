/**
 * Responses checked against the official Camunda 7 OpenAPI document (../shared/camunda7, loaded
 * at test time): the operation's response schema through ajv (OpenAPI 3.0, with `nullable`), and
 * no property the schema does not declare — C7 clients read exact field names.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { expect } from 'chai';

interface Schema {
  readonly $ref?: string;
  readonly allOf?: readonly Schema[];
  readonly type?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema;
}

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const document = JSON.parse(readFileSync(resolve(ROOT, '../shared/camunda7/engine-rest-openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
};

/**
 * The document marks enums nullable without listing null (C7 itself answers `delegationState: null`);
 * ajv reads such an enum strictly, so null is added to the enums of nullable schemas.
 */
function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(allowNullInNullableEnums);
  if (!node || typeof node !== 'object') return;
  const schema = node as { nullable?: boolean; enum?: unknown[] };
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
  Object.values(node).forEach(allowNullInNullableEnums);
}
allowNullInNullableEnums(document);

const ajv = new Ajv({ strict: false, allErrors: true });
// C7 writes dates as yyyy-MM-dd'T'HH:mm:ss.SSSZ (`+0000`), which the document calls date-time
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?([+-]\d{2}:?\d{2}|Z)$/);
for (const format of ['int32', 'int64', 'float', 'double', 'binary', 'byte', 'password', 'date', 'uri', 'email']) ajv.addFormat(format, true);
ajv.addSchema(document as object, 'c7');

const validators = new Map<string, ValidateFunction>();

function responseSchema(path: string, method: string, status: number): Schema {
  const schema = document.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`the C7 document has no JSON response ${status} for ${method.toUpperCase()} ${path}`);
  return schema;
}

function resolveRef(schema: Schema): Schema {
  let current = schema;
  while (current.$ref) current = document.components.schemas[current.$ref.split('/').pop()!]!;
  return current;
}

/** Every property name a schema declares (through $ref and allOf); undefined when it declares none (free-form). */
function declared(schema: Schema): Map<string, Schema> | undefined {
  const resolved = resolveRef(schema);
  const properties = new Map<string, Schema>();
  let closed = false;
  for (const part of [resolved, ...(resolved.allOf ?? [])]) {
    const concrete = resolveRef(part);
    if (concrete !== resolved) {
      const inner = declared(concrete);
      if (inner) {
        closed = true;
        for (const [name, value] of inner) properties.set(name, value);
      }
    }
    for (const [name, value] of Object.entries(concrete.properties ?? {})) {
      closed = true;
      properties.set(name, value);
    }
  }
  return closed ? properties : undefined;
}

function undeclared(schema: Schema, value: unknown, at: string): string[] {
  const resolved = resolveRef(schema);
  if (Array.isArray(value)) return resolved.items ? value.flatMap((item, index) => undeclared(resolved.items!, item, `${at}[${index}]`)) : [];
  if (!value || typeof value !== 'object') return [];
  const known = declared(resolved);
  const extra = typeof resolved.additionalProperties === 'object' ? resolved.additionalProperties : undefined;
  return Object.entries(value).flatMap(([name, child]) => {
    const childSchema = known?.get(name) ?? extra;
    if (!childSchema) return known ? [`${at}.${name}`] : [];
    return undeclared(childSchema, child, `${at}.${name}`);
  });
}

/** The body matches the C7 response schema of `METHOD path` (C7 path template) for its status, with no extra fields. */
export function expectC7(body: unknown, method: string, path: string, status = 200): void {
  const key = `${method} ${path} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    const pointer = `c7#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}/content/application~1json/schema`;
    responseSchema(path, method, status);
    validate = ajv.compile({ $ref: pointer });
    validators.set(key, validate);
  }
  const valid = validate(body);
  expect(valid, `${key}: ${JSON.stringify(validate.errors, null, 1)}\n${JSON.stringify(body).slice(0, 800)}`).to.equal(true);
  expect(undeclared(responseSchema(path, method, status), body, '$'), `${key}: fields C7 does not have`).to.deep.equal([]);
}

/** A C7 error body (`ExceptionDto`): `{ type, message }`. */
export function expectC7Error(body: unknown, type?: string): void {
  expect(ajv.validate({ $ref: 'c7#/components/schemas/ExceptionDto' }, body), JSON.stringify(body)).to.equal(true);
  expect(body).to.have.property('message').that.is.a('string');
  if (type) expect(body).to.have.property('type', type);
}
