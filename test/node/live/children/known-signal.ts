/**
 * A two-channel test signal whose every sample is known from its index, and exact in 16 bits: what a
 * recording decodes to can be compared sample for sample with what was written.
 */

/** Sample `i` of channel `ch` (0 agent, 1 customer): a pseudo-random int16 value over 32768. */
export function knownSample(ch: 0 | 1, i: number): number {
  const word = ch === 0 ? (i * 7919) % 65536 : (i * 104729 + 12345) % 65536;
  return (word - 32768) / 32768;
}

/** Frames [from, from + n) of both channels. */
export function knownBlock(from: number, n: number): [Float32Array, Float32Array] {
  return [0, 1].map((ch) =>
    Float32Array.from({ length: n }, (_, k) => knownSample(ch as 0 | 1, from + k)),
  ) as [Float32Array, Float32Array];
}
