/**
 * MP4/M4A files often keep their index (the `moov` box) after the audio (`mdat`): a streaming decoder would
 * have to hold the whole file before it could decode a sample. When the input can be read from an offset,
 * the index is read first and handed to the decoder ahead of the file, with its chunk offsets shifted by its
 * own size, so the audio streams through with constant memory. Portable.
 */
import type { ByteInput } from './byte-input.js';

/** A top-level box: type, where it starts and its whole size (header included). */
interface Box {
  type: string;
  start: number;
  size: number;
}

/** An index larger than this is not moved (a sane audio index is kilobytes): the file streams as it is. */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;
/** Boxes that hold boxes on the way to the chunk offset tables. */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);

const u32be = (b: Uint8Array, at: number): number =>
  (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
const typeAt = (b: Uint8Array, at: number): string => String.fromCharCode(...b.subarray(at, at + 4));

/** The file's bytes in an order a streaming MP4 decoder can use: the index first when it comes last. */
export async function* mp4InStreamOrder(input: ByteInput): AsyncGenerator<Uint8Array> {
  const moov = await indexAfterAudio(input);
  if (moov !== null) {
    const index = await readBytes(input, moov.start, moov.size);
    if (shiftChunkOffsets(index, 0, index.length, moov.size)) yield index;
  }
  yield* input.read();
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
