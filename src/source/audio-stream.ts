/**
 * One audio file's samples, whatever its container: the kind is found from the first bytes (formats.ts),
 * WAV goes through dsp's WavStreamDecoder, everything else through the WebAssembly codecs (codecs.ts).
 * Both stream: memory stays constant whatever the call's length. Portable (CLI, app worker, tests).
 */
import { WavFormatError, WavStreamDecoder, type WavFormat } from '../../dsp/wav.js';
import type { ByteInput } from './byte-input.js';
import { AudioInputError } from './errors.js';
import { CodecError, CodecStream, type DecodedBlock } from './codecs.js';
import { KIND_NAMES, sniffAudio, type AudioKind } from './formats.js';
import { mp4InStreamOrder, mp4Length } from './mp4-layout.js';
import { streamEnd } from './stream-end.js';
import { formatTime } from '../report/format.js';

/** What one file holds. */
export interface AudioFormat {
  kind: AudioKind;
  /** As the report names it: 'PCM 16-bit' (WAV), 'MP3', 'Ogg Opus'… */
  codecName: string;
  channels: number;
  sampleRateHz: number;
  /** Frames the header declares (WAV), else null: compressed streams are measured by decoding them. */
  declaredFrames: number | null;
  /**
   * Frames a compressed file holds, estimated from its size and the bytes its first seconds took (exact
   * for a short file read whole): for progress, never for timing. null for WAV and unknown sizes.
   */
  estimatedFrames: number | null;
  /** The WAV header, for WAV files. */
  wav: WavFormat | null;
}

/** Sample rates the analysis takes (the WAV reader's own bounds). */
const MIN_RATE_HZ = 8000;
const MAX_RATE_HZ = 48000;
/** Audio this long (s) that a damaged header turns into another format is replaced by silence (4x in all). */
const MAX_SILENCED_SEC = 5;
/** The probe decodes this many seconds of a compressed file to estimate its length from its size. */
const ESTIMATE_SECONDS = 4;
/** Compressed bytes are given to a decoder this many at a time. */
const CODEC_PUSH_BYTES = 8 * 1024;
/** Decoded blocks are handed on in pieces of at most this many frames. */
const MAX_BLOCK_FRAMES = 16384;
/** A compressed file that yields no samples within this many bytes is not what its first bytes said. */
const PROBE_LIMIT_BYTES = 4 * 1024 * 1024;

/** Decoder and codec errors name the file; AudioInputErrors (the input's own) pass as they are, and so do others. */
export function inputError(name: string, error: unknown): unknown {
  if (error instanceof WavFormatError || error instanceof CodecError) {
    return new AudioInputError(`${name}: ${error.message}`);
  }
  return error;
}

/**
 * Reads just enough of a file to know its format: the WAV header (all of a short file, so "no audio"
 * surfaces early), or a compressed file up to its first decoded samples.
 */
export async function probeAudio(input: ByteInput): Promise<AudioFormat> {
  try {
    const kind = await sniffInput(input);
    return kind === 'wav' ? await probeWav(input) : await probeCodec(input, kind);
  } catch (error) {
    throw inputError(input.name, error);
  }
}

/** Streams a file's samples as fresh planar arrays, one per channel; adds its warnings (named) at the end. */
export async function* readPlanar(
  input: ByteInput,
  format: AudioFormat,
  warnings: string[],
): AsyncGenerator<Float32Array[]> {
  try {
    const found = format.kind === 'wav' ? yield* readWav(input) : yield* readCodec(input, format);
    warnings.push(...found.map((warning) => `${input.name}: ${warning}`));
  } catch (error) {
    throw inputError(input.name, error);
  }
}

/** The file's kind from its first bytes, or an AudioInputError naming what it is instead. */
async function sniffInput(input: ByteInput): Promise<AudioKind> {
  let head: Uint8Array = new Uint8Array(0);
  let need = 64;
  for (;;) {
    let ended = true;
    for await (const chunk of input.read(head.length)) {
      head = joined(head, chunk);
      if (head.length >= need) {
        ended = input.sizeBytes !== null && head.length >= input.sizeBytes;
        break;
      }
    }
    const sniffed = sniffAudio(head, ended);
    if ('kind' in sniffed) return sniffed.kind;
    if ('refuse' in sniffed) throw new AudioInputError(`${input.name}: ${sniffed.refuse}`);
    if (sniffed.needBytes <= head.length) throw new AudioInputError(`${input.name}: cannot tell its format`);
    need = sniffed.needBytes;
  }
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

async function probeWav(input: ByteInput): Promise<AudioFormat> {
  const decoder = new WavStreamDecoder({ onFormat: () => undefined, onSamples: () => undefined });
  let readBytes = 0;
  let wholeFile = true;
  for await (const chunk of input.read()) {
    readBytes += chunk.length;
    if (chunk.length > 0) decoder.push(chunk);
    if (input.sizeBytes !== null && readBytes >= input.sizeBytes) break;
    if (decoder.format !== null) {
      wholeFile = false;
      break;
    }
  }
  if (wholeFile) decoder.end(); // throws if the file holds no (readable) audio
  const wav = decoder.format;
  if (wav === null) throw new AudioInputError(`${input.name}: file holds no audio`);
  const declaredFrames =
    wav.declaredDataBytes === null ? null : Math.floor(wav.declaredDataBytes / wav.blockAlignBytes);
  const { codecName, channels, sampleRateHz } = wav;
  return { kind: 'wav', codecName, channels, sampleRateHz, declaredFrames, estimatedFrames: null, wav };
}

async function* readWav(input: ByteInput): AsyncGenerator<Float32Array[], string[]> {
  const ready: Float32Array[][] = [];
  const decoder = new WavStreamDecoder({
    onFormat: () => undefined,
    onSamples: (channels) => void ready.push(channels.map((channel) => channel.slice())),
  });
  for await (const chunk of input.read()) {
    decoder.push(chunk);
    yield* ready.splice(0);
  }
  const result = decoder.end();
  yield* ready.splice(0);
  return result.warnings;
}

/** A compressed file's bytes in decoding order (an MP4's index ahead of its audio). */
function codecBytes(input: ByteInput, kind: AudioKind): AsyncIterable<Uint8Array> {
  return kind === 'mp4' ? mp4InStreamOrder(input) : input.read();
}

async function probeCodec(input: ByteInput, kind: Exclude<AudioKind, 'wav'>): Promise<AudioFormat> {
  if (kind === 'mp4' && (await mp4Length(input)).indexMissing) {
    throw new CodecError(
      'the M4A file is cut short: its index (the moov box, written after the audio) is missing, so none of it can be decoded',
    );
  }
  const codec = await CodecStream.open(kind);
  let first: DecodedBlock | null = null;
  let decodedFrames = 0;
  let readBytes = 0;
  // bytes and frames from the first samples on: headers (ID3, an M4A's index) before them do not count
  let since: { bytes: number; frames: number } | null = null;
  let ended = true;
  try {
    // decode a few seconds, not only the first samples: bytes per second give the call's length
    for await (const chunk of codecBytes(input, kind)) {
      const block = await codec.push(chunk);
      readBytes += chunk.length;
      decodedFrames += block?.channels[0]?.length ?? 0;
      if (block !== null && first === null) {
        first = block;
        since = { bytes: readBytes, frames: decodedFrames };
        continue;
      }
      const rate = first?.sampleRateHz ?? 1;
      const enough = since !== null && decodedFrames - since.frames >= ESTIMATE_SECONDS * rate;
      if (enough || readBytes >= PROBE_LIMIT_BYTES) {
        ended = false;
        break;
      }
    }
    if (ended) {
      const last = await codec.end();
      first ??= last;
      decodedFrames += last?.channels[0]?.length ?? 0;
    }
  } finally {
    codec.close();
  }
  const what = KIND_NAMES[kind];
  if (first === null) throw new AudioInputError(`${input.name}: no ${what} audio found in the file`);
  const format: AudioFormat = {
    kind,
    codecName: what,
    channels: first.channels.length,
    sampleRateHz: first.sampleRateHz,
    declaredFrames: null,
    estimatedFrames: ended ? decodedFrames : estimateFrames(input.sizeBytes, readBytes, decodedFrames, since),
    wav: null,
  };
  checkRate(format);
  return format;
}

/** The frames of the whole file, at the bytes per frame decoding went at since the first samples. */
function estimateFrames(
  sizeBytes: number | null,
  readBytes: number,
  decodedFrames: number,
  since: { bytes: number; frames: number } | null,
): number | null {
  if (sizeBytes === null || since === null) return null;
  const bytes = readBytes - since.bytes;
  const frames = decodedFrames - since.frames;
  if (bytes <= 0 || frames <= 0) return null;
  return Math.max(decodedFrames, Math.round(since.frames + ((sizeBytes - since.bytes) * frames) / bytes));
}

function checkRate(format: AudioFormat): void {
  const rate = format.sampleRateHz;
  if (rate < MIN_RATE_HZ || rate > MAX_RATE_HZ) {
    throw new CodecError(`sample rate ${rate} Hz is not supported (8000 to 48000 Hz)`);
  }
}

async function* readCodec(input: ByteInput, format: AudioFormat): AsyncGenerator<Float32Array[], string[]> {
  const kind = format.kind as Exclude<AudioKind, 'wav'>;
  const codec = await CodecStream.open(kind);
  const what = KIND_NAMES[kind];
  let silencedSec = 0;
  const check = (block: DecodedBlock): Float32Array[] => {
    if (block.sampleRateHz === format.sampleRateHz && block.channels.length === format.channels) {
      return block.channels;
    }
    // a damaged frame header can make a few seconds look like another format: silence of the same
    // length keeps every later time in place; a long stretch in another format is another recording
    const seconds = (block.channels[0]?.length ?? 0) / block.sampleRateHz;
    if (seconds <= MAX_SILENCED_SEC && silencedSec + seconds <= 4 * MAX_SILENCED_SEC) {
      silencedSec += seconds;
      const frames = Math.round(seconds * format.sampleRateHz);
      return Array.from({ length: format.channels }, () => new Float32Array(frames));
    }
    throw new CodecError(
      `the ${what} stream changes format part-way (${block.channels.length} channels at ${block.sampleRateHz} Hz ` +
        `after ${format.channels} at ${format.sampleRateHz} Hz): SoftSpoken reads one format per file`,
    );
  };
  // how far decoding got: the bytes pushed when samples last came out, and the frames handed on
  const progress = {
    frames: 0,
    bytes: 0,
    firstOutput: null as { bytes: number; frames: number } | null,
    lastOutputBytes: 0,
  };
  const out = (channels: Float32Array[], bytes: number): Float32Array[] => {
    progress.firstOutput ??= { bytes, frames: progress.frames };
    progress.lastOutputBytes = bytes;
    progress.frames += channels[0]?.length ?? 0;
    return channels;
  };
  try {
    for await (const chunk of codecBytes(input, kind)) {
      // small pushes keep each decoded block small (64 KiB of Opus is 20 s at 48 kHz, 8 MB of samples)
      for (let at = 0; at < chunk.length; at += CODEC_PUSH_BYTES) {
        const piece = chunk.subarray(at, at + CODEC_PUSH_BYTES);
        const block = await codec.push(piece);
        progress.bytes += piece.length;
        if (block !== null) yield* pieces(out(check(block), progress.bytes));
      }
    }
    const last = await codec.end();
    if (last !== null) yield* pieces(out(check(last), progress.bytes));
  } finally {
    codec.close();
  }
  const warnings: string[] = [];
  if (silencedSec > 0) {
    warnings.push(
      `${silencedSec.toFixed(1)} s of damaged ${what} audio changed format part-way: replaced by silence`,
    );
  }
  const { damagedFrames, nonFiniteSamples, garbledSamples, firstDamageFrame } = codec;
  const damageAt = firstDamageFrame === null ? null : formatTime(firstDamageFrame / format.sampleRateHz);
  if (damagedFrames > 0) {
    warnings.push(
      `${damagedFrames} damaged ${what} frame${damagedFrames === 1 ? '' : 's'} could not be decoded and ` +
        `${damagedFrames === 1 ? 'was' : 'were'} skipped (the first near ${damageAt}): times after it may be early`,
    );
  }
  if (nonFiniteSamples > 0) {
    warnings.push(
      `the ${what} decoder returned ${nonFiniteSamples} NaN or infinite samples: read as 0 or ±1`,
    );
  }
  if (garbledSamples > 0) {
    warnings.push(
      `the ${what} decoder returned ${garbledSamples} samples far beyond full scale (clipped): the data is damaged there (from near ${damageAt})`,
    );
  }
  const lost = await lostAudio(input, kind, format.sampleRateHz, progress, damageAt);
  if (lost !== null) warnings.push(lost);
  // an M4A says how much start padding to trim; a bare AAC stream cannot (measured: 60 ms with ffmpeg's encoder)
  if (kind === 'aac')
    warnings.push('a bare AAC stream (ADTS) does not say its encoder delay: times may be up to 0.1 s late');
  return warnings;
}

/** Bytes left undecoded at the end of a file that say the decoder lost its way, when they are also this many seconds. */
const MIN_STALL_BYTES = 4 * 1024;
/** Audio missing by a file's own account is named when it lasts this long, s (a codec's padding is less). */
const MIN_LOST_SEC = 0.5;

/**
 * What a compressed file lost, said in one line, or null: the decoder stopped producing samples well before
 * the end of the bytes (damaged data it could not get past), the file holds less than its header declares,
 * or it ends part-way through a frame or page (cut short). How much, and from where, as far as the file
 * tells; an M4A's decoder reads its index and says for itself.
 */
async function lostAudio(
  input: ByteInput,
  kind: Exclude<AudioKind, 'wav'>,
  rateHz: number,
  progress: {
    frames: number;
    bytes: number;
    firstOutput: { bytes: number; frames: number } | null;
    lastOutputBytes: number;
  },
  damageAt: string | null,
): Promise<string | null> {
  const decodedSec = progress.frames / rateHz;
  const at = formatTime(decodedSec);
  const end = await streamEnd(input, kind);
  const missingSec = end.declaredSec === null ? null : end.declaredSec - decodedSec;
  const first = progress.firstOutput;
  const undecoded = progress.bytes - progress.lastOutputBytes;
  if (kind !== 'mp4' && first !== null && undecoded >= MIN_STALL_BYTES) {
    // seconds per byte as the decoded part went
    const spanBytes = progress.lastOutputBytes - first.bytes;
    const spanSec = (progress.frames - first.frames) / rateHz;
    const bySize = spanBytes > 0 ? (undecoded * spanSec) / spanBytes : null;
    const lostSec = missingSec ?? bySize;
    if (lostSec !== null && lostSec >= MIN_LOST_SEC) {
      const share = Math.round((100 * undecoded) / progress.bytes);
      return (
        `the ${KIND_NAMES[kind]} data is damaged at ${at}: the decoder could not read the rest of the file ` +
        `(${share} % of its bytes, about ${lostSec.toFixed(0)} s of the call), so the call ends there`
      );
    }
  }
  if (missingSec !== null && missingSec >= MIN_LOST_SEC) {
    const where =
      damageAt === null ? 'at the end (cut short?)' : `(the data is damaged from near ${damageAt})`;
    return (
      `the file holds ${decodedSec.toFixed(1)} s of audio but declares ${end.declaredSec?.toFixed(1)} s: ` +
      `${missingSec.toFixed(1)} s of the call are missing ${where}`
    );
  }
  if (end.cutShort) {
    return `the file ends before its audio stream does (cut short?): the call stops at ${at}; whatever followed is missing`;
  }
  return null;
}

/** A long decoded block in pieces of at most MAX_BLOCK_FRAMES (views of the fresh arrays). */
function* pieces(channels: Float32Array[]): Generator<Float32Array[]> {
  const frames = channels[0]?.length ?? 0;
  if (frames <= MAX_BLOCK_FRAMES) {
    yield channels;
    return;
  }
  for (let at = 0; at < frames; at += MAX_BLOCK_FRAMES) {
    yield channels.map((channel) => channel.subarray(at, at + MAX_BLOCK_FRAMES));
  }
}
