/**
 * A worker process of a folder run (folder-run.ts starts one per job): loads the voice model once, then
 * analyses the calls it is sent one at a time (folder-task.ts), sending back progress and each result.
 * It ends when its parent disconnects.
 */
import type { SileroInfer } from '../../dsp/silero.js';
import { runTask, type FolderTask, type TaskProgress, type TaskResult } from './folder-task.js';
import { createNodeSileroInfer } from './onnx-vad.js';

/** Progress is sent at most this often per call, ms. */
const PROGRESS_INTERVAL_MS = 250;

let infer: Promise<SileroInfer> | null = null;

const send = (message: TaskResult | TaskProgress): void => {
  process.send?.(message);
};

process.on('message', (message: FolderTask) => {
  void (async () => {
    infer ??= createNodeSileroInfer();
    let last = 0;
    const result = await runTask(message, await infer, (secondsDone) => {
      const now = performance.now();
      if (now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      send({ type: 'progress', index: message.index, secondsDone });
    });
    send(result);
  })();
});
process.on('disconnect', () => process.exit(0));
