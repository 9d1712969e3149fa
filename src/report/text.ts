import { formatTime } from './format.js';
import type { Report, Summary } from './schema.js';
import { peakResult } from './scorecard.js';

/** m:ss.s (h:mm:ss.s from an hour on) */
const clock = (sec: number): string => formatTime(sec);

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** The short human summary the CLI prints. */
export function summaryText(report: Report): string {
  const s = report.summary;
  const src = report.source;
  const lines: string[] = [];
  if (report.live?.recovered) {
    lines.push(
      `RECOVERED from the journal of a live session that ends at ${clock(s.durationSec)}, before the call's end: what came after is missing`,
    );
  }
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
    const result = peakResult(v);
    let mark: string;
    let detail: string;
    if (result.state === 'complied') {
      mark = 'complied';
      detail = v.waitSec === null ? 'no talk-over' : `waited ${v.waitSec.toFixed(1)} s, soft reply`;
    } else if (result.state === 'notComplied') {
      mark = 'NOT complied';
      detail = v.reasons.join('; ');
    } else {
      // not judged: neither complied nor not; the reason says why nobody replied
      mark = 'no reply, not judged';
      detail = v.reasons.map((r) => r.replace(/^no reply: /, '')).join('; ') || 'not decided';
    }
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
  lines.push(`compliance: ${complianceText(s)}`);
  const live = report.live;
  if (live) {
    const marked = live.cues.filter((c) => c.wrong).length;
    const back = live.cues.filter((c) => c.outcome === 'withdrawn').length;
    const notes = [marked > 0 ? `${marked} marked wrong` : '', back > 0 ? `${back} taken back` : '']
      .filter((x) => x !== '')
      .join(', ');
    lines.push(
      `live cues: ${live.cues.length} shown${notes ? ` (${notes})` : ''}, ${live.heldBack} held back`,
    );
  }
  return lines.join('\n');
}

/** "2 of 3 peaks (67%)"; with unanswered peaks, "2 of 3 judged peaks (67%); 1 peak got no reply (not judged)". */
function complianceText(s: Summary): string {
  if (s.customerPeaks === 0) return 'no customer peaks';
  const unanswered = s.unansweredPeaks;
  const noReply = `${unanswered} peak${unanswered === 1 ? '' : 's'} got no reply (not judged)`;
  if (s.compliance === null) return `no peak judged; ${noReply}`;
  const judged = s.customerPeaks - unanswered;
  if (unanswered === 0) return `${s.compliedPeaks} of ${judged} peaks (${pct(s.compliance)})`;
  return `${s.compliedPeaks} of ${judged} judged peaks (${pct(s.compliance)}); ${noReply}`;
}
