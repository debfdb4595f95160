/**
 * Catalog records as files: `processes/<procedure>/procedure.json` (or any `*.procedure.json`),
 * each holding one record, a list of versions, or `{ "procedures": [...] }`. Loading is
 * all-or-nothing: a problem in any file is an error naming the file and the field.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isMotcuaError, type MotcuaError } from '../../errors.ts';
import { type FieldProblem, invalidInput } from '../../validation/schema-problems.ts';
import { ProcedureCatalog } from './ProcedureCatalog.ts';

/** `procedure.json` or `<anything>.procedure.json` */
export const PROCEDURE_FILE = /(^|\.)procedure\.json$/;

/** Every catalog file under `paths` (files are taken as given, folders searched recursively), sorted. */
export async function findProcedureFiles(paths: readonly string[]): Promise<string[]> {
  const files = new Set<string>();
  const walk = async (path: string): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch {
      return;
    }
    if (info.isFile()) {
      files.add(path);
      return;
    }
    if (!info.isDirectory()) return;
    for (const name of (await readdir(path)).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const child = join(path, name);
      const childInfo = await stat(child);
      if (childInfo.isDirectory()) await walk(child);
      else if (PROCEDURE_FILE.test(name)) files.add(child);
    }
  };
  for (const path of paths) await walk(path);
  return [...files].sort();
}

/**
 * Read catalog files into `catalog` (default a new one); throws `INVALID_INPUT` naming
 * `file: field` for a bad file, and then adds nothing at all.
 */
export async function loadCatalogFiles(files: readonly string[], catalog = new ProcedureCatalog()): Promise<ProcedureCatalog> {
  const base = process.cwd();
  // every file is tried on a scratch copy first, so a bad file leaves `catalog` untouched
  const scratch = new ProcedureCatalog(catalog.exportJson().procedures);
  const documents: unknown[] = [];
  for (const file of files) {
    const name = relative(base, file) || file;
    let document: unknown;
    try {
      document = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw invalidInput(`cannot read the procedure file ${name}`, [{ field: '', message: (error as Error).message }], `${name}: `);
    }
    try {
      scratch.import(document);
    } catch (error) {
      if (!isMotcuaError(error)) throw error;
      const problems = (Array.isArray(error.details) ? error.details : [{ field: error.field ?? '', message: error.message }]) as FieldProblem[];
      throw invalidInput(`procedure file ${name} is not valid`, problems, `${name}: `);
    }
    documents.push(document);
  }
  for (const document of documents) catalog.import(document);
  return catalog;
}

export interface CatalogLayerOptions {
  /** given: a file that cannot be read or is not valid is handed here and skipped, instead of failing the whole catalog */
  readonly onUnusable?: (file: string, error: MotcuaError) => void;
}

/**
 * Load catalog files where an earlier file shadows a later one: a procedure code found in an
 * earlier file takes all its versions from there, and later files' records of that code are
 * skipped. A scenario's own records thus win over the shared `processes/` catalog.
 */
export async function loadCatalogLayers(files: readonly string[], options: CatalogLayerOptions = {}): Promise<ProcedureCatalog> {
  const base = process.cwd();
  const catalog = new ProcedureCatalog();
  const taken = new Set<string>();
  for (const file of files) {
    const name = relative(base, file) || file;
    const unusable = (error: MotcuaError): void => {
      if (!options.onUnusable) throw error;
      options.onUnusable(file, error);
    };
    let document: unknown;
    try {
      document = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      unusable(invalidInput(`cannot read the procedure file ${name}`, [{ field: '', message: (error as Error).message }], `${name}: `));
      continue;
    }
    const records = Array.isArray(document) ? document : isWrapped(document) ? document.procedures : [document];
    const codeOf = (record: unknown) => (typeof record === 'object' && record !== null ? (record as { code?: unknown }).code : undefined);
    const fresh = records.filter((record) => !taken.has(String(codeOf(record))));
    try {
      catalog.import({ procedures: fresh });
    } catch (error) {
      if (!isMotcuaError(error)) throw error;
      const problems = (Array.isArray(error.details) ? error.details : [{ field: error.field ?? '', message: error.message }]) as FieldProblem[];
      unusable(invalidInput(`procedure file ${name} is not valid`, problems, `${name}: `));
      continue;
    }
    for (const record of fresh) taken.add(String(codeOf(record)));
  }
  return catalog;
}

function isWrapped(document: unknown): document is { procedures: unknown[] } {
  return typeof document === 'object' && document !== null && !Array.isArray(document) && Array.isArray((document as { procedures?: unknown }).procedures);
}

/** Find and load every catalog file under `paths`. */
export async function loadCatalog(paths: readonly string[]): Promise<ProcedureCatalog> {
  return loadCatalogFiles(await findProcedureFiles(paths));
}
