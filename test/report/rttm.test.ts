import { describe, expect, it } from 'vitest';
import { defaultFileId, rttm, rttmFileId } from '../../src/report/rttm.js';
import { makeReport, threePeakCall } from './make-report.js';

const lines = (text: string): string[] => text.slice(0, -1).split('\n');

describe('rttm', () => {
  it('writes each turn of both parties as a SPEAKER line of ten fields, in time order', () => {
    const report = threePeakCall(); // agent 8 turns, customer 5 (make-report.ts)
    const text = rttm(report);
    expect(text.endsWith('\n')).toBe(true);
    const rows = lines(text);
    expect(rows).toHaveLength(13);
    for (const row of rows) {
      const fields = row.split(' ');
      expect(fields).toHaveLength(10);
      expect(fields[0]).toBe('SPEAKER');
      expect(fields[1]).toBe('call');
      expect(fields[2]).toBe('1');
      expect(fields[3]).toMatch(/^\d+\.\d{3}$/);
      expect(fields[4]).toMatch(/^\d+\.\d{3}$/);
      expect([fields[5], fields[6], fields[8], fields[9]]).toEqual(['<NA>', '<NA>', '<NA>', '<NA>']);
      expect(['agent', 'customer']).toContain(fields[7]);
    }
    expect(rows.slice(0, 4)).toEqual([
      'SPEAKER call 1 0.500 1.300 <NA> <NA> agent <NA> <NA>',
      'SPEAKER call 1 2.000 4.000 <NA> <NA> customer <NA> <NA>',
      'SPEAKER call 1 6.400 1.600 <NA> <NA> agent <NA> <NA>',
      'SPEAKER call 1 9.000 6.000 <NA> <NA> customer <NA> <NA>',
    ]);
    expect(rows).toContain('SPEAKER call 1 21.000 0.400 <NA> <NA> agent <NA> <NA>');
    const onsets = rows.map((r) => Number(r.split(' ')[3]));
    expect(onsets).toEqual([...onsets].sort((a, b) => a - b));
    // every turn of the report, none more
    for (const party of ['agent', 'customer'] as const) {
      const turns = rows
        .map((r) => r.split(' '))
        .filter((f) => f[7] === party)
        .map((f) => [Number(f[3]), Number((Number(f[3]) + Number(f[4])).toFixed(3))]);
      expect(turns).toEqual(report.speech[party]);
    }
  });

  it('names the file by the call’s name without folder, extension or spaces', () => {
    const report = makeReport({
      durationSec: 5,
      agent: [[1, 2]],
      customer: [],
      events: [],
      files: ['/calls/Monday 3\tcall.WAV'],
    });
    expect(defaultFileId(report)).toBe('Monday_3_call');
    expect(rttm(report)).toBe('SPEAKER Monday_3_call 1 1.000 1.000 <NA> <NA> agent <NA> <NA>\n');
    expect(rttm(report, 'a b.wav')).toBe('SPEAKER a_b.wav 1 1.000 1.000 <NA> <NA> agent <NA> <NA>\n');
    expect(defaultFileId({ ...report, source: { ...report.source, files: ['C:\\calls\\x y.wav'] } })).toBe(
      'x_y',
    );
    expect(rttmFileId('')).toBe('call');
  });

  it('a call without speech has no lines', () => {
    expect(rttm(makeReport({ durationSec: 5, agent: [], customer: [], events: [] }))).toBe('');
  });
});
