/**
 * How live cues are measured against a labelled call and against the call's own final report: shared by the
 * real-time benchmark (scripts/bench-live.ts, cues timed on the wall clock through PulseAudio) and the
 * engine-only study (scripts/live-cue-study.ts, cues timed in call time, no capture): which cue updates
 * count as a cue coming on screen, and what those measure. Pure (but for the set of cue ids cueAppearance
 * keeps): numbers in, numbers out.
 */
import type { LiveCue } from '../src/live/protocol.js';
import type { Report } from '../src/report/schema.js';

/** A labelled call's truth, as far as the cues are measured against it. */
export interface Truth {
  agentChannel: 0 | 1;
  speech: { agent: [number, number][]; customer: [number, number][] };
  events: { type: string; start: number; end: number }[];
}

/** The cue kinds measured, and the labelled events (truth) whose start is when their audio began. */
export const REFERENCE: Record<string, string[]> = {
  talkingOver: ['interruption', 'backchannel'],
  customerVenting: ['customerPeak'],
  louderThanNormal: ['raisedVoice'],
};

/**
 * How long after its labelled event a cue may come and still be about it, ms: a talk-over cue with no
 * labelled talk-over begun in the last 1.5 s is about an onset that was something else (a reply at a
 * turn end, later taken back), not a late cue.
 */
export const WITHIN_MS: Record<string, number> = {
  talkingOver: 1500,
  customerVenting: 8000,
  louderThanNormal: 8000,
};

/** The final report's event a cue was about, if the report has one: what bears the cue out. */
const BORNE_OUT_BY: Partial<Record<LiveCue['kind'], string>> = {
  talkingOver: 'interruption',
  customerVenting: 'customerPeak',
  louderThanNormal: 'raisedVoice',
};

/**
 * Whether the final report contradicts a cue: no event of what it said overlaps the time it showed
 * (±0.5 s; a talk-over cue that others joined stands for each of them).
 */
export function contradicted(cue: LiveCue, report: Report): boolean {
  const type = BORNE_OUT_BY[cue.kind];
  if (!type) return false; // a note after a peak is the report's own verdict
  const until = cue.endedSec ?? report.source.durationSec;
  return !report.events.some((e) => e.type === type && e.start - 0.5 <= until && cue.atSec <= e.end + 0.5);
}

/** One moment a cue came on screen (shown, or a talk-over joined by another onset while it showed), ms of call time. */
export interface CueShown {
  kind: string;
  callMs: number;
}

/**
 * Whether a cue update puts a cue on screen: 'shown' the first time it is seen showing, 'joined' when a
 * talk-over already showing is joined by another onset; null otherwise. `seen` holds the cue ids met so far.
 */
export function cueAppearance(cue: LiveCue, seen: Set<number>): 'shown' | 'joined' | null {
  if (cue.outcome !== null) return null;
  if (!seen.has(cue.id)) {
    seen.add(cue.id);
    return 'shown';
  }
  return cue.kind === 'talkingOver' ? 'joined' : null;
}

/** What the cues of one call measure against its truth. */
export interface CueLatencies {
  /** By cue kind: ms from the labelled start (for a talk-over, from when both speak) to the cue. */
  latencies: Record<string, number[]>;
  /** Venting and raised voice: ms from the start of the labelled sentence the cue came in. */
  fromSentence: Record<string, number[]>;
  /** By cue kind: cue appearances about no labelled event. */
  unmatched: Record<string, number>;
  /** Labelled events of a measured kind no cue came for (within WITHIN_MS), "type start" each. */
  missed: string[];
}

/** The first moment a cue was on screen for each labelled event (the latest of its kinds begun before). */
export function cueLatencies(shown: readonly CueShown[], truth: Truth): CueLatencies {
  const r: CueLatencies = {
    latencies: { talkingOver: [], customerVenting: [], louderThanNormal: [] },
    fromSentence: { customerVenting: [], louderThanNormal: [] },
    unmatched: {},
    missed: [],
  };
  const firstFor = new Map<string, number>();
  for (const cue of shown) {
    const types = REFERENCE[cue.kind];
    if (!types) continue;
    const { callMs } = cue;
    const ref = truth.events
      .filter(
        (e) =>
          types.includes(e.type) &&
          e.start * 1000 <= callMs &&
          callMs - e.start * 1000 < (WITHIN_MS[cue.kind] ?? 8000),
      )
      .at(-1);
    if (!ref) {
      r.unmatched[cue.kind] = (r.unmatched[cue.kind] ?? 0) + 1;
      continue;
    }
    const key = `${cue.kind} ${ref.type} ${ref.start}`;
    if (firstFor.has(key)) continue;
    firstFor.set(key, callMs);
    // a talk-over begins when both speak: the agent's start, or the customer's going on over them
    const overlapStart =
      cue.kind === 'talkingOver'
        ? Math.max(
            ref.start,
            truth.speech.customer.find(([a, b]) => a * 1000 <= callMs && b >= ref.start)?.[0] ?? 0,
          )
        : ref.start;
    (r.latencies[cue.kind] as number[]).push(callMs - overlapStart * 1000);
    const party =
      cue.kind === 'customerVenting' ? 'customer' : cue.kind === 'louderThanNormal' ? 'agent' : null;
    const sentence = party
      ? truth.speech[party].find(([a, b]) => a * 1000 <= callMs && b * 1000 + 1000 >= callMs)
      : undefined;
    if (party && sentence) (r.fromSentence[cue.kind] as number[]).push(callMs - sentence[0] * 1000);
  }
  for (const [kind, types] of Object.entries(REFERENCE)) {
    for (const e of truth.events) {
      // (a backchannel is a talk-over cue's reference when one came, not a cue it needs)
      if (e.type === 'backchannel') continue;
      if (types.includes(e.type) && !firstFor.has(`${kind} ${e.type} ${e.start}`)) {
        r.missed.push(`${e.type} ${e.start}`);
      }
    }
  }
  return r;
}

/** The p-th percentile (nearest rank below), or null without values. */
export function percentile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}
