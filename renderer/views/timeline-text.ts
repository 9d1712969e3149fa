/**
 * The timeline in words, for screen readers and keyboard users (and anyone who prefers a table): a
 * summary that describes the chart (its `aria-describedby`), and a toggleable table of the numbered
 * peaks and every listed event with what happened, and the coach's notes, each with a button that plays it.
 */
import { DEFAULT_EVENT_GROUPS, filterEvents } from '../../src/report/event-list.js';
import { levelAboveWords, peakName, timelineSummary } from '../../src/report/review-words.js';
import { formatTime } from '../../src/report/timeline-data.js';
import { h } from '../dom.js';
import type { ReviewState } from '../review/review-state.js';
import type { Scope } from '../scope.js';

export const TIMELINE_SUMMARY_ID = 'timeline-summary';

/** The timeline as text, of the report on show (drawn again by the review when its events or notes change). */
export function renderTimelineText(
  state: ReviewState,
  scope: Scope,
  play: (id: string) => void,
  playAt: (tSec: number) => void,
  /** Whether the table is open (kept when it is drawn again). */
  open = false,
): HTMLElement {
  const card = state.scorecard;
  const entries = state.entries;
  const notes = state.report.coach?.notes ?? [];
  const numbers = new Map(card.peaks.map((p) => [p.id, p]));
  const rows = filterEvents(entries, DEFAULT_EVENT_GROUPS).map((entry) => {
    const peak = numbers.get(entry.id) ?? (entry.relatedId ? numbers.get(entry.relatedId) : undefined);
    const name = peak ? `${peakName(peak)} ` : '';
    const what =
      entry.kind === 'peak' && peak
        ? `${levelAboveWords(peak.levelAboveCalmDb, 'customer')}; ${peak.result.label}`
        : entry.detail;
    const button = h(
      'button',
      {
        class: 'btn small',
        type: 'button',
        'data-event-id': entry.id,
        'aria-label': `Play ${name}${entry.title} at ${formatTime(entry.start)}`,
      },
      'Play',
    );
    scope.listen(button, 'click', () => play(entry.id));
    return {
      start: entry.start,
      row: h(
        'tr',
        {},
        h('td', { class: 'num' }, formatTime(entry.start)),
        h('th', { scope: 'row' }, `${name}${entry.title}`),
        h('td', {}, what),
        h('td', {}, button),
      ),
    };
  });
  // the coach's notes, among the events at their moments (a note after an event at the same time)
  for (const note of notes) {
    const button = h(
      'button',
      { class: 'btn small', type: 'button', 'aria-label': `Play the note at ${formatTime(note.atSec)}` },
      'Play',
    );
    scope.listen(button, 'click', () => playAt(note.atSec));
    rows.push({
      start: note.atSec,
      row: h(
        'tr',
        { class: 'timeline-text-note' },
        h('td', { class: 'num' }, formatTime(note.atSec)),
        h('th', { scope: 'row' }, 'Coach’s note'),
        h('td', {}, note.text),
        h('td', {}, button),
      ),
    });
  }
  rows.sort((a, b) => a.start - b.start);
  return h(
    'details',
    { class: 'timeline-text', id: 'timeline-text', open },
    h('summary', {}, 'Timeline as text'),
    h('p', { id: TIMELINE_SUMMARY_ID }, timelineSummary(card)),
    rows.length === 0
      ? null
      : h(
          'table',
          {},
          h('caption', { class: 'visually-hidden' }, 'Peaks, events and notes in time order'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { class: 'num', scope: 'col' }, 'At'),
              h('th', { scope: 'col' }, 'Event'),
              h('th', { scope: 'col' }, 'What happened'),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Play')),
            ),
          ),
          h('tbody', {}, ...rows.map((r) => r.row)),
        ),
  );
}
