/**
 * The review's timeline card: the chart with playback (transport, speed, lead-in, loop), the selected
 * event's explanation, the hint and the timeline as text. Built once per review and kept through a coach's
 * edits: the chart draws the new report's model, the explanation and the text follow the state
 * (review-state.ts). Playback reports the playhead to the state; a click on the chart selects and plays.
 */
import { formatTime } from '../../src/report/timeline-data.js';
import { buildChartModel, noteMarkId, type HitTarget } from '../chart/chart-model.js';
import { TimelineChart } from '../chart/timeline-chart.js';
import { h } from '../dom.js';
import { ListenPrefsStore, loopSpanFor, startTimeFor } from '../listen.js';
import { pageStorage } from '../live/live-prefs.js';
import { Playback } from '../playback.js';
import type { ReviewState } from '../review/review-state.js';
import type { Scope } from '../scope.js';
import { renderLegend } from './chart-legend.js';
import { EventDetail, type DetailCoach } from './event-detail.js';
import { renderListenControls } from './listen-controls.js';
import { redrawn } from './redrawn.js';
import { renderTransport } from './review-transport.js';
import { renderTimelineText, TIMELINE_SUMMARY_ID } from './timeline-text.js';

const HINT = 'Click to play from there · scroll to zoom · drag to pan · double-click to fit';
const HINT_NO_AUDIO = 'Click to move the playhead there · scroll to zoom · drag to pan · double-click to fit';

export interface ReviewTimeline {
  readonly card: HTMLElement;
  /** Selects the event `id` and plays from the lead-in before what decided it. */
  playFrom(id: string): void;
  /** Selects the event `id` and moves the playhead there, without playing (the arrow keys). */
  jumpTo(id: string): void;
  /** Plays from just before `tSec`, nothing selected (a live cue, a note). */
  playAt(tSec: number): void;
  toggle(): void;
  readonly currentTime: number;
}

export interface TimelineOptions {
  audio: Blob | string | null;
  coach: DetailCoach | null;
  /** A note's mark was clicked: its note in the coach's card (`index` in the edits). */
  showNote(index: number): void;
}

export function renderReviewTimeline(state: ReviewState, scope: Scope, o: TimelineOptions): ReviewTimeline {
  const report = state.report;
  const chartWrap = h('div', { class: 'chart-wrap', id: 'timeline' });
  const hint = h('p', { class: 'chart-hint', id: 'chart-hint' }, HINT);
  const transport = renderTransport(report.source.durationSec);
  const detail = new EventDetail(state, scope, o.coach);

  // speed, lead-in and loop: remembered in this browser; a change of speed applies at once
  const listen = renderListenControls(scope, new ListenPrefsStore(pageStorage()), (prefs) => {
    playback.rate = prefs.rate;
    if (!prefs.loop) playback.setLoop(null);
  });
  const playback = new Playback(
    o.audio,
    scope,
    (t) => {
      state.setPlayhead(t);
      if (playback.playing) chart.reveal(t);
    },
    (playing) => transport.showPlaying(playing),
    (span) => listen.showLoop(span),
  );
  if (playback.hasAudio) playback.rate = listen.prefs().rate;

  const select = (id: string | null): void => {
    state.select(id);
    // the explanation sits right under the chart: bring it into view, with the chart if there is room
    if (id !== null) detail.element.scrollIntoView({ block: 'nearest' });
  };
  // a clicked event plays from the lead-in before what decided it (a peak: before the reply it judges)
  const jumpTo = (id: string): void => {
    const entry = state.entry(id);
    if (entry === null) return;
    select(id);
    const { leadInSec, loop } = listen.prefs();
    const startSec = startTimeFor(entry, state.report, leadInSec);
    chart.reveal(startSec);
    playback.seek(startSec); // first: a seek outside the last loop ends it
    playback.setLoop(loop ? loopSpanFor(entry, state.report, leadInSec) : null);
  };
  const playFrom = (id: string): void => {
    jumpTo(id);
    playback.play();
  };
  const playAt = (t: number): void => {
    select(null);
    chart.reveal(t);
    playback.seek(Math.max(0, t - listen.prefs().leadInSec));
    playback.play();
  };

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
        if (state.entry(id) !== null) {
          playFrom(id);
          return;
        }
        // a note's mark: its note in the coach's list, the playhead at its moment
        const notes = state.report.coach?.notes ?? [];
        const note = notes.find((_, k) => noteMarkId(k) === id);
        if (!note) return;
        select(null);
        playback.seek(note.atSec);
        o.showNote(state.edits.notes.indexOf(note));
      },
      hover: (target: HitTarget | null) => {
        if (!playback.hasAudio) return;
        hint.textContent = target ? `${target.label} at ${formatTime(target.tSec)}: click to hear it` : HINT;
      },
      rangeChanged: () => undefined,
    },
    TIMELINE_SUMMARY_ID,
  );
  state.subscribe(['report', 'notes'], () => chart.setModel(buildChartModel(state.report)), scope);
  state.subscribe(['selection'], () => chart.setSelected(state.selectedId), scope);
  state.subscribe(
    ['playhead'],
    () => {
      chart.setPlayhead(state.playhead);
      transport.showTime(state.playhead);
    },
    scope,
  );

  scope.listen(transport.play, 'click', () => playback.toggle());
  scope.listen(transport.scrubber, 'input', () => playback.seek(Number(transport.scrubber.value)));
  scope.listen(transport.zoomIn, 'click', () => chart.zoom(0.5, playback.currentTime));
  scope.listen(transport.zoomOut, 'click', () => chart.zoom(2, playback.currentTime));
  scope.listen(transport.fit, 'click', () => chart.fit());
  if (!playback.hasAudio) {
    transport.play.hidden = true;
    hint.textContent = HINT_NO_AUDIO;
  }

  let textOpen = false;
  const text = redrawn(state, ['report', 'notes'], scope, (own) => {
    const element = renderTimelineText(state, own, playFrom, playAt, textOpen);
    own.listen(element, 'toggle', () => (textOpen = (element as HTMLDetailsElement).open));
    return element;
  });
  const legend = redrawn(state, ['notes'], scope, () =>
    renderLegend(
      report.settings.peakDb,
      report.settings.raisedVoiceDb,
      (state.report.coach?.notes.length ?? 0) > 0,
    ),
  );
  const card = h(
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
    legend,
    chartWrap,
    h(
      'div',
      { class: 'transport' },
      transport.play,
      transport.time,
      transport.scrubber,
      playback.hasAudio ? listen.element : null,
    ),
    playback.hasAudio
      ? null
      : h('p', { class: 'no-audio', id: 'no-audio' }, 'No audio was recorded for this live call.'),
    detail.element,
    hint,
    text,
  );
  return {
    card,
    playFrom,
    jumpTo,
    playAt,
    toggle: () => playback.toggle(),
    get currentTime() {
      return playback.currentTime;
    },
  };
}
