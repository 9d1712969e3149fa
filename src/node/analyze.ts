import { readFileSync } from 'node:fs';
import { CallAnalysis } from '../analysis.js';
import type { Cue } from '../engine/events.js';
import type { Settings } from '../engine/settings.js';
import type { Report } from '../report/schema.js';
import type { CallSource } from './audio-source.js';
import { SileroStreams, type SileroInfer } from '../../dsp/silero.js';
import { createNodeSileroInfer } from './onnx-vad.js';

/** The package version, read once from package.json. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface AnalyzeOptions {
  settings: Settings;
  /** Which source channel is the agent, for the report (null for two mono files). */
  agentChannel: number | null;
  /** Live cues, for callers that show them (the report holds only final events). */
  onCue?: (cue: Cue) => void;
  /** Progress: seconds of audio analyzed so far. */
  onProgress?: (seconds: number) => void;
  /** A loaded model to share across calls (a folder of calls loads it once); loaded here if absent. */
  infer?: SileroInfer;
}

/** Decode, analyze and report one call. Streams: memory does not grow with the call's length. */
export async function analyzeSource(source: CallSource, options: AnalyzeOptions): Promise<Report> {
  // the model session is shared; each call gets fresh recurrent state
  const vad = new SileroStreams(options.infer ?? (await createNodeSileroInfer()), 8000, 2);
  const info = source.info;
  const analysis = new CallAnalysis(
    options.settings,
    vad,
    {
      files: info.files,
      codec: info.codecName,
      sampleRateHz: info.sampleRateHz,
      channels: info.channels,
      agentChannel: options.agentChannel,
    },
    options.onCue,
  );
  for await (const block of source.blocks()) {
    await analysis.push(block.agent, block.customer);
    options.onProgress?.(analysis.secondsIn);
  }
  return analysis.finish(VERSION, source.warnings);
}
