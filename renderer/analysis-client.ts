/**
 * Runs analyses in a worker (off the UI thread): progress callbacks, a promise for the result, cancel.
 * One worker is kept warm between calls (its runtime and model take 1-2 s to load); a cancelled analysis
 * terminates its worker and the next one starts fresh.
 */
import type { Settings } from '../src/engine/settings.js';
import type { ByteSource } from './host/host.js';
import type { AnalyzeRequest, WorkerMessage } from '../src/ipc/worker-protocol.js';

export type AnalysisResult = Extract<WorkerMessage, { type: 'done' }>;

export interface Progress {
  /** 'levels': the first pass over the call (each party's own level); 'analysis': the analysis. */
  phase: 'levels' | 'analysis';
  secondsDone: number;
  secondsTotal: number | null;
}

/** The engine's (or the browser's) one-line reason an analysis failed. */
export class AnalysisError extends Error {
  override name = 'AnalysisError';
}

export interface RunningAnalysis {
  result: Promise<AnalysisResult>;
  /** Stops the worker; `result` rejects with an AnalysisError('cancelled'). */
  cancel(): void;
}

const WORKER_URL = 'worker.js';

export class AnalysisService {
  private idle: Worker | null = null;

  /** Starts a worker now so that the first analysis does not wait for the runtime. */
  warm(): void {
    this.idle ??= this.spawn();
  }

  private spawn(): Worker {
    return new Worker(WORKER_URL, { type: 'module', name: 'softspoken-analysis' });
  }

  analyze(
    parts: ByteSource[],
    agentSide: 0 | 1,
    onProgress: (progress: Progress) => void,
    settings?: Partial<Settings>,
  ): RunningAnalysis {
    const worker = this.idle ?? this.spawn();
    this.idle = null;
    let settle: ((outcome: AnalysisResult | AnalysisError) => void) | null = null;
    const result = new Promise<AnalysisResult>((resolve, reject) => {
      settle = (outcome) => {
        settle = null;
        worker.onmessage = null;
        worker.onerror = null;
        if (outcome instanceof AnalysisError) {
          worker.terminate(); // it may be mid-call or broken: never reuse it
          reject(outcome);
        } else {
          if (this.idle === null) this.idle = worker;
          else worker.terminate();
          resolve(outcome);
        }
      };
    });
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      switch (message.type) {
        case 'progress':
          onProgress({
            phase: message.phase,
            secondsDone: message.secondsDone,
            secondsTotal: message.secondsTotal,
          });
          break;
        case 'done':
          settle?.(message);
          break;
        case 'error':
          settle?.(new AnalysisError(message.message));
          break;
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      settle?.(new AnalysisError(`the analysis stopped unexpectedly (${event.message || 'worker error'})`));
    };
    const request: AnalyzeRequest = { type: 'analyze', parts, agentSide, ...(settings ? { settings } : {}) };
    worker.postMessage(request);
    return { result, cancel: () => settle?.(new AnalysisError('cancelled')) };
  }

  /** Terminates the warm worker. */
  close(): void {
    this.idle?.terminate();
    this.idle = null;
  }
}
