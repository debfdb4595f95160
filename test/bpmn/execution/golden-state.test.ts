/**
 * Golden states (bpmn-engine's lesson): instance states saved by an earlier release, each stopped
 * at a wait worth keeping (a join holding a token, a cycle timer half used, a failed external task,
 * a pending continuation…), are recovered and finished by the current core. A change to the
 * state's shape that running instances could not survive fails here. See golden/record.ts.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InstanceState } from '../../../engine/bpmn/execution/state.ts';
import { Driver, loadFixture } from './driver.ts';
import type { GoldenState } from './golden/record.ts';

const folder = fileURLToPath(new URL('./golden/', import.meta.url));
const goldens = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();

describe('engine/bpmn/execution - golden states', () => {
  it('has golden states to recover', () => {
    expect(goldens.length).to.be.at.least(6);
  });

  for (const name of goldens) {
    const golden = JSON.parse(readFileSync(`${folder}${name}`, 'utf8')) as GoldenState;

    it(`recovers and finishes ${name.replace(/\.json$/, '')}: ${golden.savedAt}`, async () => {
      // given the state as it was saved
      const driver = new Driver(await loadFixture(golden.fixture));
      driver.state = golden.state as InstanceState;
      driver.now = Date.parse(golden.now);

      // when the commands that finished it then are run now
      for (const { at, command } of golden.commands) {
        driver.now = Date.parse(at);
        driver.run(command);
      }

      // then it ends the same way
      const passed = [...new Set(driver.history.filter((e) => e.type === 'ElementCompleted').map((e) => e.elementId!))].sort();
      expect(driver.state.status).to.equal(golden.expect.status);
      expect(passed).to.deep.equal(golden.expect.passedAfterRecovery);
      expect(driver.history).to.have.length(golden.expect.historyEventsAfterRecovery);
    });
  }
});
