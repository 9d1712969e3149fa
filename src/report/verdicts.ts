import type { Settings } from '../engine/settings.js';
import { formatWait } from './format.js';
import type { Report, ReportEvent, Summary } from './schema.js';

type Peak = Extract<ReportEvent, { type: 'customerPeak' }>;

const overlaps = (a0: number, a1: number, b0: number, b1: number): boolean => a0 < b1 && b0 < a1;

/**
 * The verdict on each customer peak ("speak softly, wait for the pause"): complied when the agent
 * did not interrupt during it, waited at least minPauseSec before replying, and did not raise their
 * voice in the reply. Mutates each peak's verdict in place.
 */
export function judgePeaks(events: ReportEvent[], speech: Report['speech'], settings: Settings): void {
  const peaks = events.filter((e): e is Peak => e.type === 'customerPeak');
  for (const peak of peaks) {
    const reasons: string[] = [];
    const interrupted = events.some(
      (e) => e.type === 'interruption' && e.start >= peak.start - 0.05 && e.start <= peak.end + 0.05,
    );
    if (interrupted) reasons.push('the agent talked over the customer during the peak');
    const reply = judgedReply(events, peak);
    const waitSec = reply ? reply.gapSec : null;
    const waitedLongEnough = waitSec === null ? null : waitSec >= settings.minPauseSec;
    if (waitedLongEnough === false) {
      reasons.push(
        `replied after ${formatWait(waitSec ?? 0, settings.minPauseSec)} s, under the ${settings.minPauseSec} s pause`,
      );
    }
    let raisedReply = false;
    if (reply) {
      const turn = speech.agent.find(([s, e]) => s <= reply.end + 0.05 && e > reply.end);
      const [t0, t1] = turn ?? [reply.end, reply.end + 3];
      raisedReply = events.some((e) => e.type === 'raisedVoice' && overlaps(e.start, e.end, t0, t1));
      if (raisedReply) reasons.push('the reply was louder than the agent’s normal voice');
    }
    peak.verdict = {
      complied: reasons.length === 0,
      interrupted,
      waitSec,
      waitedLongEnough,
      raisedReply,
      reasons,
    };
  }
}

/** The agent's reply to a peak: a `response` after a loud turn starting within 0.3 s of the peak's end. */
export function judgedReply(
  events: readonly ReportEvent[],
  peak: Peak,
): Extract<ReportEvent, { type: 'response' }> | undefined {
  return events.find(
    (e): e is Extract<ReportEvent, { type: 'response' }> =>
      e.type === 'response' && e.afterPeak && Math.abs(e.start - peak.end) <= 0.3,
  );
}

function total(spans: [number, number][]): number {
  return spans.reduce((sum, [s, e]) => sum + (e - s), 0);
}

function overlapTotal(a: [number, number][], b: [number, number][]): number {
  let sum = 0;
  let j = 0;
  for (const [s, e] of a) {
    while (j < b.length && (b[j] as [number, number])[1] <= s) j++;
    for (let k = j; k < b.length && (b[k] as [number, number])[0] < e; k++) {
      const [bs, be] = b[k] as [number, number];
      sum += Math.max(0, Math.min(e, be) - Math.max(s, bs));
    }
  }
  return sum;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export function summarize(events: ReportEvent[], speech: Report['speech'], durationSec: number): Summary {
  const agent = total(speech.agent);
  const customer = total(speech.customer);
  const overlap = overlapTotal(speech.agent, speech.customer);
  const d = durationSec > 0 ? durationSec : 1;
  const peaks = events.filter((e): e is Peak => e.type === 'customerPeak');
  const complied = peaks.filter((p) => p.verdict.complied).length;
  const raised = events.filter((e) => e.type === 'raisedVoice');
  const waits = peaks.map((p) => p.verdict.waitSec).filter((w): w is number => w !== null);
  const med = median(waits);
  return {
    durationSec: r3(durationSec),
    talk: {
      agent: r3(agent / d),
      customer: r3(customer / d),
      overlap: r3(overlap / d),
      silence: r3(Math.max(0, 1 - (agent + customer - overlap) / d)),
    },
    agentTalkShare: agent + customer > 0 ? r3(agent / (agent + customer)) : null,
    customerPeaks: peaks.length,
    compliedPeaks: complied,
    compliance: peaks.length ? r3(complied / peaks.length) : null,
    interruptions: events.filter((e) => e.type === 'interruption').length,
    interruptionsAtPeak: events.filter((e) => e.type === 'interruption' && e.atPeak).length,
    backchannels: events.filter((e) => e.type === 'backchannel').length,
    responses: events.filter((e) => e.type === 'response').length,
    raisedVoiceSpans: raised.length,
    raisedVoiceSec: r3(raised.reduce((s, e) => s + (e.end - e.start), 0)),
    medianWaitAfterPeakSec: med === null ? null : r3(med),
  };
}
