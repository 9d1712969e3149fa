/**
 * The selected event's explanation, right under the chart: what happened, in plain words next to the
 * numbers ("+8.5 dB above their calm level — clearly louder"), the verdict and why. Announced politely to
 * screen readers when the selection changes.
 */
import type { EventEntry } from '../../src/report/event-list.js';
import { SEVERITY_STYLE } from '../../src/report/palette.js';
import { levelAboveWords, peakFaults, peakLevelNote, peakName } from '../../src/report/review-words.js';
import type { Report } from '../../src/report/schema.js';
import type { Scorecard, ScorecardPeakRow } from '../../src/report/scorecard.js';
import { formatTime } from '../../src/report/timeline-data.js';
import { h, replace } from '../dom.js';
import { swatch } from './swatch.js';

const secs = (x: number): string => `${x.toFixed(1)} s`;

export class EventDetail {
  readonly element: HTMLElement;
  private readonly peaks: Map<string, ScorecardPeakRow>;

  constructor(
    private readonly report: Report,
    card: Scorecard,
  ) {
    this.peaks = new Map(card.peaks.map((p) => [p.id, p]));
    this.element = h('section', {
      class: 'selected-detail',
      id: 'event-detail',
      'aria-live': 'polite',
      'aria-label': 'Selected event',
    });
    this.show(null);
  }

  /**
   * The peak an event belongs to, as the report links them: its own, or the one a wait answers (an
   * interruption at a peak names none: it is not paired with a peak by time here).
   */
  peakOf(entry: EventEntry): ScorecardPeakRow | undefined {
    if (entry.kind === 'peak') return this.peaks.get(entry.id);
    if (entry.kind === 'wait' && entry.relatedId) return this.peaks.get(entry.relatedId);
    return undefined;
  }

  show(entry: EventEntry | null): void {
    this.element.className = `selected-detail ${entry ? `sev-${entry.severity}` : 'empty'}`;
    if (entry === null) {
      replace(
        this.element,
        h(
          'p',
          { class: 'selected-detail-prompt' },
          'Select a numbered peak, a mark or an event in the list to read what happened there.',
        ),
      );
      return;
    }
    const peak = this.peakOf(entry);
    const name = peak ? `${peakName(peak)} · ` : '';
    const severity = SEVERITY_STYLE[entry.severity];
    replace(
      this.element,
      h(
        'div',
        { class: 'selected-detail-head' },
        entry.role ? swatch(entry.role) : null,
        h('strong', { class: 'selected-detail-title' }, `${name}${entry.title}`),
        h(
          'span',
          { class: 'selected-detail-time num' },
          entry.end > entry.start + 0.05
            ? `${formatTime(entry.start)}–${formatTime(entry.end)}`
            : formatTime(entry.start),
        ),
        h(
          'span',
          { class: `pill ${entry.severity === 'ok' ? 'ok' : entry.severity === 'bad' ? 'bad' : 'neutral'}` },
          `${severity.glyph} ${severity.label}`,
        ),
      ),
      ...this.body(entry, peak),
    );
  }

  private body(entry: EventEntry, peak: ScorecardPeakRow | undefined): (HTMLElement | null)[] {
    const length = secs(entry.end - entry.start);
    const event = this.report.events[Number(entry.id.slice(1))];
    switch (entry.kind) {
      case 'peak': {
        if (!peak) return [h('p', {}, entry.detail)];
        const note = peakLevelNote(peak.levelAboveCalmDb, this.report.settings.peakDb);
        const verdict =
          peak.result.state === 'complied'
            ? 'Complied: the agent let the customer finish, waited for the pause and replied softly.'
            : peak.result.state === 'noReply'
              ? `Not judged: ${peak.reasons.join('; ') || peak.result.label}.`
              : `Not complied: ${peakFaults(peak).join(', ')}.`;
        return [
          h(
            'p',
            {},
            `The customer spoke ${levelAboveWords(peak.levelAboveCalmDb, 'customer')}, for ${length}.`,
          ),
          note ? h('p', { class: 'selected-detail-note' }, `The level is ${note}.`) : null,
          h('p', {}, verdict),
          peak.result.state === 'notComplied' && peak.reasons.length > 0
            ? h('ul', {}, ...peak.reasons.map((r) => h('li', {}, r)))
            : null,
        ];
      }
      case 'wait':
        return [h('p', {}, `The agent’s reply to ${peak ? peakName(peak) : 'the peak'}: ${entry.detail}.`)];
      case 'raisedVoice': {
        const db = event?.type === 'raisedVoice' ? event.levelAboveNormalDb : null;
        return [
          h(
            'p',
            {},
            db === null ? entry.detail : `The agent spoke ${levelAboveWords(db, 'agent')}, for ${length}.`,
          ),
        ];
      }
      case 'interruptionAtPeak':
        return [h('p', {}, `The agent started talking while the customer was loud: ${entry.detail}.`)];
      default:
        return [h('p', {}, `${entry.detail.charAt(0).toUpperCase()}${entry.detail.slice(1)}.`)];
    }
  }
}
