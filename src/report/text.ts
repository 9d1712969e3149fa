import { formatTime } from './format.js';
import type { Report } from './schema.js';

/** m:ss.s (h:mm:ss.s from an hour on) */
const clock = (sec: number): string => formatTime(sec);

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** The short human summary the CLI prints. */
export function summaryText(report: Report): string {
  const s = report.summary;
  const src = report.source;
  const lines: string[] = [];
  const who = src.agentChannel === null ? 'agent and customer files' : `agent = channel ${src.agentChannel}`;
  lines.push(
    `${src.files.join(' + ')}: ${clock(s.durationSec)} (${s.durationSec.toFixed(1)} s), ${src.codec}, ${src.sampleRateHz} Hz, ${who}`,
  );
  lines.push(
    `talk: agent ${pct(s.talk.agent)}, customer ${pct(s.talk.customer)}, overlap ${pct(s.talk.overlap)}, silence ${pct(s.talk.silence)}` +
      (s.agentTalkShare === null ? '' : `; agent share of talk ${pct(s.agentTalkShare)}`),
  );
  const peaks = report.events.filter((e) => e.type === 'customerPeak');
  lines.push(`customer peaks: ${peaks.length}`);
  peaks.forEach((p, i) => {
    const v = p.verdict;
    const mark = v.complied ? 'complied' : 'NOT complied';
    const detail = v.complied
      ? v.waitSec === null
        ? 'no talk-over'
        : `waited ${v.waitSec.toFixed(1)} s, soft reply`
      : v.reasons.join('; ');
    lines.push(
      `  ${String(i + 1).padStart(2)}. ${clock(p.start)}-${clock(p.end)}  +${p.levelAboveCalmDb.toFixed(1)} dB  ${mark}: ${detail}`,
    );
  });
  lines.push(
    `interruptions: ${s.interruptions} (${s.interruptionsAtPeak} at peaks); backchannels: ${s.backchannels} (not counted)`,
  );
  lines.push(`raised voice: ${s.raisedVoiceSpans} span(s), ${s.raisedVoiceSec.toFixed(1)} s`);
  lines.push(
    `median wait after peaks: ${s.medianWaitAfterPeakSec === null ? '-' : `${s.medianWaitAfterPeakSec.toFixed(2)} s`} (pause wanted: ${report.settings.minPauseSec} s)`,
  );
  lines.push(
    `compliance: ${s.compliance === null ? 'no customer peaks' : `${s.compliedPeaks} of ${s.customerPeaks} peaks (${pct(s.compliance)})`}`,
  );
  return lines.join('\n');
}
