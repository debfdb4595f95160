/**
 * The text `motcua test` prints: one line per scenario, its warnings and the failure's details
 * indented under it, and a last line `N passed, M failed` that scripts can rely on.
 */
import { isAbsolute, relative } from 'node:path';
import { formatValue } from './format-value.ts';
import type { ScenarioResult } from './scenario.ts';

export function formatResult(result: ScenarioResult, cwd: string = process.cwd()): string[] {
  const warnings = (result.warnings ?? []).map((warning) => `    warning: ${warning}`);
  if (result.ok) return [`ok  ${result.name}`, ...warnings];
  const file = displayPath(result.file, cwd);
  if (result.problems) return [`ERROR ${file}`, ...result.problems.map((problem) => `    ${problem}`)];
  const lines = [`FAIL ${result.name}`, ...warnings];
  const failure = result.failure;
  if (failure) {
    const where = failure.step === 'start' ? 'start' : `steps[${failure.step}]`;
    const what = failure.expectation === 'start' ? '' : ` ${failure.expectation}`;
    lines.push(
      `    ${where}${what}: ${failure.message}`,
      `    expected: ${formatValue(failure.expected)}`,
      `    found:    ${formatValue(failure.found)}`,
    );
  }
  lines.push(`    in ${file}`);
  return lines;
}

export function formatSummary(results: readonly ScenarioResult[]): string {
  const passed = results.filter((result) => result.ok).length;
  return `${passed} passed, ${results.length - passed} failed`;
}

function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const inside = relative(cwd, file);
  return inside.startsWith('..') || isAbsolute(inside) ? file : inside;
}
