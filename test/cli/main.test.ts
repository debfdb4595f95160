import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { main } from '../../engine/cli/main.ts';

describe('engine/cli/main', () => {
  it('prints the version of the package with --version, -V and version, exit 0', async () => {
    // given the package's version
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V', 'version']) {
      // when asked for it
      const lines: string[] = [];
      const status = await main([flag], { out: (line) => lines.push(line), err: (line) => lines.push(`err ${line}`) });
      // then one line says it
      expect(lines, flag).to.deep.equal([`motcua ${version}`]);
      expect(status).to.equal(0);
    }
  });
});
