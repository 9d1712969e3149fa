import type { AudioInput } from '../src/node/live/live-run.js';

/** A capture input fed by hand (the live benchmark, the live-run tests): chunks with the arrival time chosen. */
export type HandInput = AudioInput & { deliver(samples: Float32Array, atMs: number): void };

export function handInput(): HandInput {
  let onData: ((s: Float32Array, at: number) => void) | null = null;
  return {
    async start(data) {
      onData = data;
    },
    async stop() {
      onData = null;
    },
    deliver(samples, atMs) {
      onData?.(samples, atMs);
    },
  };
}
