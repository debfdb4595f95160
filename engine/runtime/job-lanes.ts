/**
 * Running a batch of due jobs several at a time, one lane per instance.
 *
 * Why at once: a job's run is mostly its commit, and the store writes concurrent commits in one
 * transaction with one sync to disk (group commit); run one after the other, every timer pays a
 * transaction of its own. Why one lane per instance: two jobs of one instance (a boundary timer
 * and the task's own, a timer and an async continuation) must take effect in due order, as they
 * would one by one; run together they would also lose a race on the instance's revision and be
 * decided again, for nothing. So an instance's jobs run in the order given, and at most
 * `concurrency` instances move at a time.
 */

/** What a lane needs of a job: its instance (empty for a process start timer). */
interface LaneJob {
  readonly instanceId: string;
}

/**
 * Run `run` for every job of `jobs` (in due order): the jobs of one instance one after the other
 * in that order, up to `concurrency` instances at a time. Resolves once all have run; the first
 * throw is rethrown after the others have finished, so no run is left going unseen.
 */
export async function runInLanes<Job extends LaneJob>(jobs: readonly Job[], concurrency: number, run: (job: Job) => Promise<void>): Promise<void> {
  const lanes = new Map<string, Job[]>();
  for (const job of jobs) {
    const lane = lanes.get(job.instanceId);
    if (lane) lane.push(job);
    else lanes.set(job.instanceId, [job]);
  }
  const queue = [...lanes.values()];
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      for (const job of queue[next++]!) {
        try {
          await run(job);
        } catch (error) {
          failure ??= { error };
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  if (failure) throw failure.error;
}
