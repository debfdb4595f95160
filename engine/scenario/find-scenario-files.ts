import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** `*.scenario.yaml`, `*.scenario.yml`, `*.scenario.json` */
export const SCENARIO_FILE = /\.scenario\.(ya?ml|json)$/i;

export interface FoundScenarioFiles {
  /** scenario files, folders' contents sorted by path so runs are reproducible */
  readonly files: string[];
  /** given paths that do not exist */
  readonly missing: string[];
}

/**
 * The scenario files under the given files and folders. A folder is searched recursively
 * (skipping `node_modules` and hidden folders); a file given by name is taken whatever its name.
 */
export async function findScenarioFiles(paths: readonly string[]): Promise<FoundScenarioFiles> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) missing.push(path);
    else if (info.isDirectory()) files.push(...(await scan(path)));
    else files.push(path);
  }
  return { files: [...new Set(files)], missing };
}

async function scan(folder: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) found.push(...(await scan(path)));
    } else if (SCENARIO_FILE.test(entry.name)) {
      found.push(path);
    }
  }
  return found;
}
