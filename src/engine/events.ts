/** What the engine says. Times are sample counts at the engine rate; seconds only at the edges. */
export type Party = 'agent' | 'customer';

export interface Span {
  startSample: number;
  endSample: number;
}

/** A final event: once emitted it is never revised. */
export type CallEvent =
  | ({ type: 'speech'; party: Party; levelDb: number } & Span)
  | ({
      type: 'customerPeak';
      levelAboveCalmDb: number;
      brightnessRiseHz: number | null;
      /** The start of each customer utterance it spans: a venting cue given on one of them is borne out. */
      utteranceStarts?: number[];
    } & Span)
  | ({
      type: 'raisedVoice';
      levelAboveNormalDb: number;
      /** The start of each agent utterance it spans: a louder-than-normal cue given on one of them is borne out. */
      utteranceStarts?: number[];
    } & Span)
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

/**
 * A cue for live use: the engine's own decision made early, never in a report. Each names the utterance it
 * is about by its start (`onsetSample`), and the engine says what became of it, once: borne out by a final
 * event (an interruption starting at the onset; a customer peak or a raised-voice span listing it among its
 * `utteranceStarts`), or taken back by the matching `…Dropped` cue.
 */
export type Cue =
  /** The customer utterance from `onsetSample` is loud so far (a peak's sentence). */
  | { type: 'customerVenting'; atSample: number; onsetSample: number }
  /** It was not part of a peak after all. */
  | { type: 'customerVentingDropped'; atSample: number; onsetSample: number }
  /** The agent is talking over the customer: `onsetSample` is where their utterance began. */
  | { type: 'talkingOver'; atSample: number; onsetSample: number }
  /** The onset was not a talk-over after all (not the agent's speech, a backchannel, a reply at a turn end, …). */
  | { type: 'talkingOverDropped'; atSample: number; onsetSample: number }
  /** The agent utterance from `onsetSample` is louder than their normal voice so far (a raised voice). */
  | { type: 'louderThanNormal'; atSample: number; onsetSample: number; aboveNormalDb: number }
  /** It was not part of a raised-voice span after all. */
  | { type: 'louderThanNormalDropped'; atSample: number; onsetSample: number };

export type EventType = CallEvent['type'];
