/**
 * Deploy every diagram of the procedures folder with the form files (`*.form`) of its folder; an
 * unchanged diagram with unchanged forms keeps its version.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { isMotcuaError } from '../errors.ts';
import type { Motcua } from './open-motcua.ts';

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
  for (const file of bpmnFiles(folder)) {
    try {
      const forms = Object.fromEntries(
        readdirSync(dirname(file))
          .filter((name) => name.endsWith('.form'))
          .sort()
          .map((name) => [basename(name), readFileSync(join(dirname(file), name), 'utf8')]),
      );
      const deployed = await motcua.forms.deploy(motcua.engine, relative(folder, file), readFileSync(file, 'utf8'), forms);
      for (const process of deployed) log(`deployed ${process.key} v${process.version} (${relative(folder, file)})`);
    } catch (error) {
      if (!isMotcuaError(error)) throw error;
      log(`not deployed ${relative(folder, file)}: ${error.toString()}`);
    }
  }
}
