import type { Report } from './schema.js';

/** A text that is a plain number (`-3.2`, `+1e-3`): a spreadsheet reads it as that number, never a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** What a spreadsheet may take as the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell (RFC 4180: quoted when it holds a quote, comma or line break). A text that could start a
 * formula (`=`, `+`, `-`, `@`, tab, carriage return) and is not a plain number is defused as OWASP
 * advises: a `'` in front, and quoted; numbers and booleans are written as they are.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  if (typeof v === 'string' && FORMULA_START.test(s) && !PLAIN_NUMBER.test(s))
    return `"'${s.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function rows(header: string[], data: unknown[][]): string {
  return [header, ...data].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/**
 * One row per event, in time order. A peak's `complied` is true, false, or empty when it was not judged
 * (no reply and no talk-over); `unanswered` says why it got no reply (customerWentOn, callEnded), as in
 * the JSON report.
 */
export function eventsCsv(report: Report): string {
  const header = [
    'type',
    'start',
    'end',
    'durationSec',
    'atPeak',
    'afterPeak',
    'gapSec',
    'levelAboveOwnDb',
    'complied',
    'unanswered',
    'reasons',
  ];
  const data = report.events.map((e) => {
    const base = [e.type, e.start, e.end, Math.round((e.end - e.start) * 1000) / 1000];
    switch (e.type) {
      case 'customerPeak':
        return [
          ...base,
          '',
          '',
          '',
          e.levelAboveCalmDb,
          e.verdict.complied,
          e.verdict.unanswered,
          e.verdict.reasons.join('; '),
        ];
      case 'raisedVoice':
        return [...base, '', '', '', e.levelAboveNormalDb, '', '', ''];
      case 'interruption':
        return [...base, e.atPeak, '', '', '', '', '', ''];
      case 'response':
        return [...base, '', e.afterPeak, e.gapSec, '', '', '', ''];
      case 'backchannel':
        return [...base, '', '', '', '', '', '', ''];
    }
  });
  return rows(header, data);
}

export const SUMMARY_CSV_HEADER = [
  'file',
  'durationSec',
  'customerPeaks',
  'compliedPeaks',
  'unansweredPeaks',
  'compliance',
  'interruptions',
  'interruptionsAtPeak',
  'backchannels',
  'raisedVoiceSec',
  'medianWaitAfterPeakSec',
  'agentTalk',
  'customerTalk',
  'warnings',
  'reportName',
];

/**
 * One call of a folder: its file name, the name its reports are written under, its report (what the
 * summary reads of it: its summary and warnings) or its error.
 */
export interface SummaryRow {
  file: string;
  /** NAME of NAME.json, NAME.csv, … (the file's name without extension, unless two calls would share it). */
  reportName: string;
  report: Pick<Report, 'summary' | 'warnings'> | null;
  error?: string;
}

/** One row per call, for a folder of calls. `compliance` is of the judged peaks (not the unanswered ones). */
export function summaryCsv(calls: readonly SummaryRow[]): string {
  const data = calls.map(({ file, reportName, report, error }) => {
    // a call that failed has no reports: its error in `warnings`, every other cell empty
    if (!report) return [file, ...SUMMARY_CSV_HEADER.slice(1, -2).map(() => ''), error ?? '', ''];
    const s = report.summary;
    return [
      file,
      s.durationSec,
      s.customerPeaks,
      s.compliedPeaks,
      s.unansweredPeaks,
      s.compliance,
      s.interruptions,
      s.interruptionsAtPeak,
      s.backchannels,
      s.raisedVoiceSec,
      s.medianWaitAfterPeakSec,
      s.talk.agent,
      s.talk.customer,
      report.warnings.join('; '),
      reportName,
    ];
  });
  return rows(SUMMARY_CSV_HEADER, data);
}
