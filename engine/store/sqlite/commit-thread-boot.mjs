// The writer thread's entry. Node does not carry the TypeScript loader (tsx) of the thread that
// starts a worker over to the worker, so the worker registers it before loading its TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./commit-thread-worker.ts');
