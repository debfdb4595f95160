import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { Progress } from '../../engine/cli/progress.ts';

function capture(): { lines: string[]; output: { out: (line: string) => void; err: (line: string) => void } } {
  const lines: string[] = [];
  return { lines, output: { out: (line) => lines.push(`out ${line}`), err: (line) => lines.push(`err ${line}`) } };
}

describe('engine/cli/progress', () => {
  it('says on stderr which scenario runs when the run has been quiet for a while', async () => {
    // given a progress that speaks after 40 ms of quiet, and a long scenario started
    const { lines, output } = capture();
    const progress = new Progress(output, 40);
    progress.started('processes/long/chain.scenario.yaml', 3, 7);
    // when the scenario stays quiet
    await sleep(120);
    progress.stop();
    // then a progress line names its place and file
    expect(lines.length).to.be.greaterThan(0);
    expect(lines[0]).to.match(/^err … scenario 3 of 7 running for \d+ s: processes\/long\/chain\.scenario\.yaml$/);
  });

  it('stays silent while results keep coming, and after it is stopped', async () => {
    // given a progress and a run printing results often
    const { lines, output } = capture();
    const progress = new Progress(output, 200);
    progress.started('a.scenario.yaml', 1, 2);
    // when results come every 20 ms, then the run ends
    for (let i = 0; i < 5; i++) {
      await sleep(20);
      progress.printed();
    }
    progress.stop();
    await sleep(250);
    // then nothing was added
    expect(lines).to.deep.equal([]);
  });
});
