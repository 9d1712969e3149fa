/**
 * Raw capture bytes to samples: sox writes little-endian signed 16-bit samples, and a pipe may split a
 * sample between two chunks (sox's unbuffered writes often do), so an odd byte is carried over.
 */

/** int16 full scale: the project's WAV decoder divides by the same (dsp/wav.ts). */
const INT16_SCALE = 32768;

/** Decodes one capture process's byte stream into float samples in [-1, 1). */
export class Pcm16Decoder {
  private carry: number | null = null;

  /** The whole samples in `chunk` (plus a byte carried over from the previous chunk); may be empty. */
  push(chunk: Uint8Array): Float32Array {
    const have = chunk.length + (this.carry === null ? 0 : 1);
    const out = new Float32Array(have >> 1);
    let at = 0;
    let i = 0;
    if (this.carry !== null && chunk.length > 0) {
      out[at++] = toFloat(this.carry | ((chunk[0] as number) << 8));
      this.carry = null;
      i = 1;
    }
    for (; i + 1 < chunk.length; i += 2) {
      out[at++] = toFloat((chunk[i] as number) | ((chunk[i + 1] as number) << 8));
    }
    if (i < chunk.length) this.carry = chunk[i] as number;
    return out;
  }
}

/** A 16-bit two's-complement word (0..65535) as a float. */
function toFloat(word: number): number {
  return (word >= 0x8000 ? word - 0x10000 : word) / INT16_SCALE;
}
