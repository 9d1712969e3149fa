/**
 * Loads the real LiveController (src/node/live/live-controller.ts) for main, from tsc's ES module output
 * beside main's bundle (dist/src/node/): it cannot be bundled into main's CommonJS file, since it reads
 * `import.meta.url` and loads onnxruntime-node's native addon. So it is imported at run time, on the first
 * live request, and a review-only session never loads the capture code or the voice model.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LiveController } from '../src/live/controller.js';

/** What main uses of the two modules (checked when they load: a stale dist/ says so). */
interface LiveModules {
  createLiveController(options: { version: string }): LiveController;
  VERSION: string;
}

/** `distDir` is the build's root (dist/, holding electron/ and src/). */
export async function loadLiveController(distDir: string): Promise<LiveController> {
  const url = (...parts: string[]): string => pathToFileURL(join(distDir, 'src', 'node', ...parts)).href;
  const [live, analyze] = (await Promise.all([
    import(url('live', 'live-controller.js')),
    import(url('analyze.js')),
  ])) as [Partial<LiveModules>, Partial<LiveModules>];
  if (typeof live.createLiveController !== 'function' || typeof analyze.VERSION !== 'string')
    throw new Error(`the live capture code in ${distDir} is missing or out of date: run 'npm run build'`);
  return live.createLiveController({ version: analyze.VERSION });
}
