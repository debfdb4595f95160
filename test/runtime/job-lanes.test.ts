/**
 * runInLanes: due jobs run several at a time, one lane per instance — an instance's jobs in the
 * order given and never two at once, at most `concurrency` instances moving together.
 */
import { expect } from 'chai';
import { runInLanes } from '../../engine/runtime/job-lanes.ts';
import { sleep } from './helpers.ts';

interface TestJob {
  readonly id: string;
  readonly instanceId: string;
}

const job = (instanceId: string, n: number): TestJob => ({ id: `${instanceId}.j${n}`, instanceId });

describe('engine/runtime/job-lanes: runInLanes', function () {
  it("runs an instance's jobs one after the other in the order given, other instances alongside", async function () {
    // given three jobs of instance a interleaved with jobs of b and c (in due order)
    const jobs = [job('a', 1), job('b', 1), job('a', 2), job('c', 1), job('a', 3), job('b', 2)];
    const started: string[] = [];
    const running = new Set<string>();
    let overlapSameInstance = false;
    let mostAtOnce = 0;

    // when they run with room for all instances at once
    await runInLanes(jobs, 8, async (j) => {
      if (running.has(j.instanceId)) overlapSameInstance = true;
      running.add(j.instanceId);
      mostAtOnce = Math.max(mostAtOnce, running.size);
      started.push(j.id);
      await sleep(5);
      running.delete(j.instanceId);
    });

    // then every job ran once, a's in order, never two of one instance together, instances side by side
    expect([...started].sort()).to.deep.equal(jobs.map((j) => j.id).sort());
    expect(started.filter((id) => id.startsWith('a.'))).to.deep.equal(['a.j1', 'a.j2', 'a.j3']);
    expect(started.filter((id) => id.startsWith('b.'))).to.deep.equal(['b.j1', 'b.j2']);
    expect(overlapSameInstance).to.equal(false);
    expect(mostAtOnce).to.equal(3);
  });

  it('moves at most `concurrency` instances at a time', async function () {
    // given ten instances with one job each
    const jobs = Array.from({ length: 10 }, (_, i) => job(`i${i}`, 1));
    let running = 0;
    let mostAtOnce = 0;

    // when they run two at a time
    await runInLanes(jobs, 2, async () => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(2);
      running--;
    });

    // then never more than two ran together
    expect(mostAtOnce).to.equal(2);
  });

  it('finishes every other job before rethrowing the first failure', async function () {
    // given a job that throws among others
    const jobs = [job('a', 1), job('b', 1), job('a', 2), job('c', 1)];
    const ran: string[] = [];

    // when they run
    const outcome = await runInLanes(jobs, 4, async (j) => {
      if (j.id === 'b.j1') throw new Error('b failed');
      await sleep(2);
      ran.push(j.id);
    }).then(
      () => 'resolved',
      (error: Error) => error.message,
    );

    // then the failure surfaces once all the rest have run
    expect(outcome).to.equal('b failed');
    expect(ran.sort()).to.deep.equal(['a.j1', 'a.j2', 'c.j1']);
  });
});
