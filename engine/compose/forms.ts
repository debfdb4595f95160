/**
 * Task forms (form-js schemas) deployed with a diagram, linked the way Camunda 7 links deployed
 * forms: a user task's `camunda:formKey="camunda-forms:deployment:<file>.form"` names a form file
 * of the same deployment. Forms are kept as store records (kind `form`, id
 * `<deploymentId>/<file>`), written with every deployment of the diagram they came with; their
 * content is part of the deployment's checksum, so a changed form is a new version.
 */
import { ErrorCode, MotcuaError } from '../errors.ts';
import type { DeployedProcess, DeployOptions } from '../runtime/api.ts';
import type { Engine } from '../runtime/Engine.ts';
import type { Store } from '../store/port.ts';

export const DEPLOYMENT_FORM_PREFIX = 'camunda-forms:deployment:';

/** A form-js schema: at least its components. */
export interface FormSchema {
  readonly id?: string;
  readonly type?: string;
  readonly components: readonly Record<string, unknown>[];
  readonly [key: string]: unknown;
}

/** Parse a `.form` file, naming it when it is not a form-js schema. */
export function parseForm(file: string, content: string): FormSchema {
  let schema: unknown;
  try {
    schema = JSON.parse(content);
  } catch (error) {
    throw new MotcuaError(ErrorCode.InvalidInput, `${file} is not JSON: ${(error as Error).message}`, { field: file });
  }
  if (!schema || typeof schema !== 'object' || !Array.isArray((schema as FormSchema).components)) {
    throw new MotcuaError(ErrorCode.InvalidInput, `${file} is not a form-js schema (it has no "components" list)`, { field: file });
  }
  return schema as FormSchema;
}

export class Forms {
  constructor(private readonly store: Store) {}

  /** Deploy a diagram with its form files; returns the processes deployed. */
  async deploy(engine: Engine, name: string, xml: string, forms: Readonly<Record<string, string>> = {}, options: Pick<DeployOptions, 'admit'> = {}): Promise<DeployedProcess[]> {
    const parsed = Object.entries(forms).map(([file, content]) => [file, parseForm(file, content)] as const);
    const deployed = await engine.deploy(name, xml, { ...options, resources: forms });
    for (const process of deployed) {
      for (const [file, schema] of parsed) {
        const id = `${process.deploymentId}/${file}`;
        const existing = await this.store.getRecord('form', id);
        if (!existing) await this.store.putRecord('form', id, schema, 0).catch(ignoreConcurrentSameWrite);
      }
    }
    return deployed;
  }

  /** The form files of a deployment, by file name. */
  async ofDeployment(deploymentId: string): Promise<Record<string, FormSchema>> {
    const records = await this.store.listRecords('form', { prefix: `${deploymentId}/`, limit: 1000 });
    return Object.fromEntries(records.map((record) => [record.id.slice(deploymentId.length + 1), record.value as FormSchema]));
  }

  /** The form a task's `formKey` names in its deployment; undefined when it names none or another kind. */
  async forTask(deploymentId: string, formKey: string | undefined): Promise<FormSchema | undefined> {
    if (!formKey?.startsWith(DEPLOYMENT_FORM_PREFIX)) return undefined;
    const file = formKey.slice(DEPLOYMENT_FORM_PREFIX.length);
    return (await this.store.getRecord('form', `${deploymentId}/${file}`))?.value as FormSchema | undefined;
  }
}

/** Two nodes deploying the same unchanged file at once write the same form: the second write may lose. */
function ignoreConcurrentSameWrite(error: unknown): void {
  if ((error as { code?: string }).code !== 'RECORD_CONFLICT') throw error;
}
