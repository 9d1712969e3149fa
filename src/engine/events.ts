/** What the engine says. Times are sample counts at the engine rate; seconds only at the edges. */
export type Party = 'agent' | 'customer';

export interface Span {
  startSample: number;
  endSample: number;
}

/** A final event: once emitted it is never revised. */
export type CallEvent =
  | ({ type: 'speech'; party: Party; levelDb: number } & Span)
  | ({ type: 'customerPeak'; levelAboveCalmDb: number; brightnessRiseHz: number | null } & Span)
  | ({ type: 'raisedVoice'; levelAboveNormalDb: number } & Span)
  | ({ type: 'interruption'; atPeak: boolean } & Span)
  | ({ type: 'backchannel' } & Span)
  | ({
      type: 'response';
      afterPeak: boolean;
      gapSamples: number;
      /** The agent onset that answered (a live talk-over cue on it is taken back: it was a reply). */
      onsetSample: number;
    } & Span)
  | ({
      /** The verdict on the customer peak with this span (src/engine/peak-verdicts.ts). */
      type: 'peakVerdict';
      /** Spoke softly and waited for the pause; null when the peak got no reply and no talk-over. */
      complied: boolean | null;
      /** The agent talked over the customer (an interruption began) during the peak. */
      interrupted: boolean;
      /** The agent's reply to the peak: the span of its response event (the gap); null when unanswered. */
      reply: Span | null;
      raisedReply: boolean;
      /** Why there was no reply: the customer spoke again first, or the call ended. */
      unanswered: 'customerWentOn' | 'callEnded' | null;
    } & Span);

/**
 * Where a party's own level started: a seed the user gave, the first pass over the call, the agent's
 * profile (their earlier calls; only where the first pass found none), or their first words.
 */
export type LevelOrigin = 'setting' | 'call' | 'profile' | 'firstWords';

/** Each party's own level (dB, null until known) and where it started. */
export interface Baselines {
  customerCalmDb: number | null;
  agentNormalDb: number | null;
  customerCalmFrom: LevelOrigin;
  agentNormalFrom: LevelOrigin;
}

/** A provisional cue for live use: fast, may be contradicted later, never in a report. */
export type Cue =
  | { type: 'customerVenting'; atSample: number }
  /** `onsetSample`: where the agent's utterance began (the start of the interruption or backchannel it becomes). */
  | { type: 'talkingOver'; atSample: number; onsetSample: number }
  /** A talk-over cued early turned out not to be the agent's speech (too short, a colleague): take it back. */
  | { type: 'talkingOverDropped'; atSample: number; onsetSample: number }
  | { type: 'louderThanNormal'; atSample: number; aboveNormalDb: number };

export type EventType = CallEvent['type'];
