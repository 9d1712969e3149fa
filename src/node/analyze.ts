import { readFileSync } from 'node:fs';
import type { Cue } from '../engine/events.js';
import type { Settings } from '../engine/settings.js';
import type { Report } from '../report/schema.js';
import { analyzeCall } from '../source/analyze-call.js';
import type { CallSource } from './audio-source.js';
import { SileroStreams, type SileroInfer } from '../../dsp/silero.js';
import { createNodeSileroInfer } from './onnx-vad.js';

/** The package version, read once from package.json (found from dist/src/node when built, src/node under tsx). */
export const VERSION: string = (() => {
  for (const up of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (pkg.name === 'softspoken') return pkg.version;
    } catch {
      // not there: the other layout
    }
  }
  throw new Error('package.json of softspoken not found');
})();

export interface AnalyzeOptions {
  settings: Settings;
  /** Which source channel is the agent, for the report (null for two mono files). */
  agentChannel: number | null;
  /** The agent's level from their profile, dB: the start where the call has too little agent speech. */
  agentProfileDb?: number | null;
  /** The customers' calm level on the agent's line (their profile), dB: a prior where none is measured. */
  customerPriorDb?: number | null;
  /** false: judge as a live call is judged, each level from the first words (default true). */
  firstPass?: boolean;
  /** Live cues, for callers that show them (the report holds only final events). */
  onCue?: (cue: Cue) => void;
  /** Progress: seconds of audio analyzed so far. */
  onProgress?: (seconds: number) => void;
  /** A loaded model to share across calls (a folder of calls loads it once); loaded here if absent. */
  infer?: SileroInfer;
}

/**
 * Decode, analyze and report one call (src/source/analyze-call.ts, with the Node model unless one is given).
 * Streams: memory does not grow with the call's length.
 */
export async function analyzeSource(source: CallSource, options: AnalyzeOptions): Promise<Report> {
  // the model session is shared; each call gets fresh recurrent state
  const vad = new SileroStreams(options.infer ?? (await createNodeSileroInfer()), 8000, 2);
  const { settings, agentChannel, agentProfileDb, customerPriorDb, onCue, onProgress, firstPass } = options;
  return analyzeCall(source, {
    settings,
    vad,
    version: VERSION,
    agentChannel,
    ...(agentProfileDb !== undefined && { agentProfileDb }),
    ...(customerPriorDb !== undefined && { customerPriorDb }),
    ...(firstPass !== undefined && { firstPass }),
    ...(onCue && { onCue }),
    ...(onProgress && { onBlock: (_block, secondsDone) => onProgress(secondsDone) }),
  });
}
