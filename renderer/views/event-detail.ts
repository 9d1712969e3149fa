/**
 * The selected event's explanation, right under the chart: what happened, in plain words next to the
 * numbers ("+8.5 dB above their calm level — clearly louder"), the verdict and why. Announced politely to
 * screen readers when the selection changes. It follows the review's state: shown again when the
 * selection or the report changes.
 */
import { refOf, WRONG_REASONS } from '../../src/report/coach.js';
import type { EventEntry } from '../../src/report/event-list.js';
import { SEVERITY_STYLE } from '../../src/report/palette.js';
import { levelAboveWords, peakFaults, peakLevelNote, peakName } from '../../src/report/review-words.js';
import type { WrongReason } from '../../src/report/schema.js';
import type { ScorecardPeakRow } from '../../src/report/scorecard.js';
import { formatTime } from '../../src/report/timeline-data.js';
import { h, replace } from '../dom.js';
import type { ReviewState } from '../review/review-state.js';
import type { Scope } from '../scope.js';
import type { CoachActions } from './coach-panel.js';
import { swatch } from './swatch.js';

/** What the explanation box offers a coach: mark the event wrong (or remove one they added), note it. */
export interface DetailCoach {
  actions: CoachActions;
  /** "Add a note about it": the note field, pinned to the selected event. */
  noteAbout(): void;
}

const secs = (x: number): string => `${x.toFixed(1)} s`;

export class EventDetail {
  readonly element: HTMLElement;
  private peaks = new Map<string, ScorecardPeakRow>();

  constructor(
    private readonly state: ReviewState,
    scope: Scope,
    private readonly coach: DetailCoach | null = null,
  ) {
    this.element = h('section', {
      class: 'selected-detail',
      id: 'event-detail',
      'aria-live': 'polite',
      'aria-label': 'Selected event',
    });
    const show = (): void => {
      this.peaks = new Map(state.scorecard.peaks.map((p) => [p.id, p]));
      this.show(state.selected);
    };
    state.subscribe(['selection', 'report'], show, scope);
    show();
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

  private show(entry: EventEntry | null): void {
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
      this.coachRow(entry),
    );
  }

  /**
   * "Mark wrong…" with a reason (or, on a detection the coach added, "Remove"), and a note about it. The
   * buttons live as long as this selection's box: their listeners go with them (not the view's scope).
   */
  private coachRow(entry: EventEntry): HTMLElement | null {
    const event = this.state.event(entry.id);
    if (!this.coach || !event) return null;
    const { actions } = this.coach;
    const note = h('button', { class: 'btn small', type: 'button', id: 'note-event' }, 'Add a note about it');
    note.addEventListener('click', () => this.coach?.noteAbout());
    if (this.state.isAdded(entry.id)) {
      const remove = h('button', { class: 'btn small', type: 'button', id: 'remove-added' }, 'Remove');
      remove.addEventListener('click', () => actions.removeMissed(refOf(event)));
      return h(
        'div',
        { class: 'coach-row' },
        h('span', { class: 'coach-tag' }, '✎ added by the coach'),
        remove,
        note,
      );
    }
    const reason = h('select', { id: 'wrong-reason' });
    for (const [value, words] of Object.entries(WRONG_REASONS)) {
      reason.append(h('option', { value }, words));
    }
    const mark = h('button', { class: 'btn small', type: 'button', id: 'mark-wrong' }, 'Mark wrong');
    mark.addEventListener('click', () => actions.markWrong(refOf(event), reason.value as WrongReason));
    return h(
      'div',
      { class: 'coach-row' },
      h(
        'details',
        { class: 'mark-wrong' },
        h('summary', { id: 'mark-wrong-open' }, 'Mark wrong…'),
        h('div', { class: 'coach-form' }, h('label', { for: 'wrong-reason' }, 'Why: '), reason, mark),
      ),
      note,
    );
  }

  private body(entry: EventEntry, peak: ScorecardPeakRow | undefined): (HTMLElement | null)[] {
    const length = secs(entry.end - entry.start);
    const event = this.state.event(entry.id);
    switch (entry.kind) {
      case 'peak': {
        if (!peak) return [h('p', {}, entry.detail)];
        const note = peakLevelNote(peak.levelAboveCalmDb, this.state.report.settings.peakDb);
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
