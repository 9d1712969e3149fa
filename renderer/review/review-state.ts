/**
 * The one owner of a review's state: the analysis's report, the coach's edits of it (and the corrected
 * report they give, with its event list and scorecard), the selected event and the playhead. The views
 * subscribe to the aspects they show and draw themselves again from here; nothing is passed between them.
 *
 * - `report`: the corrected report's events and summary changed (a correction made or undone): the
 *   scorecard, the list, the chart, the explanation and the corrections are drawn again.
 * - `notes`: the coach's notes changed (the events did not): the notes, their marks on the chart and in the
 *   timeline's text.
 * - `selection`, `playhead`: the chart, the list and the explanation follow.
 *
 * An event is named by one id everywhere: `eventId(index)` of the corrected report on show (the list's,
 * the chart's, the headline's). After an edit, the selection moves to the same event in the new report
 * (named by its kind and times, as the coach's corrections name it), or is cleared when it is gone.
 * Pure state: no DOM, no audio (tested in Node).
 */
import {
  applyCoachEdits,
  coachRemovals,
  refersTo,
  refOf,
  type CoachEdits,
  type Removal,
} from '../../src/report/coach.js';
import { buildEventList, type EventEntry } from '../../src/report/event-list.js';
import type { EventRef, Report, ReportEvent } from '../../src/report/schema.js';
import { buildScorecard, type Scorecard } from '../../src/report/scorecard.js';
import { eventId } from '../../src/report/timeline-data.js';

export type ReviewAspect = 'report' | 'notes' | 'selection' | 'playhead';

/** A detection of the analysis's the coach's edits leave out, as its list entry (in the analysis's own list). */
export interface RemovedEntry {
  entry: EventEntry;
  removal: Removal;
}

/** What a subscription needs of a view's scope: to be ended with it. */
export interface Owner {
  add(cleanup: () => void): void;
}

/** What follows from the report on show (recomputed only when its events change). */
interface Derived {
  report: Report;
  entries: EventEntry[];
  byId: Map<string, { entry: EventEntry; event: ReportEvent }>;
  scorecard: Scorecard;
  removed: RemovedEntry[];
  added: Set<string>;
}

export class ReviewState {
  private editsNow: CoachEdits;
  private derived: Derived;
  /** The analysis's own list entries by id (where a removed detection is listed from). */
  private readonly originalEntries: ReadonlyMap<string, EventEntry>;
  private selectedIdNow: string | null = null;
  private playheadSec = 0;
  private readonly listeners = new Map<ReviewAspect, Set<() => void>>();

  constructor(
    /** The analysis's own report. */
    readonly original: Report,
    edits: CoachEdits,
    /** Keeps the edits (the call's store); false when they could not be kept. */
    private readonly save: (edits: CoachEdits) => boolean = () => true,
  ) {
    this.editsNow = edits;
    this.originalEntries = new Map(buildEventList(original).map((e) => [e.id, e]));
    this.derived = this.derive(edits);
  }

  /** The report on show: the analysis's, corrected by the coach's edits. */
  get report(): Report {
    return this.derived.report;
  }

  get edits(): CoachEdits {
    return this.editsNow;
  }

  /** The report's events as the list shows them, in time order. */
  get entries(): readonly EventEntry[] {
    return this.derived.entries;
  }

  get scorecard(): Scorecard {
    return this.derived.scorecard;
  }

  /** The analysis's detections left out by the coach (marked wrong, or replaced by an added one). */
  get removed(): readonly RemovedEntry[] {
    return this.derived.removed;
  }

  /** Whether the event `id` is one the coach added. */
  isAdded(id: string): boolean {
    return this.derived.added.has(id);
  }

  entry(id: string): EventEntry | null {
    return this.derived.byId.get(id)?.entry ?? null;
  }

  event(id: string): ReportEvent | null {
    return this.derived.byId.get(id)?.event ?? null;
  }

  /** The id in the report on show of the event `ref` names; null when it is not there. */
  idOf(ref: EventRef): string | null {
    const index = this.derived.report.events.findIndex((e) => refersTo(ref, e));
    return index < 0 ? null : eventId(index);
  }

  get selectedId(): string | null {
    return this.selectedIdNow;
  }

  get selected(): EventEntry | null {
    return this.selectedIdNow === null ? null : this.entry(this.selectedIdNow);
  }

  get playhead(): number {
    return this.playheadSec;
  }

  /** Selects an event of the report on show (null: none). */
  select(id: string | null): void {
    const next = id !== null && this.derived.byId.has(id) ? id : null;
    if (next === this.selectedIdNow) return;
    this.selectedIdNow = next;
    this.emit('selection');
  }

  /** Where the playback is, s (as it says). */
  setPlayhead(tSec: number): void {
    if (tSec === this.playheadSec) return;
    this.playheadSec = tSec;
    this.emit('playhead');
  }

  /**
   * Changes the coach's edits: `change` gives the new ones (a RangeError from it is the coach's mistake,
   * returned as its message and nothing changes). The edits are kept, and the views of what changed hear
   * it: `report` when the corrections changed, `notes` when the notes did. Returns whether they were
   * kept, or the problem.
   */
  edit(change: (edits: CoachEdits) => CoachEdits): { error: string } | { saved: boolean } {
    let next: CoachEdits;
    try {
      next = change(this.editsNow);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
    const before = this.editsNow;
    this.editsNow = next;
    const saved = this.save(next);
    const correctionsChanged = next.corrections !== before.corrections;
    const notesChanged = next.notes !== before.notes || next.agent !== before.agent;
    if (!correctionsChanged && !notesChanged) return { saved };
    const selected = this.selectedIdNow === null ? null : this.event(this.selectedIdNow);
    this.derived = correctionsChanged
      ? this.derive(next)
      : { ...this.derived, report: applyCoachEdits(this.original, next) };
    if (correctionsChanged) {
      const still = selected === null ? null : this.idOf(refOf(selected));
      this.selectedIdNow = still;
      this.emit('report');
      this.emit('selection');
    }
    if (notesChanged) this.emit('notes');
    return { saved };
  }

  /** Calls `listener` when any of `aspects` changes, until `owner` (a view's scope) ends. */
  subscribe(aspects: readonly ReviewAspect[], listener: () => void, owner: Owner): void {
    for (const aspect of aspects) {
      const set = this.listeners.get(aspect) ?? new Set();
      set.add(listener);
      this.listeners.set(aspect, set);
    }
    owner.add(() => {
      for (const aspect of aspects) this.listeners.get(aspect)?.delete(listener);
    });
  }

  private emit(aspect: ReviewAspect): void {
    for (const listener of [...(this.listeners.get(aspect) ?? [])]) listener();
  }

  private derive(edits: CoachEdits): Derived {
    const report = applyCoachEdits(this.original, edits);
    const entries = buildEventList(report);
    const entryById = new Map(entries.map((e) => [e.id, e]));
    const byId = new Map<string, { entry: EventEntry; event: ReportEvent }>();
    report.events.forEach((event, i) => {
      const entry = entryById.get(eventId(i));
      if (entry) byId.set(entry.id, { entry, event });
    });
    const added = new Set<string>();
    report.events.forEach((e, i) => {
      if (edits.corrections.some((c) => c.kind === 'missed' && refersTo(c, e))) added.add(eventId(i));
    });
    const removed = coachRemovals(this.original, edits).flatMap((removal): RemovedEntry[] => {
      const entry = this.originalEntries.get(eventId(this.original.events.indexOf(removal.event)));
      return entry ? [{ entry, removal }] : [];
    });
    return { report, entries, byId, scorecard: buildScorecard(report), removed, added };
  }
}
