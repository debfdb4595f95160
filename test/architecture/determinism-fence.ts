/**
 * The determinism fence of engine/bpmn (DESIGN.md: no I/O, no clock, no randomness), as rules
 * over source text. Temporal's lesson: code that must replay identically is fenced by tooling,
 * and the fence itself is tested with lines it must catch (determinism.test.ts).
 */

export interface FenceRule {
  /** what the rule forbids, as a reader would say it */
  readonly name: string;
  readonly pattern: RegExp;
}

const MODULE = (names: string) => new RegExp(`(?:\\bfrom\\s*|\\bimport\\s*\\(\\s*|\\bimport\\s+|\\brequire\\s*\\(\\s*)['"](?:node:)?(?:${names})(?:/[^'"]*)?['"]`);

export const FENCE_RULES: readonly FenceRule[] = [
  { name: 'file system (fs, node:fs, fs/promises)', pattern: MODULE('fs') },
  { name: 'crypto (node:crypto, crypto)', pattern: MODULE('crypto') },
  { name: 'network and processes (net, http, https, dgram, child_process, worker_threads)', pattern: MODULE('net|http|https|http2|dgram|child_process|worker_threads|cluster') },
  { name: 'timers module (timers, node:timers/promises)', pattern: MODULE('timers') },
  { name: 'database drivers and the job queue (better-sqlite3, mongoose, mongodb, agenda)', pattern: /['"](?:better-sqlite3|mongoose|mongodb|agenda|@agendajs\/[^'"]+)['"]/ },
  { name: 'timer functions (setTimeout, setInterval, setImmediate, queueMicrotask)', pattern: /\b(?:setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/ },
  { name: 'Date.now', pattern: /\bDate\s*\.\s*now\b/ },
  { name: 'new Date() without an argument', pattern: /\bnew\s+Date\s*(?:\(\s*\)|(?![\s(]))/ },
  { name: 'performance.now', pattern: /\bperformance\s*\.\s*now\b/ },
  { name: 'Math.random', pattern: /\bMath\s*\.\s*random\b/ },
  { name: 'crypto randomness (randomUUID, getRandomValues, randomBytes)', pattern: /\b(?:randomUUID|getRandomValues|randomBytes|randomInt)\s*\(/ },
  { name: 'DateTime.now()', pattern: /\bDateTime\s*\.\s*now\s*\(/ },
  { name: 'DateTime.utc() / DateTime.local() without arguments (the current time)', pattern: /\bDateTime\s*\.\s*(?:utc|local)\s*\(\s*\)/ },
  { name: 'DateTime.local(…) without a fixed zone (the machine zone)', pattern: /\bDateTime\s*\.\s*local\s*\((?![^)]*\bzone\s*:)[^)]+\)/ },
  { name: 'eval / new Function', pattern: /\beval\s*\(|\bnew\s+Function\s*\(/ },
];

/** Comments may name what they forbid; strings and code may not. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Every line of `text` that breaks a rule, as `line N: rule (code)`. */
export function fenceViolations(text: string): string[] {
  const found: string[] = [];
  const lines = withoutComments(text).split('\n');
  for (const [index, line] of lines.entries()) {
    for (const rule of FENCE_RULES) {
      if (rule.pattern.test(line)) found.push(`line ${index + 1}: ${rule.name} (${line.trim()})`);
    }
  }
  return found;
}
