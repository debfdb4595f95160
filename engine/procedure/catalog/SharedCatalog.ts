/**
 * The catalog every server process shares: the records of the procedures folder (`procedure.json`
 * files, read at start) with, layered over them, the records imported or published through the
 * API, kept in the store (records of kind `procedure`, id `<code>@<version>`, with who published
 * them and when). A store record wins over a file record of the same code and version.
 *
 * Each import or publish bumps the store counter `catalog.changes`; `refresh()` reads that one
 * counter and rebuilds the catalog only when it moved, so calling it before every dossier
 * operation costs one indexed read. `current()` is the catalog as of the last refresh.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, isMotcuaError, MotcuaError } from '../../errors.ts';
import type { Store } from '../../store/port.ts';
import { invalidInput } from '../../validation/schema-problems.ts';
import type { ProcedureRecord } from './procedure-record.ts';
import { ProcedureCatalog } from './ProcedureCatalog.ts';

const KIND = 'procedure';
const SCENARIO_FILE = /\.scenario\.ya?ml$/;
const CHANGES = 'catalog.changes';

/** How a version entered the catalog. */
export interface PublicationStamp {
  /** ISO 8601 */
  readonly at: string;
  readonly by: string;
  /** `import` (a JSON record) or `publish` (a draft deployed with its diagram) */
  readonly how: 'import' | 'publish';
}

/** A scenario kept with a version (the `motcua test` format), so the next draft starts with it. */
export interface VersionScenario {
  readonly name: string;
  readonly yaml: string;
}

/** The stored value of one version. */
export interface StoredProcedure {
  readonly record: ProcedureRecord;
  readonly published: PublicationStamp;
  /** the scenarios it was published with */
  readonly scenarios?: readonly VersionScenario[];
}

export class SharedCatalog {
  private catalog: ProcedureCatalog;
  private stamps = new Map<string, PublicationStamp>();
  private seenChanges = -1;
  /** store records left out because they clash with a file record added since (say it, never fail every dossier) */
  readonly skipped: string[] = [];

  /**
   * @param folders the folder of each procedures-folder code, where its `*.scenario.yaml` files are
   */
  constructor(
    private readonly store: Store,
    private readonly files: ProcedureCatalog,
    private readonly clock: { now(): number },
    private readonly folders: ReadonlyMap<string, string> = new Map(),
  ) {
    this.catalog = files;
  }

  /** The catalog as of the last refresh. */
  current(): ProcedureCatalog {
    return this.catalog;
  }

  /** Rebuild from the store if any process imported or published since the last look. */
  async refresh(): Promise<ProcedureCatalog> {
    const changes = (await this.store.countersWithPrefix(CHANGES))[CHANGES] ?? 0;
    if (changes === this.seenChanges) return this.catalog;
    const stored: StoredProcedure[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await this.store.listRecords(KIND, { limit: 1000, offset });
      stored.push(...page.map((record) => record.value as StoredProcedure));
      if (page.length < 1000) break;
    }
    const fromStore = new Set(stored.map(({ record }) => idOf(record.code, record.version)));
    const fromFiles = this.files.exportJson().procedures.filter((record) => !fromStore.has(idOf(record.code, record.version)));
    this.catalog = layered(fromFiles, stored.map(({ record }) => record), this.skipped);
    this.stamps = new Map(stored.map(({ record, published }) => [idOf(record.code, record.version), published]));
    this.seenChanges = changes;
    return this.catalog;
  }

  /** Who put this version in the catalog and when; undefined for a record of the procedures folder. */
  stampOf(code: string, version: number): PublicationStamp | undefined {
    return this.stamps.get(idOf(code, version));
  }

  /**
   * Add records (one, a list, or `{ procedures: [...] }`): all or nothing, every problem naming
   * its field (`procedures[1].ways[0].deadline.unit`), a version that exists refused.
   */
  async import(document: unknown, by: string, how: PublicationStamp['how'] = 'import', scenarios?: readonly VersionScenario[]): Promise<ProcedureRecord[]> {
    const current = await this.refresh();
    const records = new ProcedureCatalog(current.exportJson().procedures).import(document);
    const at = new Date(this.clock.now()).toISOString();
    const written: string[] = [];
    try {
      for (const [i, record] of records.entries()) {
        try {
          await this.store.putRecord(KIND, idOf(record.code, record.version), { record, published: { at, by, how }, ...(scenarios ? { scenarios } : {}) } satisfies StoredProcedure, 0);
        } catch (error) {
          if ((error as { code?: string }).code !== 'RECORD_CONFLICT') throw error;
          const field = records.length > 1 || Array.isArray(document) ? `procedures[${i}].version` : 'version';
          throw invalidInput('the procedure record clashes with the catalog', [
            { field, message: `procedure ${record.code} version ${record.version} was just added by someone else: give the new version the next number` },
          ]);
        }
        written.push(idOf(record.code, record.version));
      }
    } catch (error) {
      // all or nothing: a clash half-way takes back what this import wrote
      for (const id of written) await this.store.deleteRecord(KIND, id);
      throw error;
    }
    await this.store.nextCounter(CHANGES);
    await this.refresh();
    return records;
  }

  /**
   * The scenarios of a version: those it was published with, else (a version of the procedures
   * folder) the `*.scenario.yaml` files beside its record; empty when there are none.
   */
  async scenariosOf(code: string, version: number): Promise<VersionScenario[]> {
    const stored = (await this.store.getRecord(KIND, idOf(code, version)))?.value as StoredProcedure | undefined;
    if (stored) return [...(stored.scenarios ?? [])];
    const folder = this.folders.get(code);
    if (!folder) return [];
    const names = (await readdir(folder)).filter((name) => SCENARIO_FILE.test(name)).sort();
    return Promise.all(names.map(async (name) => ({ name: name.replace(SCENARIO_FILE, ''), yaml: await readFile(join(folder, name), 'utf8') })));
  }

  /** The next version number of `code` (1 for a new procedure). */
  async nextVersion(code: string): Promise<number> {
    const versions = (await this.refresh()).versions(code);
    return versions.length === 0 ? 1 : versions[versions.length - 1].version + 1;
  }

  /** The version of `code`, or a NOT_FOUND naming the field. */
  async require(code: string, version?: number): Promise<ProcedureRecord> {
    const catalog = await this.refresh();
    const versions = catalog.versions(code);
    if (versions.length === 0) throw new MotcuaError(ErrorCode.NotFound, `no procedure ${code} in the catalog`, { field: 'code' });
    const record = version === undefined ? versions[versions.length - 1] : versions.find((candidate) => candidate.version === version);
    if (!record) throw new MotcuaError(ErrorCode.NotFound, `procedure ${code} has no version ${version}`, { field: 'version' });
    return record;
  }
}

/**
 * The file records with the store's over them. A store record that clashes with a file record
 * (a procedures folder changed after the publication: a version starting the same day) is left
 * out and named in `skipped`, so one clash never stops every dossier.
 */
function layered(files: readonly ProcedureRecord[], stored: readonly ProcedureRecord[], skipped: string[]): ProcedureCatalog {
  skipped.length = 0;
  try {
    return new ProcedureCatalog([...files, ...stored]);
  } catch (error) {
    if (!isMotcuaError(error)) throw error;
  }
  const catalog = new ProcedureCatalog(files);
  for (const record of stored) {
    try {
      catalog.add(record);
    } catch (error) {
      if (!isMotcuaError(error)) throw error;
      skipped.push(`${record.code} version ${record.version}: ${error.message.replace(/\s+/g, ' ')}`);
    }
  }
  return catalog;
}

function idOf(code: string, version: number): string {
  return `${code}@${String(version).padStart(6, '0')}`;
}
