/**
 * Streaming, push-based WAV (RIFF/WAVE) decoder: feed bytes in any chunking, receive planar float blocks.
 * Memory stays constant whatever the file length: only one output block per channel is kept.
 */
import { claimsWideSamples, DEPTH_CHECK_SEC, holds16BitData } from './wav-depth.js';
import { decodeChannel, kernelFor, type Kernel, type OddSamples } from './wav-samples.js';
import {
  chunkLabel,
  fail,
  fourcc,
  isChunkId,
  parseFmt,
  u32,
  u64,
  WavFormatError,
  type WavContainer,
  type WavFormat,
} from './wav-header.js';

export {
  encodeWav,
  encodeWavFrames,
  encodeWavHeader,
  WavFormatError,
  type SampleEncoding,
  type WavContainer,
  type WavFormat,
} from './wav-header.js';

/** Callbacks of {@link WavStreamDecoder}, called synchronously from push() and end(). */
export interface WavDecoderHandlers {
  /** Called once, when the data chunk starts. */
  onFormat(format: WavFormat): void;
  /** Planar samples in [-1, 1]; arrays are views reused between calls: copy what you keep. frames = channel[0].length */
  onSamples(channels: readonly Float32Array[]): void;
}

type State = 'riff' | 'chunk' | 'fmt' | 'ds64' | 'skip' | 'depth' | 'data';

/** A data or other chunk size field meaning "see the ds64 chunk" (RF64/BW64) or "unknown" (streaming writers). */
const SIZE_UNKNOWN = 0xffffffff;
/**
 * Audio found after the declared data is named in a warning when it lasts this long, s; a few bytes of
 * padding after the data (read as a few ms of sound at the end) are not worth one.
 */
const MIN_OVERRUN_SEC = 0.1;
/** The ds64 fields read: riffSize, dataSize, sampleCount, 64-bit each (EBU Tech 3306 §3; the table is skipped). */
const DS64_READ_BYTES = 24;

/**
 * Push-based WAV decoder. Reads RIFF, RF64 and BW64 (the data size then comes from the ds64 chunk). Walks the
 * chunks (skipping LIST, fact, JUNK, … and honouring pad bytes), reports the format when the data chunk starts,
 * then decodes the declared data bytes (or to the end when the header gives no size) into planar blocks of
 * `maxBlockFrames` frames; a later data chunk continues the audio. end() delivers the last, shorter block.
 */
export class WavStreamDecoder {
  private readonly maxBlockFrames: number;
  private state: State = 'riff';
  private readonly header = new Uint8Array(40);
  private headerHave = 0;
  private headerNeed = 12;
  /** Where the chunk header starts in `header`: after a data chunk, its pad byte is read with the next header. */
  private headerOffset = 0;
  /** Frames read before the declared data ran out and more audio followed it (not a chunk); null when none did. */
  private overrunFrom: number | null = null;
  private skipBytes = 0;
  /** The chunk being skipped: its id, the size its header claims, and the body bytes read before the skip. */
  private skipping: { id: string; sizeBytes: number; readBytes: number; skipBytes: number } | null = null;
  private fmtSizeBytes = 0;
  private container: WavContainer = 'RIFF';
  /** The data size from the ds64 chunk (RF64/BW64), used where the data chunk's size field is 0xFFFFFFFF. */
  private ds64DataBytes: number | null = null;
  private ds64SizeBytes = 0;
  private pendingFormat: WavFormat | null = null;
  private current: WavFormat | null = null;
  /** A header claiming wide samples, and the first data bytes held to check it (wav-depth.ts) before any is decoded. */
  private checking: { format: WavFormat; held: Uint8Array[]; heldBytes: number; needBytes: number } | null =
    null;
  /** Bytes left in the current data chunk; null when it runs to the end of the file. */
  private dataLeftBytes: number | null = null;
  /** The pad byte after an odd-sized data chunk. */
  private dataPadBytes = 0;
  /** The sum of the data chunks' sizes so far; null once one runs to the end of the file. */
  private declaredTotalBytes: number | null = null;
  private dataChunks = 0;
  private kernel: Kernel = 's16';
  private stride = 1;
  private sampleBytes = 1;
  private carry = new Uint8Array(0);
  private carryHave = 0;
  private planes: Float32Array[] = [];
  private fill = 0;
  private frames = 0;
  private bytesSeen = 0;
  /** Float samples beyond ±1 (clipped), and NaN or infinite (NaN read as 0, infinities clipped). */
  /** Float samples beyond ±1 (clipped) and NaN or infinite, counted by the sample kernels. */
  private readonly odd: OddSamples = { clipped: 0, nonFinite: 0 };
  private readonly warnings: string[] = [];
  private failure: WavFormatError | null = null;
  private result: { frames: number; warnings: string[] } | null = null;

  constructor(
    private readonly handlers: WavDecoderHandlers,
    options?: { maxBlockFrames?: number },
  ) {
    this.maxBlockFrames = Math.max(1, Math.floor(options?.maxBlockFrames ?? 4096));
  }

  /** The format, once the data chunk has started; null before. */
  get format(): WavFormat | null {
    return this.current;
  }

  /** The frames decoded so far. */
  get framesDecoded(): number {
    return this.frames;
  }

  /** Feeds the next bytes of the file (any chunk size, even 1 byte). Throws WavFormatError on bad input. */
  push(bytes: Uint8Array): void {
    if (this.failure) throw this.failure;
    if (this.result) throw new Error('WavStreamDecoder: push() after end()');
    try {
      this.consume(bytes);
    } catch (error) {
      throw this.remember(error);
    }
  }

  /**
   * Flushes the last block; returns the frame count and warnings. Throws WavFormatError if there was no audio,
   * or (float) not one finite sample: the samples already delivered are then to be discarded.
   */
  end(): { frames: number; warnings: string[] } {
    if (this.failure) throw this.failure;
    if (this.result) return this.result;
    try {
      this.finish();
    } catch (error) {
      throw this.remember(error);
    }
    this.result = { frames: this.frames, warnings: [...this.warnings] };
    return this.result;
  }

  /** A WavFormatError is final: later calls rethrow it. Other errors (from handlers) pass through. */
  private remember(error: unknown): unknown {
    if (error instanceof WavFormatError) this.failure = error;
    return error;
  }

  private finish(): void {
    if (this.checking !== null) this.decideDepth();
    const fmt = this.current;
    if (fmt === null) {
      if (this.bytesSeen === 0) fail('file is empty');
      if (this.state === 'riff') {
        const seen = fourcc(this.header, 0).slice(0, this.headerHave);
        if (!['RIFF', 'RIFX', 'RF64', 'BW64'].some((id) => id.startsWith(seen)))
          fail('not a WAV file (no RIFF/WAVE header)');
        fail(`truncated header: the file ends after ${this.bytesSeen} bytes`);
      }
      if (this.state === 'fmt') fail('truncated header: the fmt chunk is cut short');
      if (this.state === 'ds64') fail('truncated header: the ds64 chunk is cut short');
      const skipping = this.state === 'skip' ? this.skipping : null;
      if (skipping !== null) {
        // The walk ran off the end inside a chunk: its size is wrong (and may have hidden the data chunk).
        const present = skipping.readBytes + skipping.skipBytes - this.skipBytes;
        if (present < skipping.sizeBytes) {
          fail(
            `the ${chunkLabel(skipping.id)} claims ${skipping.sizeBytes} bytes but only ${present} remain: ` +
              'bad chunk size (the file is damaged)',
          );
        }
      }
      fail(this.pendingFormat ? 'file holds no audio (no data chunk)' : 'truncated header: no fmt chunk');
    }
    if (this.dataChunks > 1) {
      this.warnings.push(`the file has ${this.dataChunks} data chunks: read them in order`);
    }
    const seconds = (frames: number): string => (frames / fmt.sampleRateHz).toFixed(1);
    const declared = this.declaredTotalBytes;
    const skipping = this.state === 'skip' ? this.skipping : null;
    if (this.overrunFrom !== null && this.frames - this.overrunFrom >= MIN_OVERRUN_SEC * fmt.sampleRateHz) {
      this.warnings.push(
        `header says ${seconds(this.overrunFrom)} s of audio but the file holds ${seconds(this.frames)} s ` +
          '(its data size is wrong): read to the end of the file',
      );
    } else if (
      skipping !== null &&
      skipping.readBytes + skipping.skipBytes - this.skipBytes < skipping.sizeBytes
    ) {
      // after the audio, a "chunk" runs past the end of the file: audio may hide in it
      const present = skipping.readBytes + skipping.skipBytes - this.skipBytes;
      this.warnings.push(
        `after ${seconds(this.frames)} s of audio, the ${chunkLabel(skipping.id)} claims ${skipping.sizeBytes} bytes ` +
          `but only ${present} remain: the last ${present + 8} bytes of the file were not read`,
      );
    }
    if (this.dataLeftBytes !== null && this.dataLeftBytes > 0 && declared !== null) {
      const said = `header says ${seconds(Math.floor(declared / this.stride))} s of audio`;
      this.warnings.push(
        `${said} but the file holds ${seconds(this.frames)} s (cut short?): analyzed what is there`,
      );
    } else if (this.carryHave > 0) {
      this.warnings.push(`dropped ${this.carryHave} bytes of a partial frame at the end of the audio`);
    }
    if (this.odd.clipped > 0) this.warnings.push(`${this.odd.clipped} float samples beyond ±1 were clipped`);
    if (this.odd.nonFinite > 0) {
      this.warnings.push(
        `${this.odd.nonFinite} float samples were NaN or infinite: read as 0 (NaN) or ±1 (infinity)`,
      );
    }
    if (this.fill > 0) {
      const fill = this.fill;
      this.fill = 0;
      this.handlers.onSamples(this.planes.map((plane) => plane.subarray(0, fill)));
    }
    if (this.frames === 0) {
      const cut = declared !== null && declared >= this.stride;
      fail(
        cut
          ? `file holds no audio: the header says ${seconds(Math.floor(declared / this.stride))} s, ` +
              'but the file ends where the audio should start (cut short?)'
          : 'file holds no audio',
      );
    }
    // Decided only here, as the decoder streams: the caller discards the samples it was given on this error.
    if (this.odd.nonFinite === this.frames * fmt.channels) {
      fail('every sample is NaN or infinite: the float data is damaged');
    }
  }

  private consume(bytes: Uint8Array): void {
    this.bytesSeen += bytes.length;
    let pos = 0;
    while (pos < bytes.length) {
      if (this.state === 'data') {
        pos = this.consumeData(bytes, pos);
      } else if (this.state === 'depth') {
        pos = this.hold(bytes, pos);
      } else if (this.state === 'skip') {
        const n = Math.min(this.skipBytes, bytes.length - pos);
        pos += n;
        this.skipBytes -= n;
        if (this.skipBytes === 0) this.expectChunk();
      } else {
        while (this.headerHave < this.headerNeed && pos < bytes.length) {
          this.header[this.headerHave++] = bytes[pos++] as number;
        }
        if (this.headerHave === this.headerNeed) this.headerComplete();
      }
    }
  }

  private expectChunk(): void {
    this.state = 'chunk';
    this.headerHave = 0;
    this.headerNeed = 8;
    this.headerOffset = 0;
  }

  /**
   * The declared data has been read: its pad byte (`pad`, 0 or 1) and the next chunk header are read
   * together, so that if they turn out to be more audio (the data size was short), not a byte is lost.
   */
  private expectChunkAfterData(pad: number): void {
    this.state = 'chunk';
    this.headerHave = 0;
    this.headerNeed = 8 + pad;
    this.headerOffset = pad;
  }

  /** Skips the rest of chunk `id` (its claimed size less the `readBytes` already read) and its pad byte. */
  private skipChunk(id: string, sizeBytes: number, readBytes: number): void {
    const bytes = sizeBytes - readBytes + (sizeBytes % 2);
    this.skip(bytes);
    this.skipping = { id, sizeBytes, readBytes, skipBytes: bytes };
  }

  private skip(bytes: number): void {
    this.skipping = null;
    this.skipBytes = bytes;
    if (bytes === 0) this.expectChunk();
    else this.state = 'skip';
  }

  private headerComplete(): void {
    const h = this.header;
    if (this.state === 'riff') {
      const id = fourcc(h, 0);
      if (id === 'RIFX') fail('unsupported: big-endian RIFX');
      if ((id !== 'RIFF' && id !== 'RF64' && id !== 'BW64') || fourcc(h, 8) !== 'WAVE') {
        fail('not a WAV file (no RIFF/WAVE header)');
      }
      this.container = id;
      this.expectChunk();
    } else if (this.state === 'fmt') {
      this.pendingFormat = parseFmt(h, this.fmtSizeBytes);
      this.skipChunk('fmt ', this.fmtSizeBytes, this.headerNeed);
    } else if (this.state === 'ds64') {
      this.ds64DataBytes = u64(h, 8);
      this.skipChunk('ds64', this.ds64SizeBytes, DS64_READ_BYTES);
    } else {
      const id = fourcc(h, this.headerOffset);
      const sizeBytes = u32(h, this.headerOffset + 4);
      if (this.current !== null && this.headerOffset === 1 && !isChunkId(id) && isChunkId(fourcc(h, 0))) {
        // a writer that left out the pad byte after odd-sized data: the chunk starts a byte early
        this.skipChunk(fourcc(h, 0), u32(h, 4), 1);
        return;
      }
      if (this.current !== null && !isChunkId(id)) {
        // not a chunk: the audio goes on past the size the header gave it, to the end of the file
        this.overrunFrom ??= this.frames;
        this.state = 'data';
        this.dataLeftBytes = null;
        this.dataPadBytes = 0;
        this.consumeData(h.slice(0, this.headerNeed), 0);
        return;
      }
      if (id === 'data') {
        this.startData(sizeBytes);
      } else if (id === 'fmt ' && this.pendingFormat === null) {
        if (sizeBytes < 16) fail(`truncated header: fmt chunk is ${sizeBytes} bytes, expected at least 16`);
        this.fmtSizeBytes = sizeBytes;
        this.state = 'fmt';
        this.headerHave = 0;
        this.headerNeed = Math.min(sizeBytes, this.header.length);
      } else if (id === 'ds64' && this.container !== 'RIFF' && this.ds64DataBytes === null) {
        if (sizeBytes < DS64_READ_BYTES) {
          fail(`truncated header: ds64 chunk is ${sizeBytes} bytes, expected at least ${DS64_READ_BYTES}`);
        }
        this.ds64SizeBytes = sizeBytes;
        this.state = 'ds64';
        this.headerHave = 0;
        this.headerNeed = DS64_READ_BYTES;
      } else {
        this.skipChunk(id, sizeBytes, 0);
      }
    }
  }

  private startData(sizeBytes: number): void {
    this.dataChunks++;
    if (this.current !== null) {
      this.continueData(sizeBytes);
      return;
    }
    const pending = this.pendingFormat ?? fail('invalid WAV: the data chunk comes before the fmt chunk');
    // RF64/BW64: a size field of 0xFFFFFFFF defers to the ds64 chunk's 64-bit size (EBU Tech 3306 §3).
    const real = sizeBytes === SIZE_UNKNOWN ? this.ds64DataBytes : sizeBytes;
    const declared = real === 0 ? null : real;
    if (declared === null) {
      this.warnings.push('header gives no data size (streaming writer): analyzed to the end of the file');
    }
    const format: WavFormat = { ...pending, declaredDataBytes: declared, container: this.container };
    this.dataLeftBytes = declared;
    this.dataPadBytes = (declared ?? 0) % 2;
    this.declaredTotalBytes = declared;
    if (claimsWideSamples(format)) {
      // hold the first seconds: the header may be lying about the sample size (decideDepth)
      const needBytes = Math.min(
        declared ?? Infinity,
        DEPTH_CHECK_SEC * format.sampleRateHz * format.blockAlignBytes,
      );
      this.checking = { format, held: [], heldBytes: 0, needBytes };
      this.state = 'depth';
      if (needBytes === 0) this.decideDepth();
      return;
    }
    this.begin(format);
  }

  /** Bytes from bytes[start..] held for the sample-size check, up to what it needs; returns the new position. */
  private hold(bytes: Uint8Array, start: number): number {
    const checking = this.checking as NonNullable<typeof this.checking>;
    const take = Math.min(bytes.length - start, checking.needBytes - checking.heldBytes);
    checking.held.push(bytes.slice(start, start + take));
    checking.heldBytes += take;
    if (checking.heldBytes === checking.needBytes) this.decideDepth();
    return start + take;
  }

  /**
   * The held bytes decide the format: 16-bit data under a header claiming wider samples is read as the
   * 16-bit data it is (with a warning). Then the held bytes are decoded as any other.
   */
  private decideDepth(): void {
    const { format, held, heldBytes } = this.checking as NonNullable<typeof this.checking>;
    this.checking = null;
    const data = new Uint8Array(heldBytes);
    held.reduce((at, part) => (data.set(part, at), at + part.length), 0);
    if (holds16BitData(data, format)) {
      this.warnings.push(
        `the header says ${format.codecName} samples but the data is PCM 16-bit (the header is damaged): read as 16-bit`,
      );
      this.begin({
        ...format,
        formatTag: 1,
        encoding: 'pcm',
        codecName: 'PCM 16-bit',
        bitsPerSample: 16,
        blockAlignBytes: 2 * format.channels,
        claimedBitsPerSample: format.bitsPerSample,
      });
    } else {
      this.begin(format);
    }
    if (data.length > 0) this.consumeData(data, 0);
  }

  /** The data's format is known: set up the decoding and report it. */
  private begin(format: WavFormat): void {
    const frameBytes = (format.channels * format.bitsPerSample) / 8;
    if (format.blockAlignBytes > frameBytes) {
      this.warnings.push(
        `block align ${format.blockAlignBytes} bytes for ${frameBytes}-byte frames: the extra bytes were skipped`,
      );
    }
    this.current = format;
    this.stride = format.blockAlignBytes;
    this.sampleBytes = format.bitsPerSample / 8;
    this.kernel = kernelFor(format.encoding, format.bitsPerSample);
    this.carry = new Uint8Array(this.stride);
    this.planes = Array.from({ length: format.channels }, () => new Float32Array(this.maxBlockFrames));
    this.state = 'data';
    this.handlers.onFormat(format);
  }

  /** A later data chunk: more audio in the same format, decoded as if it followed the previous chunk's bytes. */
  private continueData(sizeBytes: number): void {
    const declared = sizeBytes === SIZE_UNKNOWN ? null : sizeBytes;
    const total = this.declaredTotalBytes;
    this.declaredTotalBytes = total === null || declared === null ? null : total + declared;
    this.dataLeftBytes = declared;
    this.dataPadBytes = sizeBytes % 2;
    if (declared === 0) this.expectChunk();
    else this.state = 'data';
  }

  /** Decodes whole frames from bytes[start..], keeping a partial frame in `carry`; returns the new position. */
  private consumeData(bytes: Uint8Array, start: number): number {
    let pos = start;
    const end = this.dataLeftBytes === null ? bytes.length : Math.min(bytes.length, pos + this.dataLeftBytes);
    if (this.carryHave > 0) {
      while (this.carryHave < this.stride && pos < end) this.carry[this.carryHave++] = bytes[pos++] as number;
      if (this.carryHave === this.stride) {
        this.carryHave = 0;
        this.decode(this.carry, 0, 1);
      }
    }
    const frames = Math.floor((end - pos) / this.stride);
    this.decode(bytes, pos, frames);
    pos += frames * this.stride;
    while (pos < end) this.carry[this.carryHave++] = bytes[pos++] as number;
    if (this.dataLeftBytes !== null) {
      this.dataLeftBytes -= pos - start;
      if (this.dataLeftBytes === 0) this.expectChunkAfterData(this.dataPadBytes); // then walk the chunks after it
    }
    return pos;
  }

  private decode(src: Uint8Array, offset: number, frames: number): void {
    let pos = offset;
    let left = frames;
    while (left > 0) {
      const n = Math.min(left, this.maxBlockFrames - this.fill);
      for (let ch = 0; ch < this.planes.length; ch++) {
        const out = this.planes[ch] as Float32Array;
        decodeChannel(
          this.kernel,
          src,
          pos + ch * this.sampleBytes,
          this.stride,
          out,
          this.fill,
          n,
          this.odd,
        );
      }
      this.fill += n;
      this.frames += n;
      pos += n * this.stride;
      left -= n;
      if (this.fill === this.maxBlockFrames) {
        this.fill = 0;
        this.handlers.onSamples(this.planes);
      }
    }
  }
}

/** Decodes a whole WAV held in memory (fixtures, tests): planar channels, format and warnings. */
export function decodeWav(bytes: Uint8Array): {
  format: WavFormat;
  channels: Float32Array[];
  warnings: string[];
} {
  const parts: Float32Array[][] = [];
  let format: WavFormat | null = null;
  const decoder = new WavStreamDecoder({
    onFormat: (f) => {
      format = f;
    },
    onSamples: (channels) => parts.push(channels.map((c) => c.slice())),
  });
  decoder.push(bytes);
  const { frames, warnings } = decoder.end();
  if (!format) throw new WavFormatError('file holds no audio');
  const found: WavFormat = format;
  const channels = Array.from({ length: found.channels }, () => new Float32Array(frames));
  let at = 0;
  for (const block of parts) {
    block.forEach((c, k) => (channels[k] as Float32Array).set(c, at));
    at += block[0]?.length ?? 0;
  }
  return { format: found, channels, warnings };
}
