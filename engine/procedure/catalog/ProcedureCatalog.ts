/**
 * The procedure catalog: every version of every procedure, validated, and the one in force at a
 * date. Versions of one code may overlap in time: the version with the latest `effectiveFrom` not
 * after the date (and not ended before it) is in force, so publishing version 2 from 01/7/2025
 * ends version 1 on 30/6 without editing it. Two versions starting the same day are ambiguous
 * and rejected.
 *
 * Changes are all-or-nothing: `add` / `import` check every record first, and any problem leaves
 * the catalog as it was.
 */
import { DateTime } from 'luxon';
import { ErrorCode, MotcuaError } from '../../errors.ts';
import { type IsoDate, VIETNAM_ZONE } from '../calendar/index.ts';
import { type FieldProblem, invalidInput } from '../../validation/schema-problems.ts';
import type { ProcedureRecord } from './procedure-record.ts';
import { procedureProblems } from './procedure-schema.ts';

export class ProcedureCatalog {
  /** code → versions, by version */
  private readonly byCode = new Map<string, ProcedureRecord[]>();

  constructor(records: readonly ProcedureRecord[] = [], private readonly zone: string = VIETNAM_ZONE) {
    if (records.length > 0) this.import(records);
  }

  /** Add one version; throws `INVALID_INPUT` naming the field when it is wrong or clashes with another version. */
  add(record: unknown): ProcedureRecord {
    return this.importRecords([record], () => '')[0];
  }

  /**
   * Add records (one, a list, or `{ procedures: [...] }` as `exportJson` writes); all or nothing.
   * Problems are listed together, each prefixed with the record's position, e.g.
   * `procedures[1].ways[0].deadline.unit: …`.
   */
  import(document: unknown): ProcedureRecord[] {
    const prefix = (i: number) => (Array.isArray(document) || isWrapped(document) ? `procedures[${i}].` : '');
    return this.importRecords(recordsOf(document), prefix);
  }

  private importRecords(records: readonly unknown[], prefix: (i: number) => string): ProcedureRecord[] {
    const problems: FieldProblem[] = [];
    records.forEach((record, i) => {
      for (const problem of procedureProblems(record)) problems.push({ field: `${prefix(i)}${problem.field}`, message: problem.message });
    });
    if (problems.length > 0) throw invalidInput('the procedure record is not valid', problems);

    const incoming = records as ProcedureRecord[];
    const clashes = this.clashes(incoming, prefix);
    if (clashes.length > 0) throw invalidInput('the procedure record clashes with the catalog', clashes);

    for (const record of incoming) {
      const versions = [...(this.byCode.get(record.code) ?? []), structuredClone(record)].sort((a, b) => a.version - b.version);
      this.byCode.set(record.code, versions);
    }
    return incoming.map((record) => structuredClone(record));
  }

  private clashes(incoming: readonly ProcedureRecord[], prefix: (i: number) => string): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const all = new Map<string, { record: ProcedureRecord; where: string }[]>();
    for (const [code, versions] of this.byCode) all.set(code, versions.map((record) => ({ record, where: `version ${record.version} in the catalog` })));
    incoming.forEach((record, i) => {
      const others = all.get(record.code) ?? [];
      const sameVersion = others.find((other) => other.record.version === record.version);
      if (sameVersion) {
        problems.push({ field: `${prefix(i)}version`, message: `procedure ${record.code} version ${record.version} exists already (${sameVersion.where}): give the new version the next number` });
      }
      const sameStart = others.find((other) => other.record.effectiveFrom === record.effectiveFrom);
      if (sameStart && !sameVersion) {
        problems.push({
          field: `${prefix(i)}effectiveFrom`,
          message: `procedure ${record.code} version ${sameStart.record.version} takes effect on ${record.effectiveFrom} too: two versions cannot start the same day`,
        });
      }
      all.set(record.code, [...others, { record, where: `procedures[${i}]` }]);
    });
    return problems;
  }

  /** Every version of a code, by version; empty when unknown. */
  versions(code: string): ProcedureRecord[] {
    return (this.byCode.get(code) ?? []).map((record) => structuredClone(record));
  }

  /** One version; undefined when unknown. */
  get(code: string, version: number): ProcedureRecord | undefined {
    const record = this.byCode.get(code)?.find((candidate) => candidate.version === version);
    return record && structuredClone(record);
  }

  /** Every code, sorted. */
  codes(): string[] {
    return [...this.byCode.keys()].sort();
  }

  /** The version of `code` in force at `at` (an instant, read in the catalog's zone, or a date); undefined when none. */
  findInForce(code: string, at: number | IsoDate): ProcedureRecord | undefined {
    const date = typeof at === 'number' ? (DateTime.fromMillis(at, { zone: this.zone }).toISODate() as IsoDate) : at;
    const candidates = (this.byCode.get(code) ?? []).filter((record) => record.effectiveFrom <= date && (record.effectiveTo === undefined || date <= record.effectiveTo));
    const latest = candidates.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
    return latest && structuredClone(latest);
  }

  /** Like `findInForce`, but a missing procedure or version is a `MotcuaError` naming `field`. */
  inForce(code: string, at: number | IsoDate, field = 'procedureCode'): ProcedureRecord {
    const versions = this.byCode.get(code);
    if (!versions) {
      throw new MotcuaError(ErrorCode.NotFound, `unknown procedure ${JSON.stringify(code)}: the catalog has ${this.codes().join(', ') || 'no procedure'}`, { field });
    }
    const record = this.findInForce(code, at);
    if (!record) {
      const date = typeof at === 'number' ? DateTime.fromMillis(at, { zone: this.zone }).toISODate() : at;
      const spans = versions.map((v) => `version ${v.version}: ${v.effectiveFrom} – ${v.effectiveTo ?? '…'}`).join('; ');
      throw new MotcuaError(ErrorCode.NotFound, `procedure ${code} has no version in force on ${date} (${spans})`, { field });
    }
    return record;
  }

  /** The list view: the version of each procedure in force at `at` (default: every latest version). */
  list(at?: number | IsoDate): ProcedureRecord[] {
    return this.codes().flatMap((code) => {
      if (at !== undefined) {
        const record = this.findInForce(code, at);
        return record ? [record] : [];
      }
      const versions = this.byCode.get(code)!;
      return [structuredClone(versions[versions.length - 1])];
    });
  }

  /** Every version of every procedure, by code then version: the JSON `import` reads back. */
  exportJson(): { procedures: ProcedureRecord[] } {
    return { procedures: this.codes().flatMap((code) => this.versions(code)) };
  }
}

function isWrapped(document: unknown): document is { procedures: unknown[] } {
  return typeof document === 'object' && document !== null && !Array.isArray(document) && Array.isArray((document as { procedures?: unknown }).procedures);
}

function recordsOf(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (isWrapped(document)) return document.procedures;
  return [document];
}
