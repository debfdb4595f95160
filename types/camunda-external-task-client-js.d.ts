/**
 * The part of camunda-external-task-client-js (which ships no types) that the tests drive: the
 * real Camunda 7 worker client, run unchanged against /engine-rest.
 */
declare module 'camunda-external-task-client-js' {
  import type { EventEmitter } from 'node:events';

  export interface TypedValue {
    value: unknown;
    type: string;
    valueInfo?: Record<string, unknown>;
  }

  export class Variables {
    constructor(initial?: Record<string, TypedValue>, options?: Record<string, unknown>);
    get(name: string): unknown;
    getTyped(name: string): TypedValue | null;
    getAll(): Record<string, unknown>;
    getAllTyped(): Record<string, TypedValue>;
    set(name: string, value: unknown): this;
    setTyped(name: string, typed: TypedValue): this;
    setAll(values: Record<string, unknown>): this;
  }

  export interface Task {
    readonly id: string;
    readonly topicName: string;
    readonly processInstanceId: string;
    readonly processDefinitionKey: string;
    readonly activityId: string;
    readonly businessKey: string | null;
    readonly tenantId: string | null;
    readonly retries: number | null;
    readonly workerId: string;
    readonly lockExpirationTime: string;
    readonly variables: Variables;
  }

  export interface TaskService {
    complete(task: Task, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: Task, options: { errorMessage?: string; errorDetails?: string; retries?: number; retryTimeout?: number }): Promise<void>;
    handleBpmnError(task: Task, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    extendLock(task: Task, newDuration: number): Promise<void>;
    unlock(task: Task): Promise<void>;
  }

  export type Interceptor = (config: Record<string, unknown> & { headers?: Record<string, string> }) => Record<string, unknown>;

  export interface ClientOptions {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    interval?: number;
    lockDuration?: number;
    autoPoll?: boolean;
    asyncResponseTimeout?: number;
    interceptors?: Interceptor | Interceptor[];
    use?: unknown;
  }

  export class Client extends EventEmitter {
    constructor(options: ClientOptions);
    subscribe(topic: string, handler: (args: { task: Task; taskService: TaskService }) => Promise<void> | void): { unsubscribe(): void };
    subscribe(topic: string, options: Record<string, unknown>, handler: (args: { task: Task; taskService: TaskService }) => Promise<void> | void): { unsubscribe(): void };
    start(): void;
    stop(): void;
  }
}
