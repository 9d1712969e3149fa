/**
 * Compressed audio (MP3, FLAC, Ogg Opus/Vorbis, M4A/AAC, ADTS AAC, AMR, WebM) decoded in streaming fashion by
 * the @audio WebAssembly decoders, which run in Node and in a Web Worker alike. Each decoder is loaded on
 * first use (its WebAssembly is inside its JavaScript), so a WAV-only run loads none. The decoders trim the
 * codec's start padding themselves (encoder delay, Opus pre-skip, the MP4 edit list): the samples line up
 * with the original recording (test/source/codecs.test.ts checks each against its WAV).
 *
 * Licences: the MP3, FLAC, Opus, Vorbis and WebM decoders are MIT, AMR Apache-2.0; the AAC decoder (FAAD2)
 * and the AC-3/DTS decoders @audio/decode-mp4 can load are GPL-2.0 (docs/formats.md).
 */
import { KIND_NAMES, type AudioKind } from './formats.js';
import { firstLine } from './errors.js';
import { Mp3Channels } from './mp3-frames.js';

/** What a decoder returns for the bytes given so far: planar samples, perhaps none yet. */
interface AudioData {
  channelData: Float32Array[];
  sampleRate: number;
  /** The frames they could not decode, instead of throwing: a list (wasm-audio-decoders) or a count (AAC). */
  errors?: unknown[] | number;
}

interface StreamDecoder {
  decode(data: Uint8Array): AudioData | Promise<AudioData>;
  flush?(): AudioData | Promise<AudioData>;
  free(): void;
}

type Loader = () => Promise<{ decoder(): Promise<StreamDecoder> }>;

const LOADERS: Record<Exclude<AudioKind, 'wav'>, Loader> = {
  mp3: () => import('@audio/decode-mp3'),
  flac: () => import('@audio/decode-flac'),
  'ogg-opus': () => import('@audio/decode-opus'),
  'ogg-vorbis': () => import('@audio/decode-vorbis'),
  mp4: () => import('@audio/decode-mp4'),
  aac: () => import('@audio/decode-aac'),
  amr: () => import('@audio/decode-amr'),
  webm: () => import('@audio/decode-webm'),
};

/**
 * Decoded samples beyond this are garbage from damaged data, not a lossy codec's overshoot of a loud
 * recording (+6 dB over full scale). All samples beyond ±1 are clipped; these are counted for a warning.
 */
const GARBLED_LEVEL = 2;

/** The codec could not decode the bytes: one line for the user (the caller prefixes the file name). */
export class CodecError extends Error {
  override name = 'CodecError';
}

/** Planar samples at a rate, copied out of the decoder's memory. */
export interface DecodedBlock {
  channels: Float32Array[];
  sampleRateHz: number;
}

/**
 * One compressed stream being decoded: push() the file's bytes in order, then end(). Each returns the samples
 * decoded so far (fresh arrays, within ±1). Errors are CodecErrors; the counts say what was repaired.
 */
export class CodecStream {
  /** Samples the decoder returned as NaN or infinite: read as 0 (NaN) or ±1 (infinity). */
  nonFiniteSamples = 0;
  /** Samples the decoder returned beyond ±GARBLED_LEVEL (clipped to ±1). */
  garbledSamples = 0;
  /** Frames returned so far. */
  outputFrames = 0;
  /** Frames returned before the first sign of damage (a skipped frame, a garbled sample); null while none. */
  firstDamageFrame: number | null = null;
  private ended = false;
  private listedErrors = 0;
  private countedErrors = 0;
  /** An MP3's channel mode from its frame headers: the MP3 decoder returns two channels even for mono. */
  private readonly mp3: Mp3Channels | null;

  private constructor(
    readonly kind: Exclude<AudioKind, 'wav'>,
    private readonly decoder: StreamDecoder,
  ) {
    this.mp3 = kind === 'mp3' ? new Mp3Channels() : null;
  }

  static async open(kind: Exclude<AudioKind, 'wav'>): Promise<CodecStream> {
    const what = KIND_NAMES[kind];
    try {
      const module = await LOADERS[kind]();
      return new CodecStream(kind, await module.decoder());
    } catch (error) {
      throw new CodecError(`the ${what} decoder could not start: ${firstLine(error)}`);
    }
  }

  async push(bytes: Uint8Array): Promise<DecodedBlock | null> {
    this.mp3?.push(bytes);
    return this.take(() => this.decoder.decode(bytes));
  }

  /** The last samples; frees the decoder. */
  async end(): Promise<DecodedBlock | null> {
    if (this.ended) return null;
    try {
      return this.decoder.flush ? await this.take(() => (this.decoder.flush as () => AudioData)()) : null;
    } finally {
      this.close();
    }
  }

  /** Frames the decoder skipped as undecodable. */
  get damagedFrames(): number {
    // decode-aac counts the first frame, which FAAD2 holds back (its decoder delay), with the undecodable ones
    return this.listedErrors + Math.max(0, this.countedErrors - 1);
  }

  /** Frees the decoder (also after an error, or when the reader stops early). */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.decoder.free();
    } catch {
      // a decoder that failed may refuse to be freed: nothing is left to release
    }
  }

  private async take(run: () => AudioData | Promise<AudioData>): Promise<DecodedBlock | null> {
    let data: AudioData;
    try {
      data = await run();
    } catch (error) {
      this.close();
      const what = KIND_NAMES[this.kind];
      throw new CodecError(
        isDecoderMessage(error)
          ? `the ${what} data cannot be decoded (${firstLine(error)})`
          : `the ${what} data is damaged: the decoder failed on it`,
      );
    }
    const errors = data?.errors ?? [];
    if (typeof errors === 'number') this.countedErrors += errors;
    else this.listedErrors += errors.length;
    const block = this.block(data);
    if (
      this.firstDamageFrame === null &&
      this.damagedFrames + this.garbledSamples + this.nonFiniteSamples > 0
    ) {
      // a listed error says how many samples came out before it (wasm-audio-decoders); else this block's start
      const said = Array.isArray(errors)
        ? (errors[0] as { outputSamples?: unknown } | undefined)?.outputSamples
        : null;
      this.firstDamageFrame = typeof said === 'number' && said >= 0 ? said : this.outputFrames;
    }
    this.outputFrames += block?.channels[0]?.length ?? 0;
    return block;
  }

  /** The decoder's samples as a block: one channel for a mono MP3, each within ±1 (repairs counted). */
  private block(data: AudioData): DecodedBlock | null {
    const decoded = data?.channelData ?? [];
    // a mono MP3 comes out as two copies of its one channel
    const channels = this.mp3?.channels === 1 ? decoded.slice(0, 1) : decoded;
    const frames = channels[0]?.length ?? 0;
    if (frames === 0) return null;
    if (!(data.sampleRate > 0) || channels.some((channel) => channel.length !== frames)) {
      this.close();
      throw new CodecError(`the ${KIND_NAMES[this.kind]} decoder returned unusable audio`);
    }
    return {
      channels: channels.map((channel) => this.clipped(channel.slice())),
      sampleRateHz: data.sampleRate,
    };
  }

  /** The samples within ±1, in place: NaN read as 0, the rest clipped; counts the repairs. */
  private clipped(samples: Float32Array): Float32Array {
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i] as number;
      if (x >= -1 && x <= 1) continue;
      if (!Number.isFinite(x)) this.nonFiniteSamples++;
      else if (Math.abs(x) > GARBLED_LEVEL) this.garbledSamples++;
      samples[i] = Number.isNaN(x) ? 0 : x > 0 ? 1 : -1;
    }
    return samples;
  }
}

/**
 * A decoder's own message is worth showing ('No audio track found in MP4', 'libopus -4 OPUS_INVALID_PACKET');
 * a failure of its code on damaged data (a TypeError, a WebAssembly trap, an allocation that failed) is not.
 */
function isDecoderMessage(error: unknown): boolean {
  return typeof error === 'string' || (error instanceof Error && error.name === 'Error');
}
