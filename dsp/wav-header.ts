/**
 * WAV (RIFF/WAVE) header parsing and writing: the format description, the `fmt ` chunk parser with its
 * user-facing errors, and a small canonical writer. Portable; the streaming decoder lives in wav.ts.
 */

/** How samples are coded in the data chunk. */
export type SampleEncoding = 'pcm' | 'float' | 'mulaw' | 'alaw';

/** The file's outer header: RIFF, or the 64-bit RF64 (EBU Tech 3306) and BW64 (ITU-R BS.2088) with a ds64 chunk. */
export type WavContainer = 'RIFF' | 'RF64' | 'BW64';

/** The audio format read from the `fmt ` and `data` chunk headers. */
export interface WavFormat {
  /** Resolved tag: 1 PCM, 3 IEEE float, 6 A-law, 7 u-law (taken from the SubFormat GUID when extensible). */
  formatTag: number;
  /** True when the file used WAVE_FORMAT_EXTENSIBLE (0xFFFE). */
  extensible: boolean;
  encoding: SampleEncoding;
  /** Human-readable codec, e.g. 'PCM 16-bit', 'IEEE float 32-bit', 'u-law', 'A-law'. */
  codecName: string;
  /** Container bits per sample: 8/16/24/32 PCM (8-bit is unsigned), 32/64 float, 8 for G.711. */
  bitsPerSample: number;
  channels: number;
  sampleRateHz: number;
  /**
   * Bytes per frame (all channels), the stride between frames: at least channels × bitsPerSample / 8; any more
   * is padding after each frame's samples.
   */
  blockAlignBytes: number;
  /**
   * Size of the (first) data chunk from its header, or from the ds64 chunk of an RF64/BW64 file; null when the
   * header gives 0 or 0xFFFFFFFF without a ds64 size (streaming writers).
   */
  declaredDataBytes: number | null;
  /**
   * The bits per sample the header claimed, where the data turned out to be 16-bit and is read so
   * (wav-depth.ts); absent when the header was right. A player that trusts the header plays noise.
   */
  claimedBitsPerSample?: number;
  /** The outer header; set by the decoder (RIFF unless the file is RF64 or BW64). */
  container?: WavContainer;
}

/** The input is not a WAV file this decoder can read; the message is one user-facing line naming the problem. */
export class WavFormatError extends Error {
  override name = 'WavFormatError';
}

const MIN_RATE_HZ = 8000;
const MAX_RATE_HZ = 48000;
const MAX_CHANNELS = 256;
const SUPPORTED = 'supported: PCM 8/16/24/32-bit, IEEE float 32/64-bit, u-law, A-law';
const ENCODINGS: Readonly<Record<number, SampleEncoding>> = { 1: 'pcm', 3: 'float', 6: 'alaw', 7: 'mulaw' };
const BIT_DEPTHS: Readonly<Record<SampleEncoding, readonly number[]>> = {
  pcm: [8, 16, 24, 32],
  float: [32, 64],
  mulaw: [8],
  alaw: [8],
};
/** Names of common format tags we do not decode, for the error message (Microsoft mmreg.h registry). */
const TAG_NAMES: Readonly<Record<number, string>> = {
  0x0000: 'unknown',
  0x0002: 'MS ADPCM',
  0x0011: 'IMA ADPCM',
  0x0014: 'G.723 ADPCM',
  0x0022: 'DSP Group TrueSpeech',
  0x0031: 'GSM 6.10',
  0x0040: 'G.721 ADPCM',
  0x0050: 'MPEG',
  0x0055: 'MPEG Layer 3',
  0x0064: 'G.726 ADPCM',
  0x0065: 'G.722 ADPCM',
  0x00ff: 'AAC',
  0x0161: 'Windows Media Audio',
  0x2000: 'Dolby AC-3',
};
/** Bytes 2..15 shared by the KSDATAFORMAT_SUBTYPE_* GUIDs {0000xxxx-0000-0010-8000-00AA00389B71}. */
const KS_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** Throws a WavFormatError with a one-line message. */
export function fail(message: string): never {
  throw new WavFormatError(message);
}
const hex4 = (tag: number): string => `0x${tag.toString(16).toUpperCase().padStart(4, '0')}`;

/** Little-endian unsigned 16-bit field at `at` (missing bytes read as 0). */
export const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
/** Little-endian unsigned 32-bit field at `at`. */
export const u32 = (b: Uint8Array, at: number): number => (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0;
/** Little-endian unsigned 64-bit field at `at`, as a number (exact below 2^53, far beyond any real file). */
export const u64 = (b: Uint8Array, at: number): number => u32(b, at) + u32(b, at + 4) * 0x100000000;
/** The four-character chunk id at `at`. */
export const fourcc = (b: Uint8Array, at: number): string => String.fromCharCode(...b.subarray(at, at + 4));

/** Whether four bytes read as a chunk id: printable ASCII, not starting with a space (RIFF ids are text). */
export const isChunkId = (id: string): boolean => /^[\x21-\x7e][\x20-\x7e]{3}$/.test(id);

/** A chunk id for a message: 'LIST chunk' when it reads as text, else 'chunk with id 0x…' (its bytes in hex). */
export function chunkLabel(id: string): string {
  if (isChunkId(id)) return `${id.trimEnd()} chunk`;
  const hex = [...id].map((c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')).join('');
  return `chunk with id 0x${hex}`;
}

/** Parses the first min(size, 40) bytes of a `fmt ` chunk; declaredDataBytes is filled in at the data chunk. */
export function parseFmt(b: Uint8Array, sizeBytes: number): WavFormat {
  let formatTag = u16(b, 0);
  const channels = u16(b, 2);
  const sampleRateHz = u32(b, 4);
  const bitsPerSample = u16(b, 14);
  const extensible = formatTag === 0xfffe;
  if (extensible) {
    if (sizeBytes < 40) fail('truncated header: WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes');
    formatTag = u16(b, 24);
    if (KS_GUID_TAIL.some((v, i) => b[26 + i] !== v)) {
      fail(`unsupported WAV encoding: unknown WAVE_FORMAT_EXTENSIBLE sub-format; ${SUPPORTED}`);
    }
  }
  const encoding = ENCODINGS[formatTag];
  if (encoding === undefined) {
    const name = TAG_NAMES[formatTag] ?? 'unknown';
    return fail(`unsupported WAV encoding: ${name} (format tag ${hex4(formatTag)}); ${SUPPORTED}`);
  }
  if (channels === 0) fail('WAV header gives 0 channels');
  if (channels > MAX_CHANNELS) fail(`${channels} channels is not supported`);
  if (sampleRateHz < MIN_RATE_HZ || sampleRateHz > MAX_RATE_HZ) {
    fail(`sample rate ${sampleRateHz} Hz is not supported (${MIN_RATE_HZ} to ${MAX_RATE_HZ} Hz)`);
  }
  const codecName = { pcm: 'PCM', float: 'IEEE float', mulaw: 'u-law', alaw: 'A-law' }[encoding];
  if (!BIT_DEPTHS[encoding].includes(bitsPerSample)) {
    fail(
      `unsupported bit depth: ${bitsPerSample}-bit ${codecName} (supported: ${BIT_DEPTHS[encoding].join('/')}-bit)`,
    );
  }
  const frameBytes = (channels * bitsPerSample) / 8;
  const blockAlign = u16(b, 12) === 0 ? frameBytes : u16(b, 12);
  if (blockAlign < frameBytes) {
    fail(
      `invalid WAV header: block align ${blockAlign} bytes is smaller than a ${frameBytes}-byte frame ` +
        `(${channels} × ${bitsPerSample}-bit)`,
    );
  }
  // padding in each block is legal, but a byte rate of packed frames says the block align field is wrong:
  // read with it, the call would come out shorter and garbled
  const byteRate = u32(b, 8);
  if (blockAlign > frameBytes && byteRate === sampleRateHz * frameBytes) {
    fail(
      `invalid WAV header: block align ${blockAlign} bytes disagrees with the byte rate ` +
        `(${byteRate} bytes/s is ${frameBytes}-byte frames at ${sampleRateHz} Hz): the header is damaged`,
    );
  }
  return {
    formatTag,
    extensible,
    encoding,
    codecName: encoding === 'pcm' || encoding === 'float' ? `${codecName} ${bitsPerSample}-bit` : codecName,
    bitsPerSample,
    channels,
    sampleRateHz,
    blockAlignBytes: blockAlign,
    declaredDataBytes: null,
  };
}

/**
 * A canonical WAV header for `frames` interleaved frames (44 bytes for pcm16; 58 for float32 and G.711
 * u-law, with a fact chunk). An odd number of data bytes is followed by a pad byte, counted in RIFF.
 */
export function encodeWavHeader(
  frames: number,
  channelCount: number,
  sampleRateHz: number,
  encoding: 'pcm16' | 'float32' | 'mulaw' = 'pcm16',
): Uint8Array {
  const bytes = encoding === 'float32' ? 4 : encoding === 'mulaw' ? 1 : 2;
  const extended = encoding !== 'pcm16';
  const blockAlign = channelCount * bytes;
  const dataBytes = frames * blockAlign;
  const out = new Uint8Array(extended ? 58 : 44);
  const view = new DataView(out.buffer);
  let o = 0;
  const id = (s: string): void => {
    for (const c of s) view.setUint8(o++, c.charCodeAt(0));
  };
  const le = (bytes: 2 | 4, value: number): void => {
    if (bytes === 2) view.setUint16(o, value, true);
    else view.setUint32(o, value, true);
    o += bytes;
  };
  id('RIFF');
  le(4, out.length - 8 + dataBytes + (dataBytes & 1));
  id('WAVEfmt ');
  le(4, extended ? 18 : 16);
  le(2, encoding === 'float32' ? 3 : encoding === 'mulaw' ? 7 : 1);
  le(2, channelCount);
  le(4, sampleRateHz);
  le(4, sampleRateHz * blockAlign);
  le(2, blockAlign);
  le(2, bytes * 8);
  if (extended) {
    le(2, 0); // cbSize
    id('fact');
    le(4, 4);
    le(4, frames);
  }
  id('data');
  le(4, dataBytes);
  return out;
}

/** The interleaved sample bytes of planar channels (all of the same length); pcm16 clips to full scale. */
export function encodeWavFrames(
  channels: readonly Float32Array[],
  encoding: 'pcm16' | 'float32' = 'pcm16',
): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  if (channels.length === 0 || channels.some((c) => c.length !== frames)) {
    throw new RangeError('encodeWav: needs at least one channel, all of the same length');
  }
  const float = encoding === 'float32';
  const sampleBytes = float ? 4 : 2;
  const out = new Uint8Array(frames * channels.length * sampleBytes);
  const view = new DataView(out.buffer);
  let o = 0;
  for (let i = 0; i < frames; i++) {
    for (const channel of channels) {
      const x = channel[i] as number;
      const clamped = Math.max(-1, Math.min(1, x));
      if (float) view.setFloat32(o, x, true);
      else view.setInt16(o, Math.min(32767, Math.round(clamped * 32768)), true); // the decoder divides by 32768
      o += sampleBytes;
    }
  }
  return out;
}

/** Writes an interleaved WAV with a canonical header (44 bytes for pcm16; 58 for float32, with a fact chunk). */
export function encodeWav(
  channels: readonly Float32Array[],
  sampleRateHz: number,
  encoding: 'pcm16' | 'float32' = 'pcm16',
): Uint8Array {
  const data = encodeWavFrames(channels, encoding);
  const header = encodeWavHeader(channels[0]?.length ?? 0, channels.length, sampleRateHz, encoding);
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}
