import { describe, expect, it } from 'vitest';
import { PALETTE, type PaletteRole } from '../../src/report/palette.js';

/** CIE L*a*b* of a `#RRGGBB` colour (sRGB, D65), for the CIE76 colour difference ΔE. */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const xyz = [
    (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
  ].map((v) => (v > 216 / 24389 ? Math.cbrt(v) : (841 / 108) * v + 4 / 29)) as [number, number, number];
  return [116 * xyz[1] - 16, 500 * (xyz[0] - xyz[1]), 200 * (xyz[1] - xyz[2])];
}
const deltaE = (a: string, b: string): number => {
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
};

describe('palette: the roles a coach must tell apart on the timeline', () => {
  // the four that were all shades of orange: the customer's line, an interruption at a peak, a reply too
  // soon or raised, the peak's shading
  const confusable: PaletteRole[] = ['customer', 'interruptionAtPeak', 'gapBad', 'peak'];

  it('gives them clearly different colours (CIE76 ΔE ≥ 20 for every pair)', () => {
    for (const a of confusable) {
      for (const b of confusable) {
        if (a < b) expect(deltaE(PALETTE[a].color, PALETTE[b].color), `${a} vs ${b}`).toBeGreaterThan(20);
      }
    }
  });

  it('never tells them apart by colour alone: each has its own glyph and label', () => {
    const glyphs = confusable.map((r) => PALETTE[r].glyph);
    expect(new Set(glyphs).size).toBe(confusable.length);
    expect(new Set(confusable.map((r) => PALETTE[r].label)).size).toBe(confusable.length);
  });
});
