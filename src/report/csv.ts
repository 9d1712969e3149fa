import type { Report } from './schema.js';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function rows(header: string[], data: unknown[][]): string {
  return [header, ...data].map((r) => r.map(cell).join(',')).join('\n') + '\n';
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
];

/** One row per call, for a folder of calls. `compliance` is of the judged peaks (not the unanswered ones). */
export function summaryCsv(reports: { file: string; report: Report | null; error?: string }[]): string {
  const data = reports.map(({ file, report, error }) => {
    if (!report) return [file, ...SUMMARY_CSV_HEADER.slice(2).map(() => ''), error ?? ''];
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
    ];
  });
  return rows(SUMMARY_CSV_HEADER, data);
}
