/**
 * Node file sources for a call: one stereo WAV (agent on one channel, customer on the other) or two mono WAVs.
 * Files are streamed through the portable WavStreamDecoder in 64 KiB reads, so memory stays constant.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { WavFormatError, WavStreamDecoder, type WavFormat } from '../../dsp/wav.js';

const READ_CHUNK_BYTES = 64 * 1024;

/** A problem with the input files, as one user-facing line: the CLI prints it and exits non-zero. */
export class AudioInputError extends Error {
  override name = 'AudioInputError';
}

/** What the call's audio is. For two files, the codec fields describe the agent file (codecName names both if they differ). */
export interface SourceInfo {
  files: string[];
  codecName: string;
  formatTag: number;
  sampleRateHz: number;
  /** Channels of the call: always 2 (agent and customer). */
  channels: number;
  bitsPerSample: number;
}

/** Aligned samples in [-1, 1], equal lengths, fresh arrays (the caller may keep them). */
export interface CallBlock {
  agent: Float32Array;
  customer: Float32Array;
}

/** A call's audio, streamed from files. */
export interface CallSource {
  readonly info: SourceInfo;
  /** One line each, prefixed with the file name; grows while reading, complete once blocks() has finished. */
  readonly warnings: string[];
  /** Aligned agent/customer samples at info.sampleRateHz, in order. Each call re-reads the files from the start. */
  blocks(): AsyncGenerator<CallBlock>;
}

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** Turns decoder and file-system errors about `file` into AudioInputErrors; other errors pass through. */
function inputError(file: string, error: unknown): unknown {
  if (error instanceof AudioInputError) return error;
  if (error instanceof WavFormatError) return new AudioInputError(`${file}: ${error.message}`);
  if (typeof (error as NodeJS.ErrnoException | null)?.code === 'string') {
    return new AudioInputError(`cannot read ${file}: ${fsReason(error)}`);
  }
  return error;
}

/** Reads just the header (all of a short file) so format errors, and "no audio" in short files, surface early. */
async function probe(file: string): Promise<WavFormat> {
  const handle = await open(file, 'r').catch((error: unknown) => {
    throw inputError(file, error);
  });
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new AudioInputError(`cannot read ${file}: it is a directory`);
    if (!stat.isFile()) throw new AudioInputError(`cannot read ${file}: not a regular file`);
    const decoder = new WavStreamDecoder({ onFormat: () => undefined, onSamples: () => undefined });
    const buffer = new Uint8Array(READ_CHUNK_BYTES);
    let readBytes = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      readBytes += bytesRead;
      if (bytesRead > 0) decoder.push(buffer.subarray(0, bytesRead));
      if (bytesRead === 0 || readBytes >= stat.size) {
        decoder.end(); // the whole file is read: throws if it holds no (readable) audio
        break;
      }
      if (decoder.format !== null) break;
    }
    if (decoder.format === null) throw new AudioInputError(`${file}: file holds no audio`);
    return decoder.format;
  } catch (error) {
    throw inputError(file, error);
  } finally {
    await handle.close();
  }
}

/** Streams a file's samples as fresh planar copies, one array per channel; adds the decoder's warnings at the end. */
async function* readPlanar(file: string, warnings: string[]): AsyncGenerator<Float32Array[]> {
  const ready: Float32Array[][] = [];
  const decoder = new WavStreamDecoder({
    onFormat: () => undefined,
    onSamples: (channels) => void ready.push(channels.map((channel) => channel.slice())),
  });
  const stream = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  try {
    for await (const chunk of stream) {
      decoder.push(chunk as Uint8Array);
      yield* ready.splice(0);
    }
    const result = decoder.end();
    yield* ready.splice(0);
    warnings.push(...result.warnings.map((warning) => `${file}: ${warning}`));
  } catch (error) {
    throw inputError(file, error);
  } finally {
    stream.destroy();
  }
}

/**
 * Opens a stereo WAV call; `agentChannel` (0 = left, 1 = right) holds the agent, the other the customer.
 * Reads the header first, so format errors throw (as AudioInputError) before any analysis.
 */
export async function openStereoCall(path: string, agentChannel: 0 | 1): Promise<CallSource> {
  const format = await probe(path);
  if (format.channels === 1) {
    throw new AudioInputError(
      `${path} is mono: a call needs two channels (agent and customer), or pass --agent and --customer files`,
    );
  }
  if (format.channels > 2) {
    throw new AudioInputError(`${path} has ${format.channels} channels: expected 2 (agent and customer)`);
  }
  const warnings: string[] = [];
  return {
    info: infoOf([path], format, format.codecName),
    warnings,
    async *blocks() {
      warnings.length = 0;
      for await (const channels of readPlanar(path, warnings)) {
        const [left, right] = channels as [Float32Array, Float32Array];
        yield agentChannel === 0 ? { agent: left, customer: right } : { agent: right, customer: left };
      }
    },
  };
}

/**
 * Opens a call recorded as two mono WAV files at the same sample rate. If one is shorter, it is padded with
 * silence to the other's length and a warning names the difference in seconds.
 */
export async function openTwoFiles(agentPath: string, customerPath: string): Promise<CallSource> {
  const agent = await probe(agentPath);
  const customer = await probe(customerPath);
  for (const [file, format] of [
    [agentPath, agent],
    [customerPath, customer],
  ] as const) {
    if (format.channels !== 1) {
      throw new AudioInputError(
        `${file} has ${format.channels} channels: each of --agent/--customer must be a mono file`,
      );
    }
  }
  if (agent.sampleRateHz !== customer.sampleRateHz) {
    throw new AudioInputError(
      `${agentPath} is ${agent.sampleRateHz} Hz but ${customerPath} is ${customer.sampleRateHz} Hz: ` +
        'both files need the same sample rate',
    );
  }
  const codecName =
    agent.codecName === customer.codecName ? agent.codecName : `${agent.codecName} / ${customer.codecName}`;
  const warnings: string[] = [];
  return {
    info: infoOf([agentPath, customerPath], agent, codecName),
    warnings,
    async *blocks() {
      warnings.length = 0;
      const a = new Cursor(readPlanar(agentPath, warnings));
      const c = new Cursor(readPlanar(customerPath, warnings));
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
          ? [agentPath, customerPath, a.paddedFrames]
          : [customerPath, agentPath, c.paddedFrames];
      if (padFrames > 0) {
        const seconds = (padFrames / agent.sampleRateHz).toFixed(2);
        warnings.push(`${shorter} is ${seconds} s shorter than ${longer}: padded with silence`);
      }
    },
  };
}

function infoOf(files: string[], format: WavFormat, codecName: string): SourceInfo {
  const { formatTag, sampleRateHz, bitsPerSample } = format;
  return { files, codecName, formatTag, sampleRateHz, channels: 2, bitsPerSample };
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
