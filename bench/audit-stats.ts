/**
 * How long the per-version statistics and time-lost reads take at 100 000 dossiers. The counters
 * are written as ElementStatsExtension would have bumped them for 100 000 dossiers of one version
 * (12 months, 3 agencies, 8 steps, 10 % late at one step) — the number of counters depends on
 * months × agencies × elements, not on dossiers, except the late index (one key per late dossier).
 * Run: npx tsx bench/audit-stats.ts
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileOrThrow, counterReaderOf, openStore, timeLost, versionStats } from '../engine/index.ts';
import { bucketOf, histogramMetric, lateKey, StatMetric, statKey } from '../engine/procedure/audit/element-stats-keys.ts';

const DOSSIERS = 100_000;
const STEPS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'];
const AGENCIES = ['A1', 'A2', 'A3'];
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <bpmn:process id="P" isExecutable="true">
    <bpmn:startEvent id="start"/>
    ${STEPS.map((id) => `<bpmn:userTask id="${id}" name="Bước ${id}"/>`).join('\n')}
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="S1"/>
    ${STEPS.map((id, i) => `<bpmn:sequenceFlow id="f${i + 1}" sourceRef="${id}" targetRef="${STEPS[i + 1] ?? 'end'}"/>`).join('\n')}
  </bpmn:process>
</bpmn:definitions>`;

const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-audit-'));
const file = join(dir, 'bench.db');
const store = await openStore(`sqlite:${file}`);
const counters = new Map<string, number>();
const bump = (key: string, by = 1) => counters.set(key, (counters.get(key) ?? 0) + by);
for (let n = 0; n < DOSSIERS; n++) {
  const month = `2026-${String((n % 12) + 1).padStart(2, '0')}`;
  const agency = AGENCIES[n % AGENCIES.length]!;
  bump(statKey('P', 1, month, agency, StatMetric.Started, '-'));
  for (const [i, step] of STEPS.entries()) {
    const ms = ((n * 7919 + i * 104_729) % 48) * 3_600_000;
    bump(statKey('P', 1, month, agency, StatMetric.Count, step));
    bump(statKey('P', 1, month, agency, StatMetric.Timed, step));
    bump(statKey('P', 1, month, agency, StatMetric.TotalMs, step), ms);
    bump(statKey('P', 1, month, agency, histogramMetric(bucketOf(ms)), step));
    bump(statKey('P', 1, month, agency, StatMetric.Flow, `f${i + 1}`));
    if (i === 3 && n % 10 === 0) {
      bump(statKey('P', 1, month, agency, StatMetric.Late, step));
      bump(statKey('P', 1, month, agency, StatMetric.OverMs, step), ms);
      counters.set(lateKey('P', 1, step, agency, `HS-${n}`), ms);
    }
  }
}
await store.close();
const db = new Database(file);
const insert = db.prepare('INSERT INTO counters (key, value) VALUES (?, ?)');
db.transaction(() => {
  for (const [key, value] of counters) insert.run(key, value);
})();
db.close();

const reopened = await openStore(`sqlite:${file}`);
const reader = counterReaderOf(reopened);
const process = (await compileOrThrow(xml)).processes.P!;
const time = async (label: string, run: () => Promise<unknown>) => {
  await run();
  const rounds = 5;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await run();
  console.log(`BENCH ${label} ${((performance.now() - started) / rounds).toFixed(1)} ms (${DOSSIERS} dossiers, ${counters.size} counters)`);
};
await time('audit.stats.year', () => versionStats(reader, process, 1));
await time('audit.stats.month.agency', () => versionStats(reader, process, 1, { months: ['2026-03'], agency: 'A2' }));
await time('audit.time-lost.year', () => timeLost(reader, process, 1));
await reopened.close();
rmSync(dir, { recursive: true, force: true });
