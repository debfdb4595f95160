/**
 * The tasklist's filter choices, read from the catalog: the procedures, and the steps (user
 * tasks) of a procedure's diagrams — the latest version and any version dossiers still run on,
 * since a step renamed in a new version still has tasks under its old id.
 */
import { api, ApiProblem, seg } from '../../shared/api.ts';

export interface Choice { value: string; label: string }

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

interface VersionUsage { version: number; running?: number }

export async function procedureChoices(): Promise<Choice[]> {
  const page = await api.get<{ items: { code: string; name: string }[] }>('/api/v1/procedures?limit=500');
  return page.items.map((p) => ({ value: p.code, label: `${p.code} — ${p.name}` }));
}

/** The user tasks of the procedure's diagrams in use, by id (first name wins), in diagram order. */
export async function stepChoices(procedure: string): Promise<Choice[]> {
  const { versions } = await api.get<{ versions: VersionUsage[] }>(`/api/v1/procedures/${seg(procedure)}`);
  const latest = Math.max(...versions.map((v) => v.version));
  const used = versions.filter((v) => v.version === latest || (v.running ?? 0) > 0).sort((a, b) => b.version - a.version);
  const steps = new Map<string, string>();
  for (const { version } of used) {
    // a version whose process is not deployed here has no diagram to read
    const found = await api.get<{ xml: string }>(`/api/v1/procedures/${seg(procedure)}/versions/${version}`)
      .catch((err: unknown) => { if (err instanceof ApiProblem && err.status === 404) return null; throw err; });
    if (!found) continue;
    const diagram = new DOMParser().parseFromString(found.xml, 'application/xml');
    for (const task of diagram.getElementsByTagNameNS(BPMN, 'userTask')) {
      const id = task.getAttribute('id');
      if (id && !steps.has(id)) steps.set(id, task.getAttribute('name')?.trim() || id);
    }
  }
  return [...steps].map(([value, label]) => ({ value, label }));
}
