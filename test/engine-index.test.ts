/**
 * The public API (engine/index.ts) is enough on its own to deploy, run and audit a procedure: an
 * embedding application or api/ never needs to reach into engine internals.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createEngine, ErrorCode, InstanceStatus, isMotcuaError } from '../engine/index.ts';

const APPROVAL = readFileSync(new URL('./runtime/fixtures/Approval.bpmn', import.meta.url), 'utf8');

describe('engine/index.ts - the public API', () => {
  it('deploys, starts, completes both tasks and verifies the history using only public exports', async () => {
    // given an engine on the embedded store in memory with the approval procedure deployed
    const engine = await createEngine({ store: 'sqlite::memory:', clock: { now: () => Date.parse('2025-03-03T01:00:00Z') } });
    try {
      const [deployed] = await engine.deploy('Approval.bpmn', APPROVAL);
      expect(deployed?.key).to.equal('Process_Approval');
      // when an instance is started and each officer group completes its task
      const instance = await engine.startInstance('Process_Approval', { businessKey: 'HS-1' });
      for (const group of ['chuyen_vien', 'lanh_dao']) {
        const [task] = await engine.listTasks({ candidateGroup: group, instanceId: instance.id });
        expect(task, `open task for ${group}`).to.not.equal(undefined);
        await engine.completeTask(task!.id, {}, `${group}_1`);
      }
      // then the instance has ended and its hash chain verifies
      const ended = await engine.getInstance(instance.id);
      expect(ended?.state.status).to.equal(InstanceStatus.Completed);
      expect(await engine.verifyHistory(instance.id)).to.deep.equal({ ok: true, problems: [] });
    } finally {
      await engine.close();
    }
  });

  it('rejects an unknown process key with a typed error naming it', async () => {
    // given an empty engine
    const engine = await createEngine({ store: 'sqlite::memory:' });
    try {
      // when starting a process that was never deployed
      const error = await engine.startInstance('Process_Missing').then(() => undefined, (e: unknown) => e);
      // then the error is a MotcuaError that says which key
      expect(isMotcuaError(error)).to.equal(true);
      expect((error as Error).message).to.contain('Process_Missing');
      expect(Object.values(ErrorCode)).to.include((error as { code: string }).code);
    } finally {
      await engine.close();
    }
  });
});
