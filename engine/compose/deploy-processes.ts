/**
 * Deploy every diagram of the procedures folder with the form files (`*.form`) of its folder
 * (runtime/deploy-folder.ts: one line per process — new, new version, unchanged —, a process id
 * defined by two files refused naming both); an unchanged diagram with unchanged forms keeps its
 * version.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileBpmn } from '../bpmn/compile/index.ts';
import type { DeployedProcess } from '../runtime/api.ts';
import { deployFolder, type FileDeployment } from '../runtime/deploy-folder.ts';
import { MODELER_DEPLOYMENT_PREFIX } from './drafts/DraftService.ts';
import type { Motcua } from './open-motcua.ts';

function formsBeside(path: string): Record<string, string> {
  const folder = dirname(path);
  return Object.fromEntries(
    readdirSync(folder)
      .filter((name) => name.endsWith('.form'))
      .sort()
      .map((name) => [name, readFileSync(join(folder, name), 'utf8')]),
  );
}

/**
 * A process an analyst published through the modeler belongs to the store from then on: its file
 * in the procedures folder is not deployed over it (else every restart would make the file's
 * diagram the latest version again). Returns its latest deployments when so. `published` holds
 * the keys whose latest version came from the modeler: usually none, and then no file is
 * compiled twice.
 */
async function publishedThroughModeler(motcua: Motcua, published: ReadonlySet<string>, xml: string): Promise<DeployedProcess[] | undefined> {
  if (published.size === 0) return undefined;
  const compiled = await compileBpmn(xml, { isKnownProcess: () => true });
  const latest = await Promise.all(Object.keys(compiled.definitions?.processes ?? {}).map((key) => motcua.store.latestDeployment(key)));
  if (!latest.some((deployment) => deployment?.name?.startsWith(MODELER_DEPLOYMENT_PREFIX))) return undefined;
  return latest.flatMap((deployment) => (deployment ? [{ deploymentId: deployment.deploymentId, key: deployment.key, version: deployment.version }] : []));
}

async function keysPublishedThroughModeler(motcua: Motcua): Promise<Set<string>> {
  const latest = new Map<string, string | undefined>();
  // by key then version: the last one of a key is its latest
  for (const deployment of await motcua.store.listDeployments()) latest.set(deployment.key, deployment.name);
  return new Set([...latest].filter(([, name]) => name?.startsWith(MODELER_DEPLOYMENT_PREFIX)).map(([key]) => key));
}

export async function deployProcesses(motcua: Motcua, log: (line: string) => void): Promise<FileDeployment[]> {
  const keys = await keysPublishedThroughModeler(motcua);
  return deployFolder(motcua.engine, motcua.processesDir, log, async (file, xml, path, admit) => {
    const published = await publishedThroughModeler(motcua, keys, xml);
    if (published) {
      log(`kept ${published.map((p) => `${p.key} v${p.version}`).join(', ')} as published through the modeler (${file} not deployed over it)`);
      return published;
    }
    return motcua.forms.deploy(motcua.engine, file, xml, formsBeside(path), { admit });
  });
}
