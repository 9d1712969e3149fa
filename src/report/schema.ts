/** The analysis report (docs/report.md documents every field). Seconds, rounded to milliseconds. */
import type { Baselines, Party } from '../engine/events.js';
import type { CaptureState, LiveCue } from '../live/protocol.js';
import type { Settings } from '../engine/settings.js';

export const REPORT_SCHEMA = 'softspoken.report/1';

export type ReportEvent =
  | {
      type: 'customerPeak';
      start: number;
      end: number;
      levelAboveCalmDb: number;
      /** How much brighter (spectral centroid) than the customer's calm voice, Hz; null before a calm sentence. */
      brightnessRiseHz: number | null;
      verdict: PeakVerdict;
    }
  | { type: 'raisedVoice'; start: number; end: number; levelAboveNormalDb: number }
  | { type: 'interruption'; start: number; end: number; atPeak: boolean }
  | { type: 'backchannel'; start: number; end: number }
  | { type: 'response'; start: number; end: number; gapSec: number; afterPeak: boolean };

export interface PeakVerdict {
  /**
   * Spoke softly and waited for the pause: no interruption, a long enough pause, no raised reply.
   * null: not judged, the peak got no reply and no talk-over (see `unanswered`).
   */
  complied: boolean | null;
  interrupted: boolean;
  /** Silence before the agent's reply, s; null when the agent did not reply after the peak. */
  waitSec: number | null;
  waitedLongEnough: boolean | null;
  raisedReply: boolean;
  /** Why the peak got no reply: the customer went on first, or the call ended; null when answered. */
  unanswered: 'customerWentOn' | 'callEnded' | null;
  /** The response that replied to the peak (its start and end, as in the events), or null. */
  reply: { start: number; end: number } | null;
  /** Plain-words reasons when not complied, or why it was not judged. */
  reasons: string[];
}

export interface SourceInfoReport {
  files: string[];
  codec: string;
  sampleRateHz: number;
  channels: number;
  /** Which source channel is the agent (null for two mono files). */
  agentChannel: number | null;
  durationSec: number;
}

export interface Summary {
  durationSec: number;
  /** Shares of the call's duration. */
  talk: { agent: number; customer: number; overlap: number; silence: number };
  /** Agent talk time over both parties' talk time. */
  agentTalkShare: number | null;
  customerPeaks: number;
  compliedPeaks: number;
  /** Peaks that got no reply and no talk-over: not judged, counted apart. */
  unansweredPeaks: number;
  /** Share of the judged customer peaks complied with; null when none was judged. */
  compliance: number | null;
  interruptions: number;
  interruptionsAtPeak: number;
  backchannels: number;
  responses: number;
  raisedVoiceSpans: number;
  raisedVoiceSec: number;
  medianWaitAfterPeakSec: number | null;
}

export interface Timeline {
  /** Time between points, s; point i is at (i + 1) * hopSec. */
  hopSec: number;
  /** Each party's K-weighted momentary loudness relative to their own baseline, dB (null: no baseline yet). */
  agentRelDb: (number | null)[];
  customerRelDb: (number | null)[];
  /** Absolute K-weighted momentary loudness, dB (LUFS-like, full scale = 0). */
  agentDb: number[];
  customerDb: number[];
  /** K-weighted short-term loudness (3 s window), dB. */
  agentShortTermDb: number[];
  customerShortTermDb: number[];
  /** 1 while the party is speaking. */
  agentSpeaking: number[];
  customerSpeaking: number[];
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  analyzer: { name: 'softspoken'; version: string; engineRateHz: number; vad: string };
  source: SourceInfoReport;
  settings: Settings;
  warnings: string[];
  baselines: Baselines;
  speech: { agent: [number, number][]; customer: [number, number][] };
  events: ReportEvent[];
  summary: Summary;
  timeline: Timeline;
  /** Only for a live session: what the agent was shown (docs/live.md). */
  live?: LiveReport;
  /** Only when a coach edited the call (src/report/coach.ts): what they changed and noted. */
  coach?: CoachRecord;
}

/** A coach's edits carried in the report: with corrections, its events and summary are the corrected ones. */
export interface CoachRecord {
  /** True when detections were marked wrong or added: the events and summary are corrected by the coach. */
  corrected: boolean;
  agent: string | null;
  corrections: Correction[];
  notes: CoachNote[];
}

/** The kinds of detection a coach can mark wrong or add. */
export type DetectionType = ReportEvent['type'];

/** Why a detection is wrong, from a short list (the words the app shows: WRONG_REASONS in coach.ts). */
export type WrongReason = 'notThatParty' | 'notLoud' | 'otherKind' | 'wrongPlace' | 'other';

/** An event of a report, named by its kind and times (reports are deterministic: these identify it). */
export interface EventRef {
  type: DetectionType;
  start: number;
  end: number;
}

export type Correction =
  | { kind: 'wrong'; event: EventRef; reason: WrongReason; at: string }
  | { kind: 'missed'; type: DetectionType; start: number; end: number; at: string };

export interface CoachNote {
  /** The moment the note is pinned to, s. */
  atSec: number;
  /** The event it is about, or null for a moment. */
  event: EventRef | null;
  text: string;
  /** ISO 8601. */
  at: string;
}

/** A live session's own record: the devices, every cue shown and how it ended, capture incidents. */
export interface LiveReport {
  sessionId: string;
  /** ISO 8601. */
  startedAt: string;
  agent: string | null;
  agentDevice: string;
  callDevice: string;
  /** The two-channel WAV of the call, or null (recording is off by default). */
  recordingPath: string | null;
  /** Every cue shown, in order; `wrong` when the agent marked it so. */
  cues: LiveCue[];
  /** Cues that were due but not shown (cooldown, cap, snooze, mute, a more urgent cue showing). */
  heldBack: number;
  /** A capture device that stopped, retried or came back, at a call time (s). */
  incidents: { party: Party; state: CaptureState; message: string | null; atSec: number }[];
  /** Rebuilt from the session journal after the process stopped unexpectedly. */
  recovered: boolean;
}
