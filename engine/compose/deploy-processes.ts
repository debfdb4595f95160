/**
 * Deploy every diagram of the procedures folder with the form files (`*.form`) of its folder; an
 * unchanged diagram with unchanged forms keeps its version.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { compileBpmn } from '../bpmn/compile/index.ts';
import { isMotcuaError } from '../errors.ts';
import { MODELER_DEPLOYMENT_PREFIX } from './drafts/DraftService.ts';
import type { Motcua } from './open-motcua.ts';

/**
 * A process an analyst published through the modeler belongs to the store from then on: its file
 * in the procedures folder is not deployed over it (else every restart would make the file's
 * diagram the latest version again). Returns the key so published, if any; `published` is the
 * set of keys whose latest version came from the modeler (usually empty: no file is compiled twice).
 */
async function publishedThroughModeler(published: ReadonlySet<string>, xml: string): Promise<string | undefined> {
  if (published.size === 0) return undefined;
  const compiled = await compileBpmn(xml, { isKnownProcess: () => true });
  return Object.keys(compiled.definitions?.processes ?? {}).find((key) => published.has(key));
}

async function keysPublishedThroughModeler(motcua: Motcua): Promise<Set<string>> {
  const latest = new Map<string, string | undefined>();
  for (const deployment of await motcua.store.listDeployments()) latest.set(deployment.key, deployment.name);
  return new Set([...latest].filter(([, name]) => name?.startsWith(MODELER_DEPLOYMENT_PREFIX)).map(([key]) => key));
}

function bpmnFiles(folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return [];
  }
  return entries.sort().flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return bpmnFiles(path);
    return name.endsWith('.bpmn') ? [path] : [];
  });
}

export async function deployProcesses(motcua: Motcua, log: (line: string) => void): Promise<void> {
  const folder = motcua.processesDir;
  const published = await keysPublishedThroughModeler(motcua);
  for (const file of bpmnFiles(folder)) {
    try {
      const xml = readFileSync(file, 'utf8');
      const kept = await publishedThroughModeler(published, xml);
      if (kept) {
        log(`kept ${kept} as published through the modeler (${relative(folder, file)} not deployed over it)`);
        continue;
      }
      const forms = Object.fromEntries(
        readdirSync(dirname(file))
          .filter((name) => name.endsWith('.form'))
          .sort()
          .map((name) => [basename(name), readFileSync(join(dirname(file), name), 'utf8')]),
      );
      const deployed = await motcua.forms.deploy(motcua.engine, relative(folder, file), xml, forms);
      for (const process of deployed) log(`deployed ${process.key} v${process.version} (${relative(folder, file)})`);
    } catch (error) {
      if (!isMotcuaError(error)) throw error;
      log(`not deployed ${relative(folder, file)}: ${error.toString()}`);
    }
  }
}
