/**
 * Deploying every diagram of a folder (processes/ at `npm start`): each `.bpmn` file below it, in
 * path order, through Engine.deploy, which keeps the version of an unchanged file.
 *
 * A process id belongs to one file. Two files defining the same executable process would each be
 * deployed as the next version of the other at every start-up (v1, v2, then v3, v4…), and the copy
 * would silently become what new dossiers run. So the second file (in path order) is refused,
 * naming both, and the first one alone is deployed.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ErrorCode, MotcuaError, isMotcuaError } from '../errors.ts';
import type { DeployedProcess } from './api.ts';
import type { Engine } from './Engine.ts';

/**
 * How one file is deployed: by default `Engine.deploy`; the product deploys the folder's forms
 * with it. `admit` goes to Engine.deploy (DeployOptions): it refuses a process id another file owns.
 */
export type DeployFile = (file: string, xml: string, path: string, admit: (processIds: readonly string[]) => void) => Promise<DeployedProcess[]>;

/** What deploying did to one process of a file. */
export const DeployChange = { New: 'new', NewVersion: 'new version', Unchanged: 'unchanged' } as const;
export type DeployChange = (typeof DeployChange)[keyof typeof DeployChange];

export interface DeployedProcessChange {
  readonly key: string;
  readonly version: number;
  readonly change: DeployChange;
}

/** One file's outcome: its processes, or the typed error that refused it (nothing of it deployed). */
export type FileDeployment =
  | { readonly file: string; readonly processes: readonly DeployedProcessChange[] }
  | { readonly file: string; readonly refused: MotcuaError };

/** Every `.bpmn` file below `folder`, in path order; none when the folder does not exist. */
export function bpmnFiles(folder: string): string[] {
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

/**
 * Deploy every `.bpmn` file below `folder` and log one line per process (new, new version,
 * unchanged) or per refused file. A file the engine refuses (invalid, or a process id another
 * file already has) is reported and skipped; the others are deployed. Files are named relative to
 * `folder`. Errors that are not the file's fault (the store failing) are thrown.
 */
export async function deployFolder(
  engine: Engine,
  folder: string,
  log: (line: string) => void,
  deploy: DeployFile = (file, xml, _path, admit) => engine.deploy(file, xml, { admit }),
): Promise<FileDeployment[]> {
  const latest = new Map<string, number>();
  for (const info of await engine.store.listDeployments()) latest.set(info.key, Math.max(info.version, latest.get(info.key) ?? 0));
  const owners = new Map<string, string>();
  const results: FileDeployment[] = [];
  for (const path of bpmnFiles(folder)) {
    const file = relative(folder, path);
    const xml = readFileSync(path, 'utf8');
    const result = await deployFile((admit) => deploy(file, xml, path, admit), file, owners, latest);
    results.push(result);
    if ('refused' in result) {
      log(`not deployed ${file}: ${result.refused.toString()}`);
      continue;
    }
    for (const p of result.processes) {
      const was = p.change === DeployChange.NewVersion ? ` (was v${p.version - 1})` : '';
      log(`deployed ${p.key} v${p.version} (${file}): ${p.change}${was}`);
    }
  }
  return results;
}

async function deployFile(
  deploy: (admit: (processIds: readonly string[]) => void) => Promise<DeployedProcess[]>,
  file: string,
  owners: Map<string, string>,
  latest: Map<string, number>,
): Promise<FileDeployment> {
  // checked on the engine's own compilation of the file, before it stores anything
  const admit = (processIds: readonly string[]): void => {
    for (const key of processIds) {
      const owner = owners.get(key);
      if (owner === undefined) continue;
      throw new MotcuaError(
        ErrorCode.BpmnInvalid,
        `process ${key} is already defined by ${owner}; ${file} is not deployed. Give one of the two files another process id (or remove the copy)`,
        { elementId: key, elementType: 'bpmn:Process' },
        { files: [owner, file] },
      );
    }
  };
  let deployed;
  try {
    deployed = await deploy(admit);
  } catch (error) {
    if (isMotcuaError(error) && error.code !== ErrorCode.StoreUnavailable) return { file, refused: error };
    throw error;
  }
  const processes = deployed.map(({ key, version }): DeployedProcessChange => {
    owners.set(key, file);
    const before = latest.get(key);
    latest.set(key, version);
    const change = before === undefined ? DeployChange.New : before === version ? DeployChange.Unchanged : DeployChange.NewVersion;
    return { key, version, change };
  });
  return { file, processes };
}
