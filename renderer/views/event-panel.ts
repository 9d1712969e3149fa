/**
 * The event list beside the chart: filter chips, one row per event, the row under the playhead highlighted.
 * Detections a coach marked wrong (or replaced by one they added) stay in the list, struck through with the
 * reason and a Restore button where it can be undone (not counted, not stepped through); those the coach
 * added carry a tag. It follows the review's state (review-state.ts): drawn again when the report changes,
 * marked when the selection or the playhead moves.
 *
 * The list is one stop of the Tab key (a roving tabindex: the selected row, else the current, else the
 * first), so the coach's notes after it are a Tab away whatever the number of events; the up and down
 * arrows, Home and End move between the rows, Enter plays one.
 */
import { WRONG_REASONS } from '../../src/report/coach.js';
import {
  DEFAULT_EVENT_GROUPS,
  EVENT_GROUPS,
  eventAt,
  filterEvents,
  type EventEntry,
  type EventGroup,
} from '../../src/report/event-list.js';
import { SEVERITY_STYLE } from '../../src/report/palette.js';
import { DETECTION_TYPES } from '../../src/report/coach.js';
import { peakName } from '../../src/report/review-words.js';
import type { EventRef } from '../../src/report/schema.js';
import { formatTime } from '../../src/report/timeline-data.js';
import { h, replace } from '../dom.js';
import type { RemovedEntry, ReviewState } from '../review/review-state.js';
import type { Scope } from '../scope.js';
import { swatch } from './swatch.js';

export interface PanelActions {
  /** Selects an entry and plays from just before it. */
  play(id: string): void;
  /** A detection marked wrong counts again. */
  restore(event: EventRef): void;
}

export class EventPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly enabled = new Set<EventGroup>(DEFAULT_EVENT_GROUPS);
  private readonly counts = new Map<EventGroup, HTMLElement>();
  private shown: EventEntry[] = [];
  private readonly rows = new Map<string, HTMLButtonElement>();
  private current: string | null = null;
  /** A peak's name (P1, P2, …) by the id of the peak and of the wait before its reply. */
  private readonly names = new Map<string, string>();
  /** The listeners of the rows drawn last (the rows are drawn again as the report changes). */
  private rowScope: Scope;

  constructor(
    private readonly state: ReviewState,
    private readonly scope: Scope,
    private readonly actions: PanelActions,
  ) {
    this.rowScope = scope.child();
    this.list = h('ul', { class: 'event-list', id: 'event-list', 'aria-label': 'Events' });
    const chips = h('div', { class: 'chips', role: 'group', 'aria-label': 'Show event types' });
    for (const { group, label } of EVENT_GROUPS) {
      const count = h('span', { class: 'count' });
      this.counts.set(group, count);
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
        count,
      );
      scope.listen(chip, 'click', () => {
        if (this.enabled.has(group)) this.enabled.delete(group);
        else this.enabled.add(group);
        chip.setAttribute('aria-pressed', this.enabled.has(group) ? 'true' : 'false');
        this.render();
      });
      chips.appendChild(chip);
    }
    scope.listen(this.list, 'keydown', (event) => this.onKey(event));
    this.element = h(
      'aside',
      { class: 'card events', 'aria-labelledby': 'events-title' },
      h('div', { class: 'events-head' }, h('h2', { id: 'events-title' }, 'Events'), chips),
      this.list,
    );
    state.subscribe(['report'], () => this.showReport(), scope);
    state.subscribe(['selection'], () => this.mark(), scope);
    state.subscribe(['playhead'], () => this.follow(), scope);
    this.showReport();
  }

  /** The entries the filters let through, in time order (what arrow keys step through). */
  get visible(): readonly EventEntry[] {
    return this.shown;
  }

  /** A new report: the peaks' names and the chips' counts (the filters do not change them), then the rows. */
  private showReport(): void {
    const all = this.state.entries;
    this.names.clear();
    for (const p of this.state.scorecard.peaks) this.names.set(p.id, peakName(p));
    for (const e of all) {
      const name = e.kind === 'wait' && e.relatedId ? this.names.get(e.relatedId) : undefined;
      if (name) this.names.set(e.id, name);
    }
    for (const [group, count] of this.counts) {
      const n = all.filter((e) => e.group === group).length;
      replace(count, String(n), h('span', { class: 'visually-hidden' }, n === 1 ? ' event' : ' events'));
    }
    this.render();
  }

  /** The rows the filters let through, and the struck ones. */
  private render(): void {
    const all = this.state.entries;
    this.shown = filterEvents(all, this.enabled);
    this.rows.clear();
    this.rowScope.close();
    this.rowScope = this.scope.child();
    const struck = this.state.removed.filter((s) => this.enabled.has(s.entry.group));
    if (this.shown.length === 0 && struck.length === 0) {
      replace(
        this.list,
        h(
          'li',
          { class: 'empty' },
          all.length === 0
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
    this.current = null;
    this.follow();
    this.mark();
  }

  /** A detection left out by the coach: struck through, dimmed, with why, and Restore when marked wrong. */
  private struckRow({ entry, removal }: RemovedEntry): HTMLElement {
    const why =
      removal.why.kind === 'wrong'
        ? `Marked wrong: ${WRONG_REASONS[removal.why.reason]}. Not counted.`
        : `Replaced by the ${DETECTION_TYPES[removal.why.by.type]} the coach added. Not counted.`;
    let restore: HTMLElement | null = null;
    if (removal.why.kind === 'wrong') {
      restore = h(
        'button',
        { class: 'btn small', type: 'button', 'data-restore': entry.id, title: 'Count this detection again' },
        'Restore',
      );
      const { event } = removal;
      this.rowScope.listen(restore, 'click', () =>
        this.actions.restore({ type: event.type, start: event.start, end: event.end }),
      );
    }
    return h(
      'li',
      { class: 'event-struck', 'data-kind': entry.kind },
      h('span', { class: 'event-icon', 'aria-hidden': 'true' }, entry.role ? swatch(entry.role) : null),
      h(
        'span',
        { class: 'event-title' },
        h(
          'span',
          { class: 'visually-hidden' },
          removal.why.kind === 'wrong' ? 'Marked wrong: ' : 'Replaced: ',
        ),
        h('s', {}, entry.title),
      ),
      h('span', { class: 'event-time' }, formatTime(entry.start)),
      h('span', { class: 'event-detail' }, why),
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
        tabindex: -1,
        'data-event-id': entry.id,
        'data-kind': entry.kind,
        title: `Play from just before ${formatTime(entry.start)}`,
      },
      icon,
      h(
        'span',
        { class: 'event-title' },
        name ? `${name} · ${entry.title}` : entry.title,
        this.state.isAdded(entry.id) ? h('span', { class: 'coach-tag' }, ' ✎ added by the coach') : null,
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
    this.rowScope.listen(button, 'click', () => this.actions.play(entry.id));
    this.rows.set(entry.id, button);
    return button;
  }

  /** The up and down arrows, Home and End move the focus between the rows (the list is one Tab stop). */
  private onKey(event: KeyboardEvent): void {
    const ids = this.shown.map((e) => e.id);
    const at = ids.indexOf((event.target as HTMLElement | null)?.getAttribute('data-event-id') ?? '');
    if (at < 0) return;
    const to =
      event.key === 'ArrowDown'
        ? at + 1
        : event.key === 'ArrowUp'
          ? at - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? ids.length - 1
              : null;
    if (to === null) return;
    event.preventDefault();
    event.stopPropagation();
    const row = this.rows.get(ids[Math.max(0, Math.min(ids.length - 1, to))] ?? '');
    if (row) {
      this.setTabStop(row);
      row.focus();
      this.reveal(row);
    }
  }

  /** Highlights the entry under the playhead; scrolls it into view when it changes. */
  private follow(): void {
    const id = eventAt(this.shown, this.state.playhead)?.id ?? null;
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

  /** The one row the Tab key stops at. */
  private setTabStop(row: HTMLElement): void {
    for (const other of this.rows.values()) other.tabIndex = other === row ? 0 : -1;
  }

  private mark(): void {
    const selected = this.state.selectedId;
    for (const [id, row] of this.rows) {
      row.classList.toggle('current', id === this.current);
      row.classList.toggle('selected', id === selected);
      if (id === this.current) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    }
    const focused = [...this.rows.values()].find((r) => r === document.activeElement);
    const stop =
      focused ??
      this.rows.get(selected ?? '') ??
      this.rows.get(this.current ?? '') ??
      this.rows.values().next().value;
    if (stop) this.setTabStop(stop);
  }
}
