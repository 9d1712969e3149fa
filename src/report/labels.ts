/**
 * A report's events as an Audacity label track ("File ▸ Import ▸ Labels…"): one line per event,
 * `start<TAB>end<TAB>text`, seconds with 6 decimals (as Audacity writes them); a point label has
 * start = end. The text is the event list's title and detail (event-list.ts), the wording the app and
 * the HTML report show, with the peak's number (P1, P2, … as on the HTML timeline) on a peak and on the
 * wait before its reply. A coach's notes (report.coach) are point labels "Note: text" at their moments,
 * in time order among the events. Pure and portable: no Node imports.
 */
import { buildEventList } from './event-list.js';
import type { Report } from './schema.js';
import { eventId } from './timeline-data.js';

/** One label of the track, in s. */
export interface Label {
  start: number;
  end: number;
  text: string;
}

/** Tabs and line breaks would split a label line: each run of them (or of other spaces) becomes one space. */
export function labelText(text: string): string {
  return text.replace(/[\s\u0085]+/g, ' ').trim();
}

/**
 * Every event of `report`, in time order (the event list's order), as a label: "P2 Customer peak: not
 * complied – +8.1 dB above calm for 7.2 s; replied after 0.4 s, under the 1 s pause", "P2 Replied too
 * soon after a peak – waited 0.4 s: too soon (1 s wanted)", "Backchannel (not counted) – a 0.4 s
 * acknowledgement; the customer kept the floor".
 */
export function reportLabels(report: Report): Label[] {
  const peakNumber = new Map<string, number>();
  report.events.forEach((e, i) => {
    if (e.type === 'customerPeak') peakNumber.set(eventId(i), peakNumber.size + 1);
  });
  const events = buildEventList(report).map((entry) => {
    // a peak carries its own number; a wait the number of the peak it answered (its relatedId)
    const peakId = entry.kind === 'peak' ? entry.id : entry.kind === 'wait' ? entry.relatedId : null;
    const n = peakId === null ? undefined : peakNumber.get(peakId);
    const text = `${n === undefined ? '' : `P${n} `}${entry.title} – ${entry.detail}`;
    return { start: entry.start, end: entry.end, text: labelText(text) };
  });
  const notes = (report.coach?.notes ?? []).map((note) => ({
    start: note.atSec,
    end: note.atSec,
    text: labelText(`Note: ${note.text}`),
  }));
  // stable: a note at an event's start comes after the event
  return [...events, ...notes].sort((a, b) => a.start - b.start);
}

/** The label track file: one `start\tend\ttext` line per event and note, each ending in a newline. */
export function labelTrack(report: Report): string {
  return reportLabels(report)
    .map((l) => `${l.start.toFixed(6)}\t${l.end.toFixed(6)}\t${l.text}\n`)
    .join('');
}
