/**
 * The side panel's event list: every report event as one entry with a plain-words title, a detail line
 * and a severity, in time order; plus filtering and the navigation the UI needs (next, previous, the
 * entry under the playhead). Pure functions of a report.
 */
import type { PaletteRole, Severity } from './palette.js';
import type { Report, ReportEvent } from './schema.js';
import { peakResult } from './scorecard.js';
import { eventId, formatWait, responseGaps, type ResponseGap } from './timeline-data.js';

export type EventKind =
  'peak' | 'wait' | 'interruption' | 'interruptionAtPeak' | 'backchannel' | 'raisedVoice' | 'reply';

/** What a filter toggles. */
export type EventGroup = 'peaks' | 'waits' | 'interruptions' | 'backchannels' | 'raisedVoice' | 'replies';

export interface EventEntry {
  /** `e<index in report.events>`, the same id the chart's bands, markers and gaps carry. */
  id: string;
  kind: EventKind;
  group: EventGroup;
  /** The palette role its mark is drawn in. */
  role: PaletteRole | null;
  start: number;
  end: number;
  /** e.g. "Interruption at a peak", "Backchannel (not counted)", "Customer peak: no reply". */
  title: string;
  /** e.g. "+9.5 dB above calm for 7.2 s", "waited 0.3 s: too soon (1 s wanted)". */
  detail: string;
  severity: Severity;
  /** A wait's peak, a peak's wait (when it got a judged reply); otherwise null. */
  relatedId: string | null;
}

/** The filter groups in display order, with their labels. */
export const EVENT_GROUPS: readonly { group: EventGroup; label: string }[] = [
  { group: 'peaks', label: 'Customer peaks' },
  { group: 'waits', label: 'Waits after peaks' },
  { group: 'interruptions', label: 'Interruptions' },
  { group: 'raisedVoice', label: 'Raised voice' },
  { group: 'backchannels', label: 'Backchannels' },
  { group: 'replies', label: 'Other replies' },
];

/** Shown unless the user turns them off: everything but the ordinary replies (most turns of a call). */
export const DEFAULT_EVENT_GROUPS: readonly EventGroup[] = [
  'peaks',
  'waits',
  'interruptions',
  'raisedVoice',
  'backchannels',
];

const secs = (x: number): string => `${x.toFixed(1)} s`;

type EntryBody = Omit<EventEntry, 'id' | 'start' | 'end' | 'relatedId'>;

function waitEntry(gap: ResponseGap, minPauseSec: number): EntryBody {
  const title = gap.ok
    ? 'Waited for the pause'
    : gap.tooSoon
      ? gap.raisedReply
        ? 'Replied too soon, voice raised'
        : 'Replied too soon after a peak'
      : 'Raised reply after a peak';
  return {
    kind: 'wait',
    group: 'waits',
    role: gap.role,
    title,
    detail: `${gap.label} (${minPauseSec} s wanted)`,
    severity: gap.ok ? 'ok' : 'bad',
  };
}

function entryOf(e: ReportEvent, report: Report): EntryBody {
  const length = e.end - e.start;
  switch (e.type) {
    case 'customerPeak': {
      const v = e.verdict;
      const result = peakResult(v);
      // complied: how; not complied: why; no reply (not judged, counted apart): why nobody replied
      const why =
        result.state === 'complied'
          ? v.waitSec === null
            ? 'no talk-over'
            : `waited ${formatWait(v.waitSec, report.settings.minPauseSec)} s, soft reply`
          : v.reasons.length > 0
            ? v.reasons.join('; ')
            : 'not judged';
      return {
        kind: 'peak',
        group: 'peaks',
        role: 'peak',
        title: `Customer peak: ${result.state === 'noReply' ? 'no reply' : result.label}`,
        detail: `+${e.levelAboveCalmDb.toFixed(1)} dB above calm for ${secs(length)}; ${why}`,
        severity: result.severity,
      };
    }
    case 'interruption':
      return {
        kind: e.atPeak ? 'interruptionAtPeak' : 'interruption',
        group: 'interruptions',
        role: e.atPeak ? 'interruptionAtPeak' : 'interruption',
        title: e.atPeak ? 'Interruption at a peak' : 'Interruption',
        detail: `the agent talked over the ${e.atPeak ? 'loud ' : ''}customer for ${secs(length)}`,
        severity: e.atPeak ? 'bad' : 'info',
      };
    case 'backchannel':
      return {
        kind: 'backchannel',
        group: 'backchannels',
        role: 'backchannel',
        title: 'Backchannel (not counted)',
        detail: `a ${secs(length)} acknowledgement; the customer kept the floor`,
        severity: 'neutral',
      };
    case 'raisedVoice':
      return {
        kind: 'raisedVoice',
        group: 'raisedVoice',
        role: 'raisedVoice',
        title: 'Raised voice',
        detail: `+${e.levelAboveNormalDb.toFixed(1)} dB above the agent's normal level for ${secs(length)}`,
        severity: 'bad',
      };
    case 'response':
      return {
        kind: 'reply',
        group: 'replies',
        role: null,
        title: e.afterPeak ? 'Reply after a loud turn' : 'Reply',
        detail: `after ${formatWait(e.gapSec)} s of silence`,
        severity: 'neutral',
      };
  }
}

/**
 * Every report event as an entry, sorted by start, then end, then report order. A `response` judged as
 * the reply to a peak is a `wait` entry (group `waits`); every other response is a `reply`.
 */
export function buildEventList(report: Report): EventEntry[] {
  const gaps = responseGaps(report);
  const gapsByReply = new Map(gaps.map((g) => [g.eventId, g]));
  const replyByPeak = new Map(gaps.map((g) => [g.peakId, g.eventId]));
  const entries = report.events.map((e, i) => {
    const id = eventId(i);
    const gap = gapsByReply.get(id);
    const body = gap ? waitEntry(gap, report.settings.minPauseSec) : entryOf(e, report);
    const relatedId = gap ? gap.peakId : (replyByPeak.get(id) ?? null);
    return { order: i, entry: { id, ...body, start: e.start, end: e.end, relatedId } };
  });
  entries.sort((a, b) => a.entry.start - b.entry.start || a.entry.end - b.entry.end || a.order - b.order);
  return entries.map((x) => x.entry);
}

/** The entries in the enabled groups, in the same order. */
export function filterEvents(list: readonly EventEntry[], enabledGroups: Iterable<EventGroup>): EventEntry[] {
  const on = new Set(enabledGroups);
  return list.filter((e) => on.has(e.group));
}

/** Times closer than this count as the same moment (a seek may land a hair off an event's start), s. */
export const SAME_TIME_SEC = 0.01;
/** "Previous" from less than this far into an entry goes to the entry before it, not back to its start, s. */
export const PREVIOUS_GRACE_SEC = 1;

/**
 * The first entry starting after `tSec`: from exactly an entry's start (within `SAME_TIME_SEC`), the next
 * one. Entries that start at the same moment are one stop (the first of them). Null after the last start.
 */
export function nextEvent(list: readonly EventEntry[], tSec: number): EventEntry | null {
  return list.find((e) => e.start > tSec + SAME_TIME_SEC) ?? null;
}

/**
 * The last entry starting more than `PREVIOUS_GRACE_SEC` before `tSec` (as a media player's "previous
 * track"): well into an entry, its start; at its start or just after it, the entry before. Entries that
 * start at the same moment are one stop (the first of them). Null when there is none.
 */
export function previousEvent(list: readonly EventEntry[], tSec: number): EventEntry | null {
  let found: EventEntry | null = null;
  for (const e of list) {
    if (e.start >= tSec - PREVIOUS_GRACE_SEC) break;
    if (found === null || e.start > found.start) found = e;
  }
  return found;
}

/**
 * The entry to highlight for the playhead at `tSec`: of the entries that contain it (start to end, both
 * ends included within `SAME_TIME_SEC`), the one that started last (the innermost: an interruption inside
 * a peak); when none contains it, the last one that started before it. Null before the first entry.
 */
export function eventAt(list: readonly EventEntry[], tSec: number): EventEntry | null {
  let inside: EventEntry | null = null;
  let last: EventEntry | null = null;
  for (const e of list) {
    if (e.start > tSec + SAME_TIME_SEC) break;
    if (last === null || e.start > last.start) last = e;
    if (tSec <= e.end + SAME_TIME_SEC && (inside === null || e.start > inside.start)) inside = e;
  }
  return inside ?? last;
}
