import type { WorkerMessage } from '../src/ipc/worker-protocol.js';

/**
 * What code run in the page (`page.evaluate`) uses of its globals: the page's address and the analysis
 * worker. The e2e files are type-checked without the DOM library, so this stands in for it.
 */
export interface PageGlobals {
  location: { href: string };
  Worker: new (
    url: string,
    options: { type: 'module' },
  ) => {
    onmessage: ((event: { data: WorkerMessage }) => void) | null;
    onerror: ((event: { message: string }) => void) | null;
    postMessage(message: unknown): void;
    terminate(): void;
  };
}
