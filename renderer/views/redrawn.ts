/**
 * A part of the review drawn from its state (review-state.ts) and drawn again, in place, when one of the
 * aspects it shows changes: each drawing gets a child scope of the view's, closed before the next one, so
 * its listeners go with it. The rest of the review is left as it is.
 */
import type { ReviewAspect, ReviewState } from '../review/review-state.js';
import type { Scope } from '../scope.js';

export function redrawn(
  state: ReviewState,
  aspects: readonly ReviewAspect[],
  scope: Scope,
  draw: (scope: Scope) => HTMLElement,
): HTMLElement {
  let own = scope.child();
  let element = draw(own);
  state.subscribe(
    aspects,
    () => {
      own.close();
      own = scope.child();
      const next = draw(own);
      element.replaceWith(next);
      element = next;
    },
    scope,
  );
  return element;
}
