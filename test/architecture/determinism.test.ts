/**
 * engine/bpmn is deterministic: no clock, no randomness, no timers, no I/O (DESIGN.md). The fence
 * is checked on every file of the pure core, and proven to catch what it forbids.
 */
import { expect } from 'chai';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FENCE_RULES, fenceViolations } from './determinism-fence.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** One line per thing the fence forbids: each must be caught on its own. */
const FORBIDDEN_LINES = [
  `import { readFileSync } from 'fs';`,
  `import { readFileSync } from 'node:fs';`,
  `import { readFile } from "node:fs/promises";`,
  `const fs = await import('fs');`,
  `import { createHash } from 'node:crypto';`,
  `import { request } from 'node:https';`,
  `import Database from 'better-sqlite3';`,
  `import mongoose from 'mongoose';`,
  `import { Agenda } from 'agenda';`,
  `import { setTimeout as sleep } from 'node:timers/promises';`,
  `setTimeout(() => fire(timer), 10);`,
  `const handle = setInterval(tick, 500);`,
  `const at = Date.now();`,
  `const at = new Date();`,
  `const at = new Date;`,
  `const t0 = performance.now();`,
  `const id = Math.random().toString(36);`,
  `const id = crypto.randomUUID();`,
  `const today = DateTime.now().toISODate();`,
  `const now = DateTime.utc();`,
  `const now = DateTime.local();`,
  `const start = DateTime.local(2025, 3, 3);`,
  `const value = eval(text);`,
  `const f = new Function('a', 'return a');`,
];

/** Lines that look close but are deterministic: the fence must let them through. */
const ALLOWED_LINES = [
  `this.at = new Date(now).toISOString();`,
  `const due = new Date(parseInstant(text));`,
  `return DateTime.fromMillis(now, { zone: calendar.zone ?? DEFAULT_ZONE }).toISODate();`,
  `const start = DateTime.utc(2025, 3, 3);`,
  `const start = DateTime.local(2025, 3, 3, { zone: 'Asia/Ho_Chi_Minh' });`,
  `// Date.now() is passed in by the caller, never read here`,
  `/** no Math.random: ids come from IdSource */`,
  `import { DateTime } from 'luxon';`,
  `const url = 'http://motcua.vn/schema'; // a namespace, not I/O`,
];

describe('architecture - determinism of engine/bpmn', () => {
  it('no file of engine/bpmn uses a clock, randomness, timers, I/O, a driver or eval', () => {
    // given every source file of the pure core
    const files = sources(join(root, 'engine/bpmn'));
    expect(files.length).to.be.greaterThan(40);
    // when each is checked against the fence
    const offending = files.flatMap((file) => fenceViolations(readFileSync(file, 'utf8')).map((v) => `${relative(root, file)} ${v}`));
    // then none breaks it
    expect(offending).to.deep.equal([]);
  });

  it('catches every forbidden line on its own', () => {
    // given one forbidden line at a time
    for (const line of FORBIDDEN_LINES) {
      // when the fence reads it inside an otherwise clean file
      const violations = fenceViolations(`import { DateTime } from 'luxon';\n${line}\nexport const x = 1;\n`);
      // then it is reported, on its line
      expect(violations, line).to.have.length.greaterThan(0);
      expect(violations[0], line).to.match(/^line 2: /);
    }
  });

  it('lets deterministic look-alikes through (explicit instants, fixed zones, comments)', () => {
    // given lines that only resemble forbidden ones
    // when the fence reads them
    const violations = ALLOWED_LINES.flatMap((line) => fenceViolations(line));
    // then it reports nothing
    expect(violations).to.deep.equal([]);
  });

  it('has a forbidden example for every rule', () => {
    // given the rules and the examples above
    // when each rule is matched against the examples
    const untested = FENCE_RULES.filter((rule) => !FORBIDDEN_LINES.some((line) => rule.pattern.test(line))).map((rule) => rule.name);
    // then no rule goes unproven
    expect(untested).to.deep.equal([]);
  });
});
