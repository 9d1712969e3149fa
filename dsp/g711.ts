/**
 * G.711 companded sample decoding (u-law and A-law), after ITU-T Recommendation G.711 (11/1988),
 * "Pulse code modulation (PCM) of voice frequencies", tables 1a/1b and 2a/2b.
 *
 * Decoded values use the usual 16-bit linear scale (u-law: ±8159 × 4 = ±32124 at most, A-law: ±4032 × 8 =
 * ±32256 at most); the float tables divide that by 32768 so full-scale 16-bit PCM and G.711 line up.
 */

/** Decodes one u-law byte (as stored in a WAV file, i.e. already complemented on the line) to 16-bit linear. */
export function mulawToLinear16(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  // Segment endpoints are biased by 33 (0x84 = 33 << 2 in the 16-bit scale) so each segment doubles cleanly.
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return (u & 0x80) !== 0 ? -magnitude : magnitude;
}

/** Decodes one A-law byte (even bits inverted on the line, as stored in a WAV file) to 16-bit linear. */
export function alawToLinear16(byte: number): number {
  const a = (byte ^ 0x55) & 0xff;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  // Output values sit mid-interval: + 8 in segment 0, + 0x108 (the implicit leading 1 plus half a step) above it.
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  // In A-law the sign bit set means positive.
  return (a & 0x80) !== 0 ? magnitude : -magnitude;
}

function buildTable(decode: (byte: number) => number): Float32Array {
  const table = new Float32Array(256);
  for (let byte = 0; byte < 256; byte++) table[byte] = decode(byte) / 32768;
  return table;
}

/** u-law byte → sample in [-1, 1] (16-bit linear value / 32768). Index with the raw byte. */
export const MULAW_TO_FLOAT: Float32Array = buildTable(mulawToLinear16);

/** A-law byte → sample in [-1, 1] (16-bit linear value / 32768). Index with the raw byte. */
export const ALAW_TO_FLOAT: Float32Array = buildTable(alawToLinear16);
