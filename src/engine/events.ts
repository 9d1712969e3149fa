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
  | ({ type: 'response'; afterPeak: boolean; gapSamples: number } & Span);

/** A provisional cue for live use: fast, may be contradicted later, never in a report. */
export type Cue =
  | { type: 'customerVenting'; atSample: number }
  | { type: 'talkingOver'; atSample: number }
  | { type: 'louderThanNormal'; atSample: number; aboveNormalDb: number };

export type EventType = CallEvent['type'];
