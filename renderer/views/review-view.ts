/**
 * The review view: the call's bar (agent side, exports), the scorecard, the timeline chart with playback,
 * and the event list, kept in step: the playhead drives the chart and the list; a click on either seeks.
 * A coach's edits of the call (corrections, notes) are loaded by the call's key when it opens; the view
 * shows the corrected report (applyCoachEdits), and on every edit saves them and draws itself again,
 * keeping the playhead, the playing state and the selected event.
 */
import {
  addMissed,
  addNote,
  applyCoachEdits,
  deleteNote,
  editNote,
  markWrong,
  refersTo,
  refOf,
  removeMissed,
  restoreEvent,
  WRONG_REASONS,
  type CoachEdits,
  type EventRef,
} from '../../src/report/coach.js';
import { buildEventList, eventAt, type EventEntry } from '../../src/report/event-list.js';
import { peakName } from '../../src/report/review-words.js';
import { buildScorecard, type Scorecard } from '../../src/report/scorecard.js';
import { formatTime } from '../../src/report/timeline-data.js';
import type { Report } from '../../src/report/schema.js';
import { buildChartModel, noteMarkId, type HitTarget } from '../chart/chart-model.js';
import { CoachStore } from '../coach/coach-store.js';
import { TimelineChart } from '../chart/timeline-chart.js';
import { h, replace } from '../dom.js';
import type { CallInput, Host } from '../host/host.js';
import { ListenPrefsStore, loopSpanFor, startTimeFor } from '../listen.js';
import { pageStorage } from '../live/live-prefs.js';
import { Playback } from '../playback.js';
import { Scope } from '../scope.js';
import type { SideGuess } from '../../src/ipc/worker-protocol.js';
import { renderLegend } from './chart-legend.js';
import { renderCoachPanel, type CoachActions, type CoachPanel, type NotePin } from './coach-panel.js';
import { EventDetail } from './event-detail.js';
import { EventPanel, type StruckEntry } from './event-panel.js';
import { renderListenControls, type ListenControls } from './listen-controls.js';
import { renderLiveCues, renderLiveSource } from './live-review.js';
import { renderExports, renderSideControl } from './review-bar.js';
import { bindReviewKeys } from './review-keys.js';
import { renderTransport, type Transport } from './review-transport.js';
import { renderDetails, renderScoreStrip } from './scorecard-view.js';
import { renderTimelineText, TIMELINE_SUMMARY_ID } from './timeline-text.js';

export interface SideInfo {
  side: 0 | 1;
  files: number;
  /** The user chose this side (now or earlier); otherwise it is the file names', the guess or the default. */
  chosen: boolean;
  /** Two mono files whose names say which is the agent's decided the side (the audio was not asked). */
  byName: boolean;
  guess: SideGuess;
}

/** What the review shows: an analysis's report and audio, or a live session's (maybe without audio). */
export interface ReviewData {
  report: Report;
  /** The call's audio (a Blob, or a URL of the app's own origin), or null: a live call not recorded. */
  playback: Blob | string | null;
}

export interface ReviewContext {
  input: CallInput;
  result: ReviewData;
  /** The agent side of a recording; null for a live call (its sides are its devices). */
  side: SideInfo | null;
  host: Host;
  swap(): void;
  back(): void;
  toast(text: string): void;
}

const HINT = 'Click to play from there · scroll to zoom · drag to pan · double-click to fit';
const HINT_NO_AUDIO = 'Click to move the playhead there · scroll to zoom · drag to pan · double-click to fit';

/** The review's timeline: the chart with playback, the transport, the selected event's explanation. */
interface TimelineParts {
  card: HTMLElement;
  panel: EventPanel;
  /** Selects an event (chart, list, detail) and plays from just before it. */
  playFrom(entry: EventEntry): void;
  /** Plays from just before `tSec`, nothing selected (a live cue). */
  playAt(tSec: number): void;
  /** Where the review is: kept across a redraw after an edit. */
  state(): ViewState;
  restore(state: ViewState): void;
}

/** What a redraw keeps: the playhead, whether it plays, the selected event (by its kind and times). */
interface ViewState {
  tSec: number;
  playing: boolean;
  selected: EventRef | null;
}

/** A coach's edits of the call on show, and what the views need to change them. */
interface CoachContext {
  edits: CoachEdits;
  /** The analysis's own report (the marked-wrong detections are listed from it). */
  original: Report;
  actions: CoachActions;
}

/**
 * The review of `ctx.result.report` with the coach's edits of the call (remembered by `ctx.input.key`):
 * drawn from the corrected report, and drawn again after each edit.
 */
export function renderReview(root: HTMLElement, topbar: HTMLElement, scope: Scope, ctx: ReviewContext): void {
  const store = new CoachStore(pageStorage());
  const original = ctx.result.report;
  let edits = store.load(ctx.input.key);
  let view: Scope | null = null;
  let parts: ReviewParts | null = null;
  scope.add(() => view?.close());
  const now = () => new Date().toISOString();
  const change = (next: (e: CoachEdits) => CoachEdits, focus: string | null) => {
    try {
      edits = next(edits);
    } catch (error) {
      ctx.toast(error instanceof Error ? error.message : String(error));
      return;
    }
    if (!store.save(ctx.input.key, edits)) ctx.toast('The edits could not be saved in this browser');
    draw(parts?.timeline.state() ?? null, focus);
  };
  const actions: CoachActions = {
    // the struck row's Restore has the focus: undo is one key away
    markWrong: (event, reason) => {
      const index = original.events.findIndex((e) => refersTo(event, e));
      change((e) => markWrong(e, event, reason, now()), `#event-list [data-restore="e${index}"]`);
      ctx.toast('Marked wrong: not counted. Restore is in the event list.');
    },
    restore: (event) => change((e) => restoreEvent(e, event), '#corrections-list'),
    addMissed: (type, start, end) => change((e) => addMissed(e, type, start, end, now()), '#add-missed'),
    removeMissed: (event) => change((e) => removeMissed(e, event), '#corrections-list'),
    addNote: (note) => change((e) => addNote(e, { ...note, at: now() }), '#notes-list'),
    editNote: (index, text) => change((e) => editNote(e, index, text, now()), '#notes-list'),
    deleteNote: (index) => change((e) => deleteNote(e, index), '#notes-list'),
  };
  const draw = (state: ViewState | null, focus: string | null) => {
    view?.close();
    view = new Scope();
    const report = applyCoachEdits(original, edits);
    parts = renderReviewOf(
      root,
      topbar,
      view,
      { ...ctx, result: { ...ctx.result, report } },
      {
        edits,
        original,
        actions,
      },
    );
    if (state) parts.timeline.restore(state);
    const target = focus ? root.querySelector<HTMLElement>(focus) : null;
    if (target) {
      if (target.tabIndex < 0 && !/^(BUTTON|SELECT|TEXTAREA|INPUT|A)$/.test(target.tagName)) {
        target.tabIndex = -1;
      }
      target.focus({ preventScroll: true });
    } else root.focus({ preventScroll: true });
  };
  draw(null, null);
}

interface ReviewParts {
  timeline: TimelineParts;
}

/** One drawing of the review, of a report already corrected by the coach's edits. */
function renderReviewOf(
  root: HTMLElement,
  topbar: HTMLElement,
  scope: Scope,
  ctx: ReviewContext,
  coach: CoachContext,
): ReviewParts {
  const { report } = ctx.result;
  const entries = buildEventList(report);
  const scorecard = buildScorecard(report);
  const byId = new Map(entries.map((e) => [e.id, e]));
  renderTopbar(topbar, ctx);

  const timeline = renderTimeline(report, entries, scorecard, scope, ctx.result.playback, coach);
  const pick = (id: string): void => {
    const entry = byId.get(id);
    if (entry) timeline.playFrom(entry);
  };
  const details = renderDetails(scorecard, report.settings.peakDb, scope, pick);
  details.prepend(timeline.coach.element);

  replace(
    root,
    h(
      'div',
      { class: report.live ? 'review has-live' : 'review' },
      renderBar(scope, ctx),
      renderWarnings(report),
      renderScoreStrip(scorecard, scope, pick, report.coach),
      timeline.card,
      timeline.panel.element,
      report.live ? renderLiveCues(report.live, scope, (t) => timeline.playAt(t)) : null,
      details,
    ),
  );
  return { timeline };
}

/** The detections marked wrong, as the analysis listed them, with the reason (the list strikes them). */
function struckEntries(coach: CoachContext): StruckEntry[] {
  const entries = buildEventList(coach.original);
  return coach.edits.corrections.flatMap((c) => {
    if (c.kind !== 'wrong') return [];
    const index = coach.original.events.findIndex((e) => refersTo(c.event, e));
    const entry = entries.find((e) => e.id === `e${index}`);
    return entry ? [{ entry, event: c.event, reason: WRONG_REASONS[c.reason] }] : [];
  });
}

/** The ids (in the corrected report) of the detections the coach added. */
function addedIds(report: Report, edits: CoachEdits): Set<string> {
  const ids = new Set<string>();
  report.events.forEach((e, i) => {
    if (edits.corrections.some((c) => c.kind === 'missed' && refersTo(c, e))) ids.add(`e${i}`);
  });
  return ids;
}

function renderTimeline(
  report: Report,
  entries: EventEntry[],
  scorecard: Scorecard,
  scope: Scope,
  audio: ReviewData['playback'],
  coach: CoachContext,
): TimelineParts & { coach: CoachPanel } {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const chartWrap = h('div', { class: 'chart-wrap', id: 'timeline' });
  const hint = h('p', { class: 'chart-hint', id: 'chart-hint' }, HINT);
  const transport = renderTransport(report.source.durationSec);
  const names = new Map(scorecard.peaks.map((p) => [p.id, peakName(p)]));
  let selected: EventEntry | null = null;
  /** The playhead, s (as the playback last said). */
  let nowSec = 0;
  // where a new note goes: the selected event, or the playhead
  const pin = (): NotePin => {
    if (selected) {
      const event = report.events[Number(selected.id.slice(1))];
      const name = names.get(selected.id);
      if (event) {
        return {
          atSec: event.start,
          event: refOf(event),
          words: `the selected event: ${name ? `${name} · ` : ''}${selected.title} at ${formatTime(event.start)}`,
        };
      }
    }
    return { atSec: nowSec, event: null, words: `the playhead, ${formatTime(nowSec)}` };
  };
  const coachPanel = renderCoachPanel(
    coach.edits,
    report.source.durationSec,
    scope,
    coach.actions,
    pin,
    () => nowSec,
    (t) => playAt(t),
  );
  const detail = new EventDetail(report, scorecard, {
    edits: coach.edits,
    actions: coach.actions,
    noteAbout: () => {
      const field = coachPanel.element.querySelector<HTMLTextAreaElement>('#note-text');
      field?.scrollIntoView({ block: 'nearest' });
      field?.focus({ preventScroll: true });
    },
  });
  const panel = new EventPanel(entries, scorecard, scope, (entry) => playFrom(entry), {
    struck: struckEntries(coach),
    added: addedIds(report, coach.edits),
    restore: (event) => coach.actions.restore(event),
  });

  // speed, lead-in and loop: remembered in this browser; a change of speed applies at once
  const listen = renderListenControls(scope, new ListenPrefsStore(pageStorage()), (prefs) => {
    playback.rate = prefs.rate;
    if (!prefs.loop) playback.setLoop(null);
  });
  const playback = new Playback(
    audio,
    scope,
    (t) => {
      nowSec = t;
      chart.setPlayhead(t);
      transport.showTime(t);
      panel.setCurrent(eventAt(panel.visible, t)?.id ?? null);
      if (!selected) coachPanel.showPin();
      if (playback.playing) chart.reveal(t);
    },
    (playing) => transport.showPlaying(playing),
    (span) => listen.showLoop(span),
  );
  if (playback.hasAudio) playback.rate = listen.prefs().rate;

  const select = (entry: EventEntry | null) => {
    selected = entry;
    chart.setSelected(entry?.id ?? null);
    panel.setSelected(entry?.id ?? null);
    detail.show(entry);
    coachPanel.showPin();
    // the explanation sits right under the chart: bring it into view, with the chart if there is room
    if (entry) detail.element.scrollIntoView({ block: 'nearest' });
  };
  // a clicked event plays from the lead-in before what decided it (a peak: before the reply it judges)
  const jumpTo = (entry: EventEntry) => {
    select(entry);
    const { leadInSec, loop } = listen.prefs();
    const startSec = startTimeFor(entry, report, leadInSec);
    chart.reveal(startSec);
    playback.seek(startSec); // first: a seek outside the last loop ends it
    playback.setLoop(loop ? loopSpanFor(entry, report, leadInSec) : null);
  };
  function playFrom(entry: EventEntry): void {
    jumpTo(entry);
    playback.play();
  }
  function playAt(t: number): void {
    select(null);
    chart.reveal(t);
    playback.seek(Math.max(0, t - listen.prefs().leadInSec));
    playback.play();
  }

  const chart = new TimelineChart(
    chartWrap,
    buildChartModel(report),
    scope,
    {
      seek: (t) => {
        select(null);
        playback.seek(t);
        playback.play();
      },
      select: (id) => {
        const entry = byId.get(id);
        if (entry) {
          playFrom(entry);
          return;
        }
        // a note's mark: its note in the coach's list, the playhead at its moment
        const k = (report.coach?.notes ?? []).findIndex((_, i) => noteMarkId(i) === id);
        const note = report.coach?.notes[k];
        if (!note) return;
        select(null);
        playback.seek(note.atSec);
        coachPanel.focusNote(coach.edits.notes.indexOf(note));
      },
      hover: (target: HitTarget | null) => {
        if (!playback.hasAudio) return;
        hint.textContent = target ? `${target.label} at ${formatTime(target.tSec)}: click to hear it` : HINT;
      },
      rangeChanged: () => undefined,
    },
    TIMELINE_SUMMARY_ID,
  );

  scope.listen(transport.play, 'click', () => playback.toggle());
  scope.listen(transport.scrubber, 'input', () => playback.seek(Number(transport.scrubber.value)));
  scope.listen(transport.zoomIn, 'click', () => chart.zoom(0.5, playback.currentTime));
  scope.listen(transport.zoomOut, 'click', () => chart.zoom(2, playback.currentTime));
  scope.listen(transport.fit, 'click', () => chart.fit());
  bindReviewKeys(scope, {
    visible: () => panel.visible,
    selected: () => selected,
    currentTime: () => playback.currentTime,
    toggle: () => playback.toggle(),
    jumpTo,
  });
  if (!playback.hasAudio) {
    transport.play.hidden = true;
    hint.textContent = HINT_NO_AUDIO;
  }

  const card = renderChartCard(report, transport, listen, chartWrap, playback.hasAudio, [
    detail.element,
    hint,
    renderTimelineText(scorecard, entries, scope, playFrom, report.coach?.notes ?? [], playAt),
  ]);
  return {
    card,
    panel,
    coach: coachPanel,
    playFrom,
    playAt,
    state: () => {
      const event = selected ? report.events[Number(selected.id.slice(1))] : undefined;
      return {
        tSec: playback.currentTime,
        playing: playback.playing,
        selected: event ? refOf(event) : null,
      };
    },
    restore: (state) => {
      playback.seek(state.tSec);
      chart.setPlayhead(state.tSec);
      transport.showTime(state.tSec);
      if (state.playing) playback.play();
      const ref = state.selected;
      const index = ref ? report.events.findIndex((e) => refersTo(ref, e)) : -1;
      const entry = index >= 0 ? byId.get(`e${index}`) : undefined;
      if (entry) {
        selected = entry;
        chart.setSelected(entry.id);
        panel.setSelected(entry.id);
        detail.show(entry);
        coachPanel.showPin();
      }
    },
  };
}

/** The timeline's card: title and zoom, legend, chart, transport, then `below` (explanation, hint, text). */
function renderChartCard(
  report: Report,
  transport: Transport,
  listen: ListenControls,
  chartWrap: HTMLElement,
  hasAudio: boolean,
  below: HTMLElement[],
): HTMLElement {
  return h(
    'section',
    { class: 'card chart-card', 'aria-labelledby': 'chart-title' },
    h(
      'div',
      { class: 'chart-head' },
      h('h2', { id: 'chart-title' }, 'Timeline'),
      h('span', { class: 'spacer' }),
      h(
        'div',
        { class: 'zoom', role: 'group', 'aria-label': 'Zoom' },
        transport.zoomOut,
        transport.zoomIn,
        transport.fit,
      ),
    ),
    renderLegend(
      report.settings.peakDb,
      report.settings.raisedVoiceDb,
      (report.coach?.notes.length ?? 0) > 0,
    ),
    chartWrap,
    h(
      'div',
      { class: 'transport' },
      transport.play,
      transport.time,
      transport.scrubber,
      hasAudio ? listen.element : null,
    ),
    hasAudio
      ? null
      : h('p', { class: 'no-audio', id: 'no-audio' }, 'No audio was recorded for this live call.'),
    ...below,
  );
}

function renderTopbar(topbar: HTMLElement, ctx: ReviewContext): void {
  const { source } = ctx.result.report;
  replace(
    topbar,
    h('span', { class: 'call-name', title: source.files.join('\n') }, ctx.input.name),
    h(
      'span',
      { class: 'muted num' },
      `${formatTime(source.durationSec)} · ${source.codec}, ${source.sampleRateHz / 1000} kHz`,
    ),
  );
}

/** The call's bar: back, the agent side (or the live call's source), exports. */
function renderBar(scope: Scope, ctx: ReviewContext): HTMLElement {
  const { report } = ctx.result;
  const sideControl =
    ctx.side !== null
      ? renderSideControl(scope, ctx, ctx.side)
      : report.live
        ? renderLiveSource(report.live)
        : null;
  const back = h('button', { class: 'btn ghost', type: 'button', id: 'back' }, '← Calls');
  scope.listen(back, 'click', ctx.back);
  return h(
    'div',
    { class: 'review-bar' },
    back,
    sideControl,
    h('span', { class: 'spacer' }),
    renderExports(scope, ctx),
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
