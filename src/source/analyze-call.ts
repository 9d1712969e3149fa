/**
 * One call from its source to its report: the source's blocks through CallAnalysis. Portable: the app's
 * worker runs it with onnxruntime-web, tests with onnxruntime-node; memory does not grow with the call.
 */
import type { SileroStreams } from '../../dsp/silero.js';
import { CallAnalysis, surveyLevels } from '../analysis.js';
import type { Cue } from '../engine/events.js';
import type { Settings } from '../engine/settings.js';
import type { Report } from '../report/schema.js';
import type { CallBlock, CallSource } from './call-source.js';
import { AudioInputError } from './errors.js';
import { SameSignalCheck, sameSignalMessage } from './same-signal.js';

export interface AnalyzeCallOptions {
  settings: Settings;
  /** Fresh VAD streams for this call (8 kHz, 2 streams); the model session behind them may be shared. */
  vad: SileroStreams;
  /** The analyzer's version, for the report. */
  version: string;
  /** Which source channel is the agent, for the report (null for two mono files). */
  agentChannel: number | null;
  /** The agent's level from their profile (earlier calls), dB: used only where the first pass finds none. */
  agentProfileDb?: number | null;
  /** The customers' calm level on the agent's line (their profile), dB: a prior where the first pass finds none. */
  customerPriorDb?: number | null;
  /**
   * Measure each party's level over the whole call first (default true). false judges the call as a
   * live session does, each level learned from the first words (or the profile): to compare the two.
   */
  firstPass?: boolean;
  onCue?: (cue: Cue) => void;
  /** Each block once analysed, with the seconds of audio analysed so far. */
  onBlock?: (block: CallBlock, secondsDone: number) => void;
  /** The first pass (each party's level) has read this many seconds of the call. */
  onSurvey?: (secondsDone: number) => void;
}

/**
 * Analyses the call and returns its report. Throws an AudioInputError when both sides turn out to be one
 * signal (a dual-mono export, one file given twice): at the end of the first pass, or of the analysis when
 * there is no first pass.
 */
export async function analyzeCall(source: CallSource, options: AnalyzeCallOptions): Promise<Report> {
  const { info } = source;
  const same = new SameSignalCheck();
  const refuseOneSignal = (): void => {
    if (same.sameSignal) throw new AudioInputError(sameSignalMessage(info.files));
  };
  // a recording is there whole: a first pass measures each party's level, so the first minute is
  // judged like the last (the engine itself stays causal)
  const seeds =
    options.firstPass === false
      ? { agentNormalDb: null, customerCalmDb: null }
      : await surveyLevels(
          counted(checked(source.blocks(), same), info.sampleRateHz, options.onSurvey),
          info.sampleRateHz,
          options.settings,
        );
  refuseOneSignal();
  const analysis = new CallAnalysis(
    options.settings,
    options.vad,
    {
      files: info.files,
      codec: info.codecName,
      sampleRateHz: info.sampleRateHz,
      channels: info.channels,
      agentChannel: options.agentChannel,
    },
    options.onCue ? { cue: options.onCue } : undefined,
    {
      ...seeds,
      agentProfileDb: options.agentProfileDb ?? null,
      customerPriorDb: options.customerPriorDb ?? null,
    },
  );
  for await (const block of options.firstPass === false ? checked(source.blocks(), same) : source.blocks()) {
    await analysis.push(block.agent, block.customer);
    options.onBlock?.(block, analysis.secondsIn);
  }
  refuseOneSignal();
  return analysis.finish(options.version, source.warnings);
}

/** The blocks as they are, shown to the one-signal check on the way. */
async function* checked(blocks: AsyncIterable<CallBlock>, same: SameSignalCheck): AsyncGenerator<CallBlock> {
  for await (const block of blocks) {
    same.push(block.agent, block.customer);
    yield block;
  }
}

/** The blocks as they are, telling `onSeconds` how far into the call they have got. */
async function* counted(
  blocks: AsyncIterable<CallBlock>,
  sampleRateHz: number,
  onSeconds?: (secondsDone: number) => void,
): AsyncGenerator<CallBlock> {
  let samples = 0;
  for await (const b of blocks) {
    yield b;
    samples += b.agent.length;
    onSeconds?.(samples / sampleRateHz);
  }
}
