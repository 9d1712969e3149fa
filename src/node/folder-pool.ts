/**
 * The jobs of a folder run (folder-run.ts): the calls to analyse as they are found, taken by each job in
 * turn, in this process (one job) or in worker processes (folder-worker.ts), started only when a call
 * needs one. A worker that dies fails its call, and the next call gets a new worker.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { SileroInfer } from '../../dsp/silero.js';
import { runTask, type FolderTask, type TaskProgress, type TaskResult } from './folder-task.js';
import { createNodeSileroInfer } from './onnx-vad.js';

/** The worker process's module: compiled beside this one, or run from source under tsx. */
export function workerModule(): { path: string; execArgv: string[] } {
  const url = new URL(import.meta.url);
  const ts = url.pathname.endsWith('.ts');
  return {
    path: new URL(`./folder-worker.${ts ? 'ts' : 'js'}`, url).pathname,
    execArgv: ts ? ['--import', 'tsx'] : [],
  };
}

export interface PoolEvents {
  started(index: number): void;
  progress(p: TaskProgress): void;
  finished(result: TaskResult): void;
}

/** The calls to analyse as they are found; each job takes the next (undefined: none left). */
export class WorkQueue {
  private readonly items: number[] = [];
  private readonly waiting: ((index: number | undefined) => void)[] = [];
  private closed = false;

  push(index: number): void {
    const taker = this.waiting.shift();
    if (taker) taker(index);
    else this.items.push(index);
  }

  /** No more calls will come: the jobs waiting end. */
  close(): void {
    this.closed = true;
    for (const taker of this.waiting.splice(0)) taker(undefined);
  }

  take(): Promise<number | undefined> {
    const index = this.items.shift();
    if (index !== undefined || this.closed) return Promise.resolve(index);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** One job in this process: the model loaded once (when there is a call to analyse), the calls in turn. */
export async function runHere(
  queue: WorkQueue,
  task: (index: number) => FolderTask,
  on: PoolEvents,
): Promise<void> {
  let infer: SileroInfer | null = null;
  for (let index = await queue.take(); index !== undefined; index = await queue.take()) {
    infer ??= await createNodeSileroInfer();
    const i = index;
    on.started(i);
    on.finished(
      await runTask(task(i), infer, (secondsDone) =>
        on.progress({ type: 'progress', index: i, secondsDone }),
      ),
    );
  }
}

/**
 * One job in a worker process, started when there is a call for it: the calls in turn; a worker that dies
 * fails its call, and the next call gets a new worker.
 */
export async function runSlot(
  queue: WorkQueue,
  task: (index: number) => FolderTask,
  on: PoolEvents,
  worker: { path: string; execArgv: string[] },
): Promise<void> {
  let child: ChildProcess | null = null;
  for (let index = await queue.take(); index !== undefined; index = await queue.take()) {
    child ??= fork(worker.path, [], {
      execArgv: worker.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    on.started(index);
    const { result, died } = await runOn(child, task(index), on.progress);
    if (died) child = null;
    on.finished(result);
  }
  child?.disconnect();
}

/** Sends `work` to `child` and waits for its result, or for the child to die (the call then fails). */
function runOn(
  child: ChildProcess,
  work: FolderTask,
  progress: (p: TaskProgress) => void,
): Promise<{ result: TaskResult; died: boolean }> {
  return new Promise((resolve) => {
    const onMessage = (message: TaskResult | TaskProgress): void => {
      if (message.index !== work.index) return;
      if (message.type === 'progress') {
        progress(message);
        return;
      }
      done();
      resolve({ result: message, died: false });
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      done();
      const why = signal === null ? `exit code ${code ?? '?'}` : `signal ${signal}`;
      const message = `the analysis process stopped (${why})`;
      resolve({ result: { type: 'failed', index: work.index, message, internal: true }, died: true });
    };
    const done = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(work);
  });
}
