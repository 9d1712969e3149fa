/**
 * How long a compressed file says it is, and whether it ends where a file should: read from its first and
 * last bytes, so that a call cut short (a copy stopped part-way, a recorder that crashed) or with audio
 * lost to damage is said to be, with how much is missing where the file tells. Portable: over any ByteInput.
 *
 * - A length the file declares: FLAC's STREAMINFO total samples, an MP3's Xing/Info frame count, a WebM's
 *   Segment Info Duration, the granule position of an Ogg stream's end-of-stream page, an M4A's movie header.
 * - A last frame or page the file does not hold whole (MP3 and ADTS frames, Ogg pages), or an Ogg stream
 *   without its end-of-stream page: cut short, by how much unknown.
 */
import type { ByteInput } from './byte-input.js';
import type { AudioKind } from './formats.js';
import { mp4Length } from './mp4-layout.js';

/** What a compressed file's own bytes say about its end. */
export interface StreamEnd {
  /** The length the file declares, s; null when it declares none. */
  declaredSec: number | null;
  /** The file ends inside a frame or page, or (Ogg) without its end-of-stream page. */
  cutShort: boolean;
}

/** Bytes read from the start (a declared length) and from the end (the last frames) of a file. */
const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 16 * 1024;
/** Frames that must follow each other, each where the one before ends, for a run of them to be trusted. */
const CHAIN_FRAMES = 3;

/** What the file's first and last bytes say about its end; nothing for AMR, which does not say. */
export async function streamEnd(input: ByteInput, kind: Exclude<AudioKind, 'wav'>): Promise<StreamEnd> {
  const none: StreamEnd = { declaredSec: null, cutShort: false };
  if (kind === 'amr') return none;
  if (kind === 'mp4') return { declaredSec: (await mp4Length(input)).declaredSec, cutShort: false };
  const size = input.sizeBytes;
  const head = await readAt(input, 0, HEAD_BYTES);
  const tailFrom = size === null ? null : Math.max(0, size - TAIL_BYTES);
  const tail = tailFrom === null ? null : await readAt(input, tailFrom, TAIL_BYTES);
  switch (kind) {
    case 'flac':
      return { declaredSec: flacDeclaredSec(head), cutShort: false };
    case 'webm':
      return { declaredSec: webmDeclaredSec(head), cutShort: false };
    case 'mp3':
      return {
        declaredSec: xingDeclaredSec(head),
        cutShort: tail !== null && lastFrameCut(tail, mpegFrameBytes),
      };
    case 'aac':
      return { declaredSec: null, cutShort: tail !== null && lastFrameCut(tail, adtsFrameBytes) };
    case 'ogg-opus':
    case 'ogg-vorbis':
      return {
        declaredSec: tail === null ? null : oggDeclaredSec(head, tail),
        cutShort: tail !== null && oggCut(tail),
      };
  }
}

/** Up to `length` bytes from `offset`. */
async function readAt(input: ByteInput, offset: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let have = 0;
  for await (const chunk of input.read(offset)) {
    const take = Math.min(chunk.length, length - have);
    out.set(chunk.subarray(0, take), have);
    have += take;
    if (have === length) break;
  }
  return out.subarray(0, have);
}

const u32be = (b: Uint8Array, at: number): number =>
  (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
const u32le = (b: Uint8Array, at: number): number =>
  ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)) >>> 0;
const ascii = (b: Uint8Array, at: number, n: number): string =>
  String.fromCharCode(...b.subarray(at, at + n));

/** The bytes after an ID3v2 tag (its size a 28-bit syncsafe number, ID3v2.4 §3.1), or all of them. */
function afterId3(b: Uint8Array): number {
  if (ascii(b, 0, 3) !== 'ID3' || b.length < 10) return 0;
  const size = ((b[6] ?? 0) << 21) | ((b[7] ?? 0) << 14) | ((b[8] ?? 0) << 7) | (b[9] ?? 0);
  return 10 + size + ((b[5] ?? 0) & 0x10 ? 10 : 0);
}

/** FLAC: STREAMINFO's total samples (36 bits) over its sample rate (20 bits), FLAC format §METADATA_BLOCK_STREAMINFO. */
function flacDeclaredSec(b: Uint8Array): number | null {
  const at = afterId3(b);
  if (ascii(b, at, 4) !== 'fLaC' || ((b[at + 4] ?? 0) & 0x7f) !== 0) return null;
  const info = at + 8; // "fLaC", the block header (type 0: STREAMINFO, 24-bit length)
  if (b.length < info + 18) return null;
  const rate = ((b[info + 10] ?? 0) << 12) | ((b[info + 11] ?? 0) << 4) | ((b[info + 12] ?? 0) >> 4);
  const samples = ((b[info + 13] ?? 0) & 0x0f) * 2 ** 32 + u32be(b, info + 14);
  return rate > 0 && samples > 0 ? samples / rate : null; // 0 samples: the encoder did not know
}

// MPEG audio frame headers, ISO/IEC 11172-3 §2.4.2.3 and 13818-3 (version: 0 MPEG-2.5, 2 MPEG-2, 3 MPEG-1)
const KBPS: Record<string, readonly number[]> = {
  '3-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '3-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '3-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const RATES_HZ: Record<number, readonly number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

/** An MPEG audio frame header at `at`: its version, layer (1-3), rate, samples and bytes; null if it is not one. */
function mpegHeader(
  b: Uint8Array,
  at: number,
): { version: number; layer: number; rateHz: number; samples: number; bytes: number; mono: boolean } | null {
  if (at + 4 > b.length || b[at] !== 0xff || ((b[at + 1] ?? 0) & 0xe0) !== 0xe0) return null;
  const version = ((b[at + 1] ?? 0) >> 3) & 3;
  const layer = 4 - (((b[at + 1] ?? 0) >> 1) & 3);
  const bitrateIndex = (b[at + 2] ?? 0) >> 4;
  const rateIndex = ((b[at + 2] ?? 0) >> 2) & 3;
  if (version === 1 || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
    return null;
  const kbps =
    KBPS[`${version === 3 ? 3 : 2}-${version === 3 ? layer : Math.min(layer, 2)}`]?.[bitrateIndex] ?? 0;
  const rateHz = RATES_HZ[version]?.[rateIndex] ?? 0;
  const padding = ((b[at + 2] ?? 0) >> 1) & 1;
  const samples = layer === 1 ? 384 : layer === 3 && version !== 3 ? 576 : 1152;
  const bytes =
    layer === 1
      ? (Math.floor((12000 * kbps) / rateHz) + padding) * 4
      : Math.floor(((samples / 8) * 1000 * kbps) / rateHz) + padding;
  return { version, layer, rateHz, samples, bytes, mono: (b[at + 3] ?? 0) >> 6 === 3 };
}

const mpegFrameBytes = (b: Uint8Array, at: number): number | null => mpegHeader(b, at)?.bytes ?? null;

/** An ADTS frame's length (13 bits), ISO/IEC 13818-7 §6.2; null if no ADTS header is at `at`. */
function adtsFrameBytes(b: Uint8Array, at: number): number | null {
  if (at + 7 > b.length || b[at] !== 0xff || ((b[at + 1] ?? 0) & 0xf6) !== 0xf0) return null;
  if ((((b[at + 2] ?? 0) >> 2) & 0x0f) > 12) return null;
  const bytes = (((b[at + 3] ?? 0) & 0x03) << 11) | ((b[at + 4] ?? 0) << 3) | ((b[at + 5] ?? 0) >> 5);
  return bytes >= 7 ? bytes : null;
}

/** An MP3's length from the Xing/Info header in its first frame (LAME's, and ffmpeg's): frames × samples per frame. */
function xingDeclaredSec(b: Uint8Array): number | null {
  const at = afterId3(b);
  const h = mpegHeader(b, at);
  if (h === null || h.layer !== 3) return null;
  const side = h.version === 3 ? (h.mono ? 17 : 32) : h.mono ? 9 : 17;
  const tag = at + 4 + ((b[at + 1] ?? 0) & 1 ? 0 : 2) + side; // a CRC (protection bit 0) comes first
  const id = ascii(b, tag, 4);
  if ((id !== 'Xing' && id !== 'Info') || !(u32be(b, tag + 4) & 1)) return null;
  const frames = u32be(b, tag + 8);
  return frames > 0 ? (frames * h.samples) / h.rateHz : null;
}

/**
 * Whether the last frame in `tail` (the file's last bytes) is cut off by the end of the file. A run of at
 * least CHAIN_FRAMES frames, each where the one before ends, is found (a false sync in the data does not
 * chain) and followed: it must end at the end of the file, or at something that is not a frame (a tag).
 * A frame running past the end, or a piece of a frame header at the very end, is a cut.
 */
function lastFrameCut(tail: Uint8Array, frameBytes: (b: Uint8Array, at: number) => number | null): boolean {
  for (let start = 0; start < tail.length; start++) {
    let at = start;
    let chained = 0;
    for (;;) {
      const bytes = frameBytes(tail, at);
      if (bytes === null) break;
      if (at + bytes > tail.length) {
        if (chained >= CHAIN_FRAMES) return true;
        break;
      }
      at += bytes;
      chained++;
      if (at === tail.length) break;
    }
    if (chained >= CHAIN_FRAMES) return at < tail.length && tail.length - at < 8 && tail[at] === 0xff;
  }
  return false;
}

/** Where the last Ogg page in `b` starts ("OggS", version 0), or -1. */
function lastOggPage(b: Uint8Array): number {
  for (let i = b.length - 27; i >= 0; i--) {
    if (b[i] === 0x4f && ascii(b, i, 4) === 'OggS' && b[i + 4] === 0) return i;
  }
  return -1;
}

/**
 * An Ogg stream's length from the granule position of its last page (RFC 3533 §6): for Opus, 48 kHz samples
 * less the ID header's pre-skip (RFC 7845 §4); for Vorbis, samples at the rate its ID header gives. Only a
 * last page marked end-of-stream counts: its granule is the end of the stream.
 */
function oggDeclaredSec(head: Uint8Array, tail: Uint8Array): number | null {
  const page = lastOggPage(tail);
  if (page < 0 || ((tail[page + 5] ?? 0) & 0x04) === 0) return null;
  const granule = u32le(tail, page + 6) + u32le(tail, page + 10) * 2 ** 32;
  const body = 27 + (head[26] ?? 0); // the first page holds the ID header alone
  if (ascii(head, 0, 4) !== 'OggS' || granule >= 2 ** 53) return null;
  if (ascii(head, body, 8) === 'OpusHead') {
    const preSkip = (head[body + 10] ?? 0) | ((head[body + 11] ?? 0) << 8);
    return Math.max(0, granule - preSkip) / 48000;
  }
  if (ascii(head, body, 7) === '\x01vorbis') {
    const rate = u32le(head, body + 12);
    return rate > 0 ? granule / rate : null;
  }
  return null;
}

/**
 * Whether an Ogg stream's last page (in `tail`) is cut off, or is whole but not marked end-of-stream
 * (header type bit 0x04, RFC 3533 §6): the stream stopped before its writer finished it.
 */
function oggCut(tail: Uint8Array): boolean {
  const at = lastOggPage(tail);
  if (at < 0) return false;
  const segments = tail[at + 26] ?? 0;
  if (at + 27 + segments > tail.length) return true;
  let body = 0;
  for (let k = 0; k < segments; k++) body += tail[at + 27 + k] ?? 0;
  if (at + 27 + segments + body > tail.length) return true;
  return ((tail[at + 5] ?? 0) & 0x04) === 0;
}

// WebM (Matroska) elements: EBML variable-length ids and sizes (RFC 8794 §4)
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TIMESTAMP_SCALE = 0x2ad7b1;
const DURATION = 0x4489;
const CLUSTER = 0x1f43b675;

/** The variable-length integer at `at`: its value (the length marker removed when `masked`) and its bytes. */
function vint(b: Uint8Array, at: number, masked: boolean): { value: number; bytes: number } | null {
  const first = b[at];
  if (first === undefined || first === 0) return null;
  const bytes = Math.clz32(first) - 23; // 1 for 0x80-0xFF, … 8 for 0x01
  if (at + bytes > b.length) return null;
  let value = masked ? first & (0xff >> bytes) : first;
  let allOnes = value === 0xff >> bytes;
  for (let k = 1; k < bytes; k++) {
    value = value * 256 + (b[at + k] ?? 0);
    allOnes &&= b[at + k] === 0xff;
  }
  return { value: masked && allOnes ? Infinity : value, bytes }; // all ones: an unknown size
}

/** A WebM's Duration (a float, in TimestampScale units of ns, 1,000,000 by default), in s. */
function webmDeclaredSec(b: Uint8Array): number | null {
  let scaleNs = 1e6;
  let duration: number | null = null;
  const walk = (from: number, to: number): boolean => {
    for (let at = from; at < to;) {
      const id = vint(b, at, false);
      const size = id && vint(b, at + id.bytes, true);
      if (!id || !size) return false;
      const body = at + id.bytes + size.bytes;
      if (id.value === SEGMENT) return walk(body, Math.min(b.length, body + size.value));
      if (id.value === CLUSTER) return true; // the audio starts: Info comes before it
      if (id.value === INFO) {
        walk(body, Math.min(b.length, body + size.value));
      } else if (id.value === TIMESTAMP_SCALE && size.value <= 8) {
        scaleNs = 0;
        for (let k = 0; k < size.value; k++) scaleNs = scaleNs * 256 + (b[body + k] ?? 0);
      } else if (
        id.value === DURATION &&
        (size.value === 4 || size.value === 8) &&
        body + size.value <= b.length
      ) {
        const view = new DataView(b.buffer, b.byteOffset + body, size.value);
        duration = size.value === 4 ? view.getFloat32(0) : view.getFloat64(0);
      }
      if (!Number.isFinite(size.value)) return false;
      at = body + size.value;
    }
    return true;
  };
  walk(0, b.length);
  const seconds = duration === null ? null : (duration * scaleNs) / 1e9;
  return seconds !== null && Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}
