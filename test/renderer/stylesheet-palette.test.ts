/**
 * The stylesheet's colours are the palette's: each custom property of renderer/styles.css's `:root` that
 * the palette names (STYLESHEET_COLOURS) holds the palette's value, and no rule falls back to a colour of
 * its own for one of them. A colour changed in src/report/palette.ts and not in the stylesheet fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STYLESHEET_COLOURS } from '../../src/report/palette.js';

const CSS = readFileSync(join(import.meta.dirname, '../../renderer/styles.css'), 'utf8');

/** The custom properties declared in the first `:root { … }` block, by name. */
function rootProperties(css: string): Map<string, string> {
  const block = /:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
  const props = new Map<string, string>();
  for (const m of block.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g))
    props.set(m[1] as string, (m[2] as string).trim());
  return props;
}

/** A colour written the same way, whatever the case and spaces. */
const norm = (colour: string): string => colour.toLowerCase().replace(/\s+/g, '');

describe("the stylesheet's palette", () => {
  it('declares every palette colour it uses with the palette’s value', () => {
    const props = rootProperties(CSS);
    const found = Object.fromEntries(
      Object.keys(STYLESHEET_COLOURS).map((name) => [name, norm(props.get(name) ?? 'missing')]),
    );
    const wanted = Object.fromEntries(Object.entries(STYLESHEET_COLOURS).map(([name, v]) => [name, norm(v)]));
    expect(found).toEqual(wanted);
  });

  it('uses them without a fallback colour of its own (which would drift)', () => {
    const names = Object.keys(STYLESHEET_COLOURS).join('|');
    expect(CSS.match(new RegExp(`var\\((${names})\\s*,[^)]*\\)`, 'g')) ?? []).toEqual([]);
  });
});
