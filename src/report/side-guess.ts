/**
 * Which side of a call is most likely the agent, from a report analysed with either side as the agent.
 * Used by the app to warn when the chosen side looks wrong. Each piece of evidence votes for a side with
 * a weight and one plain sentence; the confidence says how much the votes agree.
 *
 * Evidence, strongest first:
 * - who speaks first: agents open (inbound) calls. Outbound calls open the other way, so it is not final;
 * - who vents: the report's loud stretches of the side analysed as the customer (peaks) against those of
 *   the side analysed as the agent (raised voice); a side that stays loud much longer is the customer;
 * - who gives backchannels: short acknowledgements while the other side keeps talking (agents are trained
 *   to give them), counted on both sides alike from the speech spans;
 * - which channel carries a faint copy of the other side's voice (echo): the agent's, as a headset
 *   microphone picks up the caller from the earpiece (the project's scene composer models calls this
 *   way). Weak: a line can just as well return the agent's voice in the customer's channel.
 */
import type { Report } from './schema.js';

export interface AgentSideGuess {
  agentSide: 0 | 1;
  confidence: 'high' | 'medium' | 'low';
  /** One short sentence per piece of evidence, for the UI. */
  reasons: string[];
}

/** A clear head start: the other side's first words come at least this much later, s. */
const OPENING_LEAD_SEC = 1;
/** Venting: one side's loud stretches last at least this long in all, s, and twice the other side's. */
const VENT_MIN_SEC = 10;
const VENT_RATIO = 2;
/** Backchannels: one side gives at least this many more, and twice as many. */
const BACKCHANNEL_LEAD = 2;
/** Echo: a channel sits this much over its noise floor while only the other side talks, dB, and that much over the other channel's. */
const ECHO_RISE_DB = 1.5;

const WEIGHT = { opening: 2, venting: 1, backchannels: 1, echo: 0.5 } as const;

interface Vote {
  /** The side this evidence says is the agent. */
  side: 0 | 1;
  weight: number;
  reason: string;
}

/**
 * `agentSide`: the side the report was analysed with as the agent (its `speech.agent`, raised voice and
 * backchannels belong to that side). `sideNames` name the two sides in the reasons.
 */
export function guessAgentSide(
  report: Report,
  agentSide: 0 | 1,
  sideNames: readonly [string, string] = ['the left channel', 'the right channel'],
): AgentSideGuess {
  // by side, [side 0, side 1], whichever side was analysed as the agent
  const bySide = <T>(asAgent: T, asCustomer: T): [T, T] =>
    agentSide === 0 ? [asAgent, asCustomer] : [asCustomer, asAgent];
  const t = report.timeline;
  const call: Sides = {
    speech: bySide(report.speech.agent, report.speech.customer),
    levelsDb: bySide(t.agentDb, t.customerDb),
    speaking: bySide(t.agentSpeaking, t.customerSpeaking),
    name: (side) => sideNames[side],
  };
  const votes = [
    openingVote(call),
    ventingVote(report, agentSide, call.name),
    backchannelVote(call, report.settings.maxBackchannelSec, report.settings.customerResumeSec),
    ...echoVotes(call),
  ].filter((v): v is Vote => v !== null);
  return decide(votes, agentSide);
}

/** The call seen side by side: [side 0, side 1]. */
interface Sides {
  speech: [[number, number][], [number, number][]];
  levelsDb: [number[], number[]];
  speaking: [number[], number[]];
  name: (side: 0 | 1) => string;
}

function decide(votes: Vote[], analysed: 0 | 1): AgentSideGuess {
  if (votes.length === 0) {
    return {
      agentSide: analysed,
      confidence: 'low',
      reasons: ['nothing in the call tells the two sides apart'],
    };
  }
  const forSide = [0, 0];
  for (const v of votes) forSide[v.side] = (forSide[v.side] ?? 0) + v.weight;
  const [w0, w1] = forSide as [number, number];
  const agentSide: 0 | 1 = w0 === w1 ? analysed : w0 > w1 ? 0 : 1;
  const support = Math.max(w0, w1);
  const against = Math.min(w0, w1);
  const margin = support - against;
  const confidence = margin >= 3 && against === 0 ? 'high' : margin >= 2 && against <= 1 ? 'medium' : 'low';
  // the winning side's evidence first, strongest first
  const ordered = [...votes].sort(
    (a, b) => Number(b.side === agentSide) - Number(a.side === agentSide) || b.weight - a.weight,
  );
  return { agentSide, confidence, reasons: ordered.map((v) => v.reason) };
}

function openingVote({ speech, name }: Sides): Vote | null {
  const first = speech.map((spans) => spans[0]?.[0] ?? Infinity) as [number, number];
  if (!Number.isFinite(Math.min(...first))) return null;
  const opener: 0 | 1 = first[0] <= first[1] ? 0 : 1;
  const lead = (first[1 - opener] as number) - first[opener];
  if (lead < OPENING_LEAD_SEC) return null;
  const later = Number.isFinite(lead)
    ? `${fmt(lead)} s before the other side`
    : 'and the other side never does';
  return {
    side: opener,
    weight: WEIGHT.opening,
    reason: `${name(opener)} speaks first, ${later} (agents open calls)`,
  };
}

/** The report's loud stretches: peaks of the side analysed as the customer, raised voice of the other. */
function ventingVote(report: Report, agentSide: 0 | 1, name: Sides['name']): Vote | null {
  const other = (1 - agentSide) as 0 | 1;
  const peakSec = totalSec(report.events.filter((e) => e.type === 'customerPeak'));
  const raisedSec = totalSec(report.events.filter((e) => e.type === 'raisedVoice'));
  if (peakSec >= VENT_MIN_SEC && peakSec >= VENT_RATIO * raisedSec) {
    const calmer =
      raisedSec === 0
        ? `${name(agentSide)} never raises its voice`
        : `${name(agentSide)} is raised for ${fmt(raisedSec)} s`;
    return {
      side: agentSide,
      weight: WEIGHT.venting,
      reason: `${name(other)} vents (${fmt(peakSec)} s of loud peaks); ${calmer}`,
    };
  }
  if (raisedSec >= VENT_MIN_SEC && raisedSec >= VENT_RATIO * peakSec) {
    return {
      side: other,
      weight: WEIGHT.venting,
      reason: `${name(agentSide)} vents (loud for ${fmt(raisedSec)} s); ${name(other)} for ${fmt(peakSec)} s`,
    };
  }
  return null;
}

function backchannelVote({ speech, name }: Sides, maxSec: number, resumeSec: number): Vote | null {
  const counts = [
    backchannelCount(speech[0], speech[1], maxSec, resumeSec),
    backchannelCount(speech[1], speech[0], maxSec, resumeSec),
  ] as const;
  const [more, fewer] = counts[0] >= counts[1] ? ([0, 1] as const) : ([1, 0] as const);
  if (counts[more] - counts[fewer] < BACKCHANNEL_LEAD || counts[more] < 2 * counts[fewer]) return null;
  return {
    side: more,
    weight: WEIGHT.backchannels,
    reason: `${name(more)} gives ${counts[more]} short acknowledgements while the other talks, ${name(fewer)} ${counts[fewer]} (agents give them)`,
  };
}

function echoVotes({ levelsDb, speaking, name }: Sides): Vote[] {
  const rise = [
    echoRiseDb(levelsDb[0], speaking[0], speaking[1]),
    echoRiseDb(levelsDb[1], speaking[1], speaking[0]),
  ] as const;
  return ([0, 1] as const)
    .filter((side) => {
      const own = rise[side];
      const other = rise[side === 0 ? 1 : 0];
      return own !== null && own >= ECHO_RISE_DB && (other === null || own - other >= ECHO_RISE_DB);
    })
    .map((side) => ({
      side,
      weight: WEIGHT.echo,
      reason: `${name(side)} carries a faint echo of the other voice, as an agent's headset often does`,
    }));
}

/**
 * Short utterances of `own` that start while `other` is speaking, after which `other` is still talking or
 * resumes within `resumeSec`: the engine's backchannel rule, applied to either side.
 */
function backchannelCount(
  own: [number, number][],
  other: [number, number][],
  maxSec: number,
  resumeSec: number,
): number {
  let count = 0;
  let j = 0;
  for (const [start, end] of own) {
    if (end - start > maxSec) continue;
    while (j < other.length && (other[j]?.[1] ?? 0) < start) j++;
    const during = other[j];
    if (!during || during[0] > start) continue;
    // the other side still talks after this utterance, or starts again soon (spans are in order)
    const next = other[j + 1];
    if (during[1] > end || (next !== undefined && next[0] <= end + resumeSec)) count++;
  }
  return count;
}

/**
 * How far a channel sits over its own noise floor (its 10th percentile), median over the moments when only
 * the other side speaks, dB; null when there are too few such moments.
 */
function echoRiseDb(levels: number[], ownSpeaking: number[], otherSpeaking: number[]): number | null {
  if (levels.length === 0) return null;
  const floor = quantile(levels, 0.1);
  const rises: number[] = [];
  for (let i = 0; i < levels.length; i++) {
    if (otherSpeaking[i] === 1 && ownSpeaking[i] === 0) rises.push((levels[i] ?? floor) - floor);
  }
  return rises.length < 20 ? null : quantile(rises, 0.5);
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))] ?? 0;
}

const totalSec = (spans: readonly { start: number; end: number }[]): number =>
  spans.reduce((sum, s) => sum + s.end - s.start, 0);

const fmt = (seconds: number): string => (seconds >= 10 ? seconds.toFixed(0) : seconds.toFixed(1));
