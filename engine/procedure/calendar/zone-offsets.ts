/**
 * Time zones whose offsets are remembered. luxon's IANAZone asks Intl for the offset on every
 * conversion (a `formatToParts` call, microseconds each), and a dossier's commit converts dozens
 * of instants — its deadline, its cut-off, its KPI period — almost all in the same few days. An
 * offset only changes at a zone's transitions, so it is kept per quarter hour of UTC time: when
 * the quarter hour's first and last millisecond have the same offset, no transition lies inside
 * it and every instant in it has that offset too. A quarter hour that holds a transition (rare,
 * and any minute for historical local-mean-time zones) is never remembered but asked each time.
 */
import { IANAZone } from 'luxon';

const QUARTER_HOUR_MS = 15 * 60 * 1000;
/** A bound on what one zone remembers (about three years of quarter hours); past it, it starts again. */
const MAX_REMEMBERED = 100_000;

class RememberingZone extends IANAZone {
  private readonly offsets = new Map<number, number>();

  override offset(ts: number): number {
    const quarter = Math.floor(ts / QUARTER_HOUR_MS);
    const known = this.offsets.get(quarter);
    if (known !== undefined) return known;
    const start = quarter * QUARTER_HOUR_MS;
    const first = super.offset(start);
    if (!Number.isFinite(first) || first !== super.offset(start + QUARTER_HOUR_MS - 1)) return super.offset(ts);
    if (this.offsets.size >= MAX_REMEMBERED) this.offsets.clear();
    this.offsets.set(quarter, first);
    return first;
  }
}

const zones = new Map<string, IANAZone>();

/** The zone `name` (an IANA name such as `Asia/Ho_Chi_Minh`), shared by every caller, for luxon's `{ zone }` options. */
export function zoneNamed(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = new RememberingZone(name);
    zones.set(name, zone);
  }
  return zone;
}
