/**
 * Which side of a call is most likely the agent, from a report analysed with either side as the agent.
 * Used by the app to warn when the chosen side looks wrong. Each piece of evidence votes for a side with
 * a weight and one plain sentence; the confidence says how much the votes agree.
 *
 * Evidence, strongest first:
 * - who speaks first: agents open (inbound) calls. Outbound calls open the other way, so it is not final;
 * - who vents: each side's loud speech against its own calm level (its quietest speech), measured the same
 *   way on both sides whichever was analysed as the agent, counting only stretches that go on (venting),
 *   not the sentence or two of a raised reply (an agent losing their temper answers; a customer vents).
 *   The report's own peaks and raised voice cannot tell: analysed with the sides the wrong way round, the
 *   agent's raised replies are peaks against their soft calm level, and the venting customer's loud speech
 *   is their normal level, never raised;
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
/** A side's calm level: this quantile of the loudness of its speech (its quietest speech, not its silence). */
const CALM_QUANTILE = 0.1;
/**
 * A loud stretch counts as venting from this long on, s: on the 14 dev calls every raised reply of an
 * agent lasts under 5 s (a sentence or two), and every customer's venting has stretches longer than that.
 */
const VENT_STRETCH_SEC = 5;
/** Quieter moments shorter than this inside a loud stretch (a breath, a word) do not end it, s. */
const VENT_BRIDGE_SEC = 1;
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
    ventingVote(call, report.timeline.hopSec, report.settings.peakDb),
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

/**
 * The side that vents is the customer: each side's loud speech (at least `loudDb` over its own calm level)
 * in stretches of `VENT_STRETCH_SEC` or more, compared between the sides.
 */
function ventingVote({ levelsDb, speaking, name }: Sides, hopSec: number, loudDb: number): Vote | null {
  const venting = [0, 1].map((side) =>
    ventingSec(levelsDb[side] ?? [], speaking[side] ?? [], hopSec, loudDb),
  );
  const [v0, v1] = venting as [number, number];
  const customer: 0 | 1 = v0 >= v1 ? 0 : 1;
  const agent: 0 | 1 = customer === 0 ? 1 : 0;
  const loud = venting[customer] as number;
  const other = venting[agent] as number;
  if (loud < VENT_MIN_SEC || loud < VENT_RATIO * other) return null;
  const calmer =
    other === 0 ? `${name(agent)} is loud only briefly, if at all` : `${name(agent)} for ${fmt(other)} s`;
  return {
    side: agent,
    weight: WEIGHT.venting,
    reason: `${name(customer)} vents (loud for ${fmt(loud)} s, in stretches of ${VENT_STRETCH_SEC} s or more); ${calmer}`,
  };
}

/**
 * Seconds of a side's speech at least `loudDb` over its calm level (the `CALM_QUANTILE` of its speech's
 * loudness), in stretches of at least `VENT_STRETCH_SEC` (quieter moments under `VENT_BRIDGE_SEC` bridged).
 */
function ventingSec(
  levels: readonly number[],
  speaking: readonly number[],
  hopSec: number,
  loudDb: number,
): number {
  const speech = levels.filter((_, i) => speaking[i] === 1);
  if (speech.length === 0) return 0;
  const threshold = quantile(speech, CALM_QUANTILE) + loudDb;
  let total = 0;
  let run = 0;
  let gap = 0;
  const close = (): void => {
    if (run >= VENT_STRETCH_SEC) total += run;
    run = 0;
    gap = 0;
  };
  for (let i = 0; i < levels.length; i++) {
    if (speaking[i] === 1 && (levels[i] ?? -Infinity) >= threshold) {
      run += hopSec + gap; // a bridged gap belongs to the stretch
      gap = 0;
    } else if (run > 0) {
      gap += hopSec;
      if (gap >= VENT_BRIDGE_SEC) close();
    }
  }
  close();
  return total;
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

const fmt = (seconds: number): string => (seconds >= 10 ? seconds.toFixed(0) : seconds.toFixed(1));
