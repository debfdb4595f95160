/**
 * The SQL of a task-list query and of its count, chosen by which filters are set (one prepared
 * statement per distinct SQL). Three ways in, each reading rows already in the task-list order so
 * that a page stops at its last row:
 *
 * - with an agency and a principal filter (visibleTo, candidateGroups, candidateGroup,
 *   candidateUser, assignee): one range of `task_candidates` per principal of the narrowest
 *   filter, merged by UNION (SQLite merges ordered branches and drops a task met twice);
 * - with a candidate group and no agency: the range of that group in `task_groups`;
 * - otherwise `tasks` itself, through its agency, assignee or list-order index.
 *
 * Any further principal filter is a probe of one `task_candidates` key per task.
 */
import type { TaskQuery } from '../records.ts';
import { isoToMs } from '../adapter-rules.ts';
import { candidateGroup, principalSets } from '../task-visibility.ts';

/** The SQL of one query and the named parameters it binds (limit and offset excepted). */
export interface TaskSql {
  readonly sql: string;
  readonly params: Record<string, unknown>;
}

const ROW_COLUMNS = 't.instance_id, t.process_key, t.agency, t.body';
/**
 * The most principals merged as UNION branches. SQLite refuses a compound SELECT of more than 500
 * terms; an officer holding more groups than this is served through the agency's index instead,
 * each task probed, which is right but not bounded by the page.
 */
const MAX_MERGED_RANGES = 64;
const ORDER = 'due_sort, priority DESC, created_ms, id';

/** A page of tasks: rows of TaskRow, bound with `limit` and `offset` besides `params`. */
export function taskQuerySql(query: TaskQuery): TaskSql {
  return build(query, 'page');
}

/** The number of matching tasks: one row `{ n }`. */
export function taskCountSql(query: TaskQuery): TaskSql {
  return build(query, 'count');
}

type Mode = 'page' | 'count';

function build(query: TaskQuery, mode: Mode): TaskSql {
  const params: Record<string, unknown> = {};
  const bind = (name: string, value: unknown): string => {
    params[name] = value;
    return `@${name}`;
  };
  const dueBefore = query.dueBefore !== undefined ? bind('dueBefore', isoToMs(query.dueBefore, 'dueBefore')) : undefined;
  const sets = principalSets(query);
  const byPrincipal = query.agency !== undefined && sets.length > 0 && sets[0].length <= MAX_MERGED_RANGES;
  const byGroup = !byPrincipal && query.candidateGroup !== undefined;
  const driver = byPrincipal ? sets[0] : undefined;
  // the sets the chosen way in does not already apply; without an agency the group's own set when it drives
  const probes = byPrincipal ? sets.slice(1) : byGroup ? sets.filter((set) => !(set.length === 1 && set[0] === candidateGroup(query.candidateGroup!))) : sets;

  const where: string[] = [];
  if (query.instanceId !== undefined) where.push(`t.instance_id = ${bind('instanceId', query.instanceId)}`);
  // with an agency, the assignee is one of the principal sets
  if (query.assignee !== undefined && query.agency === undefined) where.push(`t.assignee = ${bind('assignee', query.assignee)}`);
  if (query.elementId !== undefined) where.push(`t.element_id = ${bind('elementId', query.elementId)}`);
  if (query.processKey !== undefined) where.push(`t.process_key = ${bind('processKey', query.processKey)}`);
  if (query.unassigned === true) where.push('t.assignee IS NULL');
  probes.forEach((set, i) => {
    const names = set.map((principal, j) => bind(`x${i}_${j}`, principal)).join(', ');
    where.push(`EXISTS (SELECT 1 FROM task_candidates x${i} WHERE x${i}.agency = t.agency AND x${i}.principal IN (${names})
      AND x${i}.due_sort = t.due_sort AND x${i}.priority = t.priority AND x${i}.created_ms = t.created_ms AND x${i}.task_id = t.id)`);
  });

  if (driver) {
    const agency = bind('agency', query.agency);
    // only what `where` reads needs the task row: a bare count stays on task_candidates
    const join = mode === 'page' || where.length > 0 ? ' JOIN tasks t ON t.id = c.task_id' : '';
    const branches = driver.map((principal, i) => {
      const range = [`c.agency = ${agency}`, `c.principal = ${bind(`p${i}`, principal)}`, ...(dueBefore ? [`c.due_sort < ${dueBefore}`] : [])];
      const columns = `c.due_sort AS due_sort, c.priority AS priority, c.created_ms AS created_ms, c.task_id AS id${mode === 'page' ? `, ${ROW_COLUMNS}` : ''}`;
      return `SELECT ${columns} FROM task_candidates c${join} WHERE ${[...range, ...where].join(' AND ')}`;
    });
    // ordered even for the count: SQLite then merges the branches instead of sorting them to drop duplicates
    const merged = `${branches.join('\n    UNION ')}\n    ORDER BY ${ORDER}`;
    return { sql: mode === 'page' ? `${merged} LIMIT @limit OFFSET @offset` : `SELECT count(*) AS n FROM (${merged})`, params };
  }

  if (byGroup) {
    where.unshift(`g.group_id = ${bind('candidateGroup', query.candidateGroup)}`, ...(dueBefore ? [`g.due_sort < ${dueBefore}`] : []));
    return select(mode, 'task_groups g JOIN tasks t ON t.id = g.task_id', where, 'g.due_sort, g.priority DESC, g.created_ms, g.task_id', params);
  }
  if (query.agency !== undefined) where.unshift(`t.agency = ${bind('agency', query.agency)}`);
  if (dueBefore) where.push(`t.due_sort < ${dueBefore}`);
  return select(mode, 'tasks t', where, 't.due_sort, t.priority DESC, t.created_ms, t.id', params);
}

function select(mode: Mode, from: string, where: readonly string[], order: string, params: Record<string, unknown>): TaskSql {
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const sql = mode === 'page'
    ? `SELECT ${ROW_COLUMNS} FROM ${from}\n    ${filter}\n    ORDER BY ${order} LIMIT @limit OFFSET @offset`
    : `SELECT count(*) AS n FROM ${from}\n    ${filter}`;
  return { sql, params };
}
