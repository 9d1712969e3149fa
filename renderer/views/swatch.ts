/**
 * A palette role's swatch (its mark, band or line) as a small inline SVG: the very drawing the HTML
 * report's legend uses (src/report/html-chart.ts `legendSwatch`), so the legend, the event list and the
 * export show each role with one colour and one shape. The SVG is built from the palette's constants
 * only (no text from a report or a user), and parsed as SVG, never as HTML.
 */
import { legendSwatch } from '../../src/report/html-chart.js';
import type { PaletteRole } from '../../src/report/palette.js';

const cache = new Map<string, SVGElement>();

export function swatch(role: PaletteRole | 'threshold'): SVGElement {
  let svg = cache.get(role);
  if (!svg) {
    const doc = new DOMParser().parseFromString(
      legendSwatch(role).replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" '),
      'image/svg+xml',
    );
    svg = doc.documentElement as unknown as SVGElement;
    cache.set(role, svg);
  }
  return document.importNode(svg, true);
}
