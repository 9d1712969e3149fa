import { describe, expect, it } from 'vitest';
import { eventsCsv, SUMMARY_CSV_HEADER, summaryCsv } from '../../src/report/csv.js';
import { threePeakCall, unansweredCall } from './make-report.js';

/** RFC 4180 rows: quoted cells may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else cell += c;
  }
  expect(quoted, 'an unclosed quote').toBe(false);
  expect(cell === '' && row.length === 0, 'a last row without its newline').toBe(true);
  return rows;
}

/** The rows as objects by column name; every row as wide as the header. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  for (const r of rows) expect(r).toHaveLength(header?.length ?? 0);
  return rows.map((r) => Object.fromEntries((header ?? []).map((name, i) => [name, r[i] ?? ''])));
}

describe('eventsCsv', () => {
  it('writes a peak nobody replied to with an empty complied and why in unanswered', () => {
    const text = eventsCsv(unansweredCall());
    expect(text.split('\n')[0]).toBe(
      'type,start,end,durationSec,atPeak,afterPeak,gapSec,levelAboveOwnDb,complied,unanswered,reasons',
    );
    const peaks = records(text).filter((r) => r['type'] === 'customerPeak');
    expect(peaks.map((r) => [r['start'], r['complied'], r['unanswered'], r['reasons']])).toEqual([
      ['2', 'true', '', ''],
      ['13', '', 'customerWentOn', 'no reply: the customer went on before the agent answered'],
      ['27', 'false', '', 'replied after 0.4 s, under the 1 s pause'],
      ['37', '', 'callEnded', 'no reply: the call ended'],
    ]);
  });

  it('has one parseable row per event, of the header’s width', () => {
    const report = threePeakCall();
    const rows = records(eventsCsv(report));
    expect(rows.map((r) => r['type'])).toEqual(report.events.map((e) => e.type));
    expect(rows.map((r) => r['complied'])).toEqual(
      report.events.map((e) => (e.type === 'customerPeak' ? String(e.verdict.complied) : '')),
    );
    expect(rows.every((r) => r['unanswered'] === '')).toBe(true);
  });
});

describe('summaryCsv', () => {
  it('counts the unanswered peaks apart; compliance is of the judged ones', () => {
    const text = summaryCsv([
      { file: 'a.wav', report: unansweredCall() },
      { file: 'b, "quoted".wav', report: threePeakCall() },
      { file: 'broken.wav', report: null, error: 'not a WAV file' },
    ]);
    expect(text.split('\n')[0]).toBe(SUMMARY_CSV_HEADER.join(','));
    expect(SUMMARY_CSV_HEADER).toContain('unansweredPeaks');
    const rows = records(text);
    expect(
      rows.map((r) => [
        r['file'],
        r['customerPeaks'],
        r['compliedPeaks'],
        r['unansweredPeaks'],
        r['compliance'],
      ]),
    ).toEqual([
      ['a.wav', '4', '1', '2', '0.5'],
      ['b, "quoted".wav', '3', '1', '0', '0.333'],
      ['broken.wav', '', '', '', ''],
    ]);
    expect(rows[2]?.['warnings']).toBe('not a WAV file');
  });
});
