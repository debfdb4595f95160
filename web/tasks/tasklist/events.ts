/**
 * The live tasklist stream. EventSource cannot send the bearer token, so the stream is read with
 * fetch and a ReadableStream and parsed as server-sent events; it reconnects after a drop.
 */
import { currentSession } from '../../shared/session.ts';

export interface TaskEvent { type: 'created' | 'removed' | 'assigned'; taskId: string; assignee?: string }

export function watchTasks(onEvent: (event: TaskEvent) => void, onReady: () => void): () => void {
  const abort = new AbortController();
  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const token = currentSession()?.token;
        if (!token) return;
        const res = await fetch('/api/v1/tasks/events', { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: abort.signal });
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (name === 'ready') onReady();
            else if (name === 'task' && data) onEvent(JSON.parse(data) as TaskEvent);
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  };
  void run();
  return () => abort.abort();
}
