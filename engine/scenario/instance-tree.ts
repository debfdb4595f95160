import type { InstanceId } from '../bpmn/execution/state.ts';
import type { EngineApi, InstanceView } from '../runtime/api.ts';

/**
 * The instance and every instance it called, recursively, root first then depth-first in the
 * order the engine lists children: "in this instance or in an instance it called".
 */
export async function instanceTree(engine: EngineApi, rootId: InstanceId): Promise<InstanceView[]> {
  const root = await engine.getInstance(rootId);
  if (!root) return [];
  const tree: InstanceView[] = [];
  const visit = async (view: InstanceView): Promise<void> => {
    tree.push(view);
    for (const child of await engine.childInstances(view.id)) await visit(child);
  };
  await visit(root);
  return tree;
}
