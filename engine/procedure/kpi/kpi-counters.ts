/**
 * The counter increments one dossier fact adds to its commit. Indicators are projections updated
 * with each commit (never full scans): these increments commit atomically with the status change
 * that caused them, so the counters always agree with the history.
 */
import type { Dossier } from '../dossier/dossier.ts';
import { Channel, DossierResult } from '../dossier/dossier-status.ts';
import { type KpiDimensions, kpiKey, KpiMetric, periodOf } from './kpi-keys.ts';

/** A dossier fact the indicators count. */
export type KpiFact =
  | { readonly kind: 'submitted' }
  | { readonly kind: 'accepted' }
  | { readonly kind: 'refused' }
  | { readonly kind: 'supplementRequested' }
  | { readonly kind: 'resultIssued' }
  | { readonly kind: 'stopped' }
  | {
      readonly kind: 'finished';
      readonly result: DossierResult;
      readonly workingMinutes: number;
      readonly workingDays: number;
    };

const FINISHED_METRIC: Readonly<Record<DossierResult, KpiMetric>> = {
  EARLY: KpiMetric.FinishedEarly,
  ONTIME: KpiMetric.FinishedOnTime,
  LATE: KpiMetric.FinishedLate,
};

/** Increments (counter key → amount) for `fact` about `dossier` at `at`, bucketed in `zone`'s month. */
export function kpiCounters(dossier: Dossier, fact: KpiFact, at: number, zone: string): Record<string, number> {
  const dimensions: KpiDimensions = {
    period: periodOf(at, zone),
    agency: dossier.handlingAgency,
    procedure: dossier.procedure.code,
    channel: dossier.channel,
  };
  const counters: Record<string, number> = {};
  const add = (metric: KpiMetric, amount = 1): void => {
    if (amount !== 0) counters[kpiKey(dimensions, metric)] = (counters[kpiKey(dimensions, metric)] ?? 0) + amount;
  };
  switch (fact.kind) {
    case 'submitted':
      add(KpiMetric.Submitted);
      break;
    case 'accepted':
      add(KpiMetric.Received);
      if (dossier.channel === Channel.Online) add(KpiMetric.ReceivedOnline);
      if (dossier.acceptedLate) add(KpiMetric.AcceptedLate);
      add(KpiMetric.Components, dossier.components.length);
      add(KpiMetric.ComponentsDigitised, dossier.components.filter((c) => c.digitised).length);
      add(KpiMetric.ComponentsReused, dossier.components.filter((c) => c.reused).length);
      break;
    case 'refused':
      add(KpiMetric.Refused);
      break;
    case 'supplementRequested':
      add(KpiMetric.SupplementRequests);
      break;
    case 'resultIssued':
      add(KpiMetric.Results);
      if (dossier.resultElectronic) add(KpiMetric.ResultsElectronic);
      break;
    case 'stopped':
      add(KpiMetric.Stopped);
      break;
    case 'finished':
      add(KpiMetric.Finished);
      add(FINISHED_METRIC[fact.result]);
      add(KpiMetric.ProcessingMinutes, fact.workingMinutes);
      add(KpiMetric.ProcessingDays, fact.workingDays);
      break;
  }
  return counters;
}

/** Adds `more` into `into` (key by key). */
export function mergeCounters(into: Record<string, number>, more: Readonly<Record<string, number>>): Record<string, number> {
  for (const [key, amount] of Object.entries(more)) into[key] = (into[key] ?? 0) + amount;
  return into;
}
