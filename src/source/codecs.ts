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

/** What a decoder returns for the bytes given so far: planar samples, perhaps none yet. */
interface AudioData {
  channelData: Float32Array[];
  sampleRate: number;
  /** The wasm-audio-decoders list the frames they could not decode here instead of throwing. */
  errors?: unknown[];
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
 * decoded so far (fresh arrays). Errors are CodecErrors; `damagedFrames` counts frames the decoder skipped.
 */
export class CodecStream {
  damagedFrames = 0;
  private ended = false;

  private constructor(
    readonly kind: Exclude<AudioKind, 'wav'>,
    private readonly decoder: StreamDecoder,
  ) {}

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
      throw new CodecError(`the ${KIND_NAMES[this.kind]} data cannot be decoded (${firstLine(error)})`);
    }
    this.damagedFrames += data?.errors?.length ?? 0;
    const channels = data?.channelData ?? [];
    const frames = channels[0]?.length ?? 0;
    if (frames === 0) return null;
    if (!(data.sampleRate > 0) || channels.some((channel) => channel.length !== frames)) {
      this.close();
      throw new CodecError(`the ${KIND_NAMES[this.kind]} decoder returned unusable audio`);
    }
    return { channels: channels.map((channel) => channel.slice()), sampleRateHz: data.sampleRate };
  }
}
