/**
 * Listening to a call in the review: where playing from an event starts (a lead-in before the moment that
 * decided it), which span a flagged moment loops over, and the listener's preferences (speed, lead-in,
 * loop), kept in this browser or app window like the live screens' (live/live-prefs.ts). Pure functions of a
 * report and a storage: no DOM, so they test in Node; playback.ts and views/listen-controls.ts are the thin
 * layer that touches the page.
 */
import type { EventEntry } from '../src/report/event-list.js';
import type { Report, ReportEvent } from '../src/report/schema.js';
import type { StorageLike } from './live/live-prefs.js';

type Peak = Extract<ReportEvent, { type: 'customerPeak' }>;

/** An interruption starting this close to a peak's edges talked over it, s (the engine's 50 ms, peak-verdicts.ts). */
const TALK_OVER_EDGE_SEC = 0.05;
/** How much of the agent's reply a loop lets you hear: the engine judges a long reply's level on its first 2 s. */
const REPLY_HEARD_SEC = 2;
/** A loop runs on this long after the moment it repeats, so its end is heard out, s. */
export const LOOP_TAIL_SEC = 1;

/**
 * The moment that decided an event, s: for a customer peak, the talk-over (the first interruption that
 * began during it), else the reply it judges (from the end of the customer's speech, through the wait, to
 * the first 2 s of the agent's reply), else the peak's end (nobody replied); for any other event, the event.
 */
export interface DecidingMoment {
  why: 'talkOver' | 'reply' | 'peakEnd' | 'event';
  fromSec: number;
  toSec: number;
}

/** A span played over and over, s (`startSec` < `endSec`). */
export interface LoopSpan {
  startSec: number;
  endSec: number;
}

/** A list entry (`id` is `e<index in report.events>`) or a report event. */
export type Listenable = EventEntry | ReportEvent;

function eventOf(target: Listenable, report: Report): ReportEvent | null {
  if ('type' in target) return target;
  const match = /^e(\d+)$/.exec(target.id);
  return match ? (report.events[Number(match[1])] ?? null) : null;
}

function peakMoment(peak: Peak, events: readonly ReportEvent[]): DecidingMoment {
  const v = peak.verdict;
  if (v.interrupted) {
    // the engine's rule (verdict.interrupted): an interruption that began within the peak, 50 ms slack
    const talkOver = events.find(
      (e) =>
        e.type === 'interruption' &&
        e.start >= peak.start - TALK_OVER_EDGE_SEC &&
        e.start <= peak.end + TALK_OVER_EDGE_SEC,
    );
    if (talkOver) return { why: 'talkOver', fromSec: talkOver.start, toSec: talkOver.end };
  }
  if (v.reply !== null) return { why: 'reply', fromSec: v.reply.start, toSec: v.reply.end + REPLY_HEARD_SEC };
  return { why: 'peakEnd', fromSec: peak.end, toSec: peak.end };
}

/** What decided `target` (see `DecidingMoment`); an entry whose event is not in the report is its own span. */
export function decidingMoment(target: Listenable, report: Report): DecidingMoment {
  const event = eventOf(target, report);
  if (event === null) return { why: 'event', fromSec: target.start, toSec: target.end };
  if (event.type === 'customerPeak') return peakMoment(event, report.events);
  return { why: 'event', fromSec: event.start, toSec: event.end };
}

const clampToCall = (tSec: number, report: Report): number =>
  Math.max(0, Math.min(tSec, report.source.durationSec));

/**
 * Where playing from `target` starts, s: `leadInSec` before the moment that decided it (a customer peak:
 * its talk-over, else the end of the customer's speech before the reply it judges, else its end; any other
 * event: its start), never before 0 nor after the call's end.
 */
export function startTimeFor(target: Listenable, report: Report, leadInSec: number): number {
  return clampToCall(decidingMoment(target, report).fromSec - leadInSec, report);
}

/**
 * The span to loop for `target`: from `startTimeFor` to `LOOP_TAIL_SEC` after the deciding moment (an
 * event's end; a peak's talk-over, or the first 2 s of its reply), within the call. Null when nothing is
 * left to loop (a moment at the very end of the call).
 */
export function loopSpanFor(target: Listenable, report: Report, leadInSec: number): LoopSpan | null {
  const startSec = startTimeFor(target, report, leadInSec);
  const endSec = clampToCall(decidingMoment(target, report).toSec + LOOP_TAIL_SEC, report);
  return endSec > startSec ? { startSec, endSec } : null;
}

/** Where the playhead at `tSec` goes back to under `loop`: its start once the end is reached, else null. */
export function loopBack(loop: LoopSpan | null, tSec: number, ended = false): number | null {
  if (loop === null) return null;
  return ended || tSec >= loop.endSec ? loop.startSec : null;
}

/** Whether a seek to `tSec` keeps the loop going (it lands inside the span); a seek outside ends it. */
export function seekKeepsLoop(loop: LoopSpan, tSec: number): boolean {
  return tSec >= loop.startSec && tSec < loop.endSec;
}

// --- preferences ---

/** The playback speeds offered, in order. */
export const PLAYBACK_RATES = [1, 1.25, 1.5, 1.75, 2] as const;
export type PlaybackRate = (typeof PLAYBACK_RATES)[number];

/** Longest lead-in offered, s. */
export const MAX_LEAD_IN_SEC = 10;

export interface ListenPrefs {
  /** Playback speed, one of `PLAYBACK_RATES` (pitch kept); default 1. */
  rate: PlaybackRate;
  /** Seconds played before the moment that decided a clicked event, 0 to `MAX_LEAD_IN_SEC`; default 3. */
  leadInSec: number;
  /** A clicked event loops its span (`loopSpanFor`) until the user seeks outside it; default off. */
  loop: boolean;
}

export const DEFAULT_LISTEN_PREFS: Readonly<ListenPrefs> = Object.freeze({
  rate: 1,
  leadInSec: 3,
  loop: false,
});

export const isPlaybackRate = (x: unknown): x is PlaybackRate => PLAYBACK_RATES.some((r) => r === x);

const isLeadIn = (x: unknown): x is number => typeof x === 'number' && x >= 0 && x <= MAX_LEAD_IN_SEC;

/** `x` as a lead-in: within 0 to `MAX_LEAD_IN_SEC`, to a tenth of a second; the default when not a number. */
export function clampLeadIn(x: number): number {
  if (!Number.isFinite(x)) return DEFAULT_LISTEN_PREFS.leadInSec;
  return Math.round(Math.max(0, Math.min(x, MAX_LEAD_IN_SEC)) * 10) / 10;
}

/** The next speed up (`step` 1) or down (-1) from `rate`, staying at the ends. */
export function stepRate(rate: PlaybackRate, step: 1 | -1): PlaybackRate {
  const i = PLAYBACK_RATES.indexOf(rate);
  return PLAYBACK_RATES[Math.max(0, Math.min(i + step, PLAYBACK_RATES.length - 1))] ?? rate;
}

/** Preferences from anything (a stored value): each field that is not valid is its default. */
export function validListenPrefs(value: unknown): ListenPrefs {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return {
    rate: isPlaybackRate(v['rate']) ? v['rate'] : DEFAULT_LISTEN_PREFS.rate,
    leadInSec: isLeadIn(v['leadInSec']) ? v['leadInSec'] : DEFAULT_LISTEN_PREFS.leadInSec,
    loop: typeof v['loop'] === 'boolean' ? v['loop'] : DEFAULT_LISTEN_PREFS.loop,
  };
}

const KEY = 'softspoken.review.listen';

/** The listening preferences in a storage (the page's localStorage: `pageStorage()`); a refusing storage forgets. */
export class ListenPrefsStore {
  constructor(private readonly storage: StorageLike | null) {}

  read(): ListenPrefs {
    try {
      return validListenPrefs(JSON.parse(this.storage?.getItem(KEY) ?? 'null'));
    } catch {
      return { ...DEFAULT_LISTEN_PREFS };
    }
  }

  /** Keeps `prefs` (validated: a bad field is stored as its default). */
  write(prefs: ListenPrefs): void {
    try {
      this.storage?.setItem(KEY, JSON.stringify(validListenPrefs(prefs)));
    } catch {
      // not remembered: fine
    }
  }
}
