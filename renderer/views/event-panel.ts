/**
 * The event list beside the chart: filter chips, one row per event, the row under the playhead highlighted.
 * Detections a coach marked wrong stay in the list, struck through with the reason and a Restore button
 * (not counted, not stepped through); those the coach added carry a tag.
 */
import type { EventRef } from '../../src/report/coach.js';
import {
  DEFAULT_EVENT_GROUPS,
  EVENT_GROUPS,
  filterEvents,
  type EventEntry,
  type EventGroup,
} from '../../src/report/event-list.js';
import { SEVERITY_STYLE } from '../../src/report/palette.js';
import { peakName } from '../../src/report/review-words.js';
import type { Scorecard } from '../../src/report/scorecard.js';
import { formatTime } from '../../src/report/timeline-data.js';
import { h, replace } from '../dom.js';
import type { Scope } from '../scope.js';
import { swatch } from './swatch.js';

/** A detection marked wrong: its entry in the analysis's own list, and why. */
export interface StruckEntry {
  entry: EventEntry;
  event: EventRef;
  reason: string;
}

export interface PanelCoach {
  struck: readonly StruckEntry[];
  /** The ids of the entries the coach added. */
  added: ReadonlySet<string>;
  restore(event: EventRef): void;
}

export class EventPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly enabled = new Set<EventGroup>(DEFAULT_EVENT_GROUPS);
  private shown: EventEntry[] = [];
  private readonly rows = new Map<string, HTMLButtonElement>();
  private current: string | null = null;
  private selected: string | null = null;
  /** A peak's name (P1, P2, …) by the id of the peak and of the wait before its reply. */
  private readonly names = new Map<string, string>();

  constructor(
    private readonly all: readonly EventEntry[],
    card: Scorecard,
    private readonly scope: Scope,
    private readonly onPick: (entry: EventEntry) => void,
    private readonly coach: PanelCoach = { struck: [], added: new Set(), restore: () => undefined },
  ) {
    for (const p of card.peaks) this.names.set(p.id, peakName(p));
    for (const e of all) {
      const name = e.kind === 'wait' && e.relatedId ? this.names.get(e.relatedId) : undefined;
      if (name) this.names.set(e.id, name);
    }
    this.list = h('ul', { class: 'event-list', id: 'event-list', 'aria-label': 'Events' });
    const chips = h('div', { class: 'chips', role: 'group', 'aria-label': 'Show event types' });
    for (const { group, label } of EVENT_GROUPS) {
      const count = all.filter((e) => e.group === group).length;
      const chip = h(
        'button',
        {
          class: 'chip',
          type: 'button',
          'data-group': group,
          'aria-pressed': this.enabled.has(group) ? 'true' : 'false',
        },
        h('span', { class: 'chip-check', 'aria-hidden': 'true' }, '✓'),
        label,
        h('span', { class: 'count' }, String(count)),
        h('span', { class: 'visually-hidden' }, count === 1 ? ' event' : ' events'),
      );
      scope.listen(chip, 'click', () => {
        if (this.enabled.has(group)) this.enabled.delete(group);
        else this.enabled.add(group);
        chip.setAttribute('aria-pressed', this.enabled.has(group) ? 'true' : 'false');
        this.render();
      });
      chips.appendChild(chip);
    }
    this.element = h(
      'aside',
      { class: 'card events', 'aria-labelledby': 'events-title' },
      h('div', { class: 'events-head' }, h('h2', { id: 'events-title' }, 'Events'), chips),
      this.list,
    );
    this.render();
  }

  /** The entries the filters let through, in time order (what arrow keys step through). */
  get visible(): readonly EventEntry[] {
    return this.shown;
  }

  private render(): void {
    this.shown = filterEvents(this.all, this.enabled);
    this.rows.clear();
    const struck = this.coach.struck.filter((s) => this.enabled.has(s.entry.group));
    if (this.shown.length === 0 && struck.length === 0) {
      replace(
        this.list,
        h(
          'li',
          { class: 'empty' },
          this.all.length === 0
            ? 'No events: the customer never peaked and nobody talked over anyone.'
            : 'No events of the selected types.',
        ),
      );
      return;
    }
    const items = [
      ...this.shown.map((entry) => ({ start: entry.start, li: h('li', {}, this.row(entry)) })),
      ...struck.map((s) => ({ start: s.entry.start, li: this.struckRow(s) })),
    ].sort((a, b) => a.start - b.start);
    replace(this.list, ...items.map((i) => i.li));
    this.mark();
  }

  /** A detection marked wrong: struck through, dimmed, with the reason and a Restore button. */
  private struckRow(s: StruckEntry): HTMLElement {
    const restore = h(
      'button',
      { class: 'btn small', type: 'button', 'data-restore': s.entry.id, title: 'Count this detection again' },
      'Restore',
    );
    this.scope.listen(restore, 'click', () => this.coach.restore(s.event));
    return h(
      'li',
      { class: 'event-struck', 'data-kind': s.entry.kind },
      h('span', { class: 'event-icon', 'aria-hidden': 'true' }, s.entry.role ? swatch(s.entry.role) : null),
      h(
        'span',
        { class: 'event-title' },
        h('span', { class: 'visually-hidden' }, 'Marked wrong: '),
        h('s', {}, s.entry.title),
      ),
      h('span', { class: 'event-time' }, formatTime(s.entry.start)),
      h('span', { class: 'event-detail' }, `Marked wrong: ${s.reason}. Not counted.`),
      restore,
    );
  }

  private row(entry: EventEntry): HTMLButtonElement {
    const severity = SEVERITY_STYLE[entry.severity];
    const icon = h(
      'span',
      { class: 'event-icon', 'aria-hidden': 'true' },
      entry.role ? swatch(entry.role) : null,
    );
    const name = this.names.get(entry.id);
    const button = h(
      'button',
      {
        class: `event-item ${entry.severity}`,
        type: 'button',
        'data-event-id': entry.id,
        'data-kind': entry.kind,
        title: `Play from just before ${formatTime(entry.start)}`,
      },
      icon,
      h(
        'span',
        { class: 'event-title' },
        name ? `${name} · ${entry.title}` : entry.title,
        this.coach.added.has(entry.id) ? h('span', { class: 'coach-tag' }, ' ✎ added by the coach') : null,
      ),
      h('span', { class: 'event-time' }, formatTime(entry.start)),
      h(
        'span',
        { class: 'event-detail' },
        h('span', { class: 'visually-hidden' }, `${severity.label}: `),
        h('span', { 'aria-hidden': 'true' }, `${severity.glyph} `),
        entry.detail,
      ),
    );
    this.scope.listen(button, 'click', () => this.onPick(entry));
    this.rows.set(entry.id, button);
    return button;
  }

  /** Highlights the entry under the playhead; scrolls it into view when it changes. */
  setCurrent(id: string | null): void {
    if (id === this.current) return;
    this.current = id;
    this.mark();
    const row = id ? this.rows.get(id) : undefined;
    if (row) this.reveal(row);
  }

  /** Scrolls the list (never the page) so that `row` is in view. */
  private reveal(row: HTMLElement): void {
    const box = this.list.getBoundingClientRect();
    const at = row.getBoundingClientRect();
    if (at.top < box.top) this.list.scrollTop -= box.top - at.top;
    else if (at.bottom > box.bottom) this.list.scrollTop += at.bottom - box.bottom;
  }

  setSelected(id: string | null): void {
    this.selected = id;
    this.mark();
  }

  private mark(): void {
    for (const [id, row] of this.rows) {
      row.classList.toggle('current', id === this.current);
      row.classList.toggle('selected', id === this.selected);
      if (id === this.current) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    }
  }
}
