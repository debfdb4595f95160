/**
 * Matching an `expect` step against an instance snapshot: pure functions, no engine. The first
 * expectation that does not hold (in the order the step writes them) is the step's failure.
 */
import { DateTime } from 'luxon';
import { formatValue } from './format-value.ts';
import type { InstanceSnapshot, SnapshotTask } from './instance-snapshot.ts';
import type { DossierExpectation, Expectation, ExpectationKey, TaskExpectation } from './scenario.ts';
import type { DossierView } from './scenario-extension.ts';

export interface Mismatch {
  /** `expect.active`, `expect.tasks`, … */
  readonly expectation: string;
  readonly expected: unknown;
  readonly found: unknown;
  readonly message: string;
  /** the error code when the step was refused (an engine rejection, no open task to complete…) */
  readonly code?: string;
}

export const NO_DOSSIER = 'this scenario runs no dossier';

/** The first expectation of the step that does not hold, or undefined when all hold. */
export function checkExpectation(expect: Expectation, snapshot: InstanceSnapshot): Mismatch | undefined {
  for (const key of Object.keys(expect) as ExpectationKey[]) {
    const mismatch = checkOne(key, expect, snapshot);
    if (mismatch) return mismatch;
  }
  return undefined;
}

function checkOne(key: ExpectationKey, expect: Expectation, snapshot: InstanceSnapshot): Mismatch | undefined {
  const expectation = `expect.${key}`;
  switch (key) {
    case 'ended': {
      const expected = expect.ended;
      if (expected === undefined || expected === snapshot.ended) return undefined;
      const message = expected
        ? `the instance has not ended (status ${snapshot.status})`
        : `the instance has ended (status ${snapshot.status})`;
      return { expectation, expected, found: snapshot.ended, message };
    }
    case 'active':
    case 'incidents': {
      const expected = expect[key];
      const found = key === 'active' ? snapshot.active : snapshot.incidents;
      if (expected === undefined) return undefined;
      const message = multisetMessage(expected, found);
      if (!message) return undefined;
      // an incident is where the work stopped: say why, not only where
      const why = snapshot.incidentMessages.length > 0 ? `; open incidents: ${snapshot.incidentMessages.join('; ')}` : '';
      const shown = key === 'incidents' ? [...snapshot.incidentMessages].sort() : [...found].sort();
      return { expectation, expected: [...expected].sort(), found: shown, message: `${message}${why}` };
    }
    case 'passed': {
      const missing = (expect.passed ?? []).filter((id) => !snapshot.completed.includes(id));
      if (missing.length === 0) return undefined;
      return { expectation, expected: expect.passed, found: snapshot.completed, message: `not completed so far: ${missing.join(', ')}` };
    }
    case 'notPassed': {
      const entered = (expect.notPassed ?? []).filter((id) => snapshot.entered.includes(id));
      if (entered.length === 0) return undefined;
      return { expectation, expected: expect.notPassed, found: entered, message: `entered: ${entered.join(', ')}` };
    }
    case 'variables': {
      const expected = expect.variables ?? {};
      const difference = differenceAt(expected, snapshot.variables, 'variables');
      if (difference === undefined) return undefined;
      const found = Object.fromEntries(Object.keys(expected).map((name) => [name, snapshot.variables[name]]));
      return { expectation, expected, found, message: difference };
    }
    case 'tasks':
      return expect.tasks === undefined ? undefined : matchTasks(expect.tasks, snapshot.tasks);
    case 'dossier':
      return expect.dossier === undefined ? undefined : matchDossier(expect.dossier, snapshot.dossier);
  }
}

/** `missing X; unexpected Y` when the two multisets differ, undefined when equal. */
export function multisetMessage(expected: readonly string[], found: readonly string[]): string | undefined {
  const remaining = [...found];
  const missing: string[] = [];
  for (const id of expected) {
    const at = remaining.indexOf(id);
    if (at === -1) missing.push(id);
    else remaining.splice(at, 1);
  }
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
  if (remaining.length > 0) parts.push(`unexpected ${remaining.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Two texts name the same instant, whatever their offsets. */
export function sameInstant(a: string, b: string): boolean {
  const x = Date.parse(a);
  const y = Date.parse(b);
  return !Number.isNaN(x) && x === y;
}

/** `found` written in the offset of `like`, so a failure line compares like with like. */
export function inOffsetOf(found: string, like: string): string {
  const zone = DateTime.fromISO(like, { setZone: true }).zone;
  const instant = DateTime.fromISO(found, { setZone: true });
  if (!instant.isValid) return found;
  return instant.setZone(zone).toISO({ suppressMilliseconds: true }) ?? found;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where `found` fails to match `expected` (a path and why), undefined when it matches. Mappings
 * match as subsets at every depth, lists element by element with the same length, instants (texts
 * with a time and an offset on both sides) as instants, everything else by equality.
 */
export function differenceAt(expected: unknown, found: unknown, path: string): string | undefined {
  if (isPlainObject(expected)) {
    if (!isPlainObject(found)) return `${path}: expected ${formatValue(expected)}, found ${formatValue(found)}`;
    for (const [key, value] of Object.entries(expected)) {
      if (!(key in found)) return `${path}.${key}: missing`;
      const difference = differenceAt(value, found[key], `${path}.${key}`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(found) || found.length !== expected.length) {
      return `${path}: expected ${formatValue(expected)}, found ${formatValue(found)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const difference = differenceAt(expected[i], found[i], `${path}[${i}]`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (typeof expected === 'string' && typeof found === 'string' && INSTANT.test(expected) && INSTANT.test(found)) {
    return sameInstant(expected, found) ? undefined : `${path}: expected ${expected}, found ${inOffsetOf(found, expected)}`;
  }
  return expected === found ? undefined : `${path}: expected ${formatValue(expected)}, found ${formatValue(found)}`;
}

/** Why this open task does not satisfy the entry (first differing field), undefined when it does. */
export function taskDifference(entry: TaskExpectation, task: SnapshotTask): string | undefined {
  if (entry.id !== task.elementId) return `id expected ${entry.id}, found ${task.elementId}`;
  if (entry.assignee !== undefined && (entry.assignee ?? undefined) !== (task.assignee ?? undefined)) {
    return `assignee expected ${formatValue(entry.assignee)}, found ${formatValue(task.assignee ?? null)}`;
  }
  if (entry.candidateGroups !== undefined && !sameSet(entry.candidateGroups, task.candidateGroups)) {
    return `candidateGroups expected ${formatValue(entry.candidateGroups)}, found ${formatValue(task.candidateGroups)}`;
  }
  if (entry.due !== undefined && (task.dueAt === undefined || !sameInstant(entry.due, task.dueAt))) {
    return `due expected ${entry.due}, found ${task.dueAt === undefined ? '(none)' : inOffsetOf(task.dueAt, entry.due)}`;
  }
  return undefined;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((item) => y.has(item));
}

/** A task as a failure line shows it: the fields an entry can name, instants in the entry's offset. */
function taskView(task: SnapshotTask, like?: TaskExpectation): Record<string, unknown> {
  return {
    id: task.elementId,
    assignee: task.assignee,
    candidateGroups: task.candidateGroups.length > 0 ? task.candidateGroups : undefined,
    due: task.dueAt && like?.due ? inOffsetOf(task.dueAt, like.due) : task.dueAt,
  };
}

/**
 * The open tasks equal the entries as a multiset of element ids, and each entry pairs with a
 * distinct task whose named fields match. Pairing is a bipartite matching (augmenting paths):
 * greedy pairing could take the one task a more specific entry needed.
 */
export function matchTasks(entries: readonly TaskExpectation[], tasks: readonly SnapshotTask[]): Mismatch | undefined {
  const expectation = 'expect.tasks';
  const idMessage = multisetMessage(
    entries.map((entry) => entry.id),
    tasks.map((task) => task.elementId),
  );
  if (idMessage) {
    return { expectation, expected: entries, found: tasks.map((task) => taskView(task)), message: idMessage };
  }

  const taskOf = new Array<number>(tasks.length).fill(-1);
  const tryPair = (entry: number, seen: boolean[]): boolean => {
    for (let t = 0; t < tasks.length; t++) {
      if (seen[t] || taskDifference(entries[entry], tasks[t]) !== undefined) continue;
      seen[t] = true;
      if (taskOf[t] === -1 || tryPair(taskOf[t], seen)) {
        taskOf[t] = entry;
        return true;
      }
    }
    return false;
  };
  for (let entry = 0; entry < entries.length; entry++) {
    if (tryPair(entry, new Array<boolean>(tasks.length).fill(false))) continue;
    const candidates = tasks.filter((task) => task.elementId === entries[entry].id);
    const why = candidates.map((task) => taskDifference(entries[entry], task)).find((d) => d !== undefined);
    const message = why
      ? `tasks[${entry}] (${entries[entry].id}): ${why}`
      : `tasks[${entry}] (${entries[entry].id}): its matching task is already paired with another entry`;
    return { expectation, expected: entries[entry], found: candidates.map((task) => taskView(task, entries[entry])), message };
  }
  return undefined;
}

export function matchDossier(expected: DossierExpectation, found: DossierView | undefined): Mismatch | undefined {
  const expectation = 'expect.dossier';
  if (!found) return { expectation, expected, found: undefined, message: NO_DOSSIER };
  const fields: (keyof DossierExpectation)[] = ['status', 'dueAt', 'paused', 'result'];
  for (const field of fields) {
    const want = expected[field];
    if (want === undefined) continue;
    const have = found[field];
    const holds =
      field === 'dueAt'
        ? typeof have === 'string' && sameInstant(want as string, have)
        : want === have;
    if (!holds) {
      const shown = field === 'dueAt' && typeof have === 'string' ? inOffsetOf(have, want as string) : have;
      return {
        expectation: `${expectation}.${field}`,
        expected: want,
        found: shown,
        message: `dossier ${field} expected ${formatValue(want)}, found ${formatValue(shown)}`,
      };
    }
  }
  return undefined;
}

