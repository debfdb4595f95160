/**
 * Deploy every diagram of the procedures folder with the form files (`*.form`) of its folder
 * (runtime/deploy-folder.ts: one line per process — new, new version, unchanged —, a process id
 * defined by two files refused naming both); an unchanged diagram with unchanged forms keeps its
 * version.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deployFolder, type FileDeployment } from '../runtime/deploy-folder.ts';
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

export function deployProcesses(motcua: Motcua, log: (line: string) => void): Promise<FileDeployment[]> {
  return deployFolder(motcua.engine, motcua.processesDir, log, (file, xml, path) => motcua.forms.deploy(motcua.engine, file, xml, formsBeside(path)));
}
