/**
 * MP4/M4A files often keep their index (the `moov` box) after the audio (`mdat`): a streaming decoder would
 * have to hold the whole file before it could decode a sample. When the input can be read from an offset,
 * the index is read first and handed to the decoder ahead of the file, with its chunk offsets shifted by its
 * own size, so the audio streams through with constant memory. Every index (`moov`) and fragment index
 * (`moof`) is checked on its way to the decoder: a table whose entry count overruns its box would have the
 * decoder loop and allocate for billions of entries (found by test/source/decoder-fuzz.test.ts). Portable.
 */
import type { ByteInput } from './byte-input.js';
import { CodecError } from './codecs.js';

/** A top-level box: type, where it starts and its whole size (header included). */
interface Box {
  type: string;
  start: number;
  size: number;
}

/**
 * An index larger than this is not moved (a sane audio index is kilobytes): the file streams as it is. A
 * `moov` or `moof` box larger than this is refused: the decoder would hold all of it.
 */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;
/**
 * Entries of a table not stored one by one (samples of one size, fragment samples of the default size): the
 * decoder makes an array of them. 2^23 samples of AAC at 48 kHz are 50 hours.
 */
const MAX_TABLE_ENTRIES = 2 ** 23;
/** Boxes that hold boxes on the way to the chunk offset tables. */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);

const u32be = (b: Uint8Array, at: number): number =>
  (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
const typeAt = (b: Uint8Array, at: number): string => String.fromCharCode(...b.subarray(at, at + 4));

/**
 * The file's bytes in an order a streaming MP4 decoder can use: the index first when it comes last. Throws a
 * CodecError for an index whose tables overrun their boxes, before the decoder has its last byte.
 */
export async function* mp4InStreamOrder(input: ByteInput): AsyncGenerator<Uint8Array> {
  async function* ordered(): AsyncGenerator<Uint8Array> {
    const moov = await indexAfterAudio(input);
    if (moov !== null) {
      const index = await readBytes(input, moov.start, moov.size);
      if (shiftChunkOffsets(index, 0, index.length, moov.size)) yield index;
    }
    yield* input.read();
  }
  yield* checkedIndexes(ordered(), input.sizeBytes ?? Infinity);
}

/** The `moov` box when it comes after the first `mdat` and can be moved; else null. */
async function indexAfterAudio(input: ByteInput): Promise<Box | null> {
  const total = input.sizeBytes;
  if (total === null) return null;
  let sawAudio = false;
  for (let at = 0, count = 0; at + 8 <= total && count < 256; count++) {
    const head = await readBytes(input, at, Math.min(16, total - at));
    if (head.length < 8) return null;
    let size = u32be(head, 0);
    if (size === 1) size = head.length < 16 ? 0 : u32be(head, 8) * 2 ** 32 + u32be(head, 12);
    else if (size === 0) size = total - at;
    if (size < 8) return null;
    const type = typeAt(head, 4);
    if (type === 'mdat') sawAudio = true;
    if (type === 'moov') return sawAudio && size <= MAX_MOOV_BYTES ? { type, start: at, size } : null;
    at += size;
  }
  return null;
}

/**
 * What an MP4's top-level boxes say about its length: the movie header's duration (`mvhd`, ISO/IEC 14496-12
 * §8.2.2: timescale, then duration; 64-bit fields in version 1), and whether the file is cut short before
 * its index: no `moov` or `moof` box, and an `mdat` box running past the end (a recording stopped before
 * its index, written last, was).
 */
export async function mp4Length(
  input: ByteInput,
): Promise<{ declaredSec: number | null; indexMissing: boolean }> {
  const total = input.sizeBytes;
  if (total === null) return { declaredSec: null, indexMissing: false };
  let moov: number | null = null;
  let fragments = false;
  let audioCut = false;
  for (let at = 0, count = 0; at + 8 <= total && count < 256; count++) {
    const head = await readBytes(input, at, Math.min(16, total - at));
    let size = u32be(head, 0);
    if (size === 1) size = head.length < 16 ? 0 : u32be(head, 8) * 2 ** 32 + u32be(head, 12);
    else if (size === 0) size = total - at;
    if (size < 8) break;
    const type = typeAt(head, 4);
    if (type === 'moov') moov = at;
    if (type === 'moof') fragments = true;
    if (type === 'mdat' && at + size > total) audioCut = true;
    at += size;
  }
  const indexMissing = moov === null && !fragments && audioCut;
  if (moov === null) return { declaredSec: null, indexMissing };
  const box = await readBytes(input, moov, 512);
  for (let at = 8; at + 8 <= box.length;) {
    const size = u32be(box, at);
    if (size < 8) break;
    if (typeAt(box, at + 4) === 'mvhd') {
      const v1 = box[at + 8] === 1;
      const timescale = u32be(box, at + (v1 ? 28 : 20));
      const duration = v1 ? u32be(box, at + 32) * 2 ** 32 + u32be(box, at + 36) : u32be(box, at + 24);
      const unknown = v1 ? duration === 2 ** 64 - 1 : duration === 0xffffffff;
      return {
        declaredSec: timescale > 0 && duration > 0 && !unknown ? duration / timescale : null,
        indexMissing,
      };
    }
    at += size;
  }
  return { declaredSec: null, indexMissing };
}

/** `length` bytes from `offset` (fewer at the end of the file). */
async function readBytes(input: ByteInput, offset: number, length: number): Promise<Uint8Array> {
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

/**
 * Adds `delta` to every chunk offset (`stco`, `co64`) inside the boxes of `b[from, to)`. False when an
 * offset would not fit its 32-bit field or the boxes are malformed (the file then streams as it is).
 */
function shiftChunkOffsets(b: Uint8Array, from: number, to: number, delta: number): boolean {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let at = from; at + 8 <= to;) {
    const size = u32be(b, at);
    const type = typeAt(b, at + 4);
    if (size < 8 || at + size > to) return false;
    if (CONTAINERS.has(type)) {
      if (!shiftChunkOffsets(b, at + 8, at + size, delta)) return false;
    } else if (type === 'stco' || type === 'co64') {
      const wide = type === 'co64';
      const count = u32be(b, at + 12);
      if (at + 16 + count * (wide ? 8 : 4) > at + size) return false;
      for (let k = 0; k < count; k++) {
        const field = at + 16 + k * (wide ? 8 : 4);
        if (wide) {
          view.setBigUint64(field, view.getBigUint64(field) + BigInt(delta));
        } else {
          const shifted = view.getUint32(field) + delta;
          if (shifted > 0xffffffff) return false;
          view.setUint32(field, shifted);
        }
      }
    }
    at += size;
  }
  return true;
}

/**
 * The bytes as they are, each top-level `moov` and `moof` box checked (tableDamage) before the chunk that
 * completes it is passed on. Box sizes as ISO/IEC 14496-12 §4.2 (1: a 64-bit size follows, 0: to the end).
 */
async function* checkedIndexes(
  chunks: AsyncIterable<Uint8Array>,
  fileBytes: number,
): AsyncGenerator<Uint8Array> {
  let held: Uint8Array[] = []; // the bytes from the next box's start, while its header or its index is incomplete
  let heldBytes = 0;
  let skip = 0; // bytes still to come of a box that is not checked
  let checking = true;
  for await (const chunk of chunks) {
    let rest = chunk;
    while (checking && rest.length > 0) {
      if (skip > 0) {
        const n = Math.min(skip, rest.length);
        skip -= n;
        rest = rest.subarray(n);
        continue;
      }
      held.push(rest);
      heldBytes += rest.length;
      rest = rest.subarray(rest.length);
      const head = joined(held, Math.min(heldBytes, 16));
      let size = u32be(head, 0);
      if (head.length < 8 || (size === 1 && head.length < 16)) break;
      if (size === 1) size = u32be(head, 8) * 2 ** 32 + u32be(head, 12);
      const type = typeAt(head, 4);
      const index = type === 'moov' || type === 'moof';
      if (size === 0 && index)
        throw new CodecError(`the M4A/AAC index is damaged: its ${type} box has no size`);
      if (size < 8) {
        checking = false; // not a box (or the last one, to the end): the decoder says what it makes of it
        break;
      }
      if (index && size > MAX_MOOV_BYTES) {
        throw new CodecError(`the M4A/AAC index is damaged: its ${type} box claims ${size} bytes`);
      }
      if (index) {
        if (heldBytes < size) break;
        const all = joined(held, heldBytes);
        const damage = tableDamage(all, 8, size, fileBytes);
        if (damage !== null) throw new CodecError(`the M4A/AAC index is damaged: ${damage}`);
        rest = all.subarray(size);
      } else if (heldBytes <= size) {
        skip = size - heldBytes;
      } else {
        rest = joined(held, heldBytes).subarray(size);
      }
      held = [];
      heldBytes = 0;
    }
    yield chunk;
  }
}

/** The first `n` bytes of the parts in one array, joining only the parts needed (and keeping the join). */
function joined(parts: Uint8Array[], n: number): Uint8Array {
  let count = 0;
  for (let have = 0; have < n; count++) have += parts[count]?.length ?? n;
  if (count <= 1) return parts[0]?.subarray(0, n) ?? new Uint8Array(0);
  const out = new Uint8Array(parts.slice(0, count).reduce((sum, part) => sum + part.length, 0));
  parts.slice(0, count).reduce((at, part) => (out.set(part, at), at + part.length), 0);
  parts.splice(0, count, out);
  return out.subarray(0, n);
}

/** Boxes the decoder (@audio/decode-mp4) looks into for tables. */
const INDEX_CONTAINERS = new Set([
  'moov',
  'trak',
  'mdia',
  'minf',
  'stbl',
  'udta',
  'edts',
  'sinf',
  'wave',
  'mvex',
  'traf',
]);
/** Bytes per entry of the tables the decoder reads entry by entry, after version/flags and the count. */
const ENTRY_BYTES: Record<string, number> = { stts: 8, stsc: 12, stco: 4, co64: 8 };

/**
 * What is wrong with the tables in the boxes of `b[from, to)`, or null; walked as the decoder walks them (a
 * box cut short is not read yet, a 64-bit size by its low half), so that every table it will read is checked.
 */
function tableDamage(b: Uint8Array, from: number, to: number, fileBytes: number): string | null {
  for (let at = from; at + 8 <= to;) {
    let size = u32be(b, at);
    const type = typeAt(b, at + 4);
    if (size === 1) {
      if (at + 16 > to || (size = u32be(b, at + 12)) < 16) return null;
    } else if (size === 0) size = to - at;
    else if (size < 8) return null;
    if (type !== 'mdat' && at + size > to) return null;
    let damage: string | null = null;
    if (type === 'stsd') damage = entryDamage(b, at + 8, at + size, fileBytes);
    else if (type === 'meta') damage = tableDamage(b, at + 12, at + size, fileBytes);
    else if (INDEX_CONTAINERS.has(type)) damage = tableDamage(b, at + 8, at + size, fileBytes);
    else if (type !== 'mdat') damage = boxDamage(type, b.subarray(at + 8, at + size), fileBytes);
    if (damage !== null) return damage;
    at += size;
  }
  return null;
}

/** The boxes inside a sample description's entries (QuickTime sound descriptions: v0 36, v1 52 bytes, v2 its own). */
function entryDamage(b: Uint8Array, from: number, to: number, fileBytes: number): string | null {
  const entries = u32be(b, from + 4);
  for (let k = 0, at = from + 8; k < entries && at + 16 <= to; k++) {
    const size = u32be(b, at);
    if (size < 16) return null;
    const version = ((b[at + 16] ?? 0) << 8) | (b[at + 17] ?? 0);
    const head = version === 2 ? u32be(b, at + 36) || 72 : version === 1 ? 52 : 36;
    const damage = size > head ? tableDamage(b, at + head, at + size, fileBytes) : null;
    if (damage !== null) return damage;
    at += size;
  }
  return null;
}

/** A table whose count overruns its box (`d` is the box's body), or lists more samples than can be. */
function boxDamage(type: string, d: Uint8Array, fileBytes: number): string | null {
  const overrun = (count: number, headBytes: number, entryBytes: number): string | null =>
    headBytes + count * entryBytes > d.length
      ? `its ${type} table counts ${count} entries in ${d.length + 8} bytes`
      : null;
  // samples not listed one by one: the decoder still makes an array of them
  const tooMany = (count: number, bytesEach: number): string | null =>
    count * Math.max(1, bytesEach) > fileBytes
      ? `its ${type} table counts ${count} samples, more than the file can hold`
      : count > MAX_TABLE_ENTRIES
        ? `its ${type} table counts ${count} samples, more than SoftSpoken reads (${MAX_TABLE_ENTRIES})`
        : null;
  const entryBytes = ENTRY_BYTES[type];
  if (entryBytes !== undefined) return overrun(u32be(d, 4), 8, entryBytes);
  if (type === 'elst') return overrun(u32be(d, 4), 8, d[0] === 1 ? 20 : 12);
  if (type === 'stsz') {
    const [sampleBytes, count] = [u32be(d, 4), u32be(d, 8)];
    return sampleBytes === 0 ? overrun(count, 12, 4) : tooMany(count, sampleBytes);
  }
  if (type === 'trun') {
    // ISO/IEC 14496-12 §8.8.8: a data offset (flag 1), a first sample's flags (4), then per sample
    // a duration (0x100), a size (0x200), flags (0x400) and a time offset (0x800), each 4 bytes
    const flags = ((d[1] ?? 0) << 16) | ((d[2] ?? 0) << 8) | (d[3] ?? 0);
    const perSample = 4 * [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length;
    const count = u32be(d, 4);
    const head = 8 + (flags & 1 ? 4 : 0) + (flags & 4 ? 4 : 0);
    return perSample > 0 ? overrun(count, head, perSample) : tooMany(count, 1);
  }
  return null;
}
