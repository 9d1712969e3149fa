/** The Range parsing web mode's server and Electron's app:// protocol share. */
import { describe, expect, it } from 'vitest';
import { parseRange } from '../../src/node/app-files.js';

describe('parseRange', () => {
  it('reads the single-range forms and clamps them to the file', () => {
    expect(parseRange('bytes=0-0', 100)).toEqual([0, 0]);
    expect(parseRange('bytes=0-9', 100)).toEqual([0, 9]);
    expect(parseRange('bytes=90-200', 100)).toEqual([90, 99]);
    expect(parseRange('bytes=-200', 100)).toEqual([0, 99]);
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
  });

  it('ignores what it does not serve (the whole file is sent instead), whether the header is absent or odd', () => {
    expect(parseRange(undefined, 100)).toBeNull(); // Node's headers
    expect(parseRange(null, 100)).toBeNull(); // the Fetch API's
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
    expect(parseRange('bytes=9-2', 100)).toBeNull();
    expect(parseRange('bytes=-', 100)).toBeNull();
  });
});
