/**
 * The officer's task list: the views of the tasklist (mine; my groups, unclaimed; due within one
 * working day; overdue; all I may see), each with its count, sorted by due date, every query
 * scoped to the officer's agency and served by the store's task indexes (`visibleTo`,
 * `unassigned`, `dueBefore`, `countTasks`). Rows carry the dossier they serve (code, procedure,
 * applicant, dates, status) and the due state read on the agency's calendar; tasks of processes
 * without a dossier are listed with their process and business key.
 */
import type { InstanceId } from '../../bpmn/execution/state.ts';
import type { Clock, OpenTask, TaskQuery } from '../../runtime/api.ts';
import type { Store } from '../../store/port.ts';
import type { WorkingCalendar } from '../calendar/index.ts';
import type { Dossier } from '../dossier/dossier.ts';
import { dossierOfState, loadDossier } from '../dossier/dossier-queries.ts';
import { DOSSIER_STATUS_LABEL } from '../dossier/dossier-status.ts';
import type { Officer } from './dossier-actions.ts';
import { dueSoonHorizon } from './due-state.ts';
import { type TaskSummary, taskSummary } from './task-summary.ts';

export const TaskView = { Mine: 'mine', Group: 'group', DueSoon: 'due-soon', Overdue: 'overdue', All: 'all' } as const;
export type TaskView = (typeof TaskView)[keyof typeof TaskView];
export const TASK_VIEWS: readonly TaskView[] = Object.values(TaskView);

export interface TaskBoardQuery {
  readonly view: TaskView;
  /** process key of the procedure */
  readonly processKey?: string;
  /** the step (element id) */
  readonly elementId?: string;
  /** a dossier code (the business key) */
  readonly code?: string;
  readonly limit: number;
  readonly offset: number;
}

export interface TaskRow extends TaskSummary {
  readonly processVersion?: number;
  readonly businessKey?: string;
  readonly dossier?: {
    readonly code: string;
    readonly procedureCode: string;
    readonly procedureName: string;
    readonly applicantName: string;
    readonly receivedAt: string;
    readonly acceptedAt?: string;
    readonly dueAt?: string;
    readonly status: string;
    readonly statusLabel: string;
  };
}

export interface TaskCounts {
  readonly mine: number;
  readonly group: number;
  readonly dueSoon: number;
  readonly overdue: number;
  readonly all: number;
}

export interface TaskBoardPage {
  readonly items: TaskRow[];
  readonly total: number;
  readonly counts: TaskCounts;
}

export interface TaskBoardOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly calendarFor: (agency: string) => WorkingCalendar;
}

interface InstanceFacts {
  readonly processVersion: number;
  readonly businessKey?: string;
  readonly dossier?: Dossier;
}

export class TaskBoard {
  constructor(private readonly options: TaskBoardOptions) {}

  private base(officer: Officer, query: Pick<TaskBoardQuery, 'processKey' | 'elementId'>): TaskQuery {
    return {
      agency: officer.agency,
      ...(query.processKey ? { processKey: query.processKey } : {}),
      ...(query.elementId ? { elementId: query.elementId } : {}),
    };
  }

  /** The store query of a view; `due-soon` pages past the overdue tasks that sort before it. */
  private viewQuery(view: TaskView, officer: Officer, base: TaskQuery, now: number): TaskQuery {
    const visibleTo = { user: officer.user, groups: officer.groups };
    const calendar = this.options.calendarFor(officer.agency);
    switch (view) {
      case TaskView.Mine:
        return { ...base, assignee: officer.user };
      case TaskView.Group:
        return { ...base, visibleTo, unassigned: true };
      case TaskView.DueSoon:
        return { ...base, visibleTo, dueBefore: new Date(dueSoonHorizon(calendar, now) + 1).toISOString() };
      case TaskView.Overdue:
        return { ...base, visibleTo, dueBefore: new Date(now).toISOString() };
      case TaskView.All:
        return { ...base, visibleTo };
    }
  }

  async counts(officer: Officer, filter: Pick<TaskBoardQuery, 'processKey' | 'elementId'> = {}): Promise<TaskCounts> {
    const now = this.options.clock.now();
    const base = this.base(officer, filter);
    const count = (view: TaskView) => this.options.store.countTasks(this.viewQuery(view, officer, base, now));
    const [mine, group, dueSoonOrOverdue, overdue, all] = await Promise.all([count(TaskView.Mine), count(TaskView.Group), count(TaskView.DueSoon), count(TaskView.Overdue), count(TaskView.All)]);
    return { mine, group, dueSoon: dueSoonOrOverdue - overdue, overdue, all };
  }

  /** One page of a view, with the counts of every view under the same filters. */
  async page(officer: Officer, query: TaskBoardQuery): Promise<TaskBoardPage> {
    const now = this.options.clock.now();
    const base = this.base(officer, query);
    const counts = await this.counts(officer, query);
    let tasks: OpenTask[];
    let total: number;
    if (query.code !== undefined) {
      tasks = await this.tasksOfDossier(officer, query.code, query.view, this.viewQuery(query.view, officer, base, now), now);
      total = tasks.length;
      tasks = tasks.slice(query.offset, query.offset + query.limit);
    } else {
      const viewQuery = this.viewQuery(query.view, officer, base, now);
      const skip = query.view === TaskView.DueSoon ? counts.overdue : 0;
      tasks = await this.options.store.listTasks({ ...viewQuery, limit: query.limit, offset: query.offset + skip });
      total = this.totalOf(query.view, counts);
    }
    return { items: await this.rows(tasks, officer, now), total, counts };
  }

  private totalOf(view: TaskView, counts: TaskCounts): number {
    switch (view) {
      case TaskView.Mine: return counts.mine;
      case TaskView.Group: return counts.group;
      case TaskView.DueSoon: return counts.dueSoon;
      case TaskView.Overdue: return counts.overdue;
      case TaskView.All: return counts.all;
    }
  }

  /** The view's tasks of the dossier's instances (itself and what it called), found by its code. */
  private async tasksOfDossier(officer: Officer, code: string, view: TaskView, viewQuery: TaskQuery, now: number): Promise<OpenTask[]> {
    const instances = await this.options.store.listInstances({ agency: officer.agency, businessKey: code, limit: 100 });
    const lists = await Promise.all(instances.map((instance) => this.options.store.listTasks({ ...viewQuery, instanceId: instance.id })));
    return lists
      .flat()
      .filter((task) => view !== TaskView.DueSoon || (task.dueAt !== undefined && Date.parse(task.dueAt) >= now))
      .sort((a, b) => (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff'));
  }

  private async facts(instanceId: InstanceId, cache: Map<InstanceId, InstanceFacts | undefined>): Promise<InstanceFacts | undefined> {
    if (cache.has(instanceId)) return cache.get(instanceId);
    const loaded = await this.options.store.getInstance(instanceId);
    let facts: InstanceFacts | undefined;
    if (loaded) {
      const { record } = loaded;
      // a called instance (an inter-agency step) serves the dossier of the instance that called it
      const root = record.parentInstanceId ? await this.rootOf(record.parentInstanceId) : record.id;
      // the instance just read is most often the dossier's own: its state is not read a second time
      const dossier = root === record.id ? dossierOfState(record.state) : (await loadDossier(this.options.store, root))?.dossier;
      facts = { processVersion: record.processVersion, ...(record.businessKey ? { businessKey: record.businessKey } : {}), ...(dossier ? { dossier } : {}) };
    }
    cache.set(instanceId, facts);
    return facts;
  }

  private async rootOf(instanceId: InstanceId): Promise<InstanceId> {
    let current = instanceId;
    for (let depth = 0; depth < 16; depth++) {
      const parent = (await this.options.store.getInstance(current))?.record.parentInstanceId;
      if (!parent) return current;
      current = parent;
    }
    return current;
  }

  /** Rows for tasks of the officer's agency. */
  async rows(tasks: readonly OpenTask[], officer: Officer, now = this.options.clock.now()): Promise<TaskRow[]> {
    const cache = new Map<InstanceId, InstanceFacts | undefined>();
    const rows: TaskRow[] = [];
    for (const task of tasks) rows.push(this.row(task, await this.facts(task.instanceId, cache), officer, now));
    return rows;
  }

  private row(task: OpenTask, facts: InstanceFacts | undefined, officer: Officer, now: number): TaskRow {
    const dossier = facts?.dossier;
    const calendar = this.options.calendarFor(dossier?.handlingAgency ?? officer.agency);
    return {
      ...taskSummary(task, calendar, now),
      ...(facts ? { processVersion: facts.processVersion } : {}),
      ...(facts?.businessKey ? { businessKey: facts.businessKey } : {}),
      ...(dossier
        ? {
            dossier: {
              code: dossier.code,
              procedureCode: dossier.procedure.code,
              procedureName: dossier.procedure.name,
              applicantName: dossier.applicant.name,
              receivedAt: dossier.submittedAt,
              ...(dossier.acceptedAt ? { acceptedAt: dossier.acceptedAt } : {}),
              ...(dossier.dueAt ? { dueAt: dossier.dueAt } : {}),
              status: dossier.status,
              statusLabel: DOSSIER_STATUS_LABEL[dossier.status],
            },
          }
        : {}),
    };
  }
}

