/**
 * What a live session says to whoever shows it (the terminal, the app's live window in Electron or in
 * web mode) and what they may ask of it. Plain JSON: the same messages go over Electron IPC, the web
 * mode's event stream and into the session journal.
 */
import type { Party } from '../engine/events.js';

/** The cues a live session can show, one at a time. */
export type LiveCueKind =
  'talkingOver' | 'customerVenting' | 'louderThanNormal' | 'waitedForPause' | 'peakMissed';

export const LIVE_CUE_KINDS: readonly LiveCueKind[] = [
  'talkingOver',
  'customerVenting',
  'louderThanNormal',
  'waitedForPause',
  'peakMissed',
];

/** How a cue ended. */
export type CueOutcome =
  /** the behaviour stopped (or, for a note after a peak, it was shown long enough) */
  | 'cleared'
  /** a talk-over that was an interruption after all */
  | 'confirmed'
  /**
   * the engine took it back, so it went quietly (it does not count against the cooldown or the cap): a
   * talk-over that was a backchannel, a reply at a turn end or not the agent's speech; a venting or
   * louder-voice cue whose utterance was not part of a customer peak or raised-voice span after all
   */
  | 'withdrawn'
  /** a more urgent cue took its place */
  | 'replaced'
  /** the call ended while it showed */
  | 'callEnded';

/** How a cue ended, in a word or two, for every screen and report that lists cues. */
export const CUE_OUTCOME_WORDS: Readonly<Record<CueOutcome, string>> = Object.freeze({
  cleared: 'cleared',
  confirmed: 'confirmed',
  withdrawn: 'taken back',
  replaced: 'replaced',
  callEnded: 'at the end of the call',
});

export interface LiveCue {
  /** Unique within the session, counting from 1. */
  id: number;
  kind: LiveCueKind;
  /** When it was shown, s of call time. */
  atSec: number;
  /** The action, in a few words ("Let them finish"). */
  title: string;
  /** What was measured ("you are talking over the customer", "+7 dB over your usual level"). */
  detail: string;
  /** A good moment worth saying (you waited for the pause), not a correction. */
  positive: boolean;
  /** A talk-over not yet confirmed as an interruption: shown ("checking"), but may be withdrawn. */
  provisional: boolean;
  /** null while it shows. */
  outcome: CueOutcome | null;
  endedSec: number | null;
  /** The agent marked it wrong. */
  wrong: boolean;
}

/** One point of the live chart, about 10 per second. Levels are K-weighted momentary loudness, dB. */
export interface LivePoint {
  /** s of call time. */
  t: number;
  agentDb: number;
  customerDb: number;
  /** Relative to the party's own level, dB; null before it is known. */
  agentRelDb: number | null;
  customerRelDb: number | null;
  agentSpeaking: boolean;
  customerSpeaking: boolean;
}

/** The running scorecard. */
export interface LiveTally {
  seconds: number;
  customerPeaks: number;
  compliedPeaks: number;
  /** Peaks judged not complied with. */
  missedPeaks: number;
  unansweredPeaks: number;
  interruptions: number;
  interruptionsAtPeak: number;
  backchannels: number;
  raisedVoiceSpans: number;
  raisedVoiceSec: number;
  /** Median silence before the agent's replies to peaks, s. */
  medianWaitSec: number | null;
  /** Each party's own level as known now, dB, and where it came from. */
  customerCalmDb: number | null;
  agentNormalDb: number | null;
}

/** The cue controls the agent has set. */
export interface CueControls {
  /** No cue is shown until this call time, s (null: not snoozed). */
  snoozedUntilSec: number | null;
  muted: LiveCueKind[];
  /** Cues that were due but not shown (cooldown, cap, snooze, mute, a more urgent cue showing). */
  heldBack: number;
}

export type CaptureState = 'starting' | 'running' | 'retrying' | 'failed';

export type LiveUpdate =
  | { type: 'started'; sessionId: string; agentDevice: string; callDevice: string; recording: boolean }
  | { type: 'points'; points: LivePoint[] }
  | { type: 'cue'; cue: LiveCue }
  | { type: 'tally'; tally: LiveTally }
  | { type: 'controls'; controls: CueControls }
  | {
      type: 'device';
      party: Party;
      state: CaptureState;
      message: string | null;
      /** Trouble (retrying, failed) or the way back from it: what the report keeps and the terminal prints. */
      incident?: boolean;
    }
  | { type: 'ended'; sessionId: string }
  /** Something went wrong that the call goes on through (a file of the session cannot be written): one line. */
  | { type: 'warning'; message: string }
  | { type: 'error'; message: string };

/** What the agent may do during the call. */
export type LiveAction =
  | { type: 'snooze' }
  | { type: 'unsnooze' }
  | { type: 'mute'; kind: LiveCueKind }
  | { type: 'unmute'; kind: LiveCueKind }
  | { type: 'wrongCue'; id: number };

/** Starting a live call from the app. */
export interface LiveStartRequest {
  agentDevice: string;
  callDevice: string;
  /** The agent's name: their level profile is read and updated. */
  agent?: string;
  /** Keep a two-channel WAV of the call (off unless asked). */
  record: boolean;
}
