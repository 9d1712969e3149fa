/** The review's keyboard: space plays or pauses, the left and right arrows step through the listed events. */
import { isTyping } from '../dom.js';
import { nextEvent, previousEvent, type EventEntry } from '../../src/report/event-list.js';
import type { Scope } from '../scope.js';

export interface ReviewKeyTarget {
  /** The events the arrows step through (the list's, as filtered). */
  visible(): readonly EventEntry[];
  selected(): EventEntry | null;
  currentTime(): number;
  toggle(): void;
  jumpTo(entry: EventEntry): void;
}

export function bindReviewKeys(scope: Scope, t: ReviewKeyTarget): void {
  scope.listen(document, 'keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (isTyping(target)) return;
    // (a focused button is activated with Enter: space stays play/pause wherever the focus is)
    if (event.key === ' ' || event.code === 'Space') {
      event.preventDefault();
      t.toggle();
      return;
    }
    if (target instanceof HTMLInputElement) return; // the scrubber keeps its own arrows
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      const list = t.visible();
      const selected = t.selected();
      const index = selected ? list.findIndex((e) => e.id === selected.id) : -1;
      const forward = event.key === 'ArrowRight';
      const now = t.currentTime();
      const next =
        index >= 0
          ? (list[index + (forward ? 1 : -1)] ?? null)
          : forward
            ? nextEvent(list, now)
            : previousEvent(list, now);
      if (next) t.jumpTo(next);
    }
  });
}
