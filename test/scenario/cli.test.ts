/**
 * `motcua test` as a user runs it: the real launcher (bin/motcua.js), the real engine, the tiny
 * fixture set in ./fixtures (one passing, one failing, one with an unknown key).
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = 'test/scenario/fixtures';

interface Run {
  readonly status: number;
  readonly stdout: string[];
  readonly stderr: string;
}

function motcua(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['bin/motcua.js', ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : undefined) : 0;
      if (status === undefined) reject(error);
      else resolve({ status, stdout: stdout.split('\n').filter((line) => line !== ''), stderr });
    });
  });
}

const PASSING = 'ok  one task is reviewed and the instance ends';
const FAILING = [
  'FAIL one task expected at the wrong element',
  '    steps[0] expect.active: missing Task_Other; unexpected Task_Review',
  '    expected: [Task_Other]',
  '    found:    [Task_Review]',
  `    in ${FIXTURES}/fails.scenario.yaml`,
];
const UNUSABLE = [`ERROR ${FIXTURES}/unknown-key.scenario.yaml`, '    steps[0].expect.tasks[0].asignee: unknown key'];

describe('engine/cli - motcua test', function () {
  this.timeout(120_000);

  it('exits 0 when every scenario passed', async () => {
    // given / when
    const run = await motcua('test', `${FIXTURES}/passes.scenario.yaml`);
    // then
    expect(run.stdout).to.deep.equal([PASSING, '1 passed, 0 failed']);
    expect(run.status).to.equal(0);
  });

  it('exits 1 when a scenario failed, with the step, the expectation, expected and found', async () => {
    // given / when
    const run = await motcua('test', `${FIXTURES}/passes.scenario.yaml`, `${FIXTURES}/fails.scenario.yaml`);
    // then
    expect(run.stdout).to.deep.equal([PASSING, ...FAILING, '1 passed, 1 failed']);
    expect(run.status).to.equal(1);
  });

  it('exits 2 on an unknown key, naming the file and the key path', async () => {
    // given / when
    const run = await motcua('test', `${FIXTURES}/unknown-key.scenario.yaml`);
    // then
    expect(run.stdout).to.deep.equal([...UNUSABLE, '0 passed, 1 failed']);
    expect(run.status).to.equal(2);
  });

  it('runs a whole folder, sorted by path; unusable input wins the exit status', async () => {
    // given / when
    const run = await motcua('test', FIXTURES);
    // then
    expect(run.stdout).to.deep.equal([...FAILING, PASSING, ...UNUSABLE, '1 passed, 2 failed']);
    expect(run.status).to.equal(2);
  });

  it('exits 2 for a path that does not exist and for a folder without scenarios', async () => {
    // given / when
    const missing = await motcua('test', `${FIXTURES}/nope`);
    const empty = await motcua('test', `${FIXTURES}/runner`);
    // then
    expect(missing.stdout).to.deep.equal([`ERROR ${FIXTURES}/nope`, '    no such file or folder', '0 passed, 1 failed']);
    expect(missing.status).to.equal(2);
    expect(empty.stderr).to.contain(`motcua test: no scenario files (*.scenario.yaml, *.scenario.yml, *.scenario.json) in ${FIXTURES}/runner`);
    expect(empty.status).to.equal(2);
  });

  it('prints help with exit 0, and rejects an unknown command or no file with exit 2', async () => {
    // given / when
    const help = await motcua('--help');
    const testHelp = await motcua('test', '--help');
    const unknown = await motcua('frobnicate');
    const noFile = await motcua('test');
    // then
    expect(help.status).to.equal(0);
    expect(help.stdout[0]).to.equal('usage: motcua <command> [arguments]');
    expect(help.stdout).to.include('  test      run process scenarios (*.scenario.yaml / .yml / .json)');
    expect(help.stdout).to.include('  calendar  generate, publish and show working-calendar years (holidays, Tết, swaps)');
    expect(testHelp.status).to.equal(0);
    expect(testHelp.stdout[0]).to.equal('usage: motcua test <file-or-folder>...');
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr.split('\n')[0]).to.equal('motcua: unknown command frobnicate');
    expect(noFile.status).to.equal(2);
    expect(noFile.stderr.split('\n')[0]).to.equal('motcua test: give at least one scenario file or folder');
  });
});
