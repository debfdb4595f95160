/**
 * At a new store's first start, a few weeks of finished dossiers for the auditors' app to show
 * (engine/compose/demo-history.ts): a second composition on the same store, on a manual clock that
 * runs from a Monday five weeks back, so every dossier of it has ended before today.
 */
import { DateTime } from 'luxon';
import { generateDemoHistory, ManualClock, openMotcua } from '../../engine/index.ts';
import { DEMO_AGENCY } from './demo-data.ts';

const ZONE = 'Asia/Ho_Chi_Minh';

/** Run the demo history into `store`; returns how many dossiers it received. */
export async function seedDemoHistory(store: string, processesDir: string, now: number): Promise<number> {
  const monday = DateTime.fromMillis(now, { zone: ZONE }).minus({ weeks: 5 }).startOf('week').set({ hour: 8 });
  const clock = new ManualClock(monday.toMillis());
  const motcua = await openMotcua({ store, processesDir, clock, refreshIntervalMs: 0 });
  try {
    const history = await generateDemoHistory(motcua, { clock, agency: DEMO_AGENCY.code, count: 120 });
    return history.codes.length + history.births.length;
  } finally {
    await motcua.close();
  }
}
