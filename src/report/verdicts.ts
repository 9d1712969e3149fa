import type { Settings } from '../engine/settings.js';
import { formatWait, roundTo } from './format.js';
import type { PeakVerdict, Report, ReportEvent, Summary } from './schema.js';

type Peak = Extract<ReportEvent, { type: 'customerPeak' }>;
type Response = Extract<ReportEvent, { type: 'response' }>;

/** What the engine decided about one peak (its peakVerdict event), in seconds. */
export interface VerdictFacts {
  complied: boolean | null;
  interrupted: boolean;
  reply: { start: number; end: number } | null;
  raisedReply: boolean;
  unanswered: 'customerWentOn' | 'callEnded' | null;
}

/**
 * A peak's verdict in the report's words, from the engine's decision ("speak softly, wait for the
 * pause": no talk-over during the peak, a pause of at least minPauseSec before the reply, no raised
 * reply). A peak nobody answered is not judged on the reply: it says why, and is counted apart.
 */
export function peakVerdict(facts: VerdictFacts, settings: Settings): PeakVerdict {
  const reasons: string[] = [];
  if (facts.interrupted) reasons.push('the agent talked over the customer during the peak');
  const waitSec = facts.reply === null ? null : r3(facts.reply.end - facts.reply.start);
  const waitedLongEnough = waitSec === null ? null : waitSec >= settings.minPauseSec;
  if (waitSec !== null && !waitedLongEnough) {
    reasons.push(
      `replied after ${formatWait(waitSec, settings.minPauseSec)} s, under the ${settings.minPauseSec} s pause`,
    );
  }
  if (facts.raisedReply) reasons.push('the reply was louder than the agent’s normal voice');
  // why a peak was not judged (a talked-over peak is judged on the talk-over: no reply adds nothing)
  if (facts.complied === null && facts.unanswered === 'customerWentOn')
    reasons.push('no reply: the customer went on before the agent answered');
  if (facts.complied === null && facts.unanswered === 'callEnded') reasons.push('no reply: the call ended');
  return {
    complied: facts.complied,
    interrupted: facts.interrupted,
    waitSec,
    waitedLongEnough,
    raisedReply: facts.raisedReply,
    unanswered: facts.unanswered,
    reply: facts.reply,
    reasons,
  };
}

/** The agent's reply to a peak, as judged by the engine: the response event its verdict names. */
export function judgedReply(events: readonly ReportEvent[], peak: Peak): Response | undefined {
  const reply = peak.verdict.reply;
  if (reply === null) return undefined;
  return events.find(
    (e): e is Response => e.type === 'response' && e.start === reply.start && e.end === reply.end,
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

const r3 = (x: number): number => roundTo(x, 3);

export function summarize(events: ReportEvent[], speech: Report['speech'], durationSec: number): Summary {
  const agent = total(speech.agent);
  const customer = total(speech.customer);
  const overlap = overlapTotal(speech.agent, speech.customer);
  const d = durationSec > 0 ? durationSec : 1;
  const peaks = events.filter((e): e is Peak => e.type === 'customerPeak');
  const complied = peaks.filter((p) => p.verdict.complied === true).length;
  const judged = peaks.filter((p) => p.verdict.complied !== null).length;
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
    unansweredPeaks: peaks.length - judged,
    compliance: judged ? r3(complied / judged) : null,
    interruptions: events.filter((e) => e.type === 'interruption').length,
    interruptionsAtPeak: events.filter((e) => e.type === 'interruption' && e.atPeak).length,
    backchannels: events.filter((e) => e.type === 'backchannel').length,
    responses: events.filter((e) => e.type === 'response').length,
    raisedVoiceSpans: raised.length,
    raisedVoiceSec: r3(raised.reduce((s, e) => s + (e.end - e.start), 0)),
    medianWaitAfterPeakSec: med === null ? null : r3(med),
  };
}
