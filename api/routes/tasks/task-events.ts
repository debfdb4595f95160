/**
 * Live tasklists over server-sent events. Each stream reads the caller's tasks from the store —
 * assigned to them, or offered to them and unclaimed — and tells what changed since the last
 * look: `created` (with the row to show), `assigned` (claimed by the caller), `removed` (completed,
 * cancelled, or claimed by someone else). Reading committed state from the store is what makes
 * it work when another process made the change. The streams of a process share one look per
 * interval at the store's history mark (every task change is recorded in history), and read their
 * tasks only when it moved: idle officers cost the store one cheap read a second in all, not two
 * list queries each. A comment line keeps idle connections open; a stream stops when its client
 * goes away.
 */
import type { Request, Response } from 'express';
import type { Officer, OpenTask, Store } from '../../../engine/index.ts';
import { officerOf } from '../../http/officer.ts';
import { caller, type Route } from '../../http/route.ts';
import { Role } from '../../identity/identity.ts';
import type { ApiServices } from '../../services.ts';

/** How often a stream looks at the store, and how often it proves it is alive. */
export const TASK_EVENTS_POLL_MS = 1000;
const HEARTBEAT_MS = 15_000;
/** The most tasks a stream follows per query (the first page of each view, by due date). */
const WATCHED = 500;

/** One look per interval at whether anything was committed, for every stream of a store; runs while a stream listens. */
class CommitWatch {
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private mark: string | undefined;
  private looking = false;

  constructor(
    private readonly store: Store,
    private readonly warn: (error: unknown) => void,
  ) {}

  /** Call `listener` after each commit (at most once per interval; once at the first look); returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    this.timer ??= setInterval(() => void this.look(), TASK_EVENTS_POLL_MS);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0 || !this.timer) return;
      clearInterval(this.timer);
      this.timer = undefined;
      this.mark = undefined;
    };
  }

  private async look(): Promise<void> {
    if (this.looking) return;
    this.looking = true;
    try {
      const mark = await this.store.historyMark();
      if (mark === this.mark) return;
      this.mark = mark;
      for (const listener of this.listeners) listener();
    } catch (error) {
      this.warn(error);
    } finally {
      this.looking = false;
    }
  }
}

const watches = new WeakMap<Store, CommitWatch>();

function watchOf(services: ApiServices): CommitWatch {
  const { store } = services.motcua;
  let watch = watches.get(store);
  if (!watch) {
    watch = new CommitWatch(store, (error) => services.log.warn({ err: error }, 'task events: looking at the store failed; retrying'));
    watches.set(store, watch);
  }
  return watch;
}

interface Seen {
  readonly assignee?: string;
}

async function snapshot(services: ApiServices, officer: Officer): Promise<Map<string, OpenTask>> {
  const { store } = services.motcua;
  const [mine, offered] = await Promise.all([
    store.listTasks({ agency: officer.agency, assignee: officer.user, limit: WATCHED }),
    store.listTasks({ agency: officer.agency, visibleTo: { user: officer.user, groups: officer.groups }, unassigned: true, limit: WATCHED }),
  ]);
  return new Map([...mine, ...offered].map((task) => [task.id, task]));
}

function write(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

async function stream(req: Request, res: Response, services: ApiServices, officer: Officer): Promise<void> {
  res.status(200);
  res.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
  res.write(`retry: 3000\n\n`);
  let seen = new Map<string, Seen>();
  for (const [id, task] of await snapshot(services, officer)) seen.set(id, task.assignee ? { assignee: task.assignee } : {});
  write(res, 'ready', { watching: seen.size });
  let open = true;
  let polling = false;
  // a commit seen while the stream was still reading the last one's tasks: read again after it
  let again = false;
  const poll = async (): Promise<void> => {
    if (!open) return;
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    try {
      const now = await snapshot(services, officer);
      const created = [...now.values()].filter((task) => !seen.has(task.id));
      const rows = created.length ? await services.motcua.taskBoard.rows(created, officer) : [];
      for (const row of rows) write(res, 'task', { type: 'created', taskId: row.id, task: row });
      for (const [id, task] of now) {
        const before = seen.get(id);
        if (before && before.assignee !== task.assignee) write(res, 'task', { type: 'assigned', taskId: id, ...(task.assignee ? { assignee: task.assignee } : {}) });
      }
      for (const id of seen.keys()) if (!now.has(id)) write(res, 'task', { type: 'removed', taskId: id });
      seen = new Map([...now].map(([id, task]) => [id, task.assignee ? { assignee: task.assignee } : {}]));
    } catch (error) {
      services.log.warn({ err: error }, 'task events: polling the store failed; retrying');
    } finally {
      polling = false;
      if (again) {
        again = false;
        void poll();
      }
    }
  };
  const unsubscribe = watchOf(services).subscribe(() => void poll());
  const heartbeat = setInterval(() => res.write(`: heartbeat\n\n`), HEARTBEAT_MS);
  const stop = () => {
    open = false;
    unsubscribe();
    clearInterval(heartbeat);
  };
  req.on('close', stop);
  res.on('close', stop);
}

export const taskEventRoutes: Route[] = [
  {
    method: 'get',
    path: '/api/v1/tasks/events',
    face: 'v1',
    access: { roles: [Role.Officer] },
    summary: 'Server-sent events: the caller\'s tasks created, assigned to them, or removed (completed, cancelled, claimed elsewhere)',
    tags: ['tasks'],
    responses: {
      200: {
        description: '`event: task` lines with data `{ type: created | assigned | removed, taskId, task? , assignee? }`; `event: ready` first; comment heartbeats',
        contentType: 'text/event-stream',
        schema: { type: 'string' },
      },
    },
    async handle(context) {
      await stream(context.req, context.res, context.services, officerOf(caller(context)));
      return undefined;
    },
  },
];
