/**
 * The review view: the call's bar (agent side, exports), the scorecard, the timeline chart with playback,
 * the event list, and the coach's card, all shown from one owner of the review's state (ReviewState: the
 * report, the coach's edits, the selection, the playhead). Each part subscribes to what it shows and is
 * drawn again, in its own child scope, when that changes: a coach's edit redraws the scorecard, the list
 * and the chart's marks, and leaves the playback, the zoom, the listening controls and the bar as they are.
 * A coach's edits of the call (corrections, notes) are loaded by the call's key when it opens.
 */
import {
  addMissed,
  addNote,
  deleteNote,
  editNote,
  markWrong,
  refersTo,
  removeMissed,
  restoreEvent,
  type CoachEdits,
} from '../../src/report/coach.js';
import { formatTime } from '../../src/report/timeline-data.js';
import type { Report } from '../../src/report/schema.js';
import { CoachStore } from '../coach/coach-store.js';
import { h, replace } from '../dom.js';
import { pageStorage } from '../live/live-prefs.js';
import { sideUnsure } from '../open-call.js';
import type { ReviewContext } from '../review/review-context.js';
import { ReviewState } from '../review/review-state.js';
import type { Scope } from '../scope.js';
import { renderCoachPanel, type CoachActions } from './coach-panel.js';
import { EventPanel } from './event-panel.js';
import { renderLiveCues, renderLiveSource } from './live-review.js';
import { redrawn } from './redrawn.js';
import { renderExports, renderSideControl } from './review-bar.js';
import { bindReviewKeys } from './review-keys.js';
import { renderReviewTimeline } from './review-timeline.js';
import { renderPeaksTable, renderScoreStrip, renderThresholds } from './scorecard-view.js';

/**
 * The review of `ctx.result.report` with the coach's edits of the call (remembered by `ctx.input.key`).
 */
export function renderReview(root: HTMLElement, topbar: HTMLElement, scope: Scope, ctx: ReviewContext): void {
  const store = new CoachStore(pageStorage());
  const key = ctx.input.key;
  const state = new ReviewState(ctx.result.report, store.load(key), (edits) => store.save(key, edits));
  renderTopbar(topbar, ctx);

  /** An edit of the coach's, then the focus where the next step is (a selector; null: the review itself). */
  const change = (
    next: (e: CoachEdits) => CoachEdits,
    focusAfter: string | null | (() => string | null),
  ): boolean => {
    const result = state.edit(next);
    if ('error' in result) {
      ctx.toast(result.error);
      return false;
    }
    if (!result.saved) ctx.toast('The edits could not be saved in this browser');
    const focus = typeof focusAfter === 'function' ? focusAfter() : focusAfter;
    const target = focus ? root.querySelector<HTMLElement>(focus) : null;
    if (target) {
      if (target.tabIndex < 0 && !/^(BUTTON|SELECT|TEXTAREA|INPUT|A)$/.test(target.tagName)) {
        target.tabIndex = -1;
      }
      target.focus({ preventScroll: true });
    } else root.focus({ preventScroll: true });
    return true;
  };
  const now = () => new Date().toISOString();
  const actions: CoachActions = {
    // the struck row's Restore has the focus: undo is one key away
    markWrong: (event, reason) => {
      const made = change(
        (e) => markWrong(e, event, reason, now()),
        () => {
          const struck = state.removed.find((r) => refersTo(event, r.removal.event));
          return struck ? `#event-list [data-restore="${struck.entry.id}"]` : null;
        },
      );
      if (made) ctx.toast('Marked wrong: not counted. Restore is in the event list.');
    },
    restore: (event) => void change((e) => restoreEvent(e, event), '#corrections-list'),
    addMissed: (type, start, end) => void change((e) => addMissed(e, type, start, end, now()), '#add-missed'),
    removeMissed: (event) => void change((e) => removeMissed(e, event), '#corrections-list'),
    addNote: (note) => void change((e) => addNote(e, { ...note, at: now() }), '#notes-list'),
    editNote: (index, text) => void change((e) => editNote(e, index, text, now()), '#notes-list'),
    deleteNote: (index) => void change((e) => deleteNote(e, index), '#notes-list'),
  };

  const coach = renderCoachPanel(state, scope, actions, (t) => timeline.playAt(t));
  const timeline = renderReviewTimeline(state, scope, {
    audio: ctx.result.playback,
    coach: {
      actions,
      noteAbout: () => {
        const field = coach.element.querySelector<HTMLTextAreaElement>('#note-text');
        field?.scrollIntoView({ block: 'nearest' });
        field?.focus({ preventScroll: true });
      },
    },
    showNote: (index) => coach.focusNote(index),
  });
  const panel = new EventPanel(state, scope, {
    play: (id) => timeline.playFrom(id),
    restore: (event) => actions.restore(event),
  });
  bindReviewKeys(scope, {
    visible: () => panel.visible,
    selected: () => state.selected,
    currentTime: () => timeline.currentTime,
    toggle: () => timeline.toggle(),
    jumpTo: (entry) => timeline.jumpTo(entry.id),
  });

  state.subscribe(['report', 'notes'], () => ctx.edited?.(), scope);
  const report = ctx.result.report;
  const pick = (id: string): void => timeline.playFrom(id);
  const unsure = sideUnsure(ctx.side)
    ? 'Which side is the agent is only a guess, and an unsure one: these numbers may be of the wrong side. Listen, and use Swap sides if they are.'
    : null;
  replace(
    root,
    h(
      'div',
      { class: report.live ? 'review has-live' : 'review' },
      renderBar(scope, ctx, () => state.report),
      renderWarnings(report),
      redrawn(state, ['report'], scope, (own) =>
        renderScoreStrip(state.scorecard, own, pick, state.report.coach, unsure),
      ),
      timeline.card,
      panel.element,
      report.live ? renderLiveCues(report.live, scope, (t) => timeline.playAt(t)) : null,
      h(
        'div',
        { class: 'details' },
        coach.element,
        redrawn(state, ['report'], scope, (own) =>
          renderPeaksTable(state.scorecard, report.settings.peakDb, own, pick),
        ),
        renderThresholds(state.scorecard),
      ),
    ),
  );
}

function renderTopbar(topbar: HTMLElement, ctx: ReviewContext): void {
  const { source } = ctx.result.report;
  replace(
    topbar,
    h('span', { class: 'call-name', title: source.files.join('\n') }, ctx.input.name),
    h(
      'span',
      { class: 'muted num call-meta' },
      `${formatTime(source.durationSec)} · ${source.codec}, ${source.sampleRateHz / 1000} kHz`,
    ),
  );
}

/** The call's bar: back (a call opened alone), the agent side (or the live call's source), exports. */
function renderBar(scope: Scope, ctx: ReviewContext, report: () => Report): HTMLElement {
  const { report: analysed } = ctx.result;
  const sideControl =
    ctx.side !== null
      ? renderSideControl(scope, ctx, ctx.side)
      : analysed.live
        ? renderLiveSource(analysed.live)
        : null;
  let back: HTMLElement | null = null;
  const goBack = ctx.back;
  if (goBack !== null) {
    back = h('button', { class: 'btn ghost', type: 'button', id: 'back' }, '◂ Start');
    scope.listen(back, 'click', goBack);
  }
  return h(
    'div',
    { class: 'review-bar' },
    back,
    sideControl,
    h('span', { class: 'spacer' }),
    renderExports(scope, ctx, report),
  );
}

function renderWarnings(report: Report): HTMLElement | null {
  if (report.warnings.length === 0) return null;
  return h(
    'section',
    { class: 'warnings', role: 'note', id: 'warnings' },
    h('strong', {}, report.warnings.length === 1 ? 'Warning' : 'Warnings'),
    h('ul', {}, ...report.warnings.map((w) => h('li', {}, w))),
  );
}
