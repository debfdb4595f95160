/**
 * camunda:failedJobRetryTimeCycle: how often a failing job (timer, async continuation) is tried
 * and how long it waits between tries. Camunda 7 accepts a repeating interval (`R3/PT10M`: three
 * attempts, ten minutes apart) or a list of waits (`PT1M,PT5M,PT10M`: as many attempts as waits,
 * the n-th failure waiting the n-th one), both read here.
 */
import type { RetryCycle } from '../model.ts';
import { parseDuration, type Parsed } from './iso8601.ts';

export const EXPECTED_RETRY_CYCLE = 'R<attempts>/<ISO 8601 duration> such as R3/PT10M, or a list of durations such as PT1M,PT5M,PT10M';

export function parseRetryCycle(text: string): Parsed<RetryCycle> {
  const repeating = /^R(\d+)\/(.+)$/.exec(text);
  const waits = repeating ? [repeating[2]!] : text.split(',').map((part) => part.trim());
  const attempts = repeating ? Number(repeating[1]) : waits.length;
  if (attempts < 1) return { problem: `"${text}" allows no attempt: expected ${EXPECTED_RETRY_CYCLE}` };
  for (const wait of waits) {
    const parsed = parseDuration(wait, 'the wait');
    if ('problem' in parsed) return { problem: `"${text}": ${parsed.problem}; expected ${EXPECTED_RETRY_CYCLE}` };
  }
  return { value: { attempts, waits } };
}

/** The wait before the next attempt, once `failures` attempts have failed (1 = the first one). */
export function retryWait(cycle: RetryCycle, failures: number): string {
  return cycle.waits[Math.min(failures - 1, cycle.waits.length - 1)]!;
}
