/**
 * Who may see an open task, as "principals" both adapters index: `a:<user>` for its assignee,
 * `u:<user>` for each candidate user, `g:<group>` for each candidate group. A task has one index
 * entry per principal within its agency, in the task-list order, so an officer's list is a merge
 * of a few ordered ranges (one per principal the officer holds), never a scan of the agency.
 */
import type { UserTaskState } from '../bpmn/execution/state.ts';
import type { TaskQuery } from './records.ts';

const assigned = (user: string) => `a:${user}`;
const candidateUser = (user: string) => `u:${user}`;
/** The principal of a candidate group. */
export const candidateGroup = (group: string): string => `g:${group}`;

/** The principals of a task, each once. */
export function principalsOf(task: Pick<UserTaskState, 'assignee' | 'candidateUsers' | 'candidateGroups'>): string[] {
  return [
    ...new Set([
      ...(task.assignee !== undefined ? [assigned(task.assignee)] : []),
      ...(task.candidateUsers ?? []).map(candidateUser),
      ...(task.candidateGroups ?? []).map(candidateGroup),
    ]),
  ];
}

/**
 * The query's conditions on principals: a task matches when, for every set, it holds at least one
 * principal of the set. The narrowest kinds come first: the first set drives an indexed query.
 * `assignee` is a set only when `agency` is given: without an agency, adapters serve it from their
 * assignee index instead.
 */
export function principalSets(query: TaskQuery): string[][] {
  const sets: string[][] = [];
  if (query.assignee !== undefined && query.agency !== undefined) sets.push([assigned(query.assignee)]);
  if (query.candidateUser !== undefined) sets.push([candidateUser(query.candidateUser)]);
  if (query.candidateGroup !== undefined) sets.push([candidateGroup(query.candidateGroup)]);
  if (query.candidateGroups) sets.push([...new Set(query.candidateGroups.map(candidateGroup))]);
  if (query.visibleTo) {
    const { user, groups } = query.visibleTo;
    sets.push([...new Set([assigned(user), candidateUser(user), ...groups.map(candidateGroup)])]);
  }
  return sets;
}

/** True when the query can match no task at all (an empty list of candidate groups). */
export function matchesNothing(query: TaskQuery): boolean {
  return query.candidateGroups !== undefined && query.candidateGroups.length === 0;
}
