import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../harness.ts';
import { demoOfficers, type DossierBody, json, receive, taskFor } from '../desk-fixtures.ts';

interface TaskEvent {
  type: 'created' | 'assigned' | 'removed';
  taskId: string;
  assignee?: string;
  task?: { elementId: string; dossier?: { code: string } };
}

/** Reads `event: task` messages from a server-sent event stream. */
class EventReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  readonly events: { event: string; data: unknown }[] = [];

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** Wait until an event matches (events read before count too). */
  async until<T>(event: string, match: (data: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((item) => item.event === event && match(item.data as T));
      if (found) return found.data as T;
      if (Date.now() > deadline) throw new Error(`no ${event} event matched; got ${JSON.stringify(this.events)}`);
      const { value, done } = await this.reader.read();
      if (done) throw new Error('the stream ended');
      this.buffer += this.decoder.decode(value, { stream: true });
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const name = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (name && data) this.events.push({ event: name, data: JSON.parse(data) });
      }
    }
  }
}

describe('api/routes/tasks: live tasklists (server-sent events)', function () {
  this.timeout(30_000);
  let server: TestServer;
  let tokens: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'motcua-task-events-'));
  const store = `sqlite:${join(dir, 'motcua.db')}`;
  before(async () => {
    // a file store, so that a second process can change it
    server = await startTestServer({ store });
    tokens = await demoOfficers(server);
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells the specialist of a task created for their group, and of its removal when another process claims it', async () => {
    // given the specialist's open stream
    const abort = new AbortController();
    const response = await server.fetch('/api/v1/tasks/events', { token: tokens.chuyenvien!, signal: abort.signal });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/event-stream/);
    const events = new EventReader(response.body!.getReader());
    await events.until('ready', () => true);
    try {
      // when a dossier reaches appraisal (the division head completes the assignment)
      const { code } = await json<DossierBody>(await receive(server, tokens.motcua!), 201);
      const assign = await taskFor(server, tokens.lanhdao!, 'group', code);
      await json(await server.fetch(`/api/v1/tasks/${assign.id}/complete`, { method: 'POST', token: tokens.lanhdao!, json: { data: {} } }), 204);
      // then the appraisal task appears, with its row
      const created = await events.until<TaskEvent>('task', (event) => event.type === 'created' && event.task?.dossier?.code === code);
      expect(created.task!.elementId).to.equal('Task_ThamDinh');
      // when another specialist claims it in another engine process on the same store
      await promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'claim-elsewhere.ts'), store, created.taskId, 'chuyenvien2']);
      // then it disappears from this officer's list
      await events.until<TaskEvent>('task', (event) => event.type === 'removed' && event.taskId === created.taskId);
    } finally {
      abort.abort();
    }
  });

  it('reads no officer\'s tasks while nothing is committed, however many streams are open, and all of them after a commit', async () => {
    // given three officers' open streams, and the store's task lists counted
    const abort = new AbortController();
    const streams = await Promise.all(['chuyenvien', 'lanhdao', 'motcua'].map(async (user) => {
      const response = await server.fetch('/api/v1/tasks/events', { token: tokens[user]!, signal: abort.signal });
      const reader = new EventReader(response.body!.getReader());
      await reader.until('ready', () => true);
      return reader;
    }));
    const { store: motcuaStore } = server.motcua;
    const listTasks = motcuaStore.listTasks.bind(motcuaStore);
    let lists = 0;
    motcuaStore.listTasks = (query) => {
      lists++;
      return listTasks(query);
    };
    try {
      // when nothing is committed for a while (after the first look, which reads once)
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const atRest = lists;
      await new Promise((resolve) => setTimeout(resolve, 2500));
      // then no stream read its tasks again
      expect(lists).to.equal(atRest);
      // when a dossier is received (its assignment waits in the division head's group)
      const { code } = await json<DossierBody>(await receive(server, tokens.motcua!), 201);
      // then the division head's stream shows it, and every stream looked
      await streams[1]!.until<TaskEvent>('task', (event) => event.type === 'created' && event.task?.dossier?.code === code);
      expect(lists).to.be.at.least(atRest + 2 * streams.length);
    } finally {
      motcuaStore.listTasks = listTasks;
      abort.abort();
    }
  });
});
