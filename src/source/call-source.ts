/**
 * A call's audio from byte inputs, whatever holds the bytes: one two-channel file (agent on one channel,
 * customer on the other) or two mono files aligned frame by frame, in any format audio-stream.ts reads
 * (WAV, MP3, FLAC, Ogg, M4A…). Each file is probed first, so format problems surface before any analysis;
 * the samples then stream, so memory stays constant whatever the call's length. Portable: the CLI
 * (src/node/audio-source.ts) and the app's worker both open calls here.
 */
import { probeAudio, readPlanar, type AudioFormat } from './audio-stream.js';
import type { ByteInput } from './byte-input.js';
import { AudioInputError } from './errors.js';

export { AudioInputError } from './errors.js';
export { probeAudio, type AudioFormat } from './audio-stream.js';

/** What the call's audio is. For two files, the codec fields describe the agent file (codecName names both if they differ). */
export interface SourceInfo {
  files: string[];
  codecName: string;
  /** The WAV format tag (1 PCM, 3 float…); 0 for compressed files. */
  formatTag: number;
  sampleRateHz: number;
  /** Channels of the call: always 2 (agent and customer). */
  channels: number;
  /** The WAV's bits per sample; 0 for compressed files. */
  bitsPerSample: number;
}

/** Aligned samples in [-1, 1], equal lengths, fresh arrays (the caller may keep them). */
export interface CallBlock {
  agent: Float32Array;
  customer: Float32Array;
}

/** A call's audio, streamed from its inputs. */
export interface CallSource {
  readonly info: SourceInfo;
  /** The format of each file, in `info.files` order. */
  readonly formats: readonly AudioFormat[];
  /** One line each, prefixed with the file name; grows while reading, complete once blocks() has finished. */
  readonly warnings: string[];
  /** Aligned agent/customer samples at info.sampleRateHz, in order. Each call re-reads the inputs from the start. */
  blocks(): AsyncGenerator<CallBlock>;
}

/** How the rules for the inputs are worded: the CLI names its options, the app its gestures. */
export interface SourceWording {
  /** Ends "X is mono: a call needs two channels (agent and customer)". */
  monoHint: string;
  /** Follows "X has 2 channels: " when one of two files is not mono. */
  twoFilesRule: string;
}

export const APP_WORDING: SourceWording = {
  monoHint: ', or open the agent and the customer files together',
  twoFilesRule: 'each of the two files must be a mono file',
};

/**
 * Frames the call holds, for progress (the longer file's, for two files): as its header declares, or as
 * estimated for a compressed file; null when a file says neither.
 */
export function declaredFrames(source: CallSource): number | null {
  let most = 0;
  for (const f of source.formats) {
    const frames = f.declaredFrames ?? f.estimatedFrames;
    if (frames === null) return null;
    most = Math.max(most, frames);
  }
  return most;
}

/**
 * Opens a two-channel call; `agentChannel` (0 = left, 1 = right) holds the agent, the other the customer.
 * Reads the header first, so format errors throw (as AudioInputError) before any analysis.
 */
export async function openStereoSource(
  input: ByteInput,
  agentChannel: 0 | 1,
  wording: SourceWording = APP_WORDING,
): Promise<CallSource> {
  const format = await probeAudio(input);
  if (format.channels === 1) {
    throw new AudioInputError(
      `${input.name} is mono: a call needs two channels (agent and customer)${wording.monoHint}`,
    );
  }
  if (format.channels > 2) {
    throw new AudioInputError(
      `${input.name} has ${format.channels} channels: expected 2 (agent and customer)`,
    );
  }
  const warnings: string[] = [];
  return {
    info: infoOf([input.name], format, format.codecName),
    formats: [format],
    warnings,
    async *blocks() {
      warnings.length = 0;
      for await (const channels of readPlanar(input, format, warnings)) {
        const [left, right] = channels as [Float32Array, Float32Array];
        yield agentChannel === 0 ? { agent: left, customer: right } : { agent: right, customer: left };
      }
    },
  };
}

/**
 * Opens a call recorded as two mono files at the same sample rate (each in any format read). If one is shorter, it is padded with
 * silence to the other's length and a warning names the difference in seconds.
 */
export async function openTwoSources(
  agentInput: ByteInput,
  customerInput: ByteInput,
  wording: SourceWording = APP_WORDING,
): Promise<CallSource> {
  const agent = await probeAudio(agentInput);
  const customer = await probeAudio(customerInput);
  for (const [input, format] of [
    [agentInput, agent],
    [customerInput, customer],
  ] as const) {
    if (format.channels !== 1) {
      throw new AudioInputError(`${input.name} has ${format.channels} channels: ${wording.twoFilesRule}`);
    }
  }
  const [agentName, customerName] = [agentInput.name, customerInput.name];
  if (agent.sampleRateHz !== customer.sampleRateHz) {
    throw new AudioInputError(
      `${agentName} is ${agent.sampleRateHz} Hz but ${customerName} is ${customer.sampleRateHz} Hz: ` +
        'both files need the same sample rate',
    );
  }
  const codecName =
    agent.codecName === customer.codecName ? agent.codecName : `${agent.codecName} / ${customer.codecName}`;
  const warnings: string[] = [];
  return {
    info: infoOf([agentName, customerName], agent, codecName),
    formats: [agent, customer],
    warnings,
    async *blocks() {
      warnings.length = 0;
      const a = new Cursor(readPlanar(agentInput, agent, warnings));
      const c = new Cursor(readPlanar(customerInput, customer, warnings));
      try {
        for (;;) {
          const [na, nc] = [await a.available(), await c.available()];
          if (na === 0 && nc === 0) break;
          const frames = na === 0 ? nc : nc === 0 ? na : Math.min(na, nc);
          yield { agent: a.take(frames), customer: c.take(frames) };
        }
      } finally {
        await Promise.all([a.close(), c.close()]);
      }
      const [shorter, longer, padFrames] =
        a.paddedFrames > 0
          ? [agentName, customerName, a.paddedFrames]
          : [customerName, agentName, c.paddedFrames];
      if (padFrames > 0) {
        const seconds = (padFrames / agent.sampleRateHz).toFixed(2);
        warnings.push(`${shorter} is ${seconds} s shorter than ${longer}: padded with silence`);
      }
    },
  };
}

function infoOf(files: string[], format: AudioFormat, codecName: string): SourceInfo {
  const formatTag = format.wav?.formatTag ?? 0;
  const bitsPerSample = format.wav?.bitsPerSample ?? 0;
  return { files, codecName, formatTag, sampleRateHz: format.sampleRateHz, channels: 2, bitsPerSample };
}

/** Reads a mono block stream frame-exactly; past its end it returns silence and counts the padding. */
class Cursor {
  private block: Float32Array | null = null;
  private offset = 0;
  private finished = false;
  paddedFrames = 0;

  constructor(private readonly source: AsyncGenerator<Float32Array[]>) {}

  /** Frames left in the current block, fetching the next one if needed; 0 once the stream has ended. */
  async available(): Promise<number> {
    while (!this.finished && (this.block === null || this.offset >= this.block.length)) {
      const next = await this.source.next();
      this.finished = next.done === true;
      this.block = next.done === true ? null : (next.value[0] ?? null);
      this.offset = 0;
    }
    return this.block === null ? 0 : this.block.length - this.offset;
  }

  /** The next `frames` frames (at most available()), or silence once the stream has ended. */
  take(frames: number): Float32Array {
    if (this.block === null) {
      this.paddedFrames += frames;
      return new Float32Array(frames);
    }
    const whole = this.offset === 0 && frames === this.block.length;
    const out = whole ? this.block : this.block.slice(this.offset, this.offset + frames);
    this.offset += frames;
    return out;
  }

  async close(): Promise<void> {
    await this.source.return(undefined);
  }
}
